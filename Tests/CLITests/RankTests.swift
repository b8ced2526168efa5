import Foundation
import Testing

/// Issue 9 §4(a): the collinearity check is scale-free. Features around 1e-12 or 1e12 that
/// numpy solves to full accuracy fit (coefficients equal numpy's lstsq), and dependence is
/// still found and named at those scales. References: Tests/References/record_rank_references.py.
@Suite struct RankTests {
    struct Case: @unchecked Sendable, CustomTestStringConvertible {
        var record: [String: Any]
        var testDescription: String { record["name"] as! String }
    }

    static let cases: [Case] = {
        let url = CLI.root.appendingPathComponent("Tests/References/Checks/rank_scaled_features.json")
        guard let data = try? Data(contentsOf: url), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = object["cases"] as? [[String: Any]] else { return [] }
        return cases.map { Case(record: $0) }
    }()

    /// The case as CSV: every double written in Swift's shortest round-trip form.
    func csv(_ c: [String: Any]) -> String {
        let order = c["order"] as! [String]
        let columns = c["columns"] as! [String: [Double]]
        let y = c["y"] as! [Double]
        var text = (order + ["y"]).joined(separator: ",") + "\n"
        for i in y.indices { text += (order.map { "\(columns[$0]![i])" } + ["\(y[i])"]).joined(separator: ",") + "\n" }
        return text
    }

    @Test func referencesAreThere() { #expect(Self.cases.count == 7) }

    @Test(arguments: cases)
    func agreesWithNumpy(_ c: Case) throws {
        let dir = try CLI.directory(["d.csv": csv(c.record)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.fit(["--model", "least-squares", "--format", "json", "d.csv"], in: dir)
        if let beta = c.record["numpy_lstsq"] as? [Double] {
            #expect(r.status == 0, "\(c.testDescription): \(r.stderr)")
            let fitted = try CLI.json(r.stdout)["coefficients"] as? [Double] ?? []
            #expect(fitted.count == beta.count)
            let tolerance = c.record["tolerance"] as! Double
            for (a, b) in zip(fitted, beta) {
                #expect(abs(a - b) <= tolerance * abs(b), "\(c.testDescription): \(fitted) vs numpy \(beta)")
            }
        } else {
            let dependent = c.record["dependent"] as! [String]
            #expect(r.status == 4, "\(c.testDescription): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
            for name in dependent { #expect(r.stderr.contains("\"\(name)\""), "\(c.testDescription): \(r.stderr)") }
            #expect(r.stderr.contains("collinear"))
            #expect(!r.stderr.contains("\"d\""), "\(r.stderr)")
        }
    }
}
