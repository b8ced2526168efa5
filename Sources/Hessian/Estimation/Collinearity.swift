import Foundation

/// Finds exact or near linear dependence among data columns, which makes XᵀX — and so the
/// Hessian of least squares, logistic and multinomial regression without a penalty — singular.
public enum Collinearity {
    /// Smallest eigenvalue of the column-correlation matrix (unit diagonal, trace d) below which
    /// the columns count as dependent: about the square of a condition number of 10⁵·√d.
    public static let threshold = 1e-10

    /// The indices of a dependent group of columns, most involved first, or nil if the columns
    /// are independent. With an intercept the columns are centred first (a column that is
    /// constant is then dependent on the intercept on its own); every column is scaled to unit
    /// norm so that units do not matter. The group is read off the eigenvector of the smallest
    /// eigenvalue of the resulting Gram matrix: the columns with |vⱼ| ≥ 0.1·max|v|.
    public static func dependentColumns(_ x: Matrix, intercept: Bool) -> [Int]? {
        let n = x.rows, d = x.columns
        guard d > 0 else { return nil }
        var z = x
        for j in 0..<d {
            var mean = 0.0
            if intercept { for i in 0..<n { mean += z[i, j] }; mean /= Double(n) }
            var ss = 0.0
            for i in 0..<n { let v = z[i, j] - mean; z[i, j] = v; ss += v * v }
            // Zero after centring: constant (with an intercept) or all zero.
            if !(ss > 0) || ss.squareRoot() <= 1e-12 * Swift.max(1, abs(mean)) * Double(n).squareRoot() { return [j] }
            let s = 1 / ss.squareRoot()
            for i in 0..<n { z[i, j] *= s }
        }
        let g = gram(z)
        guard let eigen = try? SymmetricEigen(g) else { return nil }
        guard eigen.values[0] < threshold else { return nil }
        let v = eigen.vectors.column(0)
        let big = v.map(abs).max() ?? 0
        return v.indices.filter { abs(v[$0]) >= 0.1 * big }.sorted { abs(v[$0]) > abs(v[$1]) }
    }
}
