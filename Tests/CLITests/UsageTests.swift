import Foundation
import Testing

/// Issue 9 §4(d): negative option values get the real message, every usage error is one line
/// with the command's prefix, and `--version` exists.
@Suite struct UsageTests {
    static let data = "a,y\n1,0\n2,1\n3,0\n4,1\n5,1\n2,0\n"

    @Test(arguments: [
        (["--l2", "-1"], "fit: --l2 must be ≥ 0"),
        (["--max-iter", "-5"], "fit: --max-iter must be ≥ 0"),
        (["--tol", "-1"], "fit: --tol must be ≥ 0"),
        (["--l2", "nan"], "fit: --l2 must be a finite number"),
        (["--l2", "abc"], "fit: The value 'abc' is invalid for '--l2"),
        (["--bogus"], "fit: "),
        (["--model", "probit"], "fit: The value 'probit' is invalid for '--model"),
        (["--solver", "adam"], "fit: The value 'adam' is invalid for '--solver"),
        (["--format", "xml"], "fit: The value 'xml' is invalid for '--format"),
    ])
    func usageErrorsAreOneLine(_ extra: [String], _ expected: String) throws {
        let dir = try CLI.directory(["d.csv": Self.data])
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = (extra.contains("--model") ? [] : ["--model", "logistic"]) + extra + ["d.csv"]
        let r = try CLI.fit(args, in: dir)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix(expected), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func predictUsageErrorIsOneLine() throws {
        let r = try CLI.predict(["--bogus", "x.csv"])
        #expect(r.status == 64)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("predict: "), "\(r.stderr)")
    }

    @Test func versionIsTheLibraryVersion() throws {
        let fit = try CLI.fit(["--version"]), predict = try CLI.predict(["--version"])
        let bench = try CLI.run("hessian-bench", ["--version"], in: nil)
        for r in [fit, predict, bench] {
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(r.stdout)")
        }
        #expect(fit.stdout == predict.stdout && fit.stdout == bench.stdout)
    }
}
