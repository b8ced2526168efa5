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
}

/// A ``/HessianPartitioned/ShardSource`` that re-reads a CSV file in row chunks at every evaluation: one pass over the
/// file per call, memory O(chunk + p²). Column roles and labels were fixed by the statistics pass.
package struct FileShards: ShardSource, Sendable {
    public let chunks: CSVChunks
    public let model: ShardModel
    public let intercept: Bool
    public let scaling: ShardScaling
    let features: [Int]
    let target: Int
    let labels: StreamedLabels?
    let progress: (@Sendable (StreamProgress) -> Void)?
    /// The parsed chunks of the statistics pass, when kept: later passes read them instead of the CSV.
    let spill: ChunkSpill?
    private let counter = PassCounter()

    init(chunks: CSVChunks, model: ShardModel, intercept: Bool, scaling: ShardScaling, features: [Int], target: Int,
         labels: StreamedLabels?, progress: (@Sendable (StreamProgress) -> Void)?, spill: ChunkSpill? = nil) {
        self.spill = spill
        self.chunks = chunks
        self.model = model
        self.intercept = intercept
        self.scaling = scaling
        self.features = features
        self.target = target
        self.labels = labels
        self.progress = progress
    }

    public var dimension: Int { model.dimension(parametersPerOutput: features.count + (intercept ? 1 : 0)) }
    /// Evaluation passes over the file made so far (the statistics pass not included).
    public var passes: Int { counter.value }

    /// The chunk's features and targets (labels as class codes).
    func rows(_ t: Table) throws -> (Matrix, [Double]) {
        let x = try t.matrix(features)
        let y = try labels.map { try $0.codes(t, target) } ?? t.numbers(target)
        return (x, y)
    }

    public func forEachShard(at w: [Double], hessian: Bool, _ body: (Evaluation) throws -> Void) throws {
        let pass = counter.increment()
        var rowsRead = 0, objective = 0.0
        if let spill {
            // Targets were spilled as label spelling indices (classifiers) or values.
            let codes = labels?.spellingCodes
            for k in 0..<spill.chunkRows.count {
                var (x, y, bytes) = try spill.chunk(k, file: chunks.source)
                if let codes { y = y.map { codes[Int($0)] } }
                let e: Evaluation
                do {
                    e = try model.partial(x, targets: y, weights: nil, intercept: intercept, scaling: scaling, at: w, hessian: hessian)
                } catch let m as ModelError {
                    throw EstimationError.model(file: chunks.source, message: m.description)
                }
                rowsRead += x.rows
                objective += e.value
                try body(e)
                progress?(StreamProgress(pass: pass, rows: rowsRead, bytes: bytes, objective: objective))
            }
            return
        }
        try chunks.forEachChunk(progress: { bytes in
            progress?(StreamProgress(pass: pass, rows: rowsRead, bytes: bytes, objective: objective))
        }) { t in
            let (x, y) = try rows(t)
            let e: Evaluation
            do {
                e = try model.partial(x, targets: y, weights: nil, intercept: intercept, scaling: scaling, at: w, hessian: hessian)
            } catch let m as ModelError {
                throw EstimationError.model(file: chunks.source, message: "rows from line \(t.lines.first ?? 0): \(m.description)")
            }
            rowsRead += t.rowCount
            objective += e.value
            try body(e)
        }
    }
}

final class PassCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
}
