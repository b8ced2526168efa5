import Foundation
import HessianLinearAlgebra

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
        // A FIFO, device or directory is refused before it is opened (opening a FIFO blocks,
        // and /dev/zero never ends).
        try InputFile.requireRegular(path, source: name)
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
        var parser = CSVParser(bytes: bytes, delimiter: delimiter, source: source)
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
        var parser = CSVParser(bytes: bytes, delimiter: delimiter, source: source)
        parser.textColumns = textColumns
        parser.textOfLastColumn = textOfLastColumn
        parser.shard = (rows, firstLine)
        return try parser.run(hasHeader: hasHeader, threads: threads, minimumChunkBytes: minimumChunkBytes)
    }
}
