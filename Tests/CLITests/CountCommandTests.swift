import Foundation
import HessianTestSupport
import Testing

/// fit/predict with --model poisson and negative-binomial against the statsmodels and scikit-learn
/// references recorded by Tests/References/record_count_references.py, and their bad input.
@Suite struct CountCommandTests {
    static let references: [String] = FitCommandTests.references.filter { $0.contains("poisson") || $0.contains("negative_binomial") }

    static func reference(_ name: String) throws -> [String: Any] { try CLI.reference(name) }

    @Test func referencesArePresent() {
        #expect(Self.references.count >= 6)
    }

    /// Every recorded figure (coefficients, SE, α and its SE, llf, AIC, BIC, deviance, Pearson χ²,
    /// the LR test) through `fit --format json`, to 1e-6 relative.
    @Test(arguments: references)
    func agreesWithReference(_ name: String) throws {
        let reference = try Self.reference(name)
        let output = try CLI.fitReference(reference, name: name)
        let skipped: Set<String> = ["args", "name", "source", "features", "firstPredictions"]
        for (key, expected) in reference where !skipped.contains(key) {
            #expect(output[key] != nil, "\(name): \(key) missing")
            #expect(!numbers(expected).isEmpty, "\(name): \(key)")
            expectClose(numbers(output[key]), numbers(expected), relative: 1e-6, "\(name): \(key)")
        }
    }

