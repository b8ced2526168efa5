extension FittedModel {
    /// Predicts for every row of `table`: least squares ŷ = b + xᵀw; logistic P(second class)
    /// and the label (positive when P ≥ 0.5); multinomial the softmax probabilities and the most
    /// probable class. A model fitted with a formula rebuilds its design from the saved plan
    /// (same levels and reference levels); otherwise features are found by name. --standardize
    /// means and stds are applied.
    ///
    /// `missing`: strict throws at a missing cell in a used column; drop gives that row no
    /// prediction (``Predictions/missing``). `unknownLevels`: a level not seen in training is an
    /// error, or (`.missing`) gives the row no prediction.
    public func predict(_ table: Table, missing: MissingPolicy = .strict,
                        unknownLevels: UnknownLevelPolicy = .error) throws -> Predictions {
        guard model != .logdet else {
            throw EstimationError.invalidOption("a logdet model (a precision matrix) makes no predictions")
        }
        try design?.validate()
        let sources = design.map { d in d.sourceColumns.filter { $0 != d.response } } ?? featureColumns
        let used = try sources.map { try table.columnIndex($0) }
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
            let (x, skipped) = try design.build(table, skip: skip, unknownLevels: unknownLevels)
            skip = skipped
            inputs = Table(source: table.source, names: design.columns, values: x,
                           text: [[String]?](repeating: nil, count: x.columns),
                           problems: [Table.CellProblem?](repeating: nil, count: x.columns), lines: table.lines)
        } else if let mask = skip {
            // The skipped rows' cells are set to 0 so the others are computed as usual; a cell
            // that is bad for another reason is still reported (found among the kept rows).
            let kept = table.droppingRows(mask)
            let x = Matrix(rows: n, columns: used.count, storage: used.flatMap { j in
                (0..<n).map { r in mask[r] ? 0 : table.values.storage[j * n + r] }
            })
            inputs = Table(source: table.source, names: featureColumns, values: x,
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
