import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned

/// What a streamed pass reports after each chunk (for a progress line).
public struct StreamProgress: Sendable {
    /// 0 for the statistics pass, then 1, 2, … for the evaluation passes.
    public var pass: Int
    /// Data rows read so far in this pass.
    public var rows: Int
    /// Bytes of the file read so far in this pass (for a fraction of the file's size).
    public var bytes: Int
    /// Σ of the partial values read so far in this pass (unpenalized), when the pass evaluates.
    public var objective: Double?

    /// A report of `rows` rows and `bytes` bytes read so far in pass `pass`.
    public init(pass: Int, rows: Int, bytes: Int, objective: Double? = nil) {
        (self.pass, self.rows, self.bytes, self.objective) = (pass, rows, bytes, objective)
    }
}

/// A ``/HessianPartitioned/ShardSource`` that re-reads a CSV file in row chunks at every evaluation: one pass over the
/// file per call, memory O(chunk + p²). How a chunk's table becomes model rows (columns, missing
/// values, formula design, weights, offsets, label codes) was fixed by the statistics pass and is
/// `prepare`; chunks that keep no row are skipped.
public struct FileShards: ShardSource, Sendable {
    /// The file's byte ranges, cut at line breaks, read one chunk at a time.
    public let chunks: CSVChunks
    /// The model whose unpenalized partial sums each chunk contributes.
    public let model: ShardModel
    /// Whether the design has an intercept column (one more parameter per output).
    public let intercept: Bool
    /// The internal scaling fixed by the statistics pass, the same for every chunk.
    public let scaling: ShardScaling
    let features: Int
    let prepare: @Sendable (Table) throws -> RowChunk
    let progress: (@Sendable (StreamProgress) -> Void)?
    /// The prepared chunks of the statistics pass, when kept: later passes read them instead of the CSV.
    let spill: ChunkSpill?
    /// Spilled targets are label spelling indices (classifiers): their class codes.
    let spellingCodes: [Double]?
    /// Applied to every chunk read (--standardize: the z-scoring fixed by the statistics pass).
    let adjust: (@Sendable (inout RowChunk) -> Void)?
    private let counter = PassCounter()

    init(chunks: CSVChunks, model: ShardModel, intercept: Bool, scaling: ShardScaling, features: Int,
         prepare: @escaping @Sendable (Table) throws -> RowChunk, progress: (@Sendable (StreamProgress) -> Void)?,
         spill: ChunkSpill? = nil, spellingCodes: [Double]? = nil, adjust: (@Sendable (inout RowChunk) -> Void)? = nil) {
        self.adjust = adjust
        self.chunks = chunks
        self.model = model
        self.intercept = intercept
        self.scaling = scaling
        self.features = features
        self.prepare = prepare
        self.progress = progress
        self.spill = spill
        self.spellingCodes = spellingCodes
    }

    /// The number of unknowns: the model's parameters for `features` columns plus the intercept.
    public var dimension: Int { model.dimension(parametersPerOutput: features + (intercept ? 1 : 0)) }
    /// Evaluation passes over the file made so far (the statistics pass not included).
    public var passes: Int { counter.value }

    /// One pass over the prepared chunks (from the binary copy when there is one, unless
    /// `fromFile`: the copy has no cluster keys), in file order; `first` names the chunk's first
    /// file line when it is known. `done` sees the bytes read.
    func forEachChunk(fromFile: Bool = false, _ body: (RowChunk, _ first: Int?) throws -> Void, done: ((Int) -> Void)? = nil) throws {
        if let spill, !fromFile {
            for k in 0..<spill.chunkRows.count {
                var (c, bytes) = try spill.chunk(k, file: chunks.source)
                if let codes = spellingCodes { c.targets = c.targets.map { codes[Int($0)] } }
                adjust?(&c)
                try body(c, nil)
                done?(bytes)
            }
            return
        }
        try chunks.forEachChunk(progress: done) { t in
            var c = try prepare(t)
            adjust?(&c)
            if c.x.rows > 0 { try body(c, t.lines.first.map(Int.init)) }
        }
    }

    public func forEachShard(at w: [Double], hessian: Bool, _ body: (Evaluation) throws -> Void) throws {
        let pass = counter.increment()
        var rowsRead = 0, objective = 0.0
        try forEachChunk({ c, line in
            let e: Evaluation
            do {
                e = try model.partial(c.x, targets: c.targets, weights: c.weights, offset: c.offset, intercept: intercept,
                                      scaling: scaling, at: w, hessian: hessian)
            } catch let m as ModelError {
                throw EstimationError.model(file: chunks.source, message: (line.map { "rows from line \($0): " } ?? "") + m.description)
            }
            rowsRead += c.x.rows
            objective += e.value
            try body(e)
        }, done: { bytes in progress?(StreamProgress(pass: pass, rows: rowsRead, bytes: bytes, objective: objective)) })
    }
}

final class PassCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
}
