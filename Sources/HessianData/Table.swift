import HessianLinearAlgebra

/// A rectangular table read from a CSV file: named columns, each holding numbers, and
/// for columns with any non-numeric cell also the cell texts (e.g. class labels).
///
/// Numbers live in one N×k column-major ``/HessianLinearAlgebra/Matrix`` (`values`), so picking feature columns
/// is a copy of contiguous slices. A cell that is not a finite number holds NaN there;
/// asking for the column as numbers then throws an error naming the first such cell.
public struct Table: Sendable {
    /// The file name used in error messages.
    public let source: String
    /// The column names (the header, or x1, x2, … without one).
    public let names: [String]
    /// N×k, column j = the numeric values of column `names[j]`.
    public let values: Matrix
    /// Per column: the cell texts, present only for columns with a non-numeric cell.
    public let text: [[String]?]
    /// Per column: the first cell that is not a finite number, if any.
    public let problems: [CellProblem?]
    /// The file line (1-based) of each data row.
    public let lines: [Int32]

    /// A cell that is not a finite number.
    public struct CellProblem: Sendable, Equatable {
        /// What is wrong with the cell.
        public enum Kind: Sendable, Equatable {
            /// Text that is not a decimal number (e.g. a class label in a numeric column).
            case notANumber
            /// An empty cell (after listwise deletion also `NA`, `null`, `NaN`: ``Table/isMissingText(_:)``).
            case missing
            /// A number that is not finite: `nan`, `inf`, `infinity` (any case), or a decimal
            /// beyond the range of `Double` (about ±1.8e308).
            case nonFinite
        }
        /// The zero-based data row.
        public let row: Int
        /// The file line (1-based; the row number for in-memory data).
        public let line: Int
        /// The cell as written.
        public let text: String
        /// What is wrong with it.
        public let kind: Kind

        package init(row: Int, line: Int, text: String, kind: Kind) {
            (self.row, self.line, self.text, self.kind) = (row, line, text, kind)
        }
    }

    /// A table from its parts (all per-column arrays have one entry per column, `lines` one per row).
    /// - Parameters:
    ///   - source: the name for messages (a file, or "<array>").
    ///   - names: the k column names.
    ///   - values: N×k, the numbers (NaN where a cell is not a finite number).
    ///   - text: per column, the N cell texts or nil.
    ///   - problems: per column, its first cell that is not a finite number, or nil.
    ///   - lines: the file line (1-based) of each of the N rows.
    public init(source: String, names: [String], values: Matrix, text: [[String]?],
                problems: [CellProblem?], lines: [Int32]) {
        precondition(names.count == values.columns && text.count == names.count && problems.count == names.count)
        precondition(lines.count == values.rows)
        self.source = source
        self.names = names
        self.values = values
        self.text = text
        self.problems = problems
        self.lines = lines
    }

    /// N, the number of data rows.
    public var rowCount: Int { values.rows }
    /// The number of columns.
    public var columnCount: Int { names.count }

    /// The index of the column called `name`; throws naming the available columns.
    /// - Parameter name: a column name.
    /// - Throws: ``DataError/unknownColumn(file:name:available:)``.
    public func columnIndex(_ name: String) throws -> Int {
        guard let j = names.firstIndex(of: name) else {
            throw DataError.unknownColumn(file: source, name: name, available: names)
        }
        return j
    }

    /// The error for a column's first problem cell, if it has one.
    package func problemError(_ j: Int) -> DataError? {
        guard let p = problems[j] else { return nil }
        switch p.kind {
        case .notANumber: return .notANumber(file: source, line: p.line, column: names[j], text: p.text)
        case .missing: return .missingValue(file: source, line: p.line, column: names[j])
        case .nonFinite: return .nonFinite(file: source, line: p.line, column: names[j], text: p.text)
        }
    }

    /// Column j as finite numbers; throws at the first cell that is not one.
    /// - Parameter j: the column index.
    /// - Throws: ``DataError`` naming the cell's line and column.
    public func numbers(_ j: Int) throws -> [Double] {
        if let e = problemError(j) { throw e }
        return values.column(j)
    }

