import Foundation

extension CSVParser {
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
}
