import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned
import HessianInference
import HessianSolvers

/// What the statistics pass of a streamed fit learns from every chunk, prepared as the fit will
/// use it (`StreamedRows`): the column statistics of the model's X (the internal scaling, and
/// --standardize), the class labels, the rows, Σ sᵢ, the rows left out, the sums a count model
/// starts from, and (unpenalized fits) the Gram of [1 | X] for the collinearity check. With a spill, each prepared chunk is also copied for the later passes.
struct StreamedFirstPass {
    var statistics: ColumnStatistics?
    var labels = StreamedLabels()
    var featureNames: [String] = []
    var targetName = ""
    var prepared: FitSpecification?
    var rows = 0
    var observations = 0.0
    var zeroWeights = 0
    var dropped = DroppedRows(total: 0, byColumn: [:])
    /// Σ sᵢyᵢ and Σ sᵢ e^{oᵢ} (count models' start b = log(Σ sᵢyᵢ / Σ sᵢ e^{oᵢ})).
    var countTotal = 0.0, exposureTotal = 0.0
    /// Σ|yᵢ| over the kept rows (least squares' target unit, `FitUnits`).
    var targetMagnitude = 0.0
    var spill: ChunkSpill?
    /// Σ [1 | x]ᵀ[1 | x] over the kept rows (unweighted, as the in-memory check), for the collinearity check.
    var gram: Matrix?
    /// The column units of `gram` (powers of two from the first chunk's moments, `Collinearity.accumulateGram`).
    var gramUnits: [Double] = []

    /// The units of a fit of `model` (`FitUnits`) whose columns have the units `columns`.
    func units(_ model: ShardModel, columns: [Double]) -> FitUnits {
        FitUnits(model, rows: rows - zeroWeights, observations: observations, counts: countTotal, targetMagnitude: targetMagnitude,
                 columns: columns)
    }

    /// Reads every chunk once. `spill`: keep a binary copy of the prepared chunks.
    static func read(_ chunks: CSVChunks, _ rows: StreamedRows, classifier: Bool, spill keep: Bool, gram: Bool,
                     progress: (@Sendable (StreamProgress) -> Void)?) throws -> StreamedFirstPass {
        var pass = StreamedFirstPass()
        try pass.read(chunks, rows, classifier: classifier, spill: keep, gram: gram, progress: progress)
        return pass
    }

    private mutating func read(_ chunks: CSVChunks, _ rows: StreamedRows, classifier: Bool, spill keep: Bool, gram keepGram: Bool,
                               progress: (@Sendable (StreamProgress) -> Void)?) throws {
        let file = chunks.source
        var first = true
        var rowsRead = 0
        try chunks.forEachChunk(progress: { bytes in progress?(StreamProgress(pass: 0, rows: rowsRead, bytes: bytes)) }) { t in
            var c = try rows.prepare(t)
            rowsRead += c.rows.x.rows
            if first {
                first = false
                statistics = ColumnStatistics(columns: c.rows.x.columns)
                (featureNames, targetName, prepared) = (c.featureNames, c.targetName, c.spec)
                if keep {
                    spill = try ChunkSpill(columns: c.rows.x.columns, weighted: c.rows.weights != nil, offset: c.rows.offset != nil, file: file)
                }
            }
            if classifier { c.rows.targets = try labels.add(c.labels, 0) } else { targetMagnitude += c.rows.targets.reduce(0) { $0 + abs($1) } }
            let chunkStatistics = ColumnStatistics(c.rows.x)
            if gramUnits.isEmpty {
                gramUnits = Design.columnUnits(mean: chunkStatistics.means, std: chunkStatistics.standardDeviations, standardized: false)
            }
            statistics!.merge(chunkStatistics)
            if keepGram { Collinearity.accumulateGram(c.rows.x, intercept: c.spec.intercept, units: gramUnits, into: &gram) }
            self.rows += c.rows.x.rows + c.zeroWeights
            observations += c.observations
            zeroWeights += c.zeroWeights
            if let d = c.dropped {
                dropped.total += d.total
                for (k, v) in d.byColumn { dropped.byColumn[k, default: 0] += v }
            }
            let sums = c.countSums
            countTotal += sums.counts
            exposureTotal += sums.exposure
            if c.rows.x.rows > 0 { try spill?.append(c.rows, file: file) }
        }
        labels.finish()
    }
}
