import HessianLinearAlgebra
import HessianModels

/// One shard's rows: raw features (N_c × d, the user's X), the targets, optional frequency weights
/// and offsets.
public struct RowChunk: Sendable {
    /// The chunk's features, N_c × d, in the user's units (the shared ``/HessianModels/ShardScaling`` is applied
    /// when the shard is evaluated).
    public var x: Matrix
    /// One target per row: the response, a 0/1 label, a class code 0..<m or a count.
    public var targets: [Double]
    /// Frequency weights sᵢ > 0 (each row counts as sᵢ rows), or nil for 1.
    public var weights: [Double]?
    /// Per-row offsets added to the linear predictor (Poisson's log exposure), or nil for 0.
    public var offset: [Double]?

    /// A chunk of rows; `targets` (and `weights`, `offset` when given) need one entry per row of
    /// `x` — a programmer's error otherwise, which traps.
    /// - Parameters:
    ///   - x: the features, N_c × d.
    ///   - targets: N_c targets.
    ///   - weights: N_c frequency weights, or nil.
    ///   - offset: N_c offsets, or nil.
    public init(x: Matrix, targets: [Double], weights: [Double]? = nil, offset: [Double]? = nil) {
        precondition(targets.count == x.rows)
        self.x = x
        self.targets = targets
        self.weights = weights
        self.offset = offset
    }
}

/// A ``ShardSource`` over row chunks held in memory (the library's partitioned fit, and the
/// reference the streamed and distributed sources are tested against). Shards in array order.
public struct ChunkedRows: ShardSource, Sendable {
    /// The shards, evaluated in this order.
    public let chunks: [RowChunk]
    /// The model every shard evaluates (without its penalty).
    public let model: ShardModel
    /// Whether the design has an intercept column.
    public let intercept: Bool
    /// The internal scaling shared by every shard.
    public let scaling: ShardScaling

    /// The scaling defaults to the one `Design` would choose for all rows together.
    /// - Parameters:
    ///   - chunks: the shards, at least one (none traps).
    ///   - model: the model each shard evaluates.
    ///   - intercept: whether the design has an intercept column.
    ///   - scaling: the shared scaling; nil to decide it from all rows.
    ///   - scalingMode: how `Design` would decide it (default ``/HessianModels/Design/Scaling/automatic``).
    public init(_ chunks: [RowChunk], model: ShardModel, intercept: Bool, scaling: ShardScaling? = nil,
                scalingMode: Design.Scaling = .automatic) {
        precondition(!chunks.isEmpty)
        self.chunks = chunks
        self.model = model
        self.intercept = intercept
        if let scaling {
            self.scaling = scaling
        } else {
            var stats = ColumnStatistics(columns: chunks[0].x.columns)
            for c in chunks { stats.merge(ColumnStatistics(c.x)) }
            self.scaling = ShardScaling(stats, intercept: intercept, scaling: scalingMode)
        }
    }

    /// Splits N rows into consecutive chunks of at most `rows` rows.
    /// - Parameters:
    ///   - x: all features, N×d.
    ///   - targets: N targets.
    ///   - weights: N frequency weights, or nil.
    ///   - offset: N offsets, or nil.
    ///   - rows: rows per chunk, ≥ 1.
    ///   - model: the model each shard evaluates.
    ///   - intercept: whether the design has an intercept column.
    public init(x: Matrix, targets: [Double], weights: [Double]? = nil, offset: [Double]? = nil, chunkRows rows: Int,
                model: ShardModel, intercept: Bool) {
        precondition(rows > 0)
        var chunks: [RowChunk] = []
        var r0 = 0
        repeat {
            let r1 = min(x.rows, r0 + rows)
            let cols = (0..<x.columns).map { j in Array(x.storage[(j * x.rows + r0)..<(j * x.rows + r1)]) }
            chunks.append(RowChunk(x: Matrix(rows: r1 - r0, columns: x.columns, storage: cols.flatMap { $0 }),
                                   targets: Array(targets[r0..<r1]), weights: weights.map { Array($0[r0..<r1]) },
                                   offset: offset.map { Array($0[r0..<r1]) }))
            r0 = r1
        } while r0 < x.rows
        self.init(chunks, model: model, intercept: intercept)
    }

    public var dimension: Int { model.dimension(parametersPerOutput: chunks[0].x.columns + (intercept ? 1 : 0)) }

    public func forEachShard(at x: [Double], hessian: Bool, _ body: (Evaluation) throws -> Void) throws {
        for c in chunks where c.x.rows > 0 {
            try body(model.partial(c.x, targets: c.targets, weights: c.weights, offset: c.offset, intercept: intercept,
                                   scaling: scaling, at: x, hessian: hessian))
        }
    }
}
