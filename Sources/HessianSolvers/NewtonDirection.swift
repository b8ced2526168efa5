import Foundation
import HessianLinearAlgebra

/// A Newton direction p solving H p = −g (or a modified system), with what it took to get it.
public struct NewtonDirection: Sendable {
    /// How the direction was computed.
    public enum Method: Sendable, Equatable {
        /// Cholesky (dpotrf/dpotrs) of the equilibrated Hessian D H D: the exact Newton step.
        case cholesky
        /// Cholesky of D H D in Float32 (spotrf/spotrs): an inexact Newton step, taken only when the
        /// factor's condition bound is at most `singlePrecisionConditionLimit`.
        case singlePrecisionCholesky
        /// Cholesky of D H D + τI (modified Newton, Nocedal & Wright §3.4): H was not
        /// positive definite, or so ill-conditioned that its Newton step is meaningless.
        case shiftedCholesky(shift: Double)
    }

    /// p.
    public var direction: [Double]
    /// λ² = −∇fᵀp = gᵀ H⁻¹ g (with the modified H on the safe path). Positive: p is a descent direction.
    public var decrement: Double
    /// How p was computed.
    public var method: Method
    /// A sentence for `OptimizationResult.notes` when the safe path was taken.
    public var note: String?
    /// The diagonal condition bound (max Lᵢᵢ / min Lᵢᵢ)² of the Cholesky factor used: a lower bound
    /// on κ₂ of the (equilibrated, possibly shifted) system.
    public var conditionBound: Double

    /// Above this bound on κ₂(D H D) a successful Cholesky is still treated as "numerically singular".
    public static let conditionLimit = 1.0 / (1e3 * Double.ulpOfOne)

    /// The condition bound up to which a Float32 factorization is used: its step's relative error
    /// κ·2⁻²⁴ then stays below ≈ 1e-3, a q-linear term too small to cost an iteration.
    public static let singlePrecisionConditionLimit = 1e4

