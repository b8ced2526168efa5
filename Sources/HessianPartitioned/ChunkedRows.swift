import HessianLinearAlgebra
import HessianModels

/// One shard's rows: raw features (N_c × d, the user's X), the targets, optional frequency weights
/// and offsets, and (for a cluster-robust covariance) each row's cluster key.
public struct RowChunk: Sendable {
    public var x: Matrix
    public var targets: [Double]
    public var weights: [Double]?
    public var offset: [Double]?
    public var clusters: [String]?

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
    public let chunks: [RowChunk]
    public let model: ShardModel
    public let intercept: Bool
    public let scaling: ShardScaling

    /// The scaling defaults to the one `Design` would choose for all rows together.
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