    /// The N×c matrix of the given columns (all finite; throws naming the first bad cell,
    /// scanning the columns in the order given).
    /// - Parameter columns: column indices, in the order of the result's columns.
    /// - Throws: ``DataError`` naming the first bad cell.
    public func matrix(_ columns: [Int]) throws -> Matrix {
        for j in columns { if let e = problemError(j) { throw e } }
        let n = rowCount
        var storage = [Double]()
        storage.reserveCapacity(n * columns.count)
        for j in columns { storage.append(contentsOf: values.storage[(j * n)..<((j + 1) * n)]) }
        return Matrix(rows: n, columns: columns.count, storage: storage)
    }

    /// ``matrix(_:)`` for a table that is no longer needed: when the columns are the first c in
    /// order (features before the target, the usual layout) they are the prefix of `values`, so
    /// the storage is handed over and truncated in place instead of copied.
    /// - Parameter columns: column indices, in the order of the result's columns.
    /// - Throws: ``DataError`` naming the first bad cell.
    public consuming func takeMatrix(_ columns: [Int]) throws -> Matrix {
        for j in columns { if let e = problemError(j) { throw e } }
        guard columns.elementsEqual(0..<columns.count) else { return try matrix(columns) }
        let n = rowCount
        var values = (consume self).values
        values.storage.removeLast(values.storage.count - n * columns.count)
        return Matrix(rows: n, columns: columns.count, storage: values.storage)
    }

    /// Column j alone as a table (its name, texts, first problem and the row lines kept).
    package func selecting(_ j: Int) -> Table {
        Table(source: source, names: [names[j]], values: Matrix(rows: rowCount, columns: 1, storage: values.column(j)),
              text: [text[j]], problems: [problems[j]], lines: lines)
    }

    /// Column j read as categories. Classes are sorted: numerically when every cell is a
    /// finite number (so 2 < 10), otherwise lexicographically by UTF-8 bytes. Numeric
    /// labels are written without a trailing ".0" when integral ("1", not "1.0"), unless the
    /// column's texts were kept (``CSVReader/textColumns``): then cells are one class exactly
    /// when they are the same decimal number ("1" = "1.0", 2⁵³ ≠ 2⁵³ + 1), each class is
    /// written as its first spelling in the file, and numbers sort by exact value.
    /// Returns the sorted class names and each row's class index.
    /// - Parameter j: the column index.
    public func categories(_ j: Int) throws -> (classes: [String], codes: [Int]) {
        if let cells = text[j], problems[j] == nil {
            return numericCategories(cells, values: values.column(j))
        }
        if let cells = text[j] {
            if let p = problems[j], p.kind == .missing {
                throw DataError.missingValue(file: source, line: p.line, column: names[j])
            }
            let classes = Array(Set(cells)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            var index = [String: Int]()
            for (k, c) in classes.enumerated() { index[c] = k }
            return (classes, cells.map { index[$0]! })
        }
        let v = try numbers(j)
        let distinct = Array(Set(v)).sorted()
        var index = [Double: Int]()
        for (k, c) in distinct.enumerated() { index[c] = k }
        return (distinct.map(Table.label), v.map { index[$0]! })
    }

    /// Numeric labels with their texts: grouped by exact decimal value (a numeral the reader
    /// took that NumericLabel does not parse, e.g. hexadecimal, is keyed by its double).
    func numericCategories(_ cells: [String], values: [Double]) -> (classes: [String], codes: [Int]) {
        var first = [NumericLabel: String]()
        var keys = [NumericLabel]()
        keys.reserveCapacity(cells.count)
        for (i, cell) in cells.enumerated() {
            let key = NumericLabel(cell) ?? NumericLabel("\(values[i])")!
            keys.append(key)
            if first[key] == nil { first[key] = cell }
        }
        let sorted = first.keys.sorted()
        var index = [NumericLabel: Int]()
        for (k, key) in sorted.enumerated() { index[key] = k }
        return (sorted.map { first[$0]! }, keys.map { index[$0]! })
    }

    /// "1" for 1.0, "2.5" for 2.5: how a numeric class label is written.
    public static func label(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}
