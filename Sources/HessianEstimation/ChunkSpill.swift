import Foundation
import HessianLinearAlgebra
import HessianData
import HessianPartitioned

/// A binary copy of the parsed chunks for the passes after the first: per chunk its features
/// (N_c × d doubles, column-major), its weights and offsets when the fit has them (one column
/// each) and its targets (N_c doubles), appended to an unnamed temporary file.
/// The file is unlinked as soon as it is created, so it vanishes when the process ends however it
/// ends, and is never left behind. Reading a chunk back costs a read, no parsing.
final class ChunkSpill: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private(set) var chunkRows: [Int] = []
    private var offsets: [Int] = []
    private var end = 0
    let columns: Int
    let weighted: Bool
    let offset: Bool

    /// The directory of the copy: `$TMPDIR` when set and not empty, else /tmp.
    let directory: String

    /// Throws ``SpillError/cannotCreate(file:directory:reason:)`` when no temporary file can be made.
    init(columns: Int, weighted: Bool = false, offset: Bool = false, file: String) throws {
        self.columns = columns
        self.weighted = weighted
        self.offset = offset
        let dir = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        directory = dir
        var template = Array("\(dir)/hessian-spill-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SpillError.cannotCreate(file: file, directory: dir, reason: String(cString: strerror(errno))) }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends one chunk (its weights and offsets present exactly when the spill has them).
    /// Throws when the disk is full.
    func append(_ c: RowChunk, file: String) throws {
        precondition(c.x.columns == columns && (c.weights != nil) == weighted && (c.offset != nil) == offset)
        lock.lock(); defer { lock.unlock() }
        var at = end
        let start = end
        for part in [c.x.storage, c.weights ?? [], c.offset ?? [], c.targets] where !part.isEmpty {
            try write(part, at: at, file: file)
            at += 8 * part.count
        }
        offsets.append(start)
        chunkRows.append(c.x.rows)
        end = at
    }

    private func write(_ a: [Double], at offset: Int, file: String) throws {
        try a.withUnsafeBytes { b in
            try repeatUntilDone(b.count, { pwrite(fd, b.baseAddress! + $0, b.count - $0, off_t(offset + $0)) },
                                failure: { SpillError.writeFailed(file: file, directory: directory, reason: $0) })
        }
    }

    private func read(count: Int, at offset: Int, file: String) throws -> [Double] {
        var a = [Double](repeating: 0, count: count)
        try a.withUnsafeMutableBytes { b in
            try repeatUntilDone(b.count, { pread(fd, b.baseAddress! + $0, b.count - $0, off_t(offset + $0)) },
                                failure: { SpillError.readFailed(file: file, directory: directory, reason: $0) })
        }
        return a
    }

    /// pread and pwrite may move fewer bytes than asked or be interrupted (EINTR): call `step(done)`
    /// until all `count` bytes moved; a call that moves nothing otherwise is the failure.
    /// `failure` gets the system's error text (or "end of file" for a read or write that moved nothing).
    private func repeatUntilDone(_ count: Int, _ step: (Int) -> Int, failure: (String) -> SpillError) throws {
        var done = 0
        while done < count {
            let n = step(done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure(n < 0 ? String(cString: strerror(errno)) : "no bytes moved (end of file or disk full)") }
            done += n
        }
    }

    var bytes: Int { lock.lock(); defer { lock.unlock() }; return end }

    /// Chunk k, and the byte offset where it ends in the copy.
    func chunk(_ k: Int, file: String) throws -> (RowChunk, bytesEnd: Int) {
        let n = chunkRows[k]
        var at = offsets[k]
        func next(_ count: Int) throws -> [Double] {
            defer { at += 8 * count }
            return try read(count: count, at: at, file: file)
        }
        let x = Matrix(rows: n, columns: columns, storage: try next(n * columns))
        let w = weighted ? try next(n) : nil
        let o = offset ? try next(n) : nil
        let y = try next(n)
        return (RowChunk(x: x, targets: y, weights: w, offset: o), at)
    }
}
