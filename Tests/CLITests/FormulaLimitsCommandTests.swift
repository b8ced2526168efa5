import Foundation
import HessianTestSupport
import Testing

/// `fit --formula` at the front door: formulas that nest deeply, chain 25,000 terms, ask for a
/// huge power or too many terms end in a fit or a one-line usage error (64), never a crash or a
/// hang.
@Suite struct FormulaLimitsCommandTests {
    static let csv: String = {
        var lines = ["x,a,y"]
        for r in 0..<12 {
            let x = Double(r) * 0.5, a = Double(r % 5)
            let y: Double = 1 + x + 2 * a + Double((r * 11) % 3) * 0.1
            let cells: [String] = ["\(x)", "\(a)", "\(y)"]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    func fit(_ formula: String, _ csv: String = Self.csv) throws -> CLI.Result {
        let dir = try CLI.directory(["data.csv": csv])
        return try CLI.fit(["--model", "least-squares", "--formula", formula, "--format", "json", "data.csv"], in: dir)
    }

    func expectUsageError(_ result: CLI.Result, _ message: String) {
        #expect(result.status == 64, "\(result.stderr.prefix(300))")
        #expect(result.stderr.hasPrefix("fit: --formula: " + message), "\(result.stderr.prefix(300))")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test func deepNestingIsAOneLineUsageError() throws {
        let formula = "y ~ " + String(repeating: "(", count: 20_000) + "x" + String(repeating: ")", count: 20_000)
        expectUsageError(try fit(formula), "the formula nests deeper than 200 levels (parentheses, calls, signs) at position 205")
        let minus = "y ~ " + String(repeating: "- ", count: 20_000) + "1"
        expectUsageError(try fit(minus), "the formula nests deeper than 200 levels (parentheses, calls, signs) at position 405")
    }

    /// A 100 kB formula of 25,000 terms fits like its one distinct term.
    @Test(arguments: [" + ", ":", "*"])
    func flatChainOf25000TermsFitsLikeOneTerm(_ op: String) throws {
        let long = try fit("y ~ " + [String](repeating: "x", count: 25_000).joined(separator: op))
        let short = try fit("y ~ x")
        #expect(long.status == 0 && short.status == 0, "\(long.stderr.prefix(300))")
        let a = try CLI.json(long.stdout), b = try CLI.json(short.stdout)
        #expect(a["features"] as? [String] == ["intercept", "x"])
        expectClose(numbers(a["coefficients"]), numbers(b["coefficients"]), relative: 1e-12)
    }

    @Test(arguments: [("y ~ (x + a)**1e300", "\"**\" power 1e300 is larger than 1000 at position 14"),
                      ("y ~ x**1e19", "\"**\" power 1e19 is larger than 1000 at position 8")])
    func hugePowerIsAOneLineUsageError(_ formula: String, _ message: String) throws {
        expectUsageError(try fit(formula), message)
    }

    @Test(.timeLimit(.minutes(1)))
    func allInteractionsOf24ColumnsAreRefused() throws {
        let names = (0..<24).map { "c\($0)" }
        var lines = [(names + ["y"]).joined(separator: ",")]
        for r in 0..<30 {
            lines.append((0..<25).map { j in String(Double((r * 31 + j * 17) % 23)) }.joined(separator: ","))
        }
        let csv = lines.joined(separator: "\n") + "\n"
        expectUsageError(try fit("y ~ (.)**24", csv), "the formula expands to more than 10000 terms at position 8")
    }
}
