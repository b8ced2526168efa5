import Foundation
import Testing
import HessianTestSupport

/// End-to-end: the built `fit` on the bundled data sets, against reference fits recorded from
/// scikit-learn, statsmodels and closed forms by Tests/References/record_references.py.
@Suite struct FitCommandTests {
    static let references = CLI.referenceFiles()

    @Test func referencesArePresent() {
        #expect(Self.references.count >= 8)
    }

    @Test(arguments: references)
    func agreesWithReference(_ name: String) throws {
        let reference = try CLI.reference(name)
        let output = try CLI.fitReference(reference, name: name)
        #expect(output["converged"] as? Bool == true)
        for key in ["coefficients", "precision", "standardErrors", "logLikelihood", "aic", "bic", "pseudoR2"] {
            guard let expected = reference[key] else { continue }
            #expect(!numbers(expected).isEmpty, "\(name): \(key)")
            expectClose(numbers(output[key]), numbers(expected), relative: 1e-6, "\(name): \(key)")
        }
    }

    @Test(arguments: [
        ["--model", "least-squares", "Datasets/diabetes.csv"],
        ["--model", "linear", "--summary", "Datasets/longley.csv"],
        ["--model", "logistic", "--l2", "1", "--standardize", "Datasets/breast_cancer.csv"],
        ["--model", "multinomial", "--summary", "--features", "alcohol,malic_acid", "Datasets/wine.csv"],
        ["--model", "multinomial", "--l2", "1", "--standardize", "Datasets/digits.csv"],
        ["--model", "logdet", "--features", "sepal_length,sepal_width,petal_length,petal_width", "Datasets/iris.csv"],
    ])
    func textReportOnBundledData(_ arguments: [String]) throws {
        let result = try CLI.fit(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("converged"))
        #expect(result.stderr.isEmpty)
        if arguments.contains("--summary") {
            #expect(result.stdout.contains("std err") && result.stdout.contains("Log-likelihood"))
        }
    }

    @Test func everySolverReachesTheReference() throws {
        let reference = try CLI.reference("breast_cancer_logistic_l2_1_standardized.json")
        // ‖∇f‖∞ ≤ 1e-9: this problem's floating-point floor is near 1e-10 (L-BFGS under the Nehalem
        // kernel stops there, honestly, as valueStall), so 1e-10 would test rounding, not the solvers.
        for solver in ["newton", "trust-region", "newton-cg", "bfgs", "lbfgs"] {
            let result = try CLI.fit(["--model", "logistic", "--l2", "1", "--standardize", "--solver", solver,
                                      "--tol", "1e-9", "--max-iter", "5000", "--format", "json", "Datasets/breast_cancer.csv"])
            #expect(result.status == 0, "\(solver): \(result.stderr)")
            let output = try CLI.json(result.stdout)
            #expect(output["solver"] as? String == solver)
            expectClose(numbers(output["coefficients"]), numbers(reference["coefficients"]), relative: 1e-6, "\(solver)")
        }
    }

    @Test func penalizedSummaryWithholdsStandardErrors() throws {
        let result = try CLI.fit(["--model", "logistic", "--l2", "1", "--summary", "--format", "json",
                                  "--features", "mean_radius,mean_texture", "Datasets/breast_cancer.csv"])
        #expect(result.status == 0)
        let output = try CLI.json(result.stdout)
        #expect(output["standardErrors"] == nil)
        let notes = output["notes"] as? [String] ?? []
        #expect(notes.contains { $0.contains("not a valid covariance") })
        let text = try CLI.fit(["--model", "logistic", "--l2", "1", "--summary",
                                "--features", "mean_radius,mean_texture", "Datasets/breast_cancer.csv"])
        #expect(!text.stdout.contains("std err") && text.stdout.contains("not reported"))
    }

