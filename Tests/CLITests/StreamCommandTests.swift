import Foundation
import HessianTestSupport
import Testing

/// `fit --stream`: the same model file as the in-memory fit, the passes noted, errors from a later
/// chunk with the file's line, nothing written, and no progress line when stderr is not a terminal.
@Suite struct StreamCommandTests {
    @Test func streamedModelEqualsInMemory() throws {
        for (model, file, extra) in [("least-squares", "Datasets/diabetes.csv", [String]()),
                                     ("logistic", "Datasets/breast_cancer.csv", ["--l2", "1"]),
                                     ("multinomial", "Datasets/iris.csv", ["--l2", "1"])] {
            let memory = try CLI.fit(["--model", model, file, "--format", "json"] + extra)
            let streamed = try CLI.fit(["--model", model, file, "--format", "json", "--stream", "--chunk-rows", "7"] + extra)
            #expect(memory.status == 0 && streamed.status == 0, "\(model): \(streamed.stderr)")
            let a = try CLI.json(streamed.stdout), b = try CLI.json(memory.stdout)
            expectClose(numbers(a["coefficients"]), numbers(b["coefficients"]), relative: 1e-10, "\(model)")
            #expect(a["classes"] as? [String] == b["classes"] as? [String])
            // Not a terminal: nothing on stderr but what the in-memory fit prints.
            #expect(streamed.stderr == memory.stderr)
            #expect((a["notes"] as? [String] ?? []).contains { $0.contains("passes over the file") })
        }
    }

    @Test func badRowInALaterChunkIsOneLineAndNothingIsWritten() throws {
        var csv = "a,b,y\n"
        for i in 0..<50 { csv += i == 40 ? "\(i),x7,1\n" : "\(i),\(i % 5),\(i % 2)\n" }
        let dir = try CLI.directory(["d.csv": csv])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.fit(["--model", "logistic", "d.csv", "--stream", "--chunk-rows", "7", "--output", "m.json"], in: dir)
        #expect(r.status == 65)
        #expect(r.stderr == "fit: d.csv: row 42, column \"b\": \"x7\" is not a number\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.json").path))
        #expect(r.stdout.isEmpty)
    }

    @Test func unsupportedOptionsAndBadChunkSizeAreUsageErrors() throws {
        let a = try CLI.fit(["--model", "least-squares", "Datasets/diabetes.csv", "--stream", "--covariance", "hc3"])
        #expect(a.status == 64)
        #expect(a.stderr.contains("--covariance HC3") && a.stderr.contains("drop --stream"))
        let b = try CLI.fit(["--model", "least-squares", "Datasets/diabetes.csv", "--stream", "--chunk-rows", "0"])
        #expect(b.status == 64)
        #expect(b.stderr == "fit: --chunk-rows must be ≥ 1, got 0\n")
    }

    @Test func formulaWeightsAndCountModelsEqualInMemory() throws {
        for args in [["--model", "least-squares", "--formula", "invest ~ value + capital + firm", "Datasets/grunfeld.csv", "--summary"],
                     ["--model", "logistic", "--formula", "vote ~ C(educ, ref=3) + selfLR*age", "Datasets/anes96.csv", "--summary"],
                     ["--model", "least-squares", "--formula", "invest ~ value + capital + firm", "--missing", "drop",
                      "Tests/References/Formula/grunfeld_missing.csv", "--summary"],
                     ["--model", "logistic", "Datasets/anes96.csv", "--target", "vote", "--features", "age,income", "--weights", "educ", "--summary"],
                     ["--model", "negative-binomial", "Datasets/randhie.csv", "--target", "mdvis", "--features", "lncoins,idp,physlm",
                      "--offset", "lpi", "--weights", "hlthg", "--summary"],
                     ["--model", "poisson", "Datasets/randhie.csv", "--target", "mdvis", "--features", "lncoins,idp", "--offset", "lpi", "--summary"],
                     ["--model", "least-squares", "Datasets/grunfeld.csv", "--target", "invest", "--features", "value,capital", "--cluster", "firm"],
                     ["--model", "logistic", "Datasets/anes96.csv", "--target", "vote", "--features", "age,income", "--covariance", "hc1"]] {
            let memory = try CLI.fit(args + ["--format", "json"])
            let streamed = try CLI.fit(args + ["--format", "json", "--stream", "--chunk-rows", "97"])
            #expect(memory.status == 0 && streamed.status == 0, "\(args): \(streamed.stderr) vs \(memory.stderr)")
            let a = try CLI.json(streamed.stdout), b = try CLI.json(memory.stdout)
            #expect(a["features"] as? [String] == b["features"] as? [String], "\(args)")
            expectClose(numbers(a["coefficients"]), numbers(b["coefficients"]), relative: 1e-10, "\(args)")
            #expect(!numbers(b["standardErrors"]).isEmpty, "\(args)")
            expectClose(numbers(a["standardErrors"]), numbers(b["standardErrors"]), relative: 1e-8, "\(args)")
            #expect(a["rowsDropped"] as? Int == b["rowsDropped"] as? Int)
        }
    }
}
