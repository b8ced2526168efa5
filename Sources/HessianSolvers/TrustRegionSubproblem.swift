import Foundation
import HessianLinearAlgebra

/// The exact trust-region subproblem
///     min_z  m(z) = gᵀz + ½ zᵀBz   subject to ‖z‖₂ ≤ Δ
/// for a symmetric (possibly indefinite) B, solved in B's eigenbasis (Nocedal & Wright §4.3,
/// Moré & Sorensen 1983). With B = Q diag(λ) Qᵀ and a = Qᵀg, the solution is
/// z(σ) = −Σ aᵢ/(λᵢ + σ) qᵢ with σ ≥ max(0, −λ₁), σ(Δ − ‖z‖) = 0; σ solves the secular
/// equation 1/Δ − 1/‖z(σ)‖ = 0 by safeguarded Newton iteration (N&W Alg. 4.3 in eigen-coordinates).
///
/// Hard case (N&W §4.3): when g has no component along the eigenvectors of λ₁ < 0 and
/// ‖z(−λ₁)‖ < Δ, the solution is z(−λ₁) + τq₁ with τ chosen to reach the boundary. When B is
/// singular positive semidefinite (|λ₁| ≤ 1e-12‖B‖) and g has no component in its null space, the
/// minimum-norm minimizer is returned if it fits, so that flat directions are not wandered along.
///
/// The eigendecomposition is computed once per point; `solve(radius:)` is then O(n²) (one product
/// with Q), so a rejected step costs no new factorization.
struct ExactTrustRegionSubproblem {
    let eigen: SymmetricEigen
    /// a = Qᵀg
    let a: [Double]
    let gradientNorm: Double

    init(hessian b: Matrix, gradient g: [Double]) throws {
        eigen = try SymmetricEigen(b.symmetrized)
        a = transposeTimes(eigen.vectors, g)
        gradientNorm = norm2(g)
    }

    /// ‖z(σ)‖² over the components `from` on (σ + λᵢ > 0 assumed).
    private func normSquared(_ sigma: Double, skip: Int = 0) -> Double {
        var s = 0.0
        for i in skip..<a.count { let c = a[i] / (eigen.values[i] + sigma); s += c * c }
        return s
    }

    func solve(radius delta: Double) -> TrustRegionSolution {
        let lam = eigen.values
        let n = lam.count
        let lambda1 = lam[0]
        let scale = Swift.max(abs(lam[0]), abs(lam[n - 1]), 1e-300)

        // Eigenvalues within rounding of zero relative to ‖B‖ count as zero.
        let zeroTolerance = 1e-12 * scale
        let gradientWeightTolerance = 1e-12 * Swift.max(gradientNorm, 1e-300)

        // Interior Newton step when B is positive definite and the step fits.
        if lambda1 > zeroTolerance && normSquared(0) <= delta * delta {
            return finish(coefficients: (0..<n).map { -a[$0] / lam[$0] }, boundary: false, hard: false, shift: 0)
        }

        // B positive semidefinite and singular with g orthogonal to its null space (e.g. a model
        // invariant along some direction): the minimum-norm minimizer of m, if it fits.
        if lambda1 <= zeroTolerance && lambda1 >= -zeroTolerance {
            var nullWeight = 0.0, zz = 0.0
            var c = [Double](repeating: 0, count: n)
            for i in 0..<n {
                if lam[i] <= zeroTolerance { nullWeight += a[i] * a[i] } else { c[i] = -a[i] / lam[i]; zz += c[i] * c[i] }
            }
            if nullWeight.squareRoot() <= gradientWeightTolerance && zz <= delta * delta {
                return finish(coefficients: c, boundary: false, hard: false, shift: 0)
            }
        }

        // Eigenvalues equal to λ₁ (to rounding) and g's weight on them.
        var m = 1
        while m < n && lam[m] - lambda1 <= zeroTolerance { m += 1 }
        var weight = 0.0
        for i in 0..<m { weight += a[i] * a[i] }
        let lower = Swift.max(0, -lambda1)

        if lambda1 < -zeroTolerance && weight.squareRoot() <= gradientWeightTolerance {
            // Possible hard case: z(−λ₁) without the λ₁ components.
            let sigma = lower
            var c = [Double](repeating: 0, count: n)
            var zz = 0.0
            for i in m..<n { c[i] = -a[i] / (lam[i] + sigma); zz += c[i] * c[i] }
            if zz <= delta * delta {
                let tau = (delta * delta - zz).squareRoot()
                c[0] = tau   // q₁ carries no gradient weight, so either sign gives the same m.
                return finish(coefficients: c, boundary: true, hard: true, shift: sigma)
            }
        }

        // Boundary solution: σ > lower with ‖z(σ)‖ = Δ. Bracket [lo, hi]: ‖z(hi)‖ ≤ ‖a‖/(λ₁ + hi) ≤ Δ.
        let aNorm = norm2(a)
        var lo = lower
        var hi = Swift.max(lower, aNorm / delta - lambda1) + 1e-300
        var sigma = Swift.max(lo + 1e-12 * scale, lo * (1 + 1e-12))
        if sigma >= hi { sigma = 0.5 * (lo + hi) }
        for _ in 0..<200 {
            var s2 = 0.0, s3 = 0.0
            for i in 0..<n {
                let d = lam[i] + sigma
                let c = a[i] / d
                s2 += c * c
                s3 += c * c / d
            }
            let norm = s2.squareRoot()
            if abs(norm - delta) <= 1e-10 * delta { break }
            if norm > delta { lo = sigma } else { hi = sigma }
            // Newton on ψ(σ) = 1/‖z‖ − 1/Δ, with ψ′(σ) = (Σ aᵢ²/(λᵢ+σ)³)/‖z‖³.
            let psi = 1 / norm - 1 / delta
            let dpsi = s3 / (norm * norm * norm)
            var next = sigma - psi / dpsi
            if !(next > lo && next < hi) || !next.isFinite { next = 0.5 * (lo + hi) }
            if hi - lo <= 1e-15 * Swift.max(hi, 1e-300) { sigma = next; break }
            sigma = next
        }
        let c = (0..<n).map { -a[$0] / (lam[$0] + sigma) }
        return finish(coefficients: c, boundary: true, hard: false, shift: sigma)
    }

    /// z = Q c and m(z) = Σ (aᵢcᵢ + ½λᵢcᵢ²).
    private func finish(coefficients c: [Double], boundary: Bool, hard: Bool, shift: Double) -> TrustRegionSolution {
        var model = 0.0
        for i in 0..<c.count { model += a[i] * c[i] + 0.5 * eigen.values[i] * c[i] * c[i] }
        let z = eigen.vectors * c
        return TrustRegionSolution(step: z, predictedDecrease: -model, onBoundary: boundary, regionNorm: norm2(z),
                                   hardCase: hard, shift: shift)
    }
}
