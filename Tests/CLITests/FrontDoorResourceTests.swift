import Foundation
import Testing
import HessianTestSupport

/// Designs beyond memory, inputs that are not regular files, a failing spill, signals, inputs that
/// change between passes, line ends, huge labels and model files.
@Suite struct FrontDoorResourceTests {

    /// `rows` rows of `g,x,y` with `levels` distinct text levels in g.
    static func factorCSV(rows: Int, levels: Int) -> String {
        var s = "g,x,y\n"
        s.reserveCapacity(rows * 24)
        for i in 0..<rows { s += "L\(i % levels),\((i * 37) % 101),\((i * 7919) % 1000)\n" }
        return s
    }

    // MARK: Designs that cannot fit in memory

    /// 200 000 rows × 50 000 levels is an 80 GB design: refused before it is allocated, naming the column.
    @Test func factorDesignBeyondMemory() throws {
        let dir = try CLI.directory(["data.csv": Self.factorCSV(rows: 200_000, levels: 50_000)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try FrontDoor.run("fit", ["--model", "least-squares", "--formula", "y ~ g + x", "--output", "m.json", "data.csv"], in: dir)
        try FrontDoor.expectOneLine(r, status: 65, ["data.csv: the design matrix (200000 rows × 50001 columns; column \"g\" has 50000 levels)",
                                                    "80.0 GB", "memory limit", "HESSIAN_MEMORY_LIMIT"], dir: dir, keep: ["data.csv"])
    }

    /// The same class of refusal under a small limit: in memory, streamed (chunk × p and p × p),
    /// multinomial classes and `C(x)` on distinct numbers.
    @Test(arguments: [
        (["--model", "least-squares", "--formula", "y ~ g + x"], "the design matrix (2000 rows × 1001 columns; column \"g\" has 1000 levels)"),
        (["--model", "least-squares", "--formula", "y ~ g + x", "--stream", "--chunk-rows", "1000"], "column \"g\" has 1000 levels"),
        (["--model", "least-squares", "--formula", "y ~ C(x)"], "column \"x\" has 101 levels"),
        (["--model", "multinomial", "--target", "g", "--features", "x"], "the class probabilities (2000 rows × 1000 classes in column \"g\")"),
        (["--model", "multinomial", "--target", "g", "--features", "x", "--stream"], "1000 classes in column \"g\""),
    ])
    func refusedUnderTheLimit(_ arguments: [String], _ fragment: String) throws {
        let dir = try CLI.directory(["data.csv": Self.factorCSV(rows: 2000, levels: 1000)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try FrontDoor.run("fit", arguments + ["--output", "m.json", "data.csv"], in: dir,
                                  environment: ["HESSIAN_MEMORY_LIMIT": "1M"])
        try FrontDoor.expectOneLine(r, status: 65, [fragment, "HESSIAN_MEMORY_LIMIT=1M"], dir: dir, keep: ["data.csv"])
    }

    @Test func invalidLimitIsAUsageError() throws {
        let dir = try CLI.directory(["data.csv": "x,y\n1,2\n2,1\n3,5\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try FrontDoor.run("fit", ["--model", "least-squares", "--formula", "y ~ x", "data.csv"], in: dir,
                                  environment: ["HESSIAN_MEMORY_LIMIT": "lots"])
        try FrontDoor.expectOneLine(r, status: 64, ["HESSIAN_MEMORY_LIMIT=\"lots\" is not a size"], dir: dir, keep: ["data.csv"])
    }

    // MARK: Inputs that are not regular files

    @Test(arguments: [false, true])
    func fifoIsRefusedAtOnce(_ stream: Bool) throws {
        let dir = try CLI.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mkfifo(dir.appendingPathComponent("data.csv").path, 0o600) == 0)
        let r = try FrontDoor.run("fit", ["--model", "least-squares", "data.csv"] + (stream ? ["--stream"] : []), in: dir, timeout: 20)
        try FrontDoor.expectOneLine(r, status: 66, ["data.csv: cannot read: it is a FIFO (named pipe) or pipe, not a regular file"],
                                    dir: dir, keep: ["data.csv"])
    }

    @Test(arguments: [("/dev/zero", "a character device"), (".", "a directory")])
    func specialFilesAreNamed(_ path: String, _ kind: String) throws {
        let dir = try CLI.directory(["data.csv": "x,y\n1,2\n2,1\n3,5\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        for arguments in [["fit", "--model", "least-squares", path], ["fit", "--model", "least-squares", "--stream", path],
                          ["predict", "--model-file", path, "data.csv"]] {
            let r = try FrontDoor.run(arguments[0], Array(arguments.dropFirst()), in: dir, timeout: 20)
            try FrontDoor.expectOneLine(r, status: 66, ["\(path): cannot read: it is \(kind)"], dir: dir, keep: ["data.csv"])
        }
    }

    @Test func oversizedModelFileIsRefusedBeforeReading() throws {
        let dir = try CLI.directory(["data.csv": "x,y\n1,2\n2,1\n3,5\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        // A sparse 300 MB file: its size alone decides.
        let path = dir.appendingPathComponent("model.json").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, 300_000_000) == 0)
        let r = try FrontDoor.run("predict", ["--model-file", "model.json", "data.csv"], in: dir, timeout: 20)
        try FrontDoor.expectOneLine(r, status: 65, ["model.json: the model file is 300000000 bytes, more than the limit of 268435456 bytes"],
                                    dir: dir, keep: ["data.csv", "model.json"])
    }

    // MARK: The spill of --stream

    static let logisticCSV: String = {
        var s = "a,b,y\n"
        for i in 0..<20_000 { s += "\((i * 37) % 101),\((i * 53) % 89),\((i * 7919) % 3 == 0 ? 1 : 0)\n" }
        return s
    }()

    @Test func missingTemporaryDirectory() throws {
        let dir = try CLI.directory(["data.csv": Self.logisticCSV])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try FrontDoor.run("fit", ["--model", "logistic", "--stream", "--output", "m.json", "data.csv"], in: dir,
                                  environment: ["TMPDIR": "/nonexistent-hessian-tmp"])
        try FrontDoor.expectOneLine(r, status: 74, ["data.csv: cannot create the temporary copy of the parsed chunks in /nonexistent-hessian-tmp",
                                                    "No such file or directory", "--no-spill"], dir: dir, keep: ["data.csv"])
    }

    /// A full disk, as a file-size limit: the write fails (EFBIG) instead of killing the command.
    @Test func spillThatCannotBeWritten() throws {
        let dir = try CLI.directory(["data.csv": Self.logisticCSV])
        defer { try? FileManager.default.removeItem(at: dir) }
        let fit = CLI.products.appendingPathComponent("fit").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // 64 blocks: the CSV (≈ 200 kB) is read, the ≈ 480 kB spill cannot be written.
        process.arguments = ["-c", "ulimit -f 64; exec \"$0\" --model logistic --stream --chunk-rows 1000 --output m.json data.csv 2>err", fit]
        process.currentDirectoryURL = dir
        try process.run()
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: dir.appendingPathComponent("err"), encoding: .utf8)) ?? ""
        #expect(process.terminationReason == .exit && process.terminationStatus == 74, "\(process.terminationStatus): \(stderr)")
        #expect(stderr.contains("writing the temporary copy of the parsed chunks in") && stderr.contains("--no-spill"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.json").path))
    }

    // MARK: Signals

    /// SIGQUIT ends the fit like SIGINT: no crash report, no report, no --output.
    @Test func sigquitEndsTheFit() throws {
        // A fit that runs for minutes: every evaluation parses the whole file again in small chunks.
        var s = "a,y\n"
        for i in 0..<30_000 { s += "\((i * 37) % 101),\((i * 7919) % 3 == 0 ? 1 : 0)\n" }
        let dir = try CLI.directory(["data.csv": s])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try FrontDoor.run("fit", ["--model", "logistic", "--stream", "--no-spill", "--chunk-rows", "100", "--solver", "gradient-descent",
                                          "--tol", "0", "--max-iter", "100000000", "--output", "m.json", "data.csv"], in: dir, timeout: 60) { pid in
            usleep(1_500_000)
            kill(pid, SIGQUIT)
        }
        #expect(!r.timedOut)
        #expect(r.status == 131, "\(r.reason) \(r.status)")
        #expect(!r.stderr.contains("Program crashed") && !r.stderr.contains("Backtrace"), "\(r.stderr.prefix(300))")
        #expect(r.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.json").path))
    }

    // MARK: Streams

    /// Lone `\r` line ends: the same fit in memory and with --stream.
    @Test(arguments: [1, 3, 1000])
    func carriageReturnLineEndsStream(_ chunkRows: Int) throws {
        let rows = ["x,y", "1,2.5", "2,2.9", "3,4.2", "4,4.8", "5,6.1", "6,7.3"]
        let dir = try CLI.directory(["data.csv": rows.joined(separator: "\r") + "\r"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let memory = try CLI.fit(["--model", "least-squares", "--format", "json", "data.csv"], in: dir)
        let streamed = try CLI.fit(["--model", "least-squares", "--format", "json", "--stream", "--chunk-rows", "\(chunkRows)", "data.csv"], in: dir)
        #expect(memory.status == 0, "\(memory.stderr)")
        #expect(streamed.status == 0, "\(streamed.stderr)")
        let a = try CLI.json(memory.stdout), b = try CLI.json(streamed.stdout)
        #expect(a["rows"] as? Int == 6 && b["rows"] as? Int == 6)
        expectClose(numbers(b["coefficients"]), numbers(a["coefficients"]), relative: 1e-10)
    }

    /// A file that changes between the passes of --stream --no-spill is reported as changed.
    @Test func inputChangedBetweenPasses() throws {
        var s = "a,y\n"
        for i in 0..<30_000 { s += "\((i * 37) % 101),\((i * 7919) % 3 == 0 ? 1 : 0)\n" }
        let dir = try CLI.directory(["data.csv": s])
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("data.csv").path
        let r = try FrontDoor.run("fit", ["--model", "logistic", "--stream", "--no-spill", "--chunk-rows", "500", "--max-iter", "100000",
                                          "--solver", "gradient-descent", "--tol", "0", "--output", "m.json", "data.csv"], in: dir) { _ in
            usleep(1_500_000)
            if let h = FileHandle(forWritingAtPath: path) { h.seekToEndOfFile(); h.write(Data("1,0\n".utf8)); try? h.close() }
        }
        try FrontDoor.expectOneLine(r, status: 66, ["data.csv: the file changed (size or modification time) between two passes"],
                                    dir: dir, keep: ["data.csv"])
    }

    // MARK: Reports and model files

    /// A 5000-character level does not pad every line of the text report to its width.
    @Test func hugeLevelIsCutInTheReport() throws {
        let long = String(repeating: "w", count: 5000)
        var s = "g,x,y\n"
        for i in 0..<40 { s += "\(i % 2 == 0 ? long : "short"),\(i),\((i * 7919) % 13)\n" }
        let dir = try CLI.directory(["data.csv": s])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.fit(["--model", "least-squares", "--formula", "y ~ g + x", "data.csv"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let widest = r.stdout.split(separator: "\n").map(\.count).max() ?? 0
        #expect(widest < 200, "a report line has \(widest) characters")
        #expect(r.stdout.contains("g[T." + String(repeating: "w", count: 20)) && r.stdout.contains("…"))
        let json = try CLI.fit(["--model", "least-squares", "--formula", "y ~ g + x", "--format", "json", "data.csv"], in: dir)
        #expect((try CLI.json(json.stdout)["features"] as? [String])?.contains { $0.count > 5000 } == true)
    }

    /// A model with "intercept": false whose features start with "intercept" (fitted with
    /// --no-intercept on a column of that name) blames the model file when the data lack it.
    @Test func interceptFlagContradictionBlamesTheModelFile() throws {
        let dir = try CLI.directory(["train.csv": "intercept,x,y\n1,1,2\n1,2,3.5\n1,3,4.1\n1,4,6\n", "data.csv": "x\n1\n2\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let fitted = try CLI.fit(["--model", "least-squares", "--no-intercept", "--output", "model.json", "train.csv"], in: dir)
        #expect(fitted.status == 0, "\(fitted.stderr)")
        let r = try FrontDoor.run("predict", ["--model-file", "model.json", "data.csv"], in: dir)
        try FrontDoor.expectOneLine(r, status: 65, ["predict: model.json: \"intercept\" is false but \"features\" starts with \"intercept\"",
                                                    "data.csv has no column of that name"], dir: dir, keep: ["model.json", "data.csv", "train.csv"])
    }
}
