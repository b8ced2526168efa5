import Foundation

/// A fast CSV reader that turns bytes into Doubles without making a String per cell.
///
/// - The whole file is read into memory and scanned once; numeric cells go through
///   `DecimalParser` (correctly rounded), straight from the byte buffer.
/// - One header row (or none: columns are then named x1, x2, …), a one-byte delimiter,
///   `\n` or `\r\n` line ends, a UTF-8 byte-order mark, blank lines (skipped), spaces
///   around unquoted fields (ignored), and double-quoted fields with `""` escapes that may
///   contain delimiters and line breaks.
/// - Every row must have as many fields as the header. Cells that are not finite numbers
///   are kept (as text, NaN in the numbers) and only reported when the column is used
///   as numbers, naming the file, the line and the column.
public struct CSVReader: Sendable {
    /// The field delimiter byte (default `,`).
    public var delimiter: UInt8
    /// Whether the first row is a header (otherwise columns are x1, x2, …).
    public var hasHeader: Bool
    /// How many threads may parse at once (default: the active processor count). Files with
    /// no quote and no lone carriage return (`\n` or `\r\n` line ends) are cut at line breaks
    /// into that many chunks, each parsed straight into its own rows of the column-major matrix.
    public var threads: Int
    /// Chunks are at least this many bytes (smaller inputs are parsed on one thread).
    package var minimumChunkBytes = 1 << 20
    /// Columns whose cell texts are kept even when every cell is a number (class labels: two
    /// labels that parse to the same double, such as 9007199254740992 and 9007199254740993,
    /// are still told apart, and labels are printed as written). By header name.
    public var textColumns: Set<String> = []
    /// Keep the texts of the last column too (the default target).
    public var textOfLastColumn = false

    /// A reader with these options.
    /// - Parameters:
    ///   - delimiter: the field separator byte (default `,`).
    ///   - hasHeader: whether the first non-blank line names the columns (default true; otherwise x1, x2, …).
    ///   - threads: parser threads for large inputs (default: the active processor count; at least 1).
    public init(delimiter: UInt8 = UInt8(ascii: ","), hasHeader: Bool = true,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.threads = Swift.max(1, threads)
    }

    /// Reads a file; `source` (default: the path) names it in error messages.
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - source: the name for messages; nil for `path`.
    /// - Throws: ``DataError`` naming the file, line and column of the first problem.
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
    /// - Parameters:
    ///   - text: the CSV text, header first.
    ///   - source: the name for messages (default "<text>").
    /// - Throws: ``DataError`` naming the line and column of the first problem.
    public func parse(_ text: String, source: String = "<text>") throws -> Table {
        var s = text
        return try s.withUTF8 { try parse($0, source: source) }
    }

    /// Parses CSV bytes.
    /// - Parameters:
    ///   - bytes: UTF-8 CSV, header first.
    ///   - source: the name for messages.
    /// - Throws: ``DataError`` naming the line and column of the first problem.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String) throws -> Table {
        var parser = Parser(bytes: bytes, delimiter: delimiter, source: source)
        parser.textColumns = textColumns
        parser.textOfLastColumn = textOfLastColumn
        return try parser.run(hasHeader: hasHeader, threads: threads, minimumChunkBytes: minimumChunkBytes)
    }

    /// Parses the header at the start of `bytes` and then only the data rows in `rows`, a byte
    /// range that starts at a line start after the header and ends just after a line break (or
    /// at the end): one shard of a file split at line breaks, as the parallel parser splits it.
    /// `firstLine` is the file line number of the byte at `rows.lowerBound`, so every error and
    /// ``Table/lines`` entry names the line of the whole file.
    /// - Parameters:
    ///   - bytes: the whole buffer, header first.
    ///   - source: the name for messages.
    ///   - rows: the byte range of the data rows to parse (starting just after a line break).
    ///   - firstLine: the file line number (1-based) of the byte at `rows.lowerBound`.
    /// - Throws: ``DataError`` naming the file line and column of the first problem.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String, rows: Range<Int>, firstLine: Int) throws -> Table {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= bytes.count, "CSV shard outside the buffer")
        var parser = Parser(bytes: bytes, delimiter: delimiter, source: source)
        parser.textColumns = textColumns
        parser.textOfLastColumn = textOfLastColumn
        parser.shard = (rows, firstLine)
        return try parser.run(hasHeader: hasHeader, threads: threads, minimumChunkBytes: minimumChunkBytes)
    }
}

