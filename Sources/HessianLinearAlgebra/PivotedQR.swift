import CLapacke

/// A P = Q R with column pivoting (LAPACK dgeqp3): at step k the remaining column of largest
/// norm is moved to position k, so |R₁₁| ≥ |R₂₂| ≥ … approximately and a small |Rₖₖ|
/// relative to |R₁₁| reveals numerical rank deficiency (Businger & Golub 1965; Golub & Van
/// Loan §5.4.1). Q is not formed.
public struct PivotedQR: Sendable {
    /// min(m, n) × n: the upper-trapezoidal R (below the diagonal: zeros).
    public let r: Matrix
    /// 0-based: column k of A P is column `permutation[k]` of A.
    public let permutation: [Int]

    /// Factors A (m × n, finite). Throws `.nonFinite` for NaN/∞ input and
    /// `.illegalArgument` if LAPACK rejects an argument (info < 0; dgeqp3 has no info > 0).
    public init(_ a: Matrix) throws {
        guard a.allFinite else { throw LinearAlgebraError.nonFinite(routine: "dgeqp3") }
        let m = a.rows, n = a.columns, k = Swift.min(m, n)
        var f = a
        var pivots = [Int32](repeating: 0, count: n)
        var tau = [Double](repeating: 0, count: Swift.max(1, k))
        if m > 0 && n > 0 {
            let info = LAPACKE_dgeqp3(LAPACK_COL_MAJOR, Int32(blasInt(m)), Int32(blasInt(n)), &f.storage,
                                      Int32(blasInt(Swift.max(1, m))), &pivots, &tau)
            try checkInfo(info, "dgeqp3") { _ in .illegalArgument(routine: "dgeqp3", position: 0) }
        }
        r = Matrix(rows: k, columns: n) { i, j in i <= j ? f[i, j] : 0 }
        permutation = pivots.map { Int($0) - 1 }
    }

    /// |Rₖₖ| for k < min(m, n).
    public var diagonal: [Double] { (0..<r.rows).map { abs(r[$0, $0]) } }

    /// The numerical rank: the number of k with |Rₖₖ| > tolerance · |R₁₁| (0 for a zero matrix).
    /// - Parameter tolerance: the relative threshold (the fits' collinearity check uses 1e-7).
    public func rank(tolerance: Double) -> Int {
        let d = diagonal
        guard let first = d.first, first > 0 else { return 0 }
        return d.prefix { $0 > tolerance * first }.count
    }
}
