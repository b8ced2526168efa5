import HessianLinearAlgebra
import HessianModels

/// Where the rows of a partitioned objective live: a fixed sequence of shards (row chunks held in
/// memory, chunks re-read from a file, or the local shard of an MPI rank followed by an all-reduce),
/// each of which can evaluate its *unpenalized* partial sums at a point:
///     f_s(x) = Σ_{i ∈ s} lᵢ(x),   ∇f_s(x),   ∇²f_s(x).
/// The model's f = Σ_s f_s + penalty, so ``PartitionedObjective`` needs nothing but these sums.
///
/// Reproducibility: a conformer yields its shards in the same order at every call (and, for a
/// distributed source, in the same order on every process), so the reduction — done by the caller
/// in yield order — rounds identically on every call and every machine.
///
/// Every shard must be evaluated with the same internal scaling (one global ``/HessianModels/ShardScaling``),
/// otherwise the partial sums refer to different parameters and cannot be added.
public protocol ShardSource: Sendable {
    /// Number of parameters n (in the models' internal coordinates).
    var dimension: Int { get }

    /// Calls `body` with each shard's unpenalized partial evaluation at `x`, in a fixed order.
    /// With `hessian`, each partial carries its dense n×n Hessian. One call is one pass over the
    /// data. Throws when the data cannot be read again (I/O, a row that changed) or a peer failed.
    /// - Parameters:
    ///   - x: the point, `dimension` entries, in internal coordinates.
    ///   - hessian: whether each partial must carry its Hessian.
    ///   - body: receives each partial in the fixed order.
    func forEachShard(at x: [Double], hessian: Bool, _ body: (Evaluation) throws -> Void) throws
}

/// Adds partial evaluations in the order given: the fixed-order reduction of a partitioned
/// objective. Exposed so that an all-reduce can combine ranks' partials in rank order.
public struct PartialSum: Sendable {
    /// Σ of the partial values added so far.
    public private(set) var value = 0.0
    /// Σ of the partial gradients.
    public private(set) var gradient: [Double]
    /// Σ of the partial Hessians, when the sum keeps one.
    public private(set) var hessian: Matrix?
    /// The number of partials added.
    public private(set) var parts = 0

    /// An empty sum (zeros).
    /// - Parameters:
    ///   - dimension: n, the length of every partial gradient.
    ///   - hessian: whether to add the partials' n×n Hessians too.
    public init(dimension: Int, hessian: Bool) {
        gradient = [Double](repeating: 0, count: dimension)
        self.hessian = hessian ? Matrix(rows: dimension, columns: dimension) : nil
    }

    /// Adds one partial (its Hessian too, when this sum keeps one).
    /// - Parameter e: a partial evaluation with `dimension` gradient entries (another count traps).
    public mutating func add(_ e: Evaluation) {
        precondition(e.gradient.count == gradient.count, "a shard returned \(e.gradient.count) gradient entries, expected \(gradient.count)")
        value += e.value
        for k in 0..<gradient.count { gradient[k] += e.gradient[k] }
        if hessian != nil {
            guard let h = e.hessian else { preconditionFailure("a shard returned no Hessian where one was asked for") }
            hessian!.storage.withUnsafeMutableBufferPointer { acc in
                h.storage.withUnsafeBufferPointer { src in
                    for k in 0..<acc.count { acc[k] += src[k] }
                }
            }
        }
        parts += 1
    }

    /// The sum as an evaluation.
    public var evaluation: Evaluation { Evaluation(value: value, gradient: gradient, hessian: hessian) }
}
