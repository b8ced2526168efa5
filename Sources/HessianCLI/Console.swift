import Foundation
import Hessian

/// Standard output and standard error through write(2), so that a failed write (full disk,
/// `/dev/full`, a closed descriptor, EPIPE from a reader that went away) is an error the
/// command reports with exit status 74 instead of a trap inside `FileHandle.write`.
enum Console {
    /// Set when a write to standard error failed; the command then exits with 74 even if
    /// nothing else went wrong, since a diagnostic was lost.
    nonisolated(unsafe) static var errorStreamFailed = false

    /// One line on standard error (control characters escaped, so it stays one line whatever
    /// user data it quotes); a failure is recorded, not thrown (there is nowhere to report it).
    static func error(_ line: String) {
        if StandardStreams.isClosed(2) || StandardStreams.write(2, SafeText.path(line) + "\n") != nil { errorStreamFailed = true }
    }

    /// Standard output; throws a `CLIError` with status 74 when the bytes cannot all be written.
    static func output(_ text: String) throws {
        let failure = StandardStreams.isClosed(1) ? "Bad file descriptor" : StandardStreams.write(1, text)
        if let failure {
            throw CLIError(description: "cannot write to standard output: \(failure)", status: .ioError)
        }
    }
}

/// The process-wide setup of descriptors 0–2 for a command.
enum StandardStreams {
    nonisolated(unsafe) private static var closed: Set<Int32> = []

    /// Ignores SIGPIPE (a vanished reader becomes EPIPE from write, reported as an I/O error)
    /// and reserves any of descriptors 0–2 that the shell closed (`>&-`) with /dev/null, so
    /// that no file opened later lands on descriptor 1 and receives the report; writes to a
    /// stream found closed still fail as EBADF would.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        // SIGQUIT ends the command as SIGINT and SIGTERM do (no report, no --output), with the
        // shell's status for it, 128 + 3; the Swift runtime would otherwise print a crash report
        // for it and let the command carry on.
        signal(SIGQUIT) { _ in _exit(128 + SIGQUIT) }
        // A blocked signal mask is inherited across exec (test runners and some shells block
        // SIGQUIT): the three signals that end the command must reach it.
        var endSignals = sigset_t()
        sigemptyset(&endSignals)
        for s in [SIGINT, SIGTERM, SIGQUIT] { sigaddset(&endSignals, s) }
        pthread_sigmask(SIG_UNBLOCK, &endSignals, nil)
        // A file-size limit (ulimit -f) makes a write fail with EFBIG, reported as any failed
        // write, instead of killing the command halfway.
        signal(SIGXFSZ, SIG_IGN)
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let reserved = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if reserved >= 0 && reserved != fd { _ = dup2(reserved, fd); _ = close(reserved) }
            closed.insert(fd)
        }
    }

    static func isClosed(_ fd: Int32) -> Bool { closed.contains(fd) }

    /// Writes every byte (retrying short writes and EINTR); nil on success, else strerror.
    static func write(_ fd: Int32, _ text: String) -> String? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n > 0 { offset += n; continue }
                if n < 0 && errno == EINTR { continue }
                return n < 0 ? String(cString: strerror(errno)) : "nothing written"
            }
            return nil
        }
    }
}
