import HessianData

/// The table a fit works on once the missing-value policy and the formula are applied: with a
/// formula, a table whose columns are the design's (patsy names) followed by the response, and a
/// specification naming them, so the rest of the estimator sees plain feature columns. Columns
/// with another role (weights, cluster, offset, exposure) follow the response, keep their names,
/// count for the missing-value policy and are not part of `.`.
struct FitPreparation {
    var table: Table
    var spec: FitSpecification
    var design: DesignPlan?
    var dropped: DroppedRows?

    /// `plan`: the design to build instead of one fitted to `input` (a streamed fit fixes it from
    /// every chunk's levels before it builds any chunk).
    init(_ input: consuming Table, _ specification: FitSpecification, plan fixed: DesignPlan? = nil) throws {
        var spec = specification
        let auxiliary = [spec.weights, spec.cluster, spec.offset, spec.exposure].compactMap { $0 }
        guard let text = spec.formula else {
            // Columns that do not exist are left for the estimator to report.
            var used = (spec.features ?? input.names).compactMap { input.names.firstIndex(of: $0) }
            let auxiliaryIndices = auxiliary.compactMap { input.names.firstIndex(of: $0) }
            if spec.features == nil { used.removeAll { auxiliaryIndices.contains($0) } }
            used += auxiliaryIndices.filter { !used.contains($0) }
            if spec.model != .logdet {
                let target = spec.target.flatMap { input.names.firstIndex(of: $0) } ?? (input.columnCount - 1)
                if spec.features == nil { used.removeAll { $0 == target } }
                used.append(target)
            }
            let (table, dropped) = try (consume input).applying(spec.missing, columns: used)
            try Self.requireRows(table, dropped)
            self.table = table
            self.spec = spec
            self.dropped = spec.missing == .drop ? dropped : nil
            return
        }
        if spec.target != nil || spec.features != nil {
            throw SpecificationError.formulaWithColumns
        }
        guard spec.model != .logdet else {
            throw SpecificationError.formulaForLogdet
        }
        let formula = try Formula(text)
        let resolved = try ResolvedFormula(formula, names: input.names, intercept: spec.intercept, excluded: Set(auxiliary))
        guard let response = resolved.response else {
            throw FormulaError("the formula needs the target column left of \"~\" (e.g. 'y ~ x')", at: 1)
        }
        let auxiliaryIndices = try auxiliary.map { try input.columnIndex($0) }
        let sources = try resolved.sourceColumns.map { try input.columnIndex($0) }
        let used = sources + auxiliaryIndices.filter { !sources.contains($0) }
        let (table, dropped) = try (consume input).applying(spec.missing, columns: used)
        try Self.requireRows(table, dropped)
        if fixed == nil { try Self.checkStrayText(resolved, table) }
        let plan = try fixed ?? DesignPlanner.plan(resolved, table: table)
        let r = try table.columnIndex(response), n = table.rowCount, p = plan.columns.count
        let carried = [r] + auxiliaryIndices.filter { $0 != r }
        try MemoryBudget.require(.design(rows: n, columns: p + carried.count, factor: plan.widestFactor), file: table.source)
        var (x, _) = try plan.build(table, extraColumns: carried.count)
        for (k, j) in carried.enumerated() {
            for i in 0..<n { x.storage[(p + k) * n + i] = table.values.storage[j * n + i] }
        }
        self.table = Table(source: table.source, names: plan.columns + carried.map { table.names[$0] }, values: x,
                           text: [[String]?](repeating: nil, count: p) + carried.map { table.text[$0] },
                           problems: [Table.CellProblem?](repeating: nil, count: p) + carried.map { table.problems[$0] },
                           lines: table.lines)
        spec.target = response
        spec.features = plan.columns
        spec.intercept = plan.intercept
        self.spec = spec
        design = plan
        self.dropped = spec.missing == .drop ? dropped : nil
    }

    /// `--missing drop` that leaves out every row is an error naming the per-column counts (the
    /// fit would otherwise fail later on an empty table, blaming something else).
    static func requireRows(_ table: borrowing Table, _ dropped: DroppedRows?) throws {
        guard table.rowCount == 0, let dropped, dropped.total > 0 else { return }
        throw DataError.allRowsDropped(file: table.source, rows: dropped.total, byColumn: dropped.byColumn)
    }

    /// A bare column that would read as categorical only because of a few text cells is refused
    /// (``StrayText``); `C(column)` columns are categorical on purpose and not checked.
    static func checkStrayText(_ resolved: ResolvedFormula, _ table: borrowing Table) throws {
        for c in resolved.categoricalColumns where !c.forced {
            guard let j = table.names.firstIndex(of: c.name), table.isTextColumn(j) else { continue }
            var tally = StrayText()
            tally.add(table, j)
            if let e = tally.error(file: table.source, column: c.name) { throw e }
        }
    }
}
