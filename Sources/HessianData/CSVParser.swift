import Foundation

let newline: UInt8 = 0x0A
let carriageReturn: UInt8 = 0x0D
let quote: UInt8 = 0x22
let space: UInt8 = 0x20
let tab: UInt8 = 0x09

/// The scanner behind ``CSVReader``: one pass, or one per chunk on several threads.
struct CSVParser {
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
    /// Whether cells may take `DecimalParser.fast`, which scans a number's bytes before any field
    /// split: not when the delimiter can occur inside a number (a digit, `+`, `-`, `.`, `e`, `E`),
    /// since "1.5" with delimiter "." is two fields, not 1.5; those cells take the general path.
    let fastCells: Bool

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, source: String) {
        // An empty buffer may have no base address; point at a static byte instead.
        b = bytes.baseAddress ?? UnsafePointer(CSVParser.emptyByte)
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
}
