import Foundation
import Hessian

/// A problem with splitting a file into per-rank byte ranges.
public struct ShardError: Error, CustomStringConvertible {
    public let description: String
}

/// Reads this rank's share of a CSV file: the header is parsed by every rank, the data bytes
/// after it are cut into K ranges of about equal size at line breaks (as the parallel parser
/// cuts chunks), and rank r parses range r. Line numbers in errors and ``/HessianData/Table/lines`` are those
/// of the whole file: each rank counts the line breaks in its range and the counts of the
/// ranks before it (one allgather) give its first line.
public enum CSVShard {
    public static func read(file path: String, reader: CSVReader, agreement: Agreement) throws -> Table {
        let comm = agreement.communicator
        let (data, ranges, header) = try agreement.agree { () -> (Data, [Range<Int>], (end: Int, lines: Int)) in
            // As fit: a directory, FIFO or device is refused before it is opened.
            try InputFile.requireRegular(path, source: path)
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
                throw DataError.unreadable(file: path, reason: "permission denied or I/O error")
            }
            let (ranges, header) = try data.withUnsafeBytes { raw in
                try cuts(raw.bindMemory(to: UInt8.self), parts: comm.size, hasHeader: reader.hasHeader, file: path)
            }
            return (data, ranges, header)
        }
        let mine = ranges[comm.rank]
        let breaks = data.withUnsafeBytes { raw in count(0x0A, in: raw.bindMemory(to: UInt8.self), mine) }
        let before = comm.allGather([Int64(breaks)]).prefix(comm.rank).reduce(0) { $0 + Int($1[0]) }
        return try agreement.agree {
            try data.withUnsafeBytes { raw in
                try reader.parse(raw.bindMemory(to: UInt8.self), source: path, rows: mine,
                                 firstLine: 1 + header.lines + before)
            }
        }
    }

    /// The K data ranges (every rank computes all of them, identically) and where the header
    /// ends (byte offset, line breaks before it). Throws when the data hold a double quote (a
    /// quoted field may contain a line break, so a cut could fall inside a record) or when a
    /// range would be empty.
    static func cuts(_ b: UnsafeBufferPointer<UInt8>, parts k: Int, hasHeader: Bool,
                     file: String) throws -> ([Range<Int>], (end: Int, lines: Int)) {
        let n = b.count
        var h = 0
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { h = 3 }
        while h < n && (b[h] == 0x0A || b[h] == 0x0D) { h += 1 }
        if hasHeader {
            while h < n && b[h] != 0x0A { h += 1 }
            if h < n { h += 1 }
        }
        let headerLines = count(0x0A, in: b, 0..<h)
        if memchr(b.baseAddress! + h, 0x22, n - h) != nil {
            throw ShardError(description: "\(file): quoted fields in the data rows; a file split across MPI ranks must have no double quotes after the header")
        }
        var bounds = [h]
        for r in 1..<k {
            let target = Swift.max(bounds[r - 1], h + (n - h) / k * r)
            var cut = n
            if target < n, let hit = memchr(b.baseAddress! + target, 0x0A, n - target) {
                cut = UnsafeRawPointer(hit) - UnsafeRawPointer(b.baseAddress!) + 1
            }
            bounds.append(cut)
        }
        bounds.append(n)
        let ranges = (0..<k).map { bounds[$0]..<bounds[$0 + 1] }
        if ranges.contains(where: { $0.isEmpty }) {
            throw ShardError(description: "\(file): too few data lines to give each of the \(k) MPI ranks at least one")
        }
        return (ranges, (h, headerLines))
    }

    static func count(_ byte: UInt8, in b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard let base = b.baseAddress else { return 0 }
        var c = 0
        var scan = UnsafeRawPointer(base + range.lowerBound)
        let stop = UnsafeRawPointer(base + range.upperBound)
        while scan < stop, let hit = memchr(scan, Int32(byte), stop - scan) {
            c += 1
            scan = UnsafeRawPointer(hit) + 1
        }
        return c
    }
}
