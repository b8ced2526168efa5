import Foundation

/// Writes a file so that readers see either the old file or the complete new one, never a
/// partial one: the bytes go to a temporary file in the same directory (same file system),
/// which is then renamed over the target (rename(2) is atomic). On failure the temporary file
/// is removed, so nothing is left behind.
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                let reason = String(cString: strerror(errno))
                throw CLIError(description: "\(path): cannot write: \(reason)", status: .cannotCreate)
            }
        } catch let e as CLIError {
            try? FileManager.default.removeItem(at: temporary)
            throw e
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CLIError(description: "\(path): cannot write: \(error.localizedDescription)", status: .cannotCreate)
        }
    }
}
