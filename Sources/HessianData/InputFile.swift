import Foundation

/// The checks every input path gets before it is opened.
public enum InputFile {
    /// The kind of what `path` names after following symlinks: nil for a regular file.
    /// - Throws: ``DataError/fileNotFound(file:)`` when nothing is there.
    public static func kind(_ path: String, source: String) throws -> FileKind? {
        var s = stat()
        guard stat(path, &s) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw DataError.fileNotFound(file: source) }
            throw DataError.unreadable(file: source, reason: String(cString: strerror(errno)))
        }
        switch s.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return .directory
        case S_IFIFO: return .fifo
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        case S_IFSOCK: return .socket
        default: return .other
        }
    }

    /// Throws unless `path` is an existing regular file (or a symlink to one).
    /// - Throws: ``DataError/fileNotFound(file:)`` or ``DataError/notARegularFile(file:kind:)``.
    public static func requireRegular(_ path: String, source: String) throws {
        if let k = try kind(path, source: source) { throw DataError.notARegularFile(file: source, kind: k) }
    }

    /// The size and modification time of an open file, to tell whether it changed between passes.
    public struct Stamp: Equatable, Sendable {
        let size: Int64
        let seconds: Int
        let nanoseconds: Int

        /// The stamp of descriptor `fd`, or nil when fstat fails.
        public init?(descriptor fd: Int32) {
            var s = stat()
            guard fstat(fd, &s) == 0 else { return nil }
            size = Int64(s.st_size)
            seconds = Int(s.st_mtim.tv_sec)
            nanoseconds = Int(s.st_mtim.tv_nsec)
        }

        /// The stamp of the file at `path`, or nil when stat fails.
        public init?(path: String) {
            var s = stat()
            guard stat(path, &s) == 0 else { return nil }
            size = Int64(s.st_size)
            seconds = Int(s.st_mtim.tv_sec)
            nanoseconds = Int(s.st_mtim.tv_nsec)
        }
    }
}
