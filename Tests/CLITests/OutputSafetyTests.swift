import Foundation
import Testing

/// Issue 9 §2: failed writes to stdout/stderr are exit 74 with one line (never a trap), and
/// `--output` never destroys an input or a non-regular file.
@Suite struct OutputSafetyTests {
    static let data = "a,y\n1,0\n2,1\n3,0\n4,1\n5,1\n2,0\n"

    /// Runs an executable through /bin/sh with a redirection of its standard output.
    func shell(_ executable: String, _ arguments: [String], redirect: String, in dir: URL) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" \"$@\" \(redirect)", CLI.products.appendingPathComponent(executable).path] + arguments
        process.currentDirectoryURL = dir
        let err = dir.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let handle = try FileHandle(forWritingTo: err)
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        defer { try? FileManager.default.removeItem(at: err) }
        return CLI.Result(status: process.terminationStatus, stdout: "",
                          stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    func expectIOError(_ r: CLI.Result, _ prefix: String) {
        #expect(r.status == 74, "status \(r.status): \(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("\(prefix): cannot write to standard output"), "\(r.stderr)")
        for crash in ["Fatal error", "Stack dump", "Illegal instruction"] { #expect(!r.stderr.contains(crash)) }
    }

    func fitted(_ dir: URL) throws {
        let r = try CLI.fit(["--model", "logistic", "--output", "m.json", "d.csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func fullDiskIsExit74() throws {
        let dir = try CLI.directory(["d.csv": Self.data])
        defer { try? FileManager.default.removeItem(at: dir) }
        expectIOError(try shell("fit", ["--model", "logistic", "d.csv"], redirect: ">/dev/full", in: dir), "fit")
        try fitted(dir)
        expectIOError(try shell("predict", ["--model-file", "m.json", "d.csv"], redirect: ">/dev/full", in: dir), "predict")
        expectIOError(try shell("fit", ["--help"], redirect: ">/dev/full", in: dir), "fit")
    }

    @Test func closedStandardOutputIsExit74() throws {
        let dir = try CLI.directory(["d.csv": Self.data])
        defer { try? FileManager.default.removeItem(at: dir) }
        try fitted(dir)
        expectIOError(try shell("predict", ["--model-file", "m.json", "d.csv"], redirect: ">&-", in: dir), "predict")
        expectIOError(try shell("fit", ["--model", "logistic", "d.csv"], redirect: ">&-", in: dir), "fit")
        // The data file opened with descriptor 1 closed must not receive the report.
        #expect(try String(contentsOf: dir.appendingPathComponent("d.csv"), encoding: .utf8) == Self.data)
    }

    @Test func brokenPipeIsExit74() throws {
        let dir = try CLI.directory(["d.csv": Self.data])
        defer { try? FileManager.default.removeItem(at: dir) }
        try fitted(dir)
        // A reader that has gone away: the pipe's read end is closed before predict writes.
        let process = Process()
        process.executableURL = CLI.products.appendingPathComponent("predict")
        process.arguments = ["--model-file", "m.json", "d.csv"]
        process.currentDirectoryURL = dir
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        process.standardOutput = pipe.fileHandleForWriting
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "killed by a signal \(process.terminationStatus)")
        expectIOError(CLI.Result(status: process.terminationStatus, stdout: "", stderr: stderr), "predict")
    }

    @Test func failingStandardErrorIsNoCrash() throws {
        let dir = try CLI.directory(["d.csv": Self.data, "bad.csv": "a,y\n1,x\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        // The diagnostic is lost, but the status is still the data error's.
        #expect(try shell("fit", ["--model", "logistic", "bad.csv"], redirect: "2>/dev/full", in: dir).status == 65)
        // A successful fit whose --trace lines could not be written: 74, a diagnostic was lost.
        #expect(try shell("fit", ["--model", "logistic", "--trace", "d.csv"], redirect: ">/dev/null 2>/dev/full", in: dir).status == 74)
        #expect(try shell("fit", ["--model", "logistic", "--trace", "d.csv"], redirect: ">/dev/null 2>&-", in: dir).status == 74)
    }

    @Test func unknownOptionValuesAreEscaped() throws {
        let r = try CLI.fit(["--model", "lo\ngistic\u{1b}" + String(repeating: "z", count: 5000), "x.csv"])
        #expect(r.status == 64)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("lo\\ngistic\\u{1b}"), "\(r.stderr)")
        #expect(r.stderr.utf8.count < 300)
    }

    func expectRefused(_ r: CLI.Result, _ fragment: String) {
        #expect(r.status == 73, "status \(r.status): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains(fragment), "\(r.stderr)")
    }

    @Test func outputNeverReplacesAnInput() throws {
        let dir = try CLI.directory(["d.csv": Self.data])
        defer { try? FileManager.default.removeItem(at: dir) }
        expectRefused(try CLI.fit(["--model", "logistic", "--output", "d.csv", "d.csv"], in: dir), "refusing to overwrite an input")
        expectRefused(try CLI.fit(["--model", "logistic", "--output", "./d.csv", "d.csv"], in: dir), "refusing to overwrite an input")
        // A hard link and a symlink to the data are the same file under another name.
        try FileManager.default.linkItem(at: dir.appendingPathComponent("d.csv"), to: dir.appendingPathComponent("hard.csv"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("soft.csv").path, withDestinationPath: "d.csv")
        expectRefused(try CLI.fit(["--model", "logistic", "--output", "hard.csv", "d.csv"], in: dir), "refusing to overwrite an input")
        expectRefused(try CLI.fit(["--model", "logistic", "--output", "soft.csv", "d.csv"], in: dir), "refusing to overwrite an input")
        #expect(try String(contentsOf: dir.appendingPathComponent("d.csv"), encoding: .utf8) == Self.data)
        try fitted(dir)
        let model = try Data(contentsOf: dir.appendingPathComponent("m.json"))
        expectRefused(try CLI.predict(["--model-file", "m.json", "--output", "m.json", "d.csv"], in: dir), "refusing to overwrite an input")
        expectRefused(try CLI.predict(["--model-file", "m.json", "--output", "hard.csv", "d.csv"], in: dir), "refusing to overwrite an input")
        #expect(try Data(contentsOf: dir.appendingPathComponent("m.json")) == model)
        #expect(try String(contentsOf: dir.appendingPathComponent("d.csv"), encoding: .utf8) == Self.data)
    }

    @Test func nonRegularOutputsAreRefused() throws {
        let dir = try CLI.directory(["d.csv": Self.data])
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: false)
        #expect(mkfifo(dir.appendingPathComponent("fifo").path, 0o644) == 0)
        expectRefused(try CLI.fit(["--model", "logistic", "--output", "sub", "d.csv"], in: dir), "is a directory, not a regular file")
        expectRefused(try CLI.fit(["--model", "logistic", "--output", "fifo", "d.csv"], in: dir), "is a FIFO, not a regular file")
        expectRefused(try CLI.fit(["--model", "logistic", "--output", "/dev/null", "d.csv"], in: dir), "is a character device")
        expectRefused(try CLI.fit(["--model", "logistic", "--output", "new/", "d.csv"], in: dir), "ends in \"/\"")
        expectRefused(try CLI.fit(["--model", "logistic", "--output", "sub/", "d.csv"], in: dir), "ends in \"/\"")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["d.csv", "fifo", "sub"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sub").path).isEmpty)
    }

    @Test func replacedFileKeepsItsPermissions() throws {
        let dir = try CLI.directory(["d.csv": Self.data, "m.json": "old"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.json").path
        #expect(chmod(path, 0o640) == 0)
        try fitted(dir)
        var st = stat()
        #expect(stat(path, &st) == 0)
        #expect(st.st_mode & 0o7777 == 0o640)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"coefficients\""))
    }

    @Test func symlinkTargetIsReplacedInItsOwnDirectory() throws {
        let dir = try CLI.directory(["d.csv": Self.data])
        defer { try? FileManager.default.removeItem(at: dir) }
        let other = dir.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: false)
        try "old".write(to: other.appendingPathComponent("target.json"), atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.json").path,
                                                   withDestinationPath: "elsewhere/target.json")
        let r = try CLI.fit(["--model", "logistic", "--output", "link.json", "d.csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("link.json").path)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try String(contentsOf: other.appendingPathComponent("target.json"), encoding: .utf8).contains("\"coefficients\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: other.path) == ["target.json"])
    }

    @Test func longOutputNameStaysWithinNameMax() throws {
        let dir = try CLI.directory(["d.csv": Self.data])
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = String(repeating: "m", count: 255)
        let r = try CLI.fit(["--model", "logistic", "--output", name, "d.csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path))
    }

    @Test func messagesEscapeAndCutUserData() throws {
        let huge = String(repeating: "x", count: 1_000_000)
        let dir = try CLI.directory(["d.csv": "a,y\n1,0\n\(huge),1\n3,0\n", "e.csv": "a,y\n1,0\n\"b\u{1b}[31m\nc\",1\n3,0\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.fit(["--model", "least-squares", "d.csv"], in: dir)
        #expect(r.status == 65)
        #expect(r.stderr.utf8.count < 400, "\(r.stderr.utf8.count) bytes")
        #expect(r.stderr.contains("(1000000 bytes)"))
        let e = try CLI.fit(["--model", "least-squares", "e.csv"], in: dir)
        #expect(e.status == 65)
        #expect(e.stderr.split(separator: "\n").count == 1, "\(e.stderr)")
        #expect(!e.stderr.contains("\u{1b}"))
        #expect(e.stderr.contains("\"b\\u{1b}[31m\\nc\""), "\(e.stderr)")
    }
}
