import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned
import HessianInference
import HessianSolvers

/// Robust covariances of a partitioned fit from one more pass over the rows: the meat
/// of the sandwich H⁻¹ B H⁻¹ is a sum over rows, so it accumulates chunk by chunk (and rank by
/// rank) like the Hessian:
///   HC0/HC1: B = Σ_chunks Gᵀ diag(1/s) G (``/HessianInference/SandwichCovariance/meat(scores:weights:leverages:leveragePower:)``
///            on each chunk's row scores G);
///   cluster: B = Σ_g s_g s_gᵀ with s_g = Σ_{i∈g} gᵢ, the score sums kept per cluster value across
///            chunks (memory O(G·p)), combined over processes by `mergeClusters`, and added in the
///            order of the sorted cluster keys, so the result does not depend on the chunking.
/// The small-sample factors are those of ``/HessianInference/SandwichCovariance/covariance(_:inverseHessian:meat:observations:clusters:)``.
/// HC2/HC3 need every row's leverage under the final H⁻¹, which is refused (least squares only in memory).
package final class StreamedRobustCovariance {
    package let type: CovarianceType
    package let model: ShardModel
    /// Combines every process's per-cluster score sums (identity for one process).
    package let mergeClusters: ([String: [Double]]) -> [String: [Double]]
    /// G, once a cluster covariance was computed.
    package private(set) var clusters: Int?

    package init(_ type: CovarianceType, model: ShardModel, mergeClusters: @escaping ([String: [Double]]) -> [String: [Double]] = { $0 }) {
        self.type = type
        self.model = model
        self.mergeClusters = mergeClusters
    }

    /// The covariance in internal coordinates at w, from the inverse Hessian `bread`.
    package func covariance(_ rows: LocalRows, at w: [Double], bread: Matrix, observations n: Double) throws -> Matrix {
        let p = w.count
        var meat = Matrix(rows: p, columns: p)
        var sums: [String: [Double]] = [:]
        try rows.forEach { c in
            let g = try model.rowScores(c.x, targets: c.targets, weights: c.weights, offset: c.offset, intercept: rows.intercept,
                                        scaling: rows.scaling, at: w)
            if type == .cluster {
                guard let keys = c.clusters else { preconditionFailure("cluster covariance without the rows' clusters") }
                for (i, k) in keys.enumerated() {
                    var s = sums[k] ?? [Double](repeating: 0, count: p)
                    for j in 0..<p { s[j] += g[i, j] }
                    sums[k] = s
                }
            } else {
                let b = try SandwichCovariance.meat(scores: g, weights: c.weights)
                for k in 0..<meat.storage.count { meat.storage[k] += b.storage[k] }
            }
        }
        if type == .cluster {
            let merged = mergeClusters(sums)
            let keys = merged.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            var s = Matrix(rows: keys.count, columns: p)
            for (r, k) in keys.enumerated() { for j in 0..<p { s[r, j] = merged[k]![j] } }
            meat = SandwichCovariance.clusterMeat(scores: s, clusters: ClusterAssignment(labels: Array(keys.indices)))
            clusters = keys.count
        } else {
            meat = Matrix(rows: p, columns: p, storage: rows.total(meat.storage))
        }
        return try SandwichCovariance.covariance(type, inverseHessian: bread, meat: meat, observations: n, parameters: p,
                                                 clusters: clusters)
    }
}
