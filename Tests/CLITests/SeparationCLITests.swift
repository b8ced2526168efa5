import Foundation
import Testing

/// Issue 9 §4(b): fit refuses exactly the data sets an independent LP (scipy's linprog, recorded
/// by Tests/References/record_separation_references.py) proves separable, and fits the others.
/// Among them iris on its sepal features, a multinomial quasi-complete separation (setosa is
/// separated, versicolor and virginica overlap, so the LP direction has zero margin on their
/// rows), which the former Newton-continuation heuristic reported as "converged" with standard
/// errors of 10⁵.
@Suite struct SeparationCLITests {
    struct Case: @unchecked Sendable, CustomTestStringConvertible {
        var record: [String: Any]
        var testDescription: String { record["name"] as! String }
    }

    static let cases: [Case] = {
        let url = CLI.root.appendingPathComponent("Tests/References/Checks/separation_lp.json")
        guard let data = try? Data(contentsOf: url), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = object["cases"] as? [[String: Any]] else { return [] }
        return cases.map { Case(record: $0) }
    }()

    @Test(arguments: cases)
    func exitStatusFollowsTheCertificate(_ c: Case) throws {
        let dir = try CLI.directory((c.record["csv"] as? String).map { ["case.csv": $0] } ?? [:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = (c.record["dataset"] as? String).map { CLI.root.appendingPathComponent($0).path } ?? "case.csv"
        let r = try CLI.fit(["--model", c.record["model"] as! String, "--target", c.record["target"] as! String,
                             "--features", (c.record["features"] as! [String]).joined(separator: ","), "--summary", file], in: dir)
        if c.record["separable"] as! Bool {
            #expect(r.status == 4, "\(c.testDescription): \(r.stderr)")
            #expect(r.stderr.contains("complete or quasi-complete separation: the coefficients of"), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
            #expect(r.stdout.isEmpty)
        } else {
            #expect(r.status == 0, "\(c.testDescription): \(r.stderr)")
            #expect(r.stdout.contains("P>|z|"))
        }
    }
}
