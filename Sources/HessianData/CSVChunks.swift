import Foundation

/// A CSV file read as a sequence of row chunks, for fits that must not hold the file in memory.
///
/// Each pass reads the file front to back in blocks, cuts it after every `chunkRows` line breaks
/// that lie outside double quotes (so quoted fields may still contain line breaks), and parses each
/// chunk — with the header line in front — with ``CSVReader`` (its parallel parser when the chunk is
/// large enough). Chunk tables carry file line numbers, and their errors name the file's line.
/// Memory: one block of bytes plus one chunk's table, whatever the file's size.
public struct CSVChunks: Sendable {
    /// The file read.
    public let path: String
    /// The file's name in error messages (`path` unless given).
    public let source: String
    /// The reader (delimiter, header, text columns) each chunk is parsed with.
    public let reader: CSVReader
    /// Data rows per chunk (the last chunk may have fewer).
    public let chunkRows: Int
    /// The column names (from the header, or x1, x2, … without one).
    public let names: [String]
    /// Bytes of the header line(s) (leading blank lines included), repeated in front of each chunk.
    private let header: [UInt8]
    private let headerLines: Int
    /// Size and modification time when the file was opened: every pass checks them at its start
    /// and end, so a file changed between passes is reported as such.
    private let stamp: InputFile.Stamp?

