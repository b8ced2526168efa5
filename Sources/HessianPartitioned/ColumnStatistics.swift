import HessianLinearAlgebra

/// Column counts, means and population variances accumulated chunk by chunk, merged with Chan,
/// Golub and LeVeque's pairwise update
///     n = nₐ + n_b,   δ = μ_b − μₐ,   μ = μₐ + δ n_b/n,   M₂ = M₂ₐ + M₂_b + δ² nₐn_b/n,
/// which stays accurate for columns with a large mean (no Σx² − (Σx)²/n cancellation).
/// Unweighted, as `Design` decides its scaling from X alone.
public struct ColumnStatistics: Sendable {
    /// n, the rows seen so far.
    public private(set) var count = 0
    /// μⱼ, the mean of each column over those rows (0 before any row).
    public private(set) var means: [Double]
    private var m2: [Double]

    /// Empty statistics (no rows yet) for `d` columns; add chunks with ``merge(_:)``.
    /// - Parameter d: the number of columns.
    public init(columns d: Int) {
        means = [Double](repeating: 0, count: d)
        m2 = [Double](repeating: 0, count: d)
    }

    /// The statistics of one chunk (N_c × d, column-major), two passes over each column.
    /// - Parameter x: the chunk, N_c × d.
    public init(_ x: Matrix) {
        let n = x.rows, d = x.columns
        self.init(columns: d)
        count = n
        guard n > 0 else { return }
        x.storage.withUnsafeBufferPointer { xs in
            for j in 0..<d {
                let col = xs.baseAddress! + j * n
                var s = 0.0
                for i in 0..<n { s += col[i] }
                let mu = s / Double(n)
                var q = 0.0, c = 0.0
                for i in 0..<n { let t = col[i] - mu; q += t * t; c += t }
                means[j] = mu + c / Double(n)
                m2[j] = max(0, q - c * c / Double(n))
            }
        }
    }

    /// Merges another chunk's statistics into these.
    /// - Parameter other: statistics of the same columns over other rows.
    public mutating func merge(_ other: ColumnStatistics) {
        precondition(other.means.count == means.count)
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let na = Double(count), nb = Double(other.count), n = na + nb
        for j in 0..<means.count {
            let delta = other.means[j] - means[j]
            means[j] += delta * nb / n
            m2[j] += other.m2[j] + delta * delta * na * nb / n
        }
        count += other.count
    }

    /// Population standard deviations √(M₂/n).
    public var standardDeviations: [Double] {
        m2.map { count > 0 ? ($0 / Double(count)).squareRoot() : 0 }
    }
}
