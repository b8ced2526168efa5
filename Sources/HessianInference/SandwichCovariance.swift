import Foundation
import HessianLinearAlgebra

/// Which rows form a cluster: codes[i] ∈ 0..<count for each row.
public struct ClusterAssignment: Sendable, Equatable {
    /// The cluster of each row, in 0..<``count``.
    public let codes: [Int]
    /// The number of distinct clusters G (the cluster-robust correction uses G/(G − 1)).
    public let count: Int

    /// Renumbers arbitrary non-negative labels to 0..<count in order of first appearance.
    /// - Parameter labels: one cluster label ≥ 0 per row.
    public init(labels: [Int]) {
        var index = [Int: Int]()
        var codes = [Int]()
        codes.reserveCapacity(labels.count)
        for l in labels {
            if let c = index[l] { codes.append(c) } else { index[l] = index.count; codes.append(index.count - 1) }
        }
        self.codes = codes
        self.count = index.count
    }
}

/// Why a sandwich covariance cannot be formed from these data.
public enum SandwichError: Error, Equatable, Sendable, CustomStringConvertible {
    /// HC2/HC3 divide by 1 − hᵢ: undefined when a row has leverage 1 (row 0-based).
    case leverageOne(row: Int)
    /// The correction N/(N − p) (or (N − 1)/(N − p)) needs more observations than parameters.
    case tooFewObservations(observations: Double, parameters: Int)
    /// G/(G − 1) needs at least two clusters.
    case oneCluster
    /// HC2/HC3 without leverages (a model other than least squares).
    case leveragesUnavailable(CovarianceType)

    public var description: String {
        switch self {
        case .leverageOne(let i):
            return "row \(i) has leverage 1 (it alone determines a coefficient), so the HC2/HC3 factor 1/(1 − h) is undefined"
        case .tooFewObservations(let n, let p):
            return "\(FitStatistics.formatCount(n)) observations for \(p) parameters: the small-sample factor needs more observations than parameters"
        case .oneCluster:
            return "the cluster column has a single cluster; a cluster-robust covariance needs at least 2"
        case .leveragesUnavailable(let t):
            return "\(t.label) needs the leverages xᵢᵀ(XᵀX)⁻¹xᵢ of least squares; this model has none (statsmodels reports HC0 under that name for GLM and discrete models)"
        }
    }
}

/// Sandwich covariances C = H⁻¹ B H⁻¹ from the per-row scores G (rows gᵢ = sᵢ∇ℓᵢ, see `RowScoring`).
/// The meat B is one weighted Gram of the scores (a blocked BLAS dsyrk), never a loop of outer products.
public enum SandwichCovariance {
    /// B = Σᵢ ωᵢ gᵢgᵢᵀ = Gᵀ diag(ω) G with ωᵢ = (1/sᵢ)·(1 − hᵢ)^(−a): 1/sᵢ undoes one of the two weight
    /// factors in gᵢgᵢᵀ (frequency weights: Σ over the sᵢ copies of ∇ℓᵢ∇ℓᵢᵀ), a = 0 (HC0/HC1),
    /// 1 (HC2) or 2 (HC3). Throws if some hᵢ ≥ 1 when a > 0.
    public static func meat(scores g: Matrix, weights: [Double]?, leverages: [Double]? = nil,
                            leveragePower a: Double = 0) throws -> Matrix {
        let n = g.rows
        var omega = [Double](repeating: 1, count: n)
        if let s = weights {
            precondition(s.count == n)
            for i in 0..<n { omega[i] = 1 / s[i] }
        }
        if let h = leverages, a > 0 {
            precondition(h.count == n)
            for i in 0..<n {
                // 1 − h below a few ulps of 1: the row is fitted exactly and the factor blows up.
                guard 1 - h[i] > 1e-12 else { throw SandwichError.leverageOne(row: i) }
                omega[i] *= pow(1 - h[i], -a)
            }
        }
        return weightedGram(g, weights: omega)
    }

    /// B = Σ_g s_g s_gᵀ with s_g = Σ_{i∈g} gᵢ: the rows of G summed by cluster (O(N·p) adds),
    /// then one Gram SᵀS of the G×p matrix of sums. Frequency weights are already in gᵢ = sᵢ∇ℓᵢ,
    /// which is the replicated copies' sum.
    public static func clusterMeat(scores g: Matrix, clusters: ClusterAssignment) -> Matrix {
        precondition(clusters.codes.count == g.rows)
        let n = g.rows, p = g.columns, m = clusters.count
        var sums = Matrix(rows: m, columns: p)
        sums.storage.withUnsafeMutableBufferPointer { ss in
            g.storage.withUnsafeBufferPointer { gs in
                for j in 0..<p {
                    let src = gs.baseAddress! + j * n, dst = ss.baseAddress! + j * m
                    for i in 0..<n { dst[clusters.codes[i]] += src[i] }
                }
            }
        }
        return gram(sums)
    }

    /// H⁻¹ B H⁻¹ (symmetrized).
    public static func sandwich(bread: Matrix, meat: Matrix) -> Matrix {
        (bread * meat * bread).symmetrized
    }

    /// The covariance of `type` (not `.nonrobust`) in the scores' coordinates, from the inverse
    /// Hessian, the scores, the frequency weights, N = Σ sᵢ, and (HC2/HC3) the leverages or
    /// (cluster) the cluster of each row. Definitions in `CovarianceType`.
    public static func covariance(_ type: CovarianceType, inverseHessian bread: Matrix, scores g: Matrix,
                                  weights: [Double]?, observations n: Double, leverages: [Double]? = nil,
                                  clusters: ClusterAssignment? = nil) throws -> Matrix {
        precondition(type.isSandwich && bread.rows == g.columns)
        let p = g.columns
        switch type {
        case .nonrobust:
            preconditionFailure("SandwichCovariance: nonrobust is the model-based covariance")
        case .hc0:
            return sandwich(bread: bread, meat: try meat(scores: g, weights: weights))
        case .hc1:
            guard n > Double(p) else { throw SandwichError.tooFewObservations(observations: n, parameters: p) }
            return (n / (n - Double(p))) * sandwich(bread: bread, meat: try meat(scores: g, weights: weights))
        case .hc2, .hc3:
            guard let h = leverages else { throw SandwichError.leveragesUnavailable(type) }
            let b = try meat(scores: g, weights: weights, leverages: h, leveragePower: type == .hc2 ? 1 : 2)
            return sandwich(bread: bread, meat: b)
        case .cluster:
            guard let c = clusters else { preconditionFailure("SandwichCovariance: cluster needs the clusters") }
            guard c.count >= 2 else { throw SandwichError.oneCluster }
            guard n > Double(p) else { throw SandwichError.tooFewObservations(observations: n, parameters: p) }
            let gc = Double(c.count)
            let factor = gc / (gc - 1) * (n - 1) / (n - Double(p))
            return factor * sandwich(bread: bread, meat: clusterMeat(scores: g, clusters: c))
        }
    }
}
