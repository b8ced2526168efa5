import Foundation
import HessianLinearAlgebra
import HessianModels
import HessianData
import HessianPartitioned
import HessianInference
import HessianSolvers

/// How a streamed fit turns each chunk's table into model rows, by the steps of the in-memory
/// fit: the missing-value policy and the formula design (`FitPreparation`, with the design plan
/// fixed from every chunk), the target, feature, weight and offset columns chosen as
/// ``Estimator`` chooses them, frequency weights checked and rows of weight 0 left out
/// (`RowSampling`), offsets and exposures through `CountOffsets`.
package struct StreamedRows: Sendable {
    let spec: FitSpecification
    let plan: DesignPlan?

    package init(spec: FitSpecification, plan: DesignPlan?) {
        self.spec = spec
        self.plan = plan
    }

    /// One chunk, prepared.
    package struct Prepared {
        /// Features, weights and offsets of the kept rows; targets for least squares and count
        /// models (classifiers read theirs from `labels`).
        package var rows: RowChunk
        /// The target column of the kept rows (one column), for the class labels.
        package var labels: Table
        /// The specification after the formula (its features and target are design columns).
        package var spec: FitSpecification
        package var featureNames: [String]
        package var targetName: String
        package var dropped: DroppedRows?
        /// Rows left out for a frequency weight of 0.
        package var zeroWeights: Int
        /// Σ sᵢ over the kept rows.
        package var observations: Double

        /// Σ sᵢyᵢ and Σ sᵢ e^{oᵢ} over the kept rows (a count model's start b = log of their ratio).
        package var countSums: (counts: Double, exposure: Double) {
            var count = 0.0, exposure = 0.0
            for i in 0..<rows.x.rows {
                let s = rows.weights?[i] ?? 1
                count += s * rows.targets[i]
                exposure += s * (rows.offset.map { exp($0[i]) } ?? 1)
            }
            return (count, exposure)
        }
    }

    package func prepare(_ raw: Table) throws -> Prepared {
        let prepared = try FitPreparation(raw, spec, plan: plan)
        let t = prepared.table, s = prepared.spec, file = t.source
        let target = try s.target.map { try t.columnIndex($0) } ?? (t.columnCount - 1)
        let sampling = try RowSampling(chunk: t, s, target: target)
        let offsets = try CountOffsets.columnIndices(t, s, target: target)
        let features: [Int]
        if let names = s.features {
            features = try names.map { try t.columnIndex($0) }
            if features.contains(target) {
                throw EstimationError.invalidOption("\(file): column \"\(t.names[target])\" is the target and cannot also be a feature")
            }
        } else {
            let auxiliary = sampling.columns + offsets
            features = (0..<t.columnCount).filter { $0 != target && !auxiliary.contains($0) }
        }
        if features.isEmpty && !s.intercept { throw EstimationError.invalidOption("\(file): no feature columns to fit") }
        let x = sampling.select(try t.matrix(features))
        let labels = sampling.select(t.selecting(target))
        var targets: [Double] = []
        switch s.model {
        case .leastSquares: targets = try labels.numbers(0)
        case .poisson, .negativeBinomial: targets = try CountOffsets.counts(labels)
        default: break
        }
        let offset = try CountOffsets(t, s).selecting(sampling).values(rows: x.rows)
        var chunk = RowChunk(x: x, targets: targets.isEmpty ? [Double](repeating: 0, count: x.rows) : targets,
                             weights: sampling.weights, offset: offset)
        if let name = s.cluster { chunk.clusters = Self.clusterKeys(sampling.select(t.selecting(try t.columnIndex(name)))) }
        return Prepared(rows: chunk,
                        labels: labels, spec: s, featureNames: features.map { t.names[$0] }, targetName: t.names[target],
                        dropped: prepared.dropped, zeroWeights: t.rowCount - x.rows, observations: sampling.observations)
    }
}

extension StreamedRows {
    /// A key per row of a one-column table naming its cluster: the number for a numeric cell (so
    /// the same value spelled differently is one cluster, as `Table.categories` groups numbers),
    /// else the text.
    static func clusterKeys(_ t: Table) -> [String] {
        (0..<t.rowCount).map { r in
            let v = t.values.storage[r]
            return v.isNaN ? "t" + (t.text[0]?[r] ?? "") : "n\(v)"
        }
    }
}

extension RowSampling {
    /// The frequency weights of one chunk, checked as ``init(_:_:target:)`` checks them, except that
    /// a chunk may have only weights of 0 (the whole file must not: the caller checks Σ sᵢ > 0).
    /// No clusters.
    init(chunk table: borrowing Table, _ spec: FitSpecification, target: Int) throws {
        var weights: [Double]? = nil, kept: [Int]? = nil, columns: [Int] = []
        if let w = try RowSampling.weightColumn(table, spec, target: target) {
            columns.append(w.column)
            (kept, weights) = (w.kept, w.weights)
        }
        if let name = spec.cluster, let j = try? table.columnIndex(name), !columns.contains(j) { columns.append(j) }
        self.kept = kept
        self.weights = weights
        self.clusters = nil
        self.observations = weights.map { $0.reduce(0, +) } ?? Double(kept?.count ?? table.rowCount)
        self.columns = columns
    }
}
