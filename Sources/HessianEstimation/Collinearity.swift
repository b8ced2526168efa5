import HessianLinearAlgebra

/// Finds exact or near linear dependence among data columns, which makes XᵀX — and so the
/// Hessian of least squares, logistic and multinomial regression without a penalty — singular.
///
/// The decision is a numerical rank by pivoted QR (dgeqp3) of the design [1 | X] (the intercept
/// column only when there is one) with every column scaled to unit Euclidean norm, so that
/// units do not matter: a feature whose values are all around 1e-12 or 1e12 is judged exactly
/// as the same feature in units of 1. Column k of R (in pivot order) is dependent when
/// |Rₖₖ| ≤ `tolerance` · |R₁₁|, the criterion and default of R's `lm` (`qr(tol = 1e-7)`).
package enum Collinearity {
    /// Relative tolerance on |Rₖₖ| / |R₁₁| below which a column counts as dependent.
    package static let tolerance = 1e-7

    /// The indices of a dependent group of feature columns, most involved first, or nil if
    /// the columns (with the intercept, when `intercept`) have full rank. An all-zero column is
    /// returned alone. Otherwise the first dependent column in pivot order is written, from R,
    /// as a combination of the independent columns before it (R₁₁ c = r): the group is that
    /// column and those with |cᵢ| ≥ 0.1·max(1, max|c|) (unit-norm columns make the weights
    /// comparable). The intercept itself is never listed: a group of one feature with an
    /// intercept is a constant column.
    package static func dependentColumns(_ x: Matrix, intercept: Bool) -> [Int]? {
        let n = x.rows, d = x.columns
        guard d > 0 else { return nil }
        let offset = intercept ? 1 : 0
        var z = Matrix(rows: n, columns: d + offset)
        if intercept { for i in 0..<n { z[i, 0] = 1 / Double(n).squareRoot() } }
        for j in 0..<d {
            // ‖x‖ as s·‖x/s‖ with s = max|xᵢ|: no overflow at 1e200, no underflow at 1e-200.
            var s = 0.0
            for i in 0..<n { s = Swift.max(s, abs(x[i, j])) }
            guard s > 0 else { return [j] }
            var ss = 0.0
            for i in 0..<n { let v = x[i, j] / s; ss += v * v }
            let scale = 1 / (s * ss.squareRoot())
            for i in 0..<n { z[i, j + offset] = x[i, j] * scale }
        }
        guard let qr = try? PivotedQR(z) else { return nil }
        let rank = qr.rank(tolerance: tolerance)
        guard rank < d + offset else { return nil }
        // Back substitution R₁₁ c = R[0..<rank, rank] (R₁₁ is upper triangular, nonsingular).
        var c = (0..<rank).map { qr.r[$0, rank] }
        for i in stride(from: rank - 1, through: 0, by: -1) {
            for k in (i + 1)..<rank { c[i] -= qr.r[i, k] * c[k] }
            c[i] /= qr.r[i, i]
        }
        let big = Swift.max(1, c.map(abs).max() ?? 0)
        var weighted = [(column: qr.permutation[rank], weight: 1.0)]
        for i in 0..<rank where abs(c[i]) >= 0.1 * big { weighted.append((qr.permutation[i], abs(c[i]))) }
        let group = weighted.sorted { $0.weight > $1.weight }.map { $0.column - offset }.filter { $0 >= 0 }
        if !group.isEmpty { return group }
        // The intercept is the dependent column and every weight is small: name the largest.
        let top = (0..<rank).filter { qr.permutation[$0] >= offset }.max { abs(c[$0]) < abs(c[$1]) }
        return top.map { [qr.permutation[$0] - offset] } ?? [0]
    }
}
