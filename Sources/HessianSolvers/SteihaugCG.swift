import Foundation
import HessianLinearAlgebra
import HessianModels

/// Steihaug–Toint conjugate gradients for the trust-region subproblem
///     min_p  gᵀp + ½ pᵀBp   subject to ‖p‖₂ ≤ Δ,
/// using only products v ↦ Bv (Nocedal & Wright, Algorithm 7.2). CG on Bp = −g from p = 0 stops
/// at the boundary when an iterate leaves the region or a direction of non-positive curvature
/// dᵀBd ≤ 0 appears (then it follows d to the boundary), and inside when
/// ‖Bp + g‖ ≤ `relativeTolerance`·‖g‖.
struct SteihaugCG {
    var relativeTolerance: Double
    var maxIterations: Int

    func solve(_ b: HessianOperator, gradient g: [Double], radius delta: Double) -> TrustRegionSolution {
        let n = g.count
        var z = [Double](repeating: 0, count: n)
        var bz = [Double](repeating: 0, count: n)
        var r = g
        var d = scaled(-1, g)
        var rr = dot(r, r)
        let tolerance = relativeTolerance * rr.squareRoot()

        func result(_ p: [Double], _ bp: [Double], boundary: Bool, negative: Bool, _ it: Int) -> TrustRegionSolution {
            let model = dot(g, p) + 0.5 * dot(p, bp)
            return TrustRegionSolution(step: p, predictedDecrease: -model, onBoundary: boundary, regionNorm: norm2(p),
                                       negativeCurvature: negative, iterations: it)
        }
        // τ ≥ 0 with ‖z + τd‖ = Δ.
        func toBoundary(_ bd: [Double], negative: Bool, _ it: Int) -> TrustRegionSolution {
            let zd = dot(z, d), dd = dot(d, d), zz = dot(z, z)
            let tau = (-zd + (zd * zd + dd * Swift.max(0, delta * delta - zz)).squareRoot()) / dd
            var p = z, bp = bz
            axpy(tau, d, &p)
            axpy(tau, bd, &bp)
            return result(p, bp, boundary: true, negative: negative, it)
        }

        if rr.squareRoot() == 0 { return result(z, bz, boundary: false, negative: false, 0) }
        for it in 1...Swift.max(1, maxIterations) {
            let bd = b(d)
            let curvature = dot(d, bd)
            if !(curvature > 0) { return toBoundary(bd, negative: true, it) }
            let alpha = rr / curvature
            var zNext = z
            axpy(alpha, d, &zNext)
            if norm2(zNext) >= delta { return toBoundary(bd, negative: false, it) }
            z = zNext
            axpy(alpha, bd, &bz)
            axpy(alpha, bd, &r)
            let rrNext = dot(r, r)
            if rrNext.squareRoot() <= tolerance { return result(z, bz, boundary: false, negative: false, it) }
            let beta = rrNext / rr
            rr = rrNext
            // d ← −r + βd
            scal(beta, &d)
            axpy(-1, r, &d)
            if it == maxIterations { return result(z, bz, boundary: false, negative: false, it) }
        }
        return result(z, bz, boundary: false, negative: false, maxIterations)
    }
}
