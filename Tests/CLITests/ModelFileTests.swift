import Foundation
import Testing

/// Issue 9 §3: predict validates every field of a model file (exit 65, one line, no output),
/// never printing NaN or ∞ or skipping the saved scaling.
@Suite struct ModelFileTests {
    static let data = "a,b,y\n1,5,0\n2,3,1\n3,4,0\n4,1,1\n5,2,1\n2,2,0\n3,1,0\n"
    static let threeClasses = "a,b,y\n1,5,p\n2,3,q\n3,4,r\n4,1,q\n5,2,p\n2,2,r\n3,1,q\n6,0,p\n"

    /// Fits, then edits the saved JSON and runs predict on it.
    func predictWithEdited(_ fitArguments: [String], csv: String, _ edit: (inout [String: Any]) -> Void) throws -> CLI.Result {
        let dir = try CLI.directory(["d.csv": csv])
        defer { try? FileManager.default.removeItem(at: dir) }
        let fit = try CLI.fit(fitArguments + ["--output", "m.json", "d.csv"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        var model = try CLI.json(String(decoding: try Data(contentsOf: dir.appendingPathComponent("m.json")), as: UTF8.self))
        edit(&model)
        try JSONSerialization.data(withJSONObject: model).write(to: dir.appendingPathComponent("m.json"))
        return try CLI.predict(["--model-file", "m.json", "d.csv"], in: dir)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var multinomial = false
        var fragment: String
        var edit: @Sendable (inout [String: Any]) -> Void
        var testDescription: String { name }
    }

    static let standardized = ["--model", "logistic", "--standardize"]
    static let cases: [Case] = [
        Case(name: "NaN coefficient", arguments: ["--model", "logistic"], fragment: "coefficient 2 (a) is nan, not a finite number") {
            var w = $0["coefficients"] as! [Any]; w[1] = "NaN"; $0["coefficients"] = w },
        Case(name: "infinite coefficient", arguments: ["--model", "least-squares"], fragment: "is inf, not a finite number") {
            var w = $0["coefficients"] as! [Any]; w[0] = "Infinity"; $0["coefficients"] = w },
        Case(name: "NaN in a multinomial row", arguments: ["--model", "multinomial", "--l2", "1"], multinomial: true,
             fragment: "of class 3 is nan") {
            var w = $0["coefficients"] as! [[Any]]; w[2][1] = "NaN"; $0["coefficients"] = w },
        Case(name: "NaN mean", arguments: standardized, fragment: "the mean of \"b\" is nan") {
            var m = $0["means"] as! [Any]; m[1] = "NaN"; $0["means"] = m },
        Case(name: "infinite std", arguments: standardized, fragment: "the std of \"a\" is inf") {
            var m = $0["stds"] as! [Any]; m[0] = "Infinity"; $0["stds"] = m },
        Case(name: "zero std", arguments: standardized, fragment: "the std of \"a\" is 0.0; it must be > 0") {
            var m = $0["stds"] as! [Any]; m[0] = 0; $0["stds"] = m },
        Case(name: "negative std", arguments: standardized, fragment: "the std of \"b\" is -1.0; it must be > 0") {
            var m = $0["stds"] as! [Any]; m[1] = -1; $0["stds"] = m },
        Case(name: "standardize without means", arguments: standardized, fragment: "\"standardize\" is true but \"means\" or \"stds\" is missing") {
            $0.removeValue(forKey: "means") },
        Case(name: "standardize without stds", arguments: standardized, fragment: "\"standardize\" is true but \"means\" or \"stds\" is missing") {
            $0.removeValue(forKey: "stds") },
        Case(name: "means without standardize", arguments: standardized, fragment: "\"standardize\" is false") {
            $0["standardize"] = false },
        Case(name: "short means", arguments: standardized, fragment: "\"means\" has 1 and \"stds\" 2 entries for 2 features") {
            $0["means"] = [1.0] },
        Case(name: "short coefficients", arguments: ["--model", "logistic"], fragment: "\"coefficients\" has 2 entries for 3 parameters") {
            $0["coefficients"] = [0.5, 1.0] },
        Case(name: "extra feature", arguments: ["--model", "least-squares"], fragment: "\"coefficients\" has 3 entries for 4 parameters") {
            $0["features"] = ["intercept", "a", "b", "y"] },
        Case(name: "intercept flag without its name", arguments: ["--model", "least-squares"], fragment: "does not start with \"intercept\"") {
            $0["features"] = ["a", "b", "y"] },
        Case(name: "multinomial rows for classes", arguments: ["--model", "multinomial", "--l2", "1"], multinomial: true,
             fragment: "\"coefficients\" has 3 rows for 2 classes") {
            $0["classes"] = ["p", "q"] },
        Case(name: "multinomial short row", arguments: ["--model", "multinomial", "--l2", "1"], multinomial: true,
             fragment: "row 2 has 2 entries for 3 parameters") {
            var w = $0["coefficients"] as! [[Any]]; w[1] = [1.0, 2.0]; $0["coefficients"] = w },
        Case(name: "duplicate class", arguments: ["--model", "logistic"], fragment: "class \"0\" is listed twice") {
            $0["classes"] = ["0", "0"] },
        Case(name: "logistic with three classes", arguments: ["--model", "logistic"], fragment: "logistic needs 2 classes, the file lists 3") {
            $0["classes"] = ["0", "1", "2"] },
        Case(name: "missing coefficients", arguments: ["--model", "logistic"], fragment: "the model file has no coefficients") {
            $0.removeValue(forKey: "coefficients") },
        Case(name: "missing field", arguments: ["--model", "logistic"], fragment: "field \"intercept\" is missing") {
            $0.removeValue(forKey: "intercept") },
        Case(name: "overflowing prediction", arguments: ["--model", "least-squares"], fragment: "overflows") {
            $0["coefficients"] = [1e308, 1e308, 1e308] },
    ]

    @Test(arguments: cases)
    func invalidModelFileIsExit65(_ c: Case) throws {
        let r = try predictWithEdited(c.arguments, csv: c.multinomial ? Self.threeClasses : Self.data, c.edit)
        #expect(r.status == 65, "\(c.name): status \(r.status): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(c.name): \(r.stderr)")
        #expect(r.stderr.hasPrefix("predict: m.json: "), "\(c.name): \(r.stderr)")
        #expect(r.stderr.contains(c.fragment), "\(c.name): \(r.stderr)")
        #expect(r.stdout.isEmpty, "\(c.name): \(r.stdout)")
    }

    @Test func untouchedModelStillPredicts() throws {
        let r = try predictWithEdited(Self.standardized, csv: Self.data) { _ in }
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("nan") && !r.stdout.contains("inf"))
    }
}

extension ModelFileTests {
    /// A data column named "intercept" is a feature like any other, with or without the intercept.
    @Test func columnNamedInterceptIsValid() throws {
        let csv = "intercept,b,y\n1,5,0\n2,3,1\n3,4,0\n4,1,1\n5,2,1\n2,2,0\n3,1,0\n"
        for extra in [["--no-intercept"], []] {
            let r = try predictWithEdited(["--model", "logistic"] + extra, csv: csv) { _ in }
            #expect(r.status == 0, "\(extra): \(r.stderr)")
        }
    }
}