private let newline: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D
private let quote: UInt8 = 0x22
private let space: UInt8 = 0x20
private let tab: UInt8 = 0x09

/// The scanner behind ``CSVReader``: one pass, or one per chunk on several threads.
private struct Parser {
    let b: UnsafePointer<UInt8>
    /// The end of the bytes parsed (the shard's end when only a shard's rows are read).
    var n: Int
    /// Data rows restricted to a byte range whose first line has this number (see `parse(_:source:rows:firstLine:)`).
    var shard: (rows: Range<Int>, firstLine: Int)? = nil
    let delimiter: UInt8
    let source: String
    var i = 0
    var line = 1
    var scratch: [UInt8] = []
    let powers = DecimalParser.powers
    var textColumns: Set<String> = []
    var textOfLastColumn = false
    /// Column indices whose texts are kept from the first row (see ``CSVReader/textColumns``).
    var keptText: [Int] = []
    /// Whether cells may take ``DecimalParser/fast``, which scans a number's bytes before any field
    /// split: not when the delimiter can occur inside a number (a digit, `+`, `-`, `.`, `e`, `E`),
    /// since "1.5" with delimiter "." is two fields, not 1.5; those cells take the general path.
    let fastCells: Bool

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, source: String) {
        // An empty buffer may have no base address; point at a static byte instead.
        b = bytes.baseAddress ?? UnsafePointer(Parser.emptyByte)
        n = bytes.count
        self.delimiter = delimiter
        self.source = source
        fastCells = !Array("0123456789+-.eE".utf8).contains(delimiter)
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

    mutating func run(hasHeader: Bool, threads: Int, minimumChunkBytes: Int) throws -> Table {
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
        skipBlankLines()
        guard i < n else { throw DataError.emptyFile(file: source) }

        var names: [String]
        if hasHeader {
            names = try record()
            if let (rows, firstLine) = shard, rows.lowerBound >= i { (i, n, line) = (rows.lowerBound, rows.upperBound, firstLine) }
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
            if let (rows, firstLine) = shard, rows.lowerBound >= i { (i, n, line) = (rows.lowerBound, rows.upperBound, firstLine) }
            names = (1...count).map { "x\($0)" }
        }
        let k = names.count
        keptText = (0..<k).filter { textColumns.contains(names[$0]) || (textOfLastColumn && $0 == k - 1) }
        let dataStart = i, dataLine = line

        // Every data row but the last ends with its own \n, \r\n or lone \r (quoted line breaks
        // only merge rows), so the rows are at most the \n and lone \r bytes left, plus one if
        // the last byte is neither: numbers go straight into their column-major place (vec of
        // the N×k matrix) and the columns are closed up at the end if rows < cap.
        let newlines = countBytes(newline, from: dataStart, to: n)
        let loneReturns = countLoneReturns(from: dataStart)
        let cap = newlines + loneReturns + ((b[n - 1] == newline || b[n - 1] == carriageReturn) ? 0 : 1)
        // With no lone \r a cut just after a \n is a line start whose number is one more than
        // the \n bytes before it.
        let plan = loneReturns == 0 ? chunkPlan(threads: threads, minimumChunkBytes: minimumChunkBytes) : nil

        var rows = 0
        var lines = [Int32]()
        var text = [[String]?](repeating: nil, count: k)
        for c in keptText { text[c] = [] }
        var problems = [Table.CellProblem?](repeating: nil, count: k)
        let storage = try [Double](unsafeUninitializedCapacity: cap * k) { buffer, count in
            let out = buffer.baseAddress!
            adviseHugePages(out, bytes: cap * k * 8)
            // (chunk's first row in `out`, rows read) for closing up; one piece when serial.
            var pieces: [(offset: Int, rows: Int)]
            if let plan {
                (rows, lines, problems, text, pieces) = try parseChunks(plan, into: out, stride: cap, columns: k)
            } else {
                (i, line) = (dataStart, dataLine)
                var rowStarts = [Int]()
                lines.reserveCapacity(cap)
                rowStarts.reserveCapacity(cap)
                try readRows(into: out, stride: cap, capacity: cap, columns: k, rows: &rows,
                             lines: &lines, rowStarts: &rowStarts, text: &text, problems: &problems)
                pieces = [(0, rows)]
            }
            // Column j's rows move from j·cap + offset to j·rows + (rows before the piece). In this
            // order every destination lies at or before its source and after every source still
            // to be read, so moving forward is safe.
            if rows < cap {
                for c in 0..<k {
                    var destination = c * rows
                    for piece in pieces {
                        let source = c * cap + piece.offset
                        if source != destination { memmove(out + destination, out + source, piece.rows * 8) }
                        destination += piece.rows
                    }
                }
            }
            count = rows * k
        }
        return Table(source: source, names: names, values: Matrix(rows: rows, columns: k, storage: storage),
                     text: text, problems: problems, lines: lines)
    }

    /// Asks Linux for transparent huge pages on a large fresh output buffer: the rows of 101
    /// columns are written at a stride of the whole column, so with 4 KiB pages every row
    /// touches ~k pages (TLB misses) and the buffer costs one page fault per 4 KiB.
    func adviseHugePages(_ p: UnsafeMutablePointer<Double>, bytes: Int) {
        #if os(Linux)
        let huge: UInt = 2 << 20
        guard bytes >= 8 << 20 else { return }
        let start = (UInt(bitPattern: p) + huge - 1) & ~(huge - 1)
        let end = (UInt(bitPattern: p) + UInt(bytes)) & ~(huge - 1)
        if end > start, let first = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(first, Int(end - start), MADV_HUGEPAGE)
        }
        #endif
    }

    /// How many \r bytes from `start` on are not followed by \n (old Mac line ends).
    func countLoneReturns(from start: Int) -> Int {
        var count = 0
        var scan = UnsafeRawPointer(b + start)
        let stop = UnsafeRawPointer(b + n)
        while scan < stop, let hit = memchr(scan, Int32(carriageReturn), stop - scan) {
            let next = UnsafeRawPointer(hit) + 1
            if next == stop || next.load(as: UInt8.self) != newline { count += 1 }
            scan = next
        }
        return count
    }

    /// How many times `byte` occurs in b[start..<end].
    func countBytes(_ byte: UInt8, from start: Int, to end: Int) -> Int {
        var count = 0
        var scan = UnsafeRawPointer(b + start)
        let stop = UnsafeRawPointer(b + end)
        while scan < stop, let hit = memchr(scan, Int32(byte), stop - scan) {
            count += 1
            scan = UnsafeRawPointer(hit) + 1
        }
        return count
    }

    /// One chunk of data rows: bytes start..<end (cut just after a \n), its first line number,
    /// and its first row slot in the output (rows ≤ its \n count, + 1 for an unterminated end).
    struct Chunk { var start: Int, end: Int, line: Int, offset: Int }

    /// Splits the data rows (from `i`) into chunks just after \n bytes, or nil when the input is
    /// small, one thread is asked for, or it has a quote (a quoted field may hold a line break,
    /// so a cut could not be known to fall between records without scanning from the start).
    func chunkPlan(threads: Int, minimumChunkBytes: Int) -> [Chunk]? {
        let count = Swift.min(threads, (n - i) / Swift.max(1, minimumChunkBytes))
        guard count >= 2, memchr(b + i, Int32(quote), n - i) == nil else { return nil }
        var chunks: [Chunk] = []
        var start = i, startLine = line, offset = 0
        for t in 1...count {
            var end = n
            if t < count {
                let target = Swift.max(start, i + (n - i) / count * t)
                guard let hit = memchr(b + target, Int32(newline), n - target) else { break }
                end = UnsafeRawPointer(hit) - UnsafeRawPointer(b) + 1
                if end >= n { end = n }
            }
            let breaks = countBytes(newline, from: start, to: end)
            chunks.append(Chunk(start: start, end: end, line: startLine, offset: offset))
            offset += breaks + (end == n && b[n - 1] != newline ? 1 : 0)
            startLine += breaks
            start = end
            if end == n { break }
        }
        if start < n { chunks.append(Chunk(start: start, end: n, line: startLine, offset: offset)) }
        return chunks.count >= 2 ? chunks : nil
    }

    /// What one chunk's parse produced (rows, lines and problems counted within the chunk).
    enum ChunkResult {
        case rows(count: Int, lines: [Int32], rowStarts: [Int], problems: [Table.CellProblem?], text: [[String]?])
        case failed(Error)
        case notRun
    }

    /// Parses the chunks concurrently, each into rows offset… of `out` (column stride `stride`),
    /// and merges: rows, lines, each column's first problem (in file order), texts and the pieces
    /// to close up. A column that turned to text in some chunk gets the texts of the other
    /// chunks' rows by re-reading them. Rethrows the first failing chunk's error in file order:
    /// the error the serial parse would meet first, since the chunks before it parsed cleanly.
    func parseChunks(_ chunks: [Chunk], into out: UnsafeMutablePointer<Double>, stride: Int, columns k: Int)
        throws -> (Int, [Int32], [Table.CellProblem?], [[String]?], [(offset: Int, rows: Int)]) {
        let results = UnsafeMutablePointer<ChunkResult>.allocate(capacity: chunks.count)
        results.initialize(repeating: .notRun, count: chunks.count)
        defer { results.deinitialize(count: chunks.count); results.deallocate() }
        // Each iteration writes only its own rows of `out` and its own result slot.
        nonisolated(unsafe) let base = self, output = out, slots = results
        DispatchQueue.concurrentPerform(iterations: chunks.count) { t in
            let chunk = chunks[t]
            var parser = Parser(bytes: UnsafeBufferPointer(start: base.b, count: chunk.end),
                                delimiter: base.delimiter, source: base.source)
            parser.i = chunk.start
            parser.line = chunk.line
            let capacity = (t + 1 < chunks.count ? chunks[t + 1].offset : stride) - chunk.offset
            var rows = 0
            var lines = [Int32](), rowStarts = [Int]()
            lines.reserveCapacity(capacity)
            rowStarts.reserveCapacity(capacity)
            var text = [[String]?](repeating: nil, count: k)
            for c in base.keptText { text[c] = [] }
            var problems = [Table.CellProblem?](repeating: nil, count: k)
            do {
                parser.skipBlankLines()
                try parser.readRows(into: output + chunk.offset, stride: stride, capacity: capacity, columns: k,
                                    rows: &rows, lines: &lines, rowStarts: &rowStarts, text: &text, problems: &problems)
                slots[t] = .rows(count: rows, lines: lines, rowStarts: rowStarts, problems: problems, text: text)
            } catch {
                slots[t] = .failed(error)
            }
        }
        var textColumns = Set<Int>()
        for t in 0..<chunks.count {
            switch results[t] {
            case .failed(let error): throw error
            case .notRun: preconditionFailure("CSV chunk \(t) was not parsed")
            case .rows(_, _, _, _, let text):
                for c in 0..<k where text[c] != nil { textColumns.insert(c) }
            }
        }
        var total = 0
        var lines = [Int32]()
        var problems = [Table.CellProblem?](repeating: nil, count: k)
        var text = [[String]?](repeating: nil, count: k)
        for c in textColumns { text[c] = [] }
        var pieces: [(offset: Int, rows: Int)] = []
        lines.reserveCapacity(stride)
        for t in 0..<chunks.count {
            guard case .rows(let count, let chunkLines, let rowStarts, let chunkProblems, let chunkText) = results[t] else { continue }
            for c in 0..<k where problems[c] == nil {
                if let p = chunkProblems[c] {
                    problems[c] = Table.CellProblem(row: p.row + total, line: p.line, text: p.text, kind: p.kind)
                }
            }
            for c in textColumns.sorted() {
                text[c]! += try chunkText[c] ?? backfill(column: c, rowStarts: rowStarts, lines: chunkLines)
            }
            lines.append(contentsOf: chunkLines)
            pieces.append((chunks[t].offset, count))
            total += count
        }
        return (total, lines, problems, text, pieces)
    }

    /// The data rows: cell (r, c) goes to out[r + c·stride], for at most `capacity` rows.
    mutating func readRows(into out: UnsafeMutablePointer<Double>, stride: Int, capacity cap: Int, columns k: Int,
                           rows: inout Int, lines: inout [Int32], rowStarts: inout [Int],
                           text: inout [[String]?], problems: inout [Table.CellProblem?]) throws {
        // Columns that switched to text take the general path; kept as flags so the hot loop
        // does not touch the array of optional arrays.
        var isText = text.map { $0 != nil }
        while i < n {
            let rowStart = i
            let rowLine = line
            precondition(rows < cap, "CSV row count exceeded the line count")
            for c in 0..<k {
                // Fast path: an unquoted finite number followed directly by its field end.
                if fastCells, i < n, b[i] != quote, !isText[c], let (v, j) = DecimalParser.fast(b, i, n, powers), j == n || isFieldEnd(b[j]) {
                    out[rows + c * stride] = v
                    i = j
                } else {
                    out[rows + c * stride] = try cell(column: c, row: rows, rowStart: rowStart, rowLine: rowLine,
                                                      text: &text, problems: &problems,
                                                      rowStarts: rowStarts, lines: lines)
                    if text[c] != nil { isText[c] = true }
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