    /// Opens the file and reads its header.
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - reader: the reader settings for every chunk.
    ///   - chunkRows: data rows per chunk, ≥ 1 (a programmer's choice: 0 traps).
    ///   - source: the name for messages; nil for `path`.
    /// - Throws: ``DataError`` for a missing, unreadable or empty file.
    public init(path: String, reader: CSVReader, chunkRows: Int, source: String? = nil) throws {
        precondition(chunkRows > 0)
        self.path = path
        self.source = source ?? path
        self.reader = reader
        self.chunkRows = chunkRows
        // Every pass reads the file from the start: a FIFO or device cannot be read twice (and
        // opening a FIFO with no writer blocks), so only a regular file is accepted.
        try InputFile.requireRegular(path, source: self.source)
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw DataError.unreadable(file: self.source, reason: "permission denied or I/O error")
        }
        defer { try? h.close() }
        stamp = InputFile.Stamp(descriptor: h.fileDescriptor)
        var head: [UInt8] = []
        var lines = 0
        if reader.hasHeader {
            // Through the first line break (\n, \r\n or a lone \r, as the parser reads them) after
            // a non-blank line, outside quotes. A \r is a line break once the next byte is not \n.
            var seenText = false, quoted = false, done = false, pendingReturn = false
            reading: while !done, let block = try? h.read(upToCount: 1 << 16), !block.isEmpty {
                for b in block {
                    if pendingReturn {
                        pendingReturn = false
                        if b != 0x0A {
                            lines += 1
                            if seenText { done = true; break reading }
                        }
                    }
                    head.append(b)
                    if b == 0x22 { quoted.toggle() }
                    if b == 0x0A && !quoted {
                        lines += 1
                        if seenText { done = true; break }
                    } else if b == 0x0D && !quoted {
                        pendingReturn = true
                    } else if b != 0x0D && b != 0x20 && b != 0x09 && !(head.count <= 3 && b >= 0xBB) {
                        seenText = true
                    }
                }
            }
            if !done {
                lines += 1
                if !pendingReturn { head.append(0x0A) }
            }
        }
        header = head
        headerLines = lines
        // The names: parse the header with one placeholder row of the right width.
        let name = self.source
        let first = try CSVChunks.firstChunk(path: path, skip: head.count, source: name)
        var probe = head
        probe.append(contentsOf: first)
        if first.isEmpty { throw reader.hasHeader ? DataError.noDataRows(file: name) : DataError.emptyFile(file: name) }
        // Errors in that first row are left for the first pass, which names its line.
        names = (try? probe.withUnsafeBufferPointer { try reader.parse($0, source: name) })?.names ?? []
    }

    /// A headerless parse compares row widths with the chunk's first row; restated against the header.
    private func fieldCountError(_ e: DataError, offset: Int) -> DataError {
        guard case .fieldCount(let f, let l, let first, let found) = e else { return e }
        // When the later row has the header's width, the chunk's first row was the wrong one.
        return found == names.count ? .fieldCount(file: f, line: offset + 1, expected: names.count, found: first)
            : .fieldCount(file: f, line: l + offset, expected: names.count, found: found)
    }

    /// The bytes of the first data line after `skip` bytes (for the column names).
    private static func firstChunk(path: String, skip: Int, source: String) throws -> [UInt8] {
        guard let h = FileHandle(forReadingAtPath: path) else { throw DataError.unreadable(file: source, reason: "permission denied or I/O error") }
        defer { try? h.close() }
        try? h.seek(toOffset: UInt64(skip))
        var line: [UInt8] = []
        var quoted = false, pendingReturn = false
        func ended() -> Bool { line.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }) }
        while let block = try? h.read(upToCount: 1 << 16), !block.isEmpty {
            for b in block {
                if pendingReturn {
                    // The \r before b was a line break of its own (not \r\n).
                    pendingReturn = false
                    if b != 0x0A {
                        if ended() { return line }
                        line.removeAll()
                    }
                }
                line.append(b)
                if b == 0x22 { quoted.toggle() }
                if b == 0x0A && !quoted {
                    if ended() { return line }
                    line.removeAll()
                } else if b == 0x0D && !quoted {
                    pendingReturn = true
                }
            }
        }
        return line.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }) ? line : []
    }

    /// One pass: calls `body` with each chunk's table (file line numbers) in file order, and
    /// `progress` after each chunk with the bytes read so far. Chunks of blank lines only are skipped.
    /// - Parameters:
    ///   - progress: called with the bytes read so far after each chunk, or nil.
    ///   - body: called with each chunk's table; what it throws ends the pass and is rethrown.
    /// - Throws: ``DataError`` for a bad cell (naming its file line), or what `body` throws.
    public func forEachChunk(progress: ((Int) -> Void)? = nil, _ body: (Table) throws -> Void) throws {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw DataError.unreadable(file: source, reason: "permission denied or I/O error")
        }
        defer { try? h.close() }
        try checkUnchanged(h)
        var headerless = reader
        headerless.hasHeader = false
        headerless.textColumns = Set(names.indices.filter { reader.textColumns.contains(names[$0]) }.map { "x\($0 + 1)" })
        do { try h.seek(toOffset: UInt64(header.count)) } catch {
            throw DataError.unreadable(file: source, reason: "cannot seek: I/O error")
        }
        // buffer[start...] holds the bytes read and not yet emitted; scanned ≥ start is how far
        // they were searched for line breaks.
        var buffer: [UInt8] = []
        var start = 0, scanned = 0
        var line = headerLines + 1       // file line of the chunk's first byte
        var lineBreaks = 0, quoted = false, pendingReturn = false, consumed = header.count
        var eof = false
        func emit(upTo end: Int) throws {
            let blank = !buffer[start..<end].contains { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }
            if !blank {
                var table: Table
                if names.isEmpty || !reader.hasHeader {
                    // The header did not parse with the first row (reported here with its line), or
                    // there is none: parse the chunk with the header bytes in front.
                    var chunk = header
                    chunk.append(contentsOf: buffer[start..<end])
                    let offset = line - (headerLines + 1)
                    do {
                        table = try chunk.withUnsafeBufferPointer { try reader.parse($0, source: source) }
                    } catch let e as DataError { throw e.shiftingLine(by: offset) }
                    table = table.shiftingLines(by: offset)
                } else {
                    // Straight from the buffer, without copying the chunk: parsed as a headerless
                    // file (columns x1, x2, …, then renamed), so the first row must match the header.
                    let offset = line - 1
                    do {
                        table = try buffer.withUnsafeBufferPointer { b in
                            try headerless.parse(UnsafeBufferPointer(rebasing: b[start..<end]), source: source)
                        }
                    } catch let e as DataError {
                        if case .fieldCount = e {} else { throw e.shiftingLine(by: offset) }
                        throw fieldCountError(e, offset: offset)
                    }
                    guard table.columnCount == names.count else {
                        throw DataError.fieldCount(file: source, line: line, expected: names.count, found: table.columnCount)
                    }
                    table = Table(source: source, names: names, values: table.values, text: table.text, problems: table.problems,
                                  lines: table.lines).shiftingLines(by: offset)
                }
                try body(table)
            }
            line += lineBreaks
            consumed += end - start
            start = end
            scanned = end
            lineBreaks = 0
            quoted = false
            progress?(consumed)
        }
        while true {
            var cut: Int? = nil
            var i = scanned
            buffer.withUnsafeBufferPointer { b in
                while i < b.count {
                    let c = b[i]
                    if pendingReturn {
                        // A \r not followed by \n ended a line just before c (the parser's lone \r).
                        pendingReturn = false
                        if c != 0x0A {
                            lineBreaks += 1
                            if lineBreaks == chunkRows { cut = i; break }
                        }
                    }
                    if c == 0x22 { quoted.toggle() } else if c == 0x0A && !quoted {
                        lineBreaks += 1
                        if lineBreaks == chunkRows { cut = i + 1; break }
                    } else if c == 0x0D && !quoted {
                        pendingReturn = true
                    }
                    i += 1
                }
            }
            if let cut { try emit(upTo: cut); continue }
            scanned = buffer.count
            if eof { break }
            let block: Data?
            do { block = try h.read(upToCount: 1 << 22) } catch {
                throw DataError.unreadable(file: source, reason: "I/O error")
            }
            if let block, !block.isEmpty {
                if start > 0 { buffer.removeSubrange(0..<start); scanned -= start; start = 0 }
                buffer.append(contentsOf: block)
            } else { eof = true }
        }
        if buffer.count > start { try emit(upTo: buffer.count) }
        try checkUnchanged(h)
    }

    /// Throws when the open file's size or modification time differs from when it was first opened.
    private func checkUnchanged(_ h: FileHandle) throws {
        guard let stamp else { return }
        if InputFile.Stamp(descriptor: h.fileDescriptor) != stamp { throw DataError.changedWhileReading(file: source) }
    }
}
