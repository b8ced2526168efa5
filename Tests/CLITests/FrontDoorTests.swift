import Foundation
import Testing

/// Inputs that used to trap, hang or blame the wrong thing: every one now ends with one line
/// naming the cause, a documented status and no output file.
@Suite struct FrontDoorTests {
    typealias Case = CLI.FailureCase

    /// `n` rows of `x,y` with x = i and y = a pseudo-random value; `cell(i)` replaces x in row i
    /// (the 0-based data row) when it returns a text.
    static func numericCSV(rows n: Int, header: String = "x,y", cell: (Int) -> String? = { _ in nil }) -> String {
        var s = header + "\n"
        for i in 0..<n { s += (cell(i) ?? "\(i % 97)") + ",\((i * 7919) % 1000)\n" }
        return s
    }

    static let cases: [Case] = [
        // A numeric column with one typo is not read as a 400-level factor.
        Case(name: "stray text cell", csv: numericCSV(rows: 400) { $0 == 15 ? "oops" : nil },
             arguments: ["--model", "least-squares", "--formula", "y ~ x"], status: 65,
             fragments: ["data.csv: column \"x\" holds numbers except in 1 of its 400 cells", "row 17: \"oops\"", "C(x)"]),
        Case(name: "stray text cell (stream)", csv: numericCSV(rows: 400) { $0 == 15 ? "oops" : nil },
             arguments: ["--model", "least-squares", "--stream", "--chunk-rows", "50", "--formula", "y ~ x"], status: 65,
             fragments: ["data.csv: column \"x\" holds numbers except in 1 of its 400 cells", "row 17: \"oops\"", "C(x)"]),
        Case(name: "offset whose exponential overflows", csv: "x,o,y\n1,0,1\n2,1e300,3\n3,0,2\n4,0,5\n",
             arguments: ["--model", "poisson", "--offset", "o"], status: 65,
             fragments: ["data.csv: row 3, column \"o\": offset 1e+300 is too large", "overflows"]),
        Case(name: "offset whose exponential overflows (stream)", csv: "x,o,y\n1,0,1\n2,1e300,3\n3,0,2\n4,0,5\n",
             arguments: ["--model", "poisson", "--offset", "o", "--stream"], status: 65,
             fragments: ["data.csv: row 3, column \"o\": offset 1e+300 is too large", "overflows"]),
        Case(name: "weights whose sum overflows", csv: "x,w,y\n1,1e308,1\n2,1e308,3\n3,1,2\n4,1,5\n",
             arguments: ["--model", "poisson", "--weights", "w"], status: 65,
             fragments: ["data.csv: column \"w\": the sum of the frequency weights overflows"]),
        Case(name: "weights whose sum overflows (stream)", csv: "x,w,y\n1,1e308,1\n2,1e308,3\n3,1,2\n4,1,5\n",
             arguments: ["--model", "poisson", "--weights", "w", "--stream", "--chunk-rows", "1"], status: 65,
             fragments: ["data.csv: column \"w\": the sum of the frequency weights overflows"]),
        Case(name: "count above 2^53", csv: "x,y\n1,1e20\n2,3\n3,2\n4,5\n", arguments: ["--model", "poisson"], status: 65,
             fragments: ["data.csv: row 2, column \"y\"", "is not a count", "2^53 = 9007199254740992"]),
        Case(name: "--missing drop removes every row", csv: "x,y\nNA,1\n2,NA\n,3\n",
             arguments: ["--model", "least-squares", "--missing", "drop"], status: 65,
             fragments: ["data.csv: dropping the rows with a missing cell left out all 3 rows", "x: 2", "y: 1"]),
        Case(name: "--missing drop removes every row (stream)", csv: "x,y\nNA,1\n2,NA\n,3\n",
             arguments: ["--model", "least-squares", "--missing", "drop", "--stream"], status: 65,
             fragments: ["data.csv: dropping the rows with a missing cell left out all 3 rows", "x: 2", "y: 1"]),
        Case(name: "zero column from I(x - x)", csv: "x,z,y\n1,5,1\n2,3,3\n3,8,2\n4,1,5\n",
             arguments: ["--model", "least-squares", "--formula", "y ~ x + I(x-x)"], status: 4,
             fragments: ["data.csv: the Hessian is singular because column \"I(x - x)\" is all zeros"]),
        Case(name: "zero column (stream)", csv: "x,z,y\n1,0,1\n2,0,3\n3,0,2\n4,0,5\n",
             arguments: ["--model", "least-squares", "--stream"], status: 4,
             fragments: ["data.csv: the Hessian is singular because column \"z\" is all zeros"]),
    ]

    @Test(arguments: cases)
    func failsCleanly(_ c: Case) throws {
        try CLI.expectCleanFailure(c)
    }

    @Test func zeroColumnIsNotCalledCollinearWithTheIntercept() throws {
        let dir = try CLI.directory(["data.csv": "x,z,y\n1,0,1\n2,0,3\n3,0,2\n4,0,5\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        for extra in [[], ["--stream"]] {
            let r = try CLI.fit(["--model", "least-squares", "data.csv"] + extra, in: dir)
            #expect(r.status == 4)
            #expect(!r.stderr.contains("intercept"), "\(r.stderr)")
        }
    }
}

// MARK: - Process helpers with an environment, a time limit and signals

enum FrontDoor {
    typealias Outcome = CLI.Result

    /// `CLI.run` with a time limit of 60 s unless given.
    static func run(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:],
                    timeout: Double = 60, whileRunning: ((Int32) -> Void)? = nil) throws -> Outcome {
        try CLI.run(executable, arguments, in: directory, environment: environment, timeout: timeout, whileRunning: whileRunning)
    }

    /// One stderr line holding every fragment, no crash report, and nothing but `keep` left in `dir`.
    static func expectOneLine(_ r: Outcome, status: Int32, _ fragments: [String], dir: URL, keep: Set<String>,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!r.timedOut, "the command did not end", sourceLocation: sourceLocation)
        #expect(r.status == status, "status \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)", sourceLocation: sourceLocation)
        for f in fragments { #expect(r.stderr.contains(f), "missing \(f) in \(r.stderr)", sourceLocation: sourceLocation) }
        for crash in ["Fatal error", "Program crashed", "Backtrace"] { #expect(!r.stderr.contains(crash), sourceLocation: sourceLocation) }
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)).subtracting(keep)
        #expect(left.isEmpty, "left behind \(left)", sourceLocation: sourceLocation)
    }
}
