import Foundation
import Testing

/// Issue 9 §4(c): --summary on a fit that did not converge shows no p-values and says why.
@Suite struct SummaryTests {
    static let data = "a,b,y\n1,5,0\n2,3,1\n3,4,0\n4,1,1\n5,2,1\n2,2,0\n3,1,0\n6,3,1\n"

    @Test func notConvergedFitHasNoPValues() throws {
        let dir = try CLI.directory(["d.csv": Self.data])
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try CLI.fit(["--model", "logistic", "--summary", "--max-iter", "1", "d.csv"], in: dir)
        #expect(text.status == 3, "\(text.stderr)")
        #expect(!text.stdout.contains("P>|z|"), "\(text.stdout)")
        #expect(!text.stdout.contains("std err"))
        #expect(text.stdout.contains("p-values and intervals are not reported: the solver did not converge"), "\(text.stdout)")
        let json = try CLI.fit(["--model", "logistic", "--summary", "--max-iter", "1", "--format", "json", "d.csv"], in: dir)
        #expect(json.status == 3)
        let object = try CLI.json(json.stdout)
        #expect(object["pValues"] == nil && object["standardErrors"] == nil && object["zValues"] == nil)
        let notes = object["notes"] as? [String] ?? []
        #expect(notes.contains { $0.contains("the solver did not converge") }, "\(notes)")
        // The same fit run to convergence does report them.
        let converged = try CLI.fit(["--model", "logistic", "--summary", "--format", "json", "d.csv"], in: dir)
        #expect(converged.status == 0, "\(converged.stderr)")
        #expect(try CLI.json(converged.stdout)["pValues"] != nil)
    }
}
