import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned
import HessianInference
import HessianSolvers

extension Collinearity {
    /// ``dependentColumns(_:intercept:)`` for rows that are not held together, from their Gram
    /// G = ZᵀZ of Z = [1 | X] (the ones column only with an intercept), summed chunk by chunk.
    ///
    /// Any A with AᵀA = G has the same pivoted QR factor R as Z (the same column norms at every
    /// step, so the same pivots, and RᵀR = PᵀGP): A = Λ^{1/2}Qᵀ from G's unit-diagonal scaling
    /// C = D^{-1/2} G D^{-1/2} = QΛQᵀ gives Z's unit-norm columns up to an orthogonal map, and the
    /// same rule |Rₖₖ| ≤ 1e-7·|R₁₁| decides. The Gram squares the condition number: a column
    /// exactly dependent leaves |Rₖₖ| ≈ √ε ≈ 1e-8, below the tolerance, so exact and clear
    /// near-dependences are found as in memory; one within a factor ≈ 10 of the threshold may not be.
    public static func dependentColumns(gram g: Matrix, intercept: Bool) -> [Int]? {
        let m = g.rows, offset = intercept ? 1 : 0
        guard m > offset else { return nil }
        for j in offset..<m where !(g[j, j] > 0) { return [j - offset] }
        var c = Matrix(rows: m, columns: m)
        for j in 0..<m { for i in 0..<m { c[i, j] = g[i, j] / (g[i, i] * g[j, j]).squareRoot() } }
        guard let e = try? SymmetricEigen(c.symmetrized) else { return nil }
        var a = Matrix(rows: m, columns: m)
        for k in 0..<m {
            let s = Swift.max(0, e.values[k]).squareRoot()
            for j in 0..<m { a[k, j] = s * e.vectors[j, k] }
        }
        return dependentColumns(normalized: a, offset: offset)
    }

    /// Adds the Gram of [1 | x·diag(u)] (or of x·diag(u) without an intercept) to `g`, allocated on
    /// first use. The units u are powers of two that bring each column near 1 (`Design.columnUnits`),
    /// so a column of 1e-200 does not vanish in its square; the collinearity rule reads the Gram's
    /// correlations, which do not depend on u.
    package static func accumulateGram(_ x: Matrix, intercept: Bool, units u: [Double], into g: inout Matrix?) {
        let n = x.rows, m = x.columns + (intercept ? 1 : 0), off = intercept ? 1 : 0
        guard n > 0 else { return }
        var z = Matrix(rows: n, columns: m)
        if intercept { for i in 0..<n { z.storage[i] = 1 } }
        for j in 0..<x.columns { for i in 0..<n { z.storage[(j + off) * n + i] = x.storage[j * n + i] * u[j] } }
        let part = gram(z)
        if g == nil { g = Matrix(rows: m, columns: m) }
        for k in 0..<part.storage.count { g!.storage[k] += part.storage[k] }
    }

    /// The Gram of the raw columns [1 | x] from that of [1 | x·diag(u)]: D⁻¹GD⁻¹ with D = diag(1, u).
    package static func unscaledGram(_ g: Matrix, intercept: Bool, units u: [Double]) -> Matrix {
        let d = (intercept ? [1] : []) + u
        var out = g
        for j in 0..<g.columns { for i in 0..<g.rows { out[i, j] = g[i, j] / (d[i] * d[j]) } }
        return out
    }
}
