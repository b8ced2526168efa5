import HessianLinearAlgebra
import HessianModels

/// Column counts, means and population variances accumulated chunk by chunk, merged with Chan,
/// Golub and LeVeque's pairwise update
///     n = nₐ + n_b,   δ = μ_b − μₐ,   μ = μₐ + δ n_b/n,   M₂ = M₂ₐ + M₂_b + δ² nₐn_b/n,
/// which stays accurate for columns with a large mean (no Σx² − (Σx)²/n cancellation).
/// Unweighted, as `Design` decides its scaling from X alone.
public struct ColumnStatistics: Sendable {
    /// n, the rows seen so far.
    public private(set) var count = 0
    /// μⱼ/uⱼ and M₂ⱼ/uⱼ², kept in units uⱼ (a power of two at least the column's largest |x|) so that
    /// columns of 1e-200 or 1e200 neither underflow nor overflow when squared; scaling by uⱼ changes
    /// no digit, as every operation commutes with scaling by 2ᵏ.
    private var scaledMeans: [Double]
    private var m2: [Double]
    private var units: [Double]

    /// Empty statistics (no rows yet) for `d` columns; add chunks with ``merge(_:)``.
    /// - Parameter d: the number of columns.
    public init(columns d: Int) {
        scaledMeans = [Double](repeating: 0, count: d)
        m2 = [Double](repeating: 0, count: d)
        units = [Double](repeating: 1, count: d)
    }

    /// The statistics of one chunk (N_c × d, column-major), three passes over each column.
    /// - Parameter x: the chunk, N_c × d.
    public init(_ x: Matrix) {
        let n = x.rows, d = x.columns
        self.init(columns: d)
        count = n
        guard n > 0 else { return }
        x.storage.withUnsafeBufferPointer { xs in
            for j in 0..<d {
                let col = xs.baseAddress! + j * n
                var largest = 0.0
                for i in 0..<n { largest = Swift.max(largest, abs(col[i])) }
                let u = ObjectiveScale.powerOfTwo(largest), (r1, r2) = ObjectiveScale.reciprocalFactors(u)
                var s = 0.0
                for i in 0..<n { s += col[i] * r1 * r2 }
                let mu = s / Double(n)
                var q = 0.0, c = 0.0
                for i in 0..<n { let t = col[i] * r1 * r2 - mu; q += t * t; c += t }
                units[j] = u
                scaledMeans[j] = mu + c / Double(n)
                m2[j] = Swift.max(0, q - c * c / Double(n))
            }
        }
    }

    /// Merges another chunk's statistics into these.
    /// - Parameter other: statistics of the same columns over other rows.
    public mutating func merge(_ other: ColumnStatistics) {
        precondition(other.scaledMeans.count == scaledMeans.count)
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let na = Double(count), nb = Double(other.count), n = na + nb
        for j in 0..<scaledMeans.count {
            // Both sides in the larger unit (exact: a power-of-two ratio).
            let u = Swift.max(units[j], other.units[j])
            let ra = units[j] / u, rb = other.units[j] / u
            let ma = scaledMeans[j] * ra, mb = other.scaledMeans[j] * rb
            let delta = mb - ma
            scaledMeans[j] = ma + delta * nb / n
            m2[j] = m2[j] * ra * ra + other.m2[j] * rb * rb + delta * delta * na * nb / n
            units[j] = u
        }
        count += other.count
    }

    /// μⱼ, the mean of each column over the rows seen (0 before any row).
    public var means: [Double] { zip(scaledMeans, units).map { $0 * $1 } }

    /// Population standard deviations √(M₂/n).
    public var standardDeviations: [Double] {
        zip(m2, units).map { count > 0 ? ($0 / Double(count)).squareRoot() * $1 : 0 }
    }
}
