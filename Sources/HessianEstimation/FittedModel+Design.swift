import HessianLinearAlgebra
import HessianData

extension FittedModel {
    /// Predicts for every row of `table`: least squares ŷ = b + xᵀw; logistic P(second class)
    /// and the label (positive when P ≥ 0.5); multinomial the softmax probabilities and the most
    /// probable class; count models the expected count μ (with the saved offset/exposure columns
    /// read from `table`). A model fitted with a formula rebuilds its design from the saved plan
    /// (same levels and reference levels); otherwise features are found by name. --standardize
    /// means and stds are applied. The model is checked first (``validateForPrediction()``), so no
    /// field can yield NaN or ∞.
    ///
    /// `missing`: strict throws at a missing cell in a used column; drop gives that row no
    /// prediction (``Predictions/missing``). `unknownLevels`: a level not seen in training is an
    /// error, or (`.missing`) gives the row no prediction.
    /// - Parameters:
    ///   - table: the rows to predict; columns are matched by name.
    ///   - missing: `.strict` (default) or `.drop`.
    ///   - unknownLevels: `.error` (default) or `.missing`.
    public func predict(_ table: Table, missing: MissingPolicy = .strict,
                        unknownLevels: UnknownLevelPolicy = .error) throws -> Predictions {
        try validateForPrediction()
        try design?.validate()
        try checkInterceptColumn(table)
        let sources = design.map { d in d.sourceColumns.filter { $0 != d.response } } ?? featureColumns
        // Count models' offset and exposure columns are inputs too (a missing name is reported
        // by the count prediction, which names the option).
        let auxiliary = [offset, exposure].compactMap { $0 }.filter { table.names.contains($0) && !sources.contains($0) }
        let used = try (sources + auxiliary).map { try table.columnIndex($0) }
        var skip: [Bool]? = nil
        switch missing {
        case .strict:
            for j in used { if let e = table.firstMissing(j) { throw e } }
        case .drop:
            var mask = [Bool](repeating: false, count: table.rowCount)
            var any = false
            for j in used where table.markMissing(j, in: &mask) > 0 { any = true }
            if any { skip = mask }
        }
        let n = table.rowCount
        let inputs: Table
        if let design {
            guard design.columns == featureColumns else {
                throw EstimationError.invalidOption("the model file's design columns do not match its features")
            }
            let carried = try auxiliary.map { try table.columnIndex($0) }
            var (x, skipped) = try design.build(table, skip: skip, unknownLevels: unknownLevels, extraColumns: carried.count)
            skip = skipped
            let p = design.columns.count
            // A row without a prediction gets offset 0 and exposure 1, so its cells raise no error;
            // a bad cell among the other rows is still reported.
            let exposureIndex = exposure.flatMap { table.names.firstIndex(of: $0) }
            for (k, j) in carried.enumerated() {
                for i in 0..<n {
                    x.storage[(p + k) * n + i] = skipped?[i] == true ? (j == exposureIndex ? 1 : 0) : table.values.storage[j * n + i]
                }
            }
            let problems = carried.isEmpty ? [] : (skipped.map { table.droppingRows($0).problems } ?? table.problems)
            inputs = Table(source: table.source, names: design.columns + auxiliary, values: x,
                           text: [[String]?](repeating: nil, count: x.columns),
                           problems: [Table.CellProblem?](repeating: nil, count: p) + carried.map { problems[$0] },
                           lines: table.lines)
        } else if let mask = skip {
            // The skipped rows' cells are set to 0 so the others are computed as usual; a cell
            // that is bad for another reason is still reported (found among the kept rows).
            let kept = table.droppingRows(mask)
            // A skipped row's exposure is set to 1 (log 1 = 0) so it raises no error either.
            let exposureIndex = exposure.flatMap { table.names.firstIndex(of: $0) }
            let x = Matrix(rows: n, columns: used.count, storage: used.flatMap { j in
                (0..<n).map { r in mask[r] ? (j == exposureIndex ? 1 : 0) : table.values.storage[j * n + r] }
            })
            inputs = Table(source: table.source, names: featureColumns + auxiliary, values: x,
                           text: [[String]?](repeating: nil, count: used.count),
                           problems: used.map { kept.problems[$0] }, lines: table.lines)
        } else {
            inputs = table
        }
        var predictions = try predictColumns(inputs)
        predictions.missing = skip
        return predictions
    }
}
