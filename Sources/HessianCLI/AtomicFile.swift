import Foundation
import Hessian

/// Writes an output file so that readers see either the old file or the complete new one,
/// never a partial one, and so that no input is ever destroyed:
///
/// - The path is refused when it ends in "/", when it exists and is not a regular file
///   (directory, FIFO, device, socket), or when it is the same file as an input (same device
///   and inode after following symlinks, so another name, `./x`, a hard link or a symlink to
///   the input are all caught).
/// - A symlink is followed to its final target, and that target is replaced atomically in the
///   target's own directory; the symlink itself stays.
/// - The bytes go to a temporary file `.hessian-XXXXXX` (fixed length, so within NAME_MAX for
///   any output name) created by mkstemp in that directory (same file system), are flushed
///   with fsync, get the permission bits of the file being replaced (new files: 0666 less the
///   umask), and the temporary file is renamed over the target (rename(2) is atomic). On any
///   failure the temporary file is removed and the old file is untouched.
enum AtomicFile {
    /// Checks that `path` may be written without writing it (run before the work that
    /// produces the bytes, so a doomed output fails fast). Returns the resolved target.
    @discardableResult
    static func check(_ path: String, inputs: [String]) throws -> String {
        guard !path.isEmpty else { throw failure(path, "the output path is empty") }
        guard !path.hasSuffix("/") else { throw failure(path, "the output path ends in \"/\" (a directory); give a file name") }
        let target = try resolveSymlinks(path)
        var st = stat()
        if stat(target, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFREG else {
                throw failure(path, "exists and is \(kind(st.st_mode)), not a regular file; refusing to replace it")
            }
            for input in inputs {
                var s = stat()
                if stat(input, &s) == 0 && s.st_dev == st.st_dev && s.st_ino == st.st_ino {
                    throw failure(path, "is the input file \(input); refusing to overwrite an input")
                }
            }
        } else if errno != ENOENT {
            throw failure(path, "cannot write: \(String(cString: strerror(errno)))")
        }
        return target
    }

    static func write(_ data: Data, to path: String, inputs: [String]) throws {
        let target = try check(path, inputs: inputs)
        let directory = (target as NSString).deletingLastPathComponent
        var template = Array(((directory.isEmpty ? "." : directory) + "/.hessian-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw failure(path, "cannot create a file in \(directory.isEmpty ? "." : directory): \(String(cString: strerror(errno)))")
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        var st = stat()
        let mode: mode_t
        if stat(target, &st) == 0 {
            mode = st.st_mode & 0o7777
        } else {
            let mask = umask(0)
            umask(mask)
            mode = 0o666 & ~mask
        }
        var problem: String? = nil
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 { offset += n; continue }
                if n < 0 && errno == EINTR { continue }
                problem = n < 0 ? String(cString: strerror(errno)) : "nothing written"
                return
            }
        }
        if problem == nil && fchmod(fd, mode) != 0 { problem = String(cString: strerror(errno)) }
        if problem == nil && fsync(fd) != 0 { problem = String(cString: strerror(errno)) }
        if close(fd) != 0 && problem == nil { problem = String(cString: strerror(errno)) }
        if let problem { throw failure(path, "cannot write: \(problem)") }
        // The target may have changed while the bytes were produced: check once more.
        try check(path, inputs: inputs)
        guard rename(temporary, target) == 0 else { throw failure(path, "cannot write: \(String(cString: strerror(errno)))") }
        committed = true
    }

    /// Follows symlinks at the last component (relative ones against the link's directory),
    /// up to 40 levels as the kernel does, to the path that rename must replace.
    static func resolveSymlinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n >= 0 else { throw failure(path, "cannot read the symlink: \(String(cString: strerror(errno)))") }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
        }
        throw failure(path, "too many levels of symbolic links")
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    static func failure(_ path: String, _ reason: String) -> CLIError {
        CLIError(description: "\(SafeText.path(path)): \(reason)", status: .cannotCreate)
    }
}
