import Foundation
import HessianTestSupport
import Testing

/// `fit --formula` with columns literally named like expressions (`C(g)`, `I(x)`, `a:b`): written
/// back-quoted they are their own columns, with back-quoted names, next to the expressions.
@Suite struct FormulaNamesCommandTests {
    static let csv: String = {
        var lines = ["x,g,C(g),I(x),a,b,a:b,y"]
        for r in 0..<12 {
            let x = Double(r) * 0.5, a = Double(r % 5), b = Double((r * 7) % 4)
            let y: Double = 1 + x + a * b + Double((r * 11) % 3) * 0.1
            let cells: [String] = ["\(x)", ["p", "q", "r"][r % 3], "\(r % 2)", "\(Double((r * 5) % 7))",
                                   "\(a)", "\(b)", "\(Double((r * 3) % 5))", "\(y)"]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    func fit(_ formula: String, _ csv: String = Self.csv) throws -> CLI.Result {
        let dir = try CLI.directory(["data.csv": csv])
        return try CLI.fit(["--model", "least-squares", "--formula", formula, "--format", "json", "data.csv"], in: dir)
    }

    /// Each pair fits as two columns, with the coefficients of the same data whose back-quoted
    /// column is renamed to a plain identifier.
    @Test(arguments: [
        ("y ~ C(g) + `C(g)`", "C(g)", ["intercept", "C(g)[T.q]", "C(g)[T.r]", "`C(g)`"]),
        ("y ~ I(x) + `I(x)`", "I(x)", ["intercept", "I(x)", "`I(x)`"]),
        ("y ~ a:b + `a:b`", "a:b", ["intercept", "a:b", "`a:b`"]),
    ])
    func backQuotedColumnSpelledLikeAnExpressionIsItsOwnColumn(_ formula: String, _ column: String, _ features: [String]) throws {
        let result = try fit(formula)
        #expect(result.status == 0, "\(result.stderr)")
        let header = Self.csv.prefix { $0 != "\n" }
        let renamed = Self.csv.replacingOccurrences(of: header, with: header.replacingOccurrences(of: ",\(column),", with: ",renamed,"))
        let reference = try fit(formula.replacingOccurrences(of: "`\(column)`", with: "renamed"), renamed)
        #expect(reference.status == 0, "\(reference.stderr)")
        let a = try CLI.json(result.stdout), b = try CLI.json(reference.stdout)
        #expect(a["features"] as? [String] == features)
        #expect(numbers(a["coefficients"]).count == features.count)
        expectClose(numbers(a["coefficients"]), numbers(b["coefficients"]), relative: 1e-10)
    }
}