    /// Solves H p = −g through LAPACK factorizations, never an explicit inverse.
    ///
    /// 1. Equilibrate (if asked): D = diag(1/sᵢ) with sᵢ = √|Hᵢᵢ| (see `scaling`), H̃ = D H D,
    ///    g̃ = D g, p = D p̃. Jacobi scaling makes Cholesky work on Hessians whose diagonal spans
    ///    many orders of magnitude, and does not change the Newton step in exact arithmetic.
    /// 2. Cholesky of H̃ (dpotrf) and p̃ = −H̃⁻¹g̃ (dpotrs).
    /// 3. Safe path when H̃ is not positive definite (indefinite, singular, or with a diagonal
    ///    condition bound above `conditionLimit`): Cholesky of the shifted H̃ + τI (a modified
    ///    Newton method with added multiple of the identity, N&W §3.4 and Alg. 3.3), with τ read
    ///    off H̃'s extreme eigenvalues (see the code) instead of found by trial factorizations.
    ///    p is then a descent direction (gᵀp < 0) and a step of a regularized Newton method
    ///    (Levenberg-style); the sentence in `note` says why and which τ.
    ///
    /// With `singlePrecision`, step 2 first factors H̃ in Float32 (spotrf; Kelley, "Newton's method in
    /// mixed precision", SIAM Review 64, 2022) and keeps that step when the factorization succeeds,
    /// its condition bound is at most ``singlePrecisionConditionLimit`` and the step descends;
    /// otherwise it continues in Float64 as above.
    ///
    /// Throws only if H contains NaN/∞ or no shift works.
    public static func solve(hessian h: Matrix, gradient g: [Double], equilibrate: Bool = true,
                             singlePrecision: Bool = false) throws -> NewtonDirection {
        let n = g.count
        precondition(h.rows == n && h.columns == n, "Newton direction: H is \(h.rows)×\(h.columns), g has \(n) entries")
        let scale = Equilibration(h, enabled: equilibrate)
        let ht = scale.scaled(h)
        let gt = scale.apply(g)

        func direction(from chol: Cholesky) throws -> ([Double], Double) {
            let p = scale.apply(scaled(-1, try chol.solve(gt)))
            return (p, -dot(g, p))
        }

        if singlePrecision, let chol = try? SinglePrecisionCholesky(ht),
           chol.diagonalConditionBound <= singlePrecisionConditionLimit {
            let p = scale.apply(scaled(-1, try chol.solve(gt)))
            let dec = -dot(g, p)
            if dec > 0 && dec.isFinite {
                return NewtonDirection(direction: p, decrement: dec, method: .singlePrecisionCholesky, note: nil,
                                       conditionBound: chol.diagonalConditionBound)
            }
        }
        var reason: String
        do {
            let chol = try Cholesky(ht)
            let bound = chol.diagonalConditionBound
            if bound <= conditionLimit {
                let (p, dec) = try direction(from: chol)
                if dec > 0 && dec.isFinite {
                    return NewtonDirection(direction: p, decrement: dec, method: .cholesky, note: nil, conditionBound: bound)
                }
                reason = "Newton step not a descent direction (gᵀH⁻¹g = \(fmt(dec)))"
            } else {
                reason = "Hessian numerically singular (diagonal condition bound \(fmt(bound)))"
            }
        } catch LinearAlgebraError.notPositiveDefinite(let k) {
            reason = "Hessian not positive definite (Cholesky failed at leading minor \(k))"
        }

        // The shift from the extreme eigenvalues of H̃ (values only, dsyevd): τ = max(0, −λmin) + δ,
        // δ = max(1e-3·max(0, −λmin), 1e-8·max|λ|), so that H̃ + τI has smallest eigenvalue ≥ δ:
        // a regularized Newton step on indefinite H, and the (nearly) exact Newton step on the range
        // of a singular positive semidefinite H. Rounding can still defeat Cholesky: then τ ← 4τ.
        let eigenvalues = try SymmetricEigen(ht.symmetrized, vectors: false).values
        let lambdaMin = eigenvalues.first ?? 0
        let lambdaMax = eigenvalues.map(abs).max() ?? 1
        var tau = Swift.max(0, -lambdaMin) + Swift.max(1e-3 * Swift.max(0, -lambdaMin), 1e-8 * lambdaMax, 1e-300)
        reason += " (smallest eigenvalue of the equilibrated Hessian \(fmt(lambdaMin)))"
        for _ in 0..<60 {
            var shifted = ht
            shifted.addToDiagonal(tau)
            if let chol = try? Cholesky(shifted), chol.diagonalConditionBound <= conditionLimit {
                let bound = chol.diagonalConditionBound
                let (p, dec) = try direction(from: chol)
                if dec > 0 && dec.isFinite {
                    let system = equilibrate ? "D·H·D + τI (D = diag(1/√|Hᵢᵢ|))" : "H + τI"
                    return NewtonDirection(
                        direction: p, decrement: dec, method: .shiftedCholesky(shift: tau),
                        note: "\(reason); used Cholesky of \(system) with τ = \(fmt(tau)) (modified Newton, N&W §3.4)",
                        conditionBound: bound)
                }
            }
            tau *= 4
        }
        throw LinearAlgebraError.notPositiveDefinite(leadingMinor: 0)
    }

    /// Jacobi scale factors sᵢ = √|Hᵢᵢ|. A diagonal entry that is zero or negligible
    /// (|Hᵢᵢ| ≤ 1e-14·maxⱼ|Hⱼⱼ|) gets the geometric mean of the others' factors (1 if all vanish),
    /// so that the scaling never divides by zero.
    public static func scaling(_ h: Matrix) -> [Double] {
        let n = h.rows
        var s = [Double](repeating: 0, count: n)
        var maxDiagonal = 0.0
        for i in 0..<n { maxDiagonal = Swift.max(maxDiagonal, abs(h[i, i])) }
        let cutoff = 1e-14 * maxDiagonal
        var logSum = 0.0, count = 0
        for i in 0..<n {
            let a = abs(h[i, i])
            if a > cutoff && a.isFinite {
                s[i] = a.squareRoot()
                logSum += log(s[i])
                count += 1
            }
        }
        let fill = count > 0 ? exp(logSum / Double(count)) : 1
        for i in 0..<n where s[i] == 0 { s[i] = fill }
        return s
    }
}
