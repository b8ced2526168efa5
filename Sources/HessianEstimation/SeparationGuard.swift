import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned
import HessianInference
import HessianSolvers

/// The divergence guard of partitioned classifier fits, which cannot run the separation linear
/// program (it needs all rows at once). Under complete or quasi-complete separation the
/// likelihood keeps increasing along a direction d while the curvature there vanishes
/// relative to the data: dᵀHd / dᵀ(G ⊗ I)d → 0, with H = Σᵢ sᵢ Dᵢ ⊗ x̂ᵢx̂ᵢᵀ the Hessian and
/// G = Σᵢ x̂ᵢx̂ᵢᵀ the Gram of the same columns, because the separated rows' Dᵢ (pᵢ(1 − pᵢ), or
/// diag(p) − ppᵀ) go to 0. So the gradient test may pass at a finite, meaningless point. For a
/// fit whose estimate exists that ratio is a weighted average of the rows' Dᵢ, far from 0; the
/// fit is reported as not converged when the smallest generalized eigenvalue λ_min(H, G ⊗ I) is
/// ≤ 1e-8 (Dᵢ ≤ 1/4, so the scale is absolute). The columns passed the collinearity check, so
/// G is positive definite.
package enum SeparationGuard {
    static let tolerance = 1e-8

    /// `gram`: Σ [1 | x]ᵀ[1 | x] over the rows (raw columns); `scaling`: the internal coordinates of H.
    package static func check(_ hessian: Matrix?, gram: Matrix?, scaling: ShardScaling, intercept: Bool,
                              into fitted: inout FittedModel) {
        guard let h = hessian, let g = gram, let low = smallestRatio(h, internalGram(g, scaling: scaling, intercept: intercept)),
              low <= tolerance else { return }
        fitted.converged = false
        fitted.message = "the curvature vanishes along a direction although the columns are not collinear (smallest eigenvalue of H relative to the Gram \(low)): the coefficients diverge, as under complete or quasi-complete separation (a streamed or distributed fit cannot run the separation check)"
    }

    /// λ_min of (G^{-1/2} ⊗ I) H (G^{-1/2} ⊗ I), H's parameter (class k, column j) at k + K·j.
    static func smallestRatio(_ h: Matrix, _ g: Matrix) -> Double? {
        let p = g.rows, kk = h.rows / p
        guard kk * p == h.rows, let e = try? SymmetricEigen(g.symmetrized), (e.values.first ?? 0) > 0 else { return nil }
        let root = e.reconstruct { 1 / $0.squareRoot() }
        var b = Matrix(rows: h.rows, columns: h.rows)
        for j in 0..<p { for jj in 0..<p { for k in 0..<kk { b[k + kk * j, k + kk * jj] = root[j, jj] } } }
        return (try? SymmetricEigen((b * h * b).symmetrized, vectors: false))?.values.first
    }

    /// G in the internal coordinates [1 | x̂] = [1 | x] M, x̂ⱼ = (xⱼ − μⱼ)/sⱼ: MᵀGM.
    static func internalGram(_ g: Matrix, scaling: ShardScaling, intercept: Bool) -> Matrix {
        guard scaling.isStandardized else { return g }
        let off = intercept ? 1 : 0
        var m = Matrix(rows: g.rows, columns: g.rows)
        if intercept { m[0, 0] = 1 }
        for j in 0..<scaling.scale.count {
            m[j + off, j + off] = 1 / scaling.scale[j]
            if intercept { m[0, j + off] = -scaling.center[j] / scaling.scale[j] }
        }
        return m.transposed * g * m
    }
}
