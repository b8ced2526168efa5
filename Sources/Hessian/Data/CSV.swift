import Foundation

/// A fast CSV reader that turns bytes into Doubles without making a String per cell.
///
/// - The whole file is read into memory and scanned once; numeric cells go through
///   ``DecimalParser`` (correctly rounded), straight from the byte buffer.
/// - One header row (or none: columns are then named x1, x2, …), a one-byte delimiter,
///   `\n` or `\r\n` line ends, a UTF-8 byte-order mark, blank lines (skipped), spaces
///   around unquoted fields (ignored), and double-quoted fields with `""` escapes that may
///   contain delimiters and line breaks.
/// - Every row must have as many fields as the header. Cells that are not finite numbers
///   are kept (as text, NaN in the numbers) and only reported when the column is used
///   as numbers, naming the file, the line and the column.
public struct CSVReader: Sendable {
    public var delimiter: UInt8
    public var hasHeader: Bool

    public init(delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
    }

    /// Reads a file; `source` (default: the path) names it in error messages.
    public func read(file path: String, source: String? = nil) throws -> Table {
        let name = source ?? path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError.fileNotFound(file: name)
        }
        if isDirectory.boolValue { throw DataError.unreadable(file: name, reason: "it is a directory") }
        let data: Data
        do {
            // Mapped, not copied: the parser reads each byte once.
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw DataError.unreadable(file: name, reason: "permission denied or I/O error")
        }
        return try data.withUnsafeBytes { raw in
            try parse(raw.bindMemory(to: UInt8.self), source: name)
        }
    }

    /// Parses CSV text held in a string.
    public func parse(_ text: String, source: String = "<string>") throws -> Table {
        var s = text
        return try s.withUTF8 { try parse($0, source: source) }
    }

    /// Parses CSV bytes.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String) throws -> Table {
        var parser = Parser(bytes: bytes, delimiter: delimiter, source: source)
        return try parser.run(hasHeader: hasHeader)
    }
}

private let newline: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D
private let quote: UInt8 = 0x22
private let space: UInt8 = 0x20
private let tab: UInt8 = 0x09