    /// fit --output → predict applies the exposure/offset column: μ of the first rows equal statsmodels'.
    @Test(arguments: ["claims_poisson_exposure.json", "randhie_poisson_offset_lpi.json"])
    func predictAppliesOffsetAndExposure(_ name: String) throws {
        let reference = try Self.reference(name)
        let arguments = try #require(reference["args"] as? [String])
        let expected = try #require(reference["firstPredictions"] as? [Double])
        let dir = try CLI.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let modelPath = dir.appendingPathComponent("model.json").path
        let fit = try CLI.fit(Array(arguments.dropLast()) + ["--output", modelPath, arguments.last!])
        #expect(fit.status == 0, "\(fit.stderr)")
        let model = try CLI.json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: modelPath)), as: UTF8.self))
        #expect(model["exposure"] as? String == (arguments.contains("--exposure") ? "time" : nil))
        #expect(model["offset"] as? String == (arguments.contains("--offset") ? "lpi" : nil))
        let predict = try CLI.predict(["--model-file", modelPath, arguments.last!])
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = predict.stdout.split(separator: "\n")
        #expect(lines.first == "prediction")
        let values = lines.dropFirst().prefix(5).compactMap { Double($0) }
        expectClose(values, expected, relative: 1e-6, "\(values) vs \(expected)")
    }

    /// A formula with an exposure column: `claims ~ x1 + x2` and `claims ~ .` (the exposure column
    /// is not part of `.`) give statsmodels' GLM(exposure=time) estimates, and predict from the
    /// saved formula model applies the exposure.
    @Test(arguments: ["claims ~ x1 + x2", "claims ~ ."])
    func formulaWithExposureAgreesWithReference(_ formula: String) throws {
        let reference = try Self.reference("claims_poisson_exposure.json")
        let dir = try CLI.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let modelPath = dir.appendingPathComponent("model.json").path
        let file = "Tests/References/claims_exposure.csv"
        let result = try CLI.fit(["--model", "poisson", "--summary", "--exposure", "time", "--formula", formula,
                                  "--format", "json", "--output", modelPath, file])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try CLI.json(result.stdout)
        #expect(output["features"] as? [String] == reference["features"] as? [String])
        for key in ["coefficients", "standardErrors", "logLikelihood", "deviance"] {
            expectClose(numbers(output[key]), numbers(reference[key]), relative: 1e-6, "\(key)")
        }
        let predict = try CLI.predict(["--model-file", modelPath, file])
        #expect(predict.status == 0, "\(predict.stderr)")
        let values = predict.stdout.split(separator: "\n").dropFirst().prefix(5).compactMap { Double($0) }
        expectClose(values, try #require(reference["firstPredictions"] as? [Double]), relative: 1e-6)
    }

    @Test func everySolverReachesTheNegativeBinomialReference() throws {
        let reference = try Self.reference("claims_negative_binomial_exposure.json")
        for solver in ["newton", "trust-region", "newton-cg", "bfgs", "lbfgs"] {
            let result = try CLI.fit(["--model", "negative-binomial", "--exposure", "time", "--solver", solver, "--tol", "1e-10",
                                      "--max-iter", "5000", "--format", "json", "Tests/References/claims_exposure.csv"])
            #expect(result.status == 0, "\(solver): \(result.stderr)")
            let output = try CLI.json(result.stdout)
            expectClose(numbers(output["coefficients"]), numbers(reference["coefficients"]), relative: 1e-6, "\(solver)")
            expectClose(numbers(output["alpha"]), numbers(reference["alpha"]), relative: 1e-6, "\(solver)")
        }
    }

    @Test func textSummary() throws {
        let nb = try CLI.fit(["--model", "negative-binomial", "--summary", "--exposure", "time", "Tests/References/claims_exposure.csv"])
        #expect(nb.status == 0 && nb.stderr.isEmpty, "\(nb.stderr)")
        for fragment in ["negative-binomial", "exposure \"time\"", "α:", "delta method", "LR vs Poisson", "std err", "Log-likelihood"] {
            #expect(nb.stdout.contains(fragment), "\(fragment)")
        }
        let poisson = try CLI.fit(["--model", "poisson", "--summary", "Datasets/randhie.csv"])
        #expect(poisson.status == 0)
        #expect(poisson.stdout.contains("Deviance:") && poisson.stdout.contains("Pearson χ²:"))
    }

    /// Underdispersed counts (1, 2, 1, 2, …: variance below the mean): the NB2 likelihood increases
    /// towards α = 0, so the estimate is the boundary point α̂ = 0 (DispersionBoundary), the fit says
    /// so, and the LR test gives p = ½.
    @Test func underdispersedCountsEndAtTheBoundary() throws {
        let csv = "x,y\n" + (0..<40).map { "\(Double($0) / 10),\(1 + $0 % 2)" }.joined(separator: "\n") + "\n"
        let dir = try CLI.directory(["data.csv": csv])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.fit(["--model", "negative-binomial", "--summary", "--format", "json", "data.csv"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let output = try CLI.json(result.stdout)
        let alpha = try #require(output["alpha"] as? Double)
        #expect(alpha == 0)
        #expect(output["converged"] as? Bool == true)
        #expect((output["notes"] as? [String] ?? []).contains { $0.contains("no overdispersion") })
        #expect(output["likelihoodRatioPValue"] as? Double == 0.5)
    }

    typealias Case = CLI.FailureCase

    static let badInput: [Case] = [
        Case(name: "negative count", csv: "a,y\n1,0\n2,3\n3,-1\n4,2\n", arguments: ["--model", "poisson"], status: 65,
             fragments: ["data.csv: row 4, column \"y\": -1 is not a count (counts must be non-negative integers)"]),
        Case(name: "fractional count", csv: "a,y\n1,0\n2,2.5\n3,1\n", arguments: ["--model", "negative-binomial"], status: 65,
             fragments: ["data.csv: row 3, column \"y\": 2.5 is not a count"]),
        Case(name: "zero exposure", csv: "a,t,y\n1,1,0\n2,0,3\n3,2,1\n", arguments: ["--model", "poisson", "--exposure", "t"], status: 65,
             fragments: ["data.csv: row 3, column \"t\": exposure 0 is not > 0"]),
        Case(name: "negative exposure", csv: "a,t,y\n1,1,0\n2,1,3\n3,-2,1\n", arguments: ["--model", "negative-binomial", "--exposure", "t"],
             status: 65, fragments: ["data.csv: row 4, column \"t\": exposure -2 is not > 0"]),
        Case(name: "all counts zero", csv: "a,y\n1,0\n2,0\n3,0\n", arguments: ["--model", "poisson"], status: 65,
             fragments: ["every count in column \"y\" is zero"]),
        Case(name: "unknown offset column", csv: "a,y\n1,0\n2,1\n", arguments: ["--model", "poisson", "--offset", "o"], status: 65,
             fragments: ["data.csv: no column named \"o\""]),
        Case(name: "offset with logistic", csv: "a,o,y\n1,0,0\n2,1,1\n", arguments: ["--model", "logistic", "--offset", "o"], status: 64,
             fragments: ["--offset applies to the count models"]),
        Case(name: "offset is a feature", csv: "a,o,y\n1,0,0\n2,1,1\n", arguments: ["--model", "poisson", "--offset", "o", "--features", "a,o"],
             status: 64, fragments: ["column \"o\" is the offset column and cannot also be a feature"]),
    ]

    /// One line on stderr, the documented status, and no --output file.
    @Test(arguments: badInput)
    func badInputIsOneLineAndWritesNothing(_ c: Case) throws {
        try CLI.expectCleanFailure(c)
    }

    /// predict with a model fitted with --exposure on a file without that column, or with a
    /// non-positive exposure: one line naming the column (or row), status 65, nothing written.
    @Test func predictNeedsTheExposureColumn() throws {
        let dir = try CLI.directory(["train.csv": "a,t,y\n1,1,0\n2,2,3\n3,1,1\n4,3,5\n0,1,1\n",
                                     "new.csv": "a\n1\n2\n", "bad.csv": "a,t\n1,1\n2,0\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let fit = try CLI.fit(["--model", "poisson", "--exposure", "t", "--output", "m.json", "train.csv"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        for (file, fragment) in [("new.csv", "exposure column \"t\", which new.csv lacks"), ("bad.csv", "row 3, column \"t\": exposure 0 is not > 0")] {
            let result = try CLI.predict(["--model-file", "m.json", "--output", "p.csv", file], in: dir)
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr.contains(fragment) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("p.csv").path))
        }
    }
}
