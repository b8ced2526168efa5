import HessianLinearAlgebra

/// What to do with rows that have a missing cell in a column the model uses.
public enum MissingPolicy: String, Sendable, Codable, CaseIterable {
    /// Stop at the first missing cell (naming file, row and column).
    case strict
    /// Listwise deletion: leave out every row with a missing cell in a used column (fit), or
    /// give it an empty prediction (predict).
    case drop
}

extension Table {
    /// Whether a cell text means "no value": empty, `NA`, `null`/`NULL`, or `NaN` in any case
    /// (R's and pandas' default markers).
    /// - Parameter s: a cell's text as written.
    public static func isMissingText(_ s: String) -> Bool {
        switch s.utf8.count {
        case 0: return true
        case 2: return s == "NA"
        case 3: return s.lowercased() == "nan"
        case 4: return s == "null" || s == "NULL"
        default: return false
        }
    }

    /// Whether column j holds text that is not a number (a categorical column): some cell is
    /// neither a number nor a missing marker.
    package func isTextColumn(_ j: Int) -> Bool {
        guard let cells = text[j] else { return false }
        let n = rowCount
        return values.storage.withUnsafeBufferPointer { v in
            for r in 0..<n where v[j * n + r].isNaN && !Table.isMissingText(cells[r]) { return true }
            return false
        }
    }

    /// Whether cell (r, j) is missing: a missing marker in a text column, NaN (an empty cell
    /// or `NaN`) in a numeric one.
    @inline(__always) func isMissing(_ r: Int, _ j: Int, _ cells: [String]?) -> Bool {
        if let cells { return values.storage[j * rowCount + r].isNaN && Table.isMissingText(cells[r]) }
        return values.storage[j * rowCount + r].isNaN
    }

    /// The first missing cell of column j, as an error naming file, row and column.
    package func firstMissing(_ j: Int) -> DataError? {
        guard problems[j] != nil else { return nil }
        let cells = text[j]
        for r in 0..<rowCount where isMissing(r, j, cells) {
            // A numeric column keeps only its first problem cell's text.
            let shown = cells?[r] ?? (problems[j]!.row == r ? problems[j]!.text : "")
            return .missingCell(file: source, line: Int(lines[r]), column: names[j], text: shown)
        }
        return nil
    }

    /// Marks (sets to true) the rows with a missing cell in column j; returns how many it has.
    package func markMissing(_ j: Int, in mask: inout [Bool]) -> Int {
        guard problems[j] != nil else { return 0 }
        let cells = text[j]
        var count = 0
        for r in 0..<rowCount where isMissing(r, j, cells) {
            mask[r] = true
            count += 1
        }
        return count
    }

    /// The rows r with drop[r] false, as a new table (same columns; each column's first problem
    /// found again among the kept rows).
    package func droppingRows(_ drop: [Bool]) -> Table {
        let kept = (0..<rowCount).filter { !drop[$0] }
        let n = rowCount, m = kept.count
        var storage = [Double](repeating: 0, count: m * columnCount)
        var newText = [[String]?](repeating: nil, count: columnCount)
        var newProblems = [CellProblem?](repeating: nil, count: columnCount)
        for j in 0..<columnCount {
            for (i, r) in kept.enumerated() { storage[j * m + i] = values.storage[j * n + r] }
            if let cells = text[j] { newText[j] = kept.map { cells[$0] } }
            guard problems[j] != nil else { continue }
            for (i, r) in kept.enumerated() where !storage[j * m + i].isFinite {
                let v = storage[j * m + i]
                let cell = text[j]?[r] ?? (v.isNaN ? "" : (v > 0 ? "inf" : "-inf"))
                let kind: CellProblem.Kind = Table.isMissingText(cell) ? .missing : (v.isNaN ? .notANumber : .nonFinite)
                newProblems[j] = CellProblem(row: i, line: Int(lines[r]), text: cell, kind: kind)
                break
            }
        }
        return Table(source: source, names: names, values: Matrix(rows: m, columns: columnCount, storage: storage),
                     text: newText, problems: newProblems, lines: kept.map { lines[$0] })
    }
}

/// Rows left out by `--missing drop`: how many in all, and per column how many rows had a
/// missing cell there (a row missing in two columns counts for both).
public struct DroppedRows: Sendable, Equatable {
    /// Rows left out in all.
    public var total: Int
    /// Per column: rows with a missing cell there.
    public var byColumn: [String: Int]
}

extension Table {
    /// Applies the policy to the given columns: strict throws at the first missing cell (in the
    /// order given), drop returns the table without the incomplete rows and what was dropped.
    /// - Parameters:
    ///   - policy: `.strict` or `.drop`.
    ///   - columns: the columns the fit uses.
    /// - Throws: ``DataError/missingValue(file:line:column:)`` under `.strict`.
    public consuming func applying(_ policy: MissingPolicy, columns: [Int]) throws -> (Table, DroppedRows?) {
        switch policy {
        case .strict:
            // The first missing cell in file order (then in the order the columns are given).
            var first: (line: Int, error: DataError)? = nil
            for j in columns {
                if let e = firstMissing(j), case .missingCell(_, let line, _, _) = e, line < (first?.line ?? .max) {
                    first = (line, e)
                }
            }
            if let first { throw first.error }
            return (self, nil)
        case .drop:
            var mask = [Bool](repeating: false, count: rowCount)
            var byColumn: [String: Int] = [:]
            for j in columns {
                let c = markMissing(j, in: &mask)
                if c > 0 { byColumn[names[j]] = c }
            }
            let total = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
            let dropped = DroppedRows(total: total, byColumn: byColumn)
            return total == 0 ? (self, dropped) : (droppingRows(mask), dropped)
        }
    }
}