/// The single-pass scanner behind ``CSVReader``.
private struct Parser {
    let b: UnsafePointer<UInt8>
    let n: Int
    let delimiter: UInt8
    let source: String
    var i = 0
    var line = 1
    var scratch: [UInt8] = []
    let powers = DecimalParser.powers

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, source: String) {
        // An empty buffer may have no base address; point at a static byte instead.
        b = bytes.baseAddress ?? UnsafePointer(Parser.emptyByte)
        n = bytes.count
        self.delimiter = delimiter
        self.source = source
    }

    nonisolated(unsafe) static let emptyByte: UnsafeMutablePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.pointee = 0
        return p
    }()

    @inline(__always) func isBlank(_ c: UInt8) -> Bool {
        (c == space || c == tab) && c != delimiter
    }

    @inline(__always) func isFieldEnd(_ c: UInt8) -> Bool {
        c == delimiter || c == newline || c == carriageReturn
    }

    /// Skips empty lines (and a UTF-8 BOM at the very start).
    mutating func skipBlankLines() {
        while i < n {
            if b[i] == newline { i += 1; line += 1 }
            else if b[i] == carriageReturn && (i + 1 == n || b[i + 1] == newline) { i += (i + 1 == n) ? 1 : 2; line += 1 }
            else { break }
        }
    }

    /// Consumes the end of a record (`\r\n`, `\n` or end of input).
    @inline(__always) mutating func endRecord() {
        if i < n && b[i] == carriageReturn { i += 1 }
        if i < n && b[i] == newline { i += 1 }
        line += 1
    }

    /// Reads one record as strings (used for the header, for back-filling text columns and
    /// for counting fields in an error message). Leaves `i` after the record.
    mutating func record() throws -> [String] {
        var fields: [String] = []
        while true {
            let (start, end, quoted) = try field()
            if quoted {
                fields.append(String(decoding: scratch, as: UTF8.self))
            } else {
                fields.append(String(decoding: UnsafeBufferPointer(start: b + start, count: end - start), as: UTF8.self))
            }
            if i < n && b[i] == delimiter { i += 1; continue }
            break
        }
        endRecord()
        return fields
    }

    /// Scans one field at `i`. Unquoted: returns its trimmed byte range. Quoted: the
    /// unescaped bytes are in `scratch` and `quoted` is true. Leaves `i` at the delimiter,
    /// the line end or the end of input.
    @inline(__always) mutating func field() throws -> (start: Int, end: Int, quoted: Bool) {
        while i < n && isBlank(b[i]) { i += 1 }
        if i < n && b[i] == quote {
            let startLine = line
            scratch.removeAll(keepingCapacity: true)
            i += 1
            while true {
                guard i < n else { throw DataError.unterminatedQuote(file: source, line: startLine) }
                let c = b[i]
                if c == quote {
                    if i + 1 < n && b[i + 1] == quote { scratch.append(quote); i += 2; continue }
                    i += 1
                    break
                }
                if c == newline { line += 1 }
                scratch.append(c)
                i += 1
            }
            while i < n && isBlank(b[i]) { i += 1 }
            if i < n && !isFieldEnd(b[i]) { throw DataError.malformedQuote(file: source, line: line) }
            return (0, 0, true)
        }
        let start = i
        while i < n && !isFieldEnd(b[i]) { i += 1 }
        var end = i
        while end > start && isBlank(b[end - 1]) { end -= 1 }
        return (start, end, false)
    }

    mutating func run(hasHeader: Bool) throws -> Table {
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
        skipBlankLines()
        guard i < n else { throw DataError.emptyFile(file: source) }

        var names: [String]
        if hasHeader {
            names = try record()
            for (k, name) in names.enumerated() where name.isEmpty { names[k] = "column\(k + 1)" }
            var seen = Set<String>()
            for name in names where !seen.insert(name).inserted {
                throw DataError.duplicateColumn(file: source, name: name)
            }
            skipBlankLines()
            guard i < n else { throw DataError.noDataRows(file: source) }
        } else {
            let save = (i, line)
            let count = try record().count
            (i, line) = save
            names = (1...count).map { "x\($0)" }
        }
        let k = names.count

        // Every data row but the last ends with its own \n or \r, so the rows are at most the
        // line-break bytes left + 1: numbers go straight into their column-major place (vec of
        // the N×k matrix) and the columns are closed up at the end if rows < cap. (For \r\n
        // files cap is twice the rows; the untouched part of the allocation is never paged in.)
        var cap = 1
        for terminator in [newline, carriageReturn] {
            var scan = UnsafeRawPointer(b + i)
            let stop = UnsafeRawPointer(b + n)
            while scan < stop, let hit = memchr(scan, Int32(terminator), stop - scan) {
                cap += 1
                scan = UnsafeRawPointer(hit) + 1
            }
        }
        var rows = 0
        var lines = [Int32]()
        var rowStarts = [Int]()
        var text = [[String]?](repeating: nil, count: k)
        var problems = [Table.CellProblem?](repeating: nil, count: k)
        lines.reserveCapacity(cap)
        rowStarts.reserveCapacity(cap)
        let storage = try [Double](unsafeUninitializedCapacity: cap * k) { buffer, count in
            let out = buffer.baseAddress!
            try readRows(into: out, capacity: cap, columns: k, rows: &rows, lines: &lines,
                         rowStarts: &rowStarts, text: &text, problems: &problems)
            if rows < cap {
                for c in 1..<Swift.max(k, 1) { (out + c * rows).update(from: out + c * cap, count: rows) }
            }
            count = rows * k
        }
        return Table(source: source, names: names, values: Matrix(rows: rows, columns: k, storage: storage),
                     text: text, problems: problems, lines: lines)
    }

    /// The data rows: cell (r, c) goes to out[r + c·capacity].
    mutating func readRows(into out: UnsafeMutablePointer<Double>, capacity cap: Int, columns k: Int,
                           rows: inout Int, lines: inout [Int32], rowStarts: inout [Int],
                           text: inout [[String]?], problems: inout [Table.CellProblem?]) throws {
        while i < n {
            let rowStart = i
            let rowLine = line
            precondition(rows < cap, "CSV row count exceeded the line count")
            for c in 0..<k {
                // Fast path: an unquoted finite number followed directly by its field end.
                if i < n, b[i] != quote, text[c] == nil, let (v, j) = DecimalParser.fast(b, i, n, powers), j == n || isFieldEnd(b[j]) {
                    out[rows + c * cap] = v
                    i = j
                } else {
                    out[rows + c * cap] = try cell(column: c, row: rows, rowStart: rowStart, rowLine: rowLine,
                                                   text: &text, problems: &problems, rowStarts: rowStarts, lines: lines)
                }
                // After the field: a delimiter (more fields expected) or the end of the record.
                if i < n && b[i] == delimiter {
                    if c == k - 1 {
                        throw DataError.fieldCount(file: source, line: rowLine, expected: k, found: countFields(from: rowStart))
                    }
                    i += 1
                } else if c < k - 1 {
                    throw DataError.fieldCount(file: source, line: rowLine, expected: k, found: c + 1)
                }
            }
            endRecord()
            lines.append(Int32(truncatingIfNeeded: rowLine))
            rowStarts.append(rowStart)
            rows += 1
            skipBlankLines()
        }
    }

    /// The general path for one cell: quoted, padded, unusual or non-numeric. Returns the
    /// number (NaN for text), keeps the texts of text columns and the column's first problem.
    mutating func cell(column c: Int, row: Int, rowStart: Int, rowLine: Int,
                       text: inout [[String]?], problems: inout [Table.CellProblem?],
                       rowStarts: [Int], lines: [Int32]) throws -> Double {
        let (start, end, quoted) = try field()
        let parsed: Double?
        let tokenText: String
        if quoted {
            tokenText = String(decoding: scratch, as: UTF8.self)
            var t = tokenText.trimmingCharacters(in: .whitespaces)
            parsed = t.isEmpty ? nil : t.withUTF8 { DecimalParser.parse($0) }
        } else {
            tokenText = String(decoding: UnsafeBufferPointer(start: b + start, count: end - start), as: UTF8.self)
            parsed = end > start ? DecimalParser.parse(UnsafeBufferPointer(start: b + start, count: end - start)) : nil
        }
        var value = Double.nan
        var problem: Table.CellProblem.Kind? = nil
        if let v = parsed {
            value = v
            if !v.isFinite { problem = .nonFinite }
        } else {
            problem = tokenText.isEmpty ? .missing : .notANumber
            if !tokenText.isEmpty && text[c] == nil {
                // First text cell in this column: recover the earlier cells' texts.
                text[c] = try backfill(column: c, rowStarts: rowStarts, lines: lines)
            }
        }
        if let kind = problem, problems[c] == nil {
            problems[c] = Table.CellProblem(row: row, line: rowLine, text: tokenText, kind: kind)
        }
        if text[c] != nil { text[c]!.append(tokenText) }
        return value
    }

    /// The texts of column c in the rows read so far.
    func backfill(column c: Int, rowStarts: [Int], lines: [Int32]) throws -> [String] {
        var copy = self
        var out = [String]()
        out.reserveCapacity(rowStarts.count)
        for (r, start) in rowStarts.enumerated() {
            copy.i = start
            copy.line = Int(lines[r])
            let fields = try copy.record()
            out.append(c < fields.count ? fields[c] : "")
        }
        return out
    }

    /// How many fields the record starting at rowStart has.
    func countFields(from rowStart: Int) -> Int {
        var copy = self
        copy.i = rowStart
        return (try? copy.record().count) ?? 0
    }
}
