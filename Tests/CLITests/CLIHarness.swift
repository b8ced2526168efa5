import Foundation
import Testing

/// Runs the built `fit` and `predict` executables (the products `swift build` / `swift test`
/// put next to the test bundle) and captures their output and exit status.
enum CLI {
    /// The repository root, from this file's path (Tests/CLITests/CLIHarness.swift).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The build products directory: where the test bundle itself was built.
    static let products: URL = {
        var candidates: [URL] = []
        if let argument = CommandLine.arguments.first {
            var url = URL(fileURLWithPath: argument).resolvingSymlinksInPath()
            // The test runner may be inside a bundle directory (…/debug/X.xctest/…): walk up.
            for _ in 0..<4 {
                url = url.deletingLastPathComponent()
                candidates.append(url)
            }
        }
        candidates.append(Bundle.main.bundleURL)
        candidates.append(root.appendingPathComponent(".build/debug"))
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.appendingPathComponent("fit").path) {
            return c
        }
        return root.appendingPathComponent(".build/debug")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Whether the process exited or was ended by a signal.
        var reason: Process.TerminationReason = .exit
        /// Whether `timeout` ran out and the process was killed.
        var timedOut = false
    }

    static func fit(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        try run("fit", arguments, in: directory)
    }

    static func predict(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        try run("predict", arguments, in: directory)
    }

    /// Runs a built executable with `environment` added to this process's; with a `timeout` it is
    /// killed after that many seconds. `whileRunning` is called with its process id once it started
    /// (e.g. to send a signal).
    static func run(_ executable: String, _ arguments: [String], in directory: URL?, environment: [String: String] = [:],
                    timeout: Double? = nil, whileRunning: ((Int32) -> Void)? = nil) throws -> Result {
        let process = Process()
        process.executableURL = products.appendingPathComponent(executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        // Files, not pipes: no deadlock however much either stream holds.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        whileRunning?(process.processIdentifier)
        var timedOut = false
        if let timeout {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning {
                if Date() > deadline { timedOut = true; kill(process.processIdentifier, SIGKILL) }
                usleep(20_000)
            }
        }
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self),
                      reason: process.terminationReason, timedOut: timedOut)
    }

    /// A fresh temporary directory holding the given files.
    static func directory(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        return object
    }

    /// The reference files (*.json, sorted) in `directory` under Tests/References.
    static func referenceFiles(in directory: String = "") -> [String] {
        let dir = root.appendingPathComponent("Tests/References").appendingPathComponent(directory)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// One reference file's JSON object.
    static func reference(_ name: String, in directory: String = "") throws -> [String: Any] {
        let url = root.appendingPathComponent("Tests/References").appendingPathComponent(directory).appendingPathComponent(name)
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }
}

/// The numbers in a JSON value (a number or nested arrays of them), in order, for `expectClose`.
func numbers(_ x: Any?) -> [Double] {
    if let d = x as? Double { return [d] }
    if let n = x as? NSNumber { return [n.doubleValue] }
    if let array = x as? [Any] { return array.flatMap(numbers) }
    return []
}

extension CLI {
    /// Runs a recorded reference's `args` through `fit --format json`, expects exit 0 and the
    /// recorded feature names (and classes, when recorded), and returns the JSON output.
    static func fitReference(_ reference: [String: Any], name: String) throws -> [String: Any] {
        let arguments = try #require(reference["args"] as? [String])
        let result = try fit(arguments + ["--format", "json"])
        #expect(result.status == 0, "\(name): \(result.stderr)")
        let output = try json(result.stdout)
        #expect(output["features"] as? [String] == reference["features"] as? [String], "\(name)")
        if let classes = reference["classes"] as? [String] { #expect(output["classes"] as? [String] == classes, "\(name)") }
        return output
    }

    /// A `fit` run on bad input: the CSV (nil: the file does not exist), the options, the documented
    /// exit status and the fragments its one stderr line must hold.
    struct FailureCase: CustomTestStringConvertible, Sendable {
        var name: String
        var csv: String?
        var arguments: [String]
        var status: Int32
        var fragments: [String]
        var testDescription: String { name }
    }

    /// A fit that must fail cleanly: the status, exactly one stderr line holding every fragment, no
    /// crash text, nothing on stdout and no file left beside the input (`--output model.json` is asked).
    static func expectCleanFailure(_ c: FailureCase) throws {
        let dir = try directory(c.csv.map { ["data.csv": $0] } ?? [:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try fit(c.arguments + ["--output", "model.json", "data.csv"], in: dir)
        #expect(result.status == c.status, "\(c.name): status \(result.status), stderr: \(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(c.name): stderr has \(lines.count) lines: \(result.stderr)")
        for fragment in c.fragments { #expect(result.stderr.contains(fragment), "\(c.name): missing \(fragment) in \(result.stderr)") }
        for crash in ["Fatal error", "Stack dump", "Illegal instruction", "Segmentation"] { #expect(!result.stderr.contains(crash)) }
        #expect(result.stdout.isEmpty, "\(c.name)")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "data.csv" }
        #expect(left.isEmpty, "\(c.name): left behind \(left)")
    }
}