    @Test func delimiterNoHeaderTargetAndNoIntercept() throws {
        // y = 1 + 2a − b exactly, written with ';', no header, target in the middle.
        var rows: [String] = []
        for i in 0..<12 {
            let a = Double(i), b = Double((i * 7) % 5)
            rows.append("\(a);\(1 + 2 * a - b);\(b)")
        }
        let dir = try CLI.directory(["d.csv": rows.joined(separator: "\n") + "\n"])
        let result = try CLI.fit(["--model", "least-squares", "--delimiter", ";", "--no-header", "--target", "x2",
                                  "--format", "json", "d.csv"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let output = try CLI.json(result.stdout)
        #expect(output["features"] as? [String] == ["intercept", "x1", "x3"])
        expectClose(numbers(output["coefficients"]), [1.0, 2.0, -1.0], relative: 1e-10)
        let noIntercept = try CLI.fit(["--model", "least-squares", "--delimiter", ";", "--no-header", "--target", "x2",
                                       "--no-intercept", "--format", "json", "d.csv"], in: dir)
        #expect(try CLI.json(noIntercept.stdout)["features"] as? [String] == ["x1", "x3"])
    }

    @Test func standardizeLeavesConstantColumnAndReportsIt() throws {
        let dir = try CLI.directory(["c.csv": "a,k,y\n1,5,2\n2,5,5\n3,5,5\n4,5,9\n5,5,11\n"])
        let result = try CLI.fit(["--model", "least-squares", "--standardize", "--l2", "1", "--format", "json", "c.csv"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let output = try CLI.json(result.stdout)
        #expect((output["notes"] as? [String] ?? []).contains { $0.contains("\"k\" is constant") })
        // √(Σ(v − 3)²/5) = √2 from a two-pass sum, then a JSON round trip: within an ulp of √2.
        expectWithinULPs(numbers(output["stds"]), [Double(2).squareRoot(), 1], ulps: 1)
    }

    @Test func traceGoesToStandardError() throws {
        let result = try CLI.fit(["--model", "logistic", "--l2", "1", "--trace", "Datasets/breast_cancer.csv"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("iter    1") && result.stderr.contains("MB/s"))
        #expect(!result.stdout.contains("iter    1"))
    }

    @Test func notConvergedHasItsOwnStatusAndStillReports() throws {
        let dir = try CLI.directory([:])
        let model = dir.appendingPathComponent("m.json").path
        let result = try CLI.fit(["--model", "logistic", "--l2", "1", "--standardize", "--max-iter", "1",
                                  "--format", "json", "--output", model, CLI.root.appendingPathComponent("Datasets/breast_cancer.csv").path])
        #expect(result.status == 3)
        let output = try CLI.json(result.stdout)
        #expect(output["converged"] as? Bool == false)
        #expect(output["termination"] as? String == "iterationLimit")
        #expect((output["coefficients"] as? [Double])?.count == 31)
        #expect(result.stderr.contains("did not converge"))
        #expect(!FileManager.default.fileExists(atPath: model))
    }

    @Test func outputIsWrittenAtomicallyAndCompletely() throws {
        let dir = try CLI.directory([:])
        let result = try CLI.fit(["--model", "least-squares", "--output", dir.appendingPathComponent("m.json").path,
                                  CLI.root.appendingPathComponent("Datasets/diabetes.csv").path])
        #expect(result.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["m.json"])
        let saved = try CLI.json(String(decoding: try Data(contentsOf: dir.appendingPathComponent("m.json")), as: UTF8.self))
        #expect(saved["model"] as? String == "least-squares")
        #expect(saved["intercept"] as? Bool == true)
    }

    @Test func helpDocumentsExitStatuses() throws {
        let result = try CLI.fit(["--help"])
        #expect(result.status == 0)
        let flat = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for fragment in ["Exit status:", "3 solver did not converge", "4 model not estimable", "65 bad data", "66 input file"] {
            #expect(flat.contains(fragment), "\(fragment)")
        }
    }
}
