import Foundation
import Testing

/// Issue 9 §3: class labels distinct in the file stay distinct and print exactly as written;
/// the same number written twice ("1", "1.0") is one class, printed as first written.
@Suite struct LabelTests {
    @Test func longIntegerLabelsDoNotMerge() throws {
        var csv = "a,y\n"
        for (a, y) in [(1, "9007199254740993"), (2, "9007199254740992"), (3, "9007199254740993"), (4, "9007199254740992"),
                       (5, "9007199254740992"), (6, "9007199254740993"), (7, "9007199254740992")] { csv += "\(a),\(y)\n" }
        let dir = try CLI.directory(["d.csv": csv])
        defer { try? FileManager.default.removeItem(at: dir) }
        let fit = try CLI.fit(["--model", "logistic", "--format", "json", "--output", "m.json", "d.csv"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(try CLI.json(fit.stdout)["classes"] as? [String] == ["9007199254740992", "9007199254740993"])
        let predict = try CLI.predict(["--model-file", "m.json", "d.csv"], in: dir)
        #expect(predict.status == 0, "\(predict.stderr)")
        let labels = Set(predict.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) })
        #expect(labels.isSubset(of: ["9007199254740992", "9007199254740993"]), "\(labels)")
    }

    @Test func sameNumberWrittenTwiceIsOneClassPrintedAsWritten() throws {
        let csv = "a,y\n1,1.50\n2,2\n3,1.5\n4,2.0\n5,10\n6,1.5\n7,10\n8,2\n9,10.0\n"
        let dir = try CLI.directory(["d.csv": csv])
        defer { try? FileManager.default.removeItem(at: dir) }
        let fit = try CLI.fit(["--model", "multinomial", "--l2", "1", "--format", "json", "d.csv"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(try CLI.json(fit.stdout)["classes"] as? [String] == ["1.50", "2", "10"])
    }
}
