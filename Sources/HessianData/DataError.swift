/// A problem with a data file, phrased for the person who wrote the file: it names the
/// file and, where it applies, the line (1-based, counted in the file itself, header
/// included) and the column.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at the path.
    case fileNotFound(file: String)
    /// The file exists but cannot be read (a directory, permissions, I/O).
    case unreadable(file: String, reason: String)
    /// The path names a directory, FIFO, device or socket, not a regular file.
    case notARegularFile(file: String, kind: FileKind)
    /// The file's size or modification time changed between two passes over it.
    case changedWhileReading(file: String)
    /// `--missing drop` left out every row: per column, the rows with a missing cell there.
    case allRowsDropped(file: String, rows: Int, byColumn: [String: Int])
    /// A formula's bare column whose cells are ≥ 90 % numbers but not all (``StrayText``).
    case strayText(file: String, column: String, numbers: Int, texts: Int, examples: [StrayCell])
    /// The file has no bytes (or no header).
    case emptyFile(file: String)
    /// The file has a header row and nothing else.
    case noDataRows(file: String)
    /// A data row whose number of fields differs from the header's (or the first row's).
    case fieldCount(file: String, line: Int, expected: Int, found: Int)
    /// A cell that should be a number is text.
    case notANumber(file: String, line: Int, column: String, text: String)
    /// A missing cell where a number is needed.
    case missingValue(file: String, line: Int, column: String)
    /// A missing cell (empty, NA, NaN, null) in a column that is used (see ``MissingPolicy``).
    case missingCell(file: String, line: Int, column: String, text: String)
    /// A cell spelling NaN or ±∞ where a finite number is needed.
    case nonFinite(file: String, line: Int, column: String, text: String)
    /// A quoted field that never closes.
    case unterminatedQuote(file: String, line: Int)
    /// Text after a closing quote, or a quote inside an unquoted field.
    case malformedQuote(file: String, line: Int)
    /// Two header fields with the same name.
    case duplicateColumn(file: String, name: String)
    /// A column name that is not in the header (the available ones are listed).
    case unknownColumn(file: String, name: String, available: [String])

    /// The one-line message naming the file, line and column.
    public var description: String {
        switch self {
        case .fileNotFound(let f):
            return "\(SafeText.path(f)): no such file"
        case .unreadable(let f, let reason):
            return "\(SafeText.path(f)): cannot read: \(reason)"
        case .notARegularFile(let f, let kind):
            let advice = kind == .directory ? "name a CSV file" : "save the data to a regular file first"
            return "\(SafeText.path(f)): cannot read: it is \(kind.rawValue), not a regular file; \(advice)"
        case .changedWhileReading(let f):
            return "\(SafeText.path(f)): the file changed (size or modification time) between two passes over it; a streamed fit reads it more than once, so it must not change until the fit ends"
        case .allRowsDropped(let f, let rows, let byColumn):
            let counts = byColumn.sorted { $0.key < $1.key }.map { "\(SafeText.excerpt($0.key)): \($0.value)" }.joined(separator: ", ")
            return "\(SafeText.path(f)): dropping the rows with a missing cell left out all \(rows) rows (rows with a missing cell per column: \(counts))"
        case .strayText(let f, let column, let numbers, let texts, let examples):
            let shown = examples.map { "row \($0.line): \"\(SafeText.excerpt($0.text))\"" }.joined(separator: ", ")
                + (texts > examples.count ? ", …" : "")
            let name = SafeText.excerpt(column)
            return "\(SafeText.path(f)): column \"\(name)\" holds numbers except in \(texts) of its \(numbers + texts) cells (\(shown)), which looks like a typo; fix those cells, or write C(\(name)) in the formula to treat the column as categorical on purpose"
        case .emptyFile(let f):
            return "\(SafeText.path(f)): the file is empty"
        case .noDataRows(let f):
            return "\(SafeText.path(f)): the file has a header row but no data rows"
        case .fieldCount(let f, let line, let expected, let found):
            let which = found < expected ? "too few" : "too many"
            return "\(SafeText.path(f)): row \(line) has \(which) fields: \(found), expected \(expected) as in the header"
        case .notANumber(let f, let line, let column, let text):
            return "\(SafeText.path(f)): row \(line), column \"\(SafeText.excerpt(column))\": \"\(SafeText.excerpt(text))\" is not a number"
        case .missingValue(let f, let line, let column):
            return "\(SafeText.path(f)): row \(line), column \"\(SafeText.excerpt(column))\": the value is missing (empty cell)"
        case .missingCell(let f, let line, let column, let text):
            return "\(SafeText.path(f)): row \(line), column \"\(SafeText.excerpt(column))\": the value is missing (\(text.isEmpty ? "empty cell" : "\"\(SafeText.excerpt(text))\""))"
        case .nonFinite(let f, let line, let column, let text):
            return "\(SafeText.path(f)): row \(line), column \"\(SafeText.excerpt(column))\": \"\(SafeText.excerpt(text))\" is not a finite number (NaN and ±inf are not allowed)"
        case .unterminatedQuote(let f, let line):
            return "\(SafeText.path(f)): row \(line): a quoted field is never closed"
        case .malformedQuote(let f, let line):
            return "\(SafeText.path(f)): row \(line): unexpected characters after a closing quote"
        case .duplicateColumn(let f, let name):
            return "\(SafeText.path(f)): the header names column \"\(SafeText.excerpt(name))\" more than once"
        case .unknownColumn(let f, let name, let available):
            let list = available.count <= 12 ? available.map { SafeText.excerpt($0) }.joined(separator: ", ")
                : available.prefix(12).map { SafeText.excerpt($0) }.joined(separator: ", ") + ", … (\(available.count) in all)"
            return "\(SafeText.path(f)): no column named \"\(SafeText.excerpt(name))\" (columns: \(list))"
        }
    }
}
