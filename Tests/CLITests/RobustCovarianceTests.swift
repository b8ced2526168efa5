import Foundation
import HessianTestSupport
import Testing

/// `fit --covariance / --cluster / --weights` end to end: against statsmodels references recorded
/// by Tests/References/record_robust_references.py, frequency weights against replicated rows,
/// and bad input.
@Suite struct RobustCovarianceTests {
    static let references = CLI.referenceFiles(in: "robust")

    @Test func referencesArePresent() {
        #expect(Self.references.count >= 20)
    }

    @Test(arguments: references)
    func agreesWithStatsmodels(_ name: String) throws {
        let reference = try CLI.reference(name, in: "robust")
        let output = try CLI.fitReference(reference, name: name)
        #expect(output["converged"] as? Bool == true)
        #expect(output["covariance"] as? String == reference["covariance"] as? String, "\(name)")
        if let clusters = reference["clusters"] as? Int { #expect(output["clusters"] as? Int == clusters, "\(name)") }
        if let n = reference["observations"] as? Double { #expect(output["observations"] as? Double == n, "\(name)") }
        for key in ["coefficients", "standardErrors", "logLikelihood", "aic", "bic", "pseudoR2", "alphaStandardError"] {
            guard let expected = reference[key] else { continue }
            #expect(!numbers(expected).isEmpty, "\(name): \(key)")
            expectClose(numbers(output[key]), numbers(expected), relative: 1e-6, "\(name): \(key)")
        }
    }

    @Test func summaryNamesTheCovariance() throws {
        let result = try CLI.fit(["--model", "logistic", "--features", "mean_radius,mean_texture", "--cluster", "site",
                                  "Tests/References/robust/breast_cancer_sites.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Covariance:     cluster (column \"site\", 8 clusters)"))
        #expect(result.stdout.contains("std err"))
        let plain = try CLI.fit(["--model", "logistic", "--summary", "--features", "mean_radius,mean_texture",
                                 "Tests/References/robust/breast_cancer_sites.csv"])
        #expect(plain.stdout.contains("Covariance:     nonrobust"))
    }

    /// The CLI with --weights on a file and without on the file with each row repeated: equal to 1e-10.
    @Test(arguments: [
        ["--model", "least-squares", "--target", "y", "--features", "a,b", "--covariance", "hc3"],
        ["--model", "logistic", "--target", "label", "--features", "a,b", "--cluster", "site"],
        ["--model", "multinomial", "--target", "cls", "--features", "a,b", "--covariance", "hc1"],
    ])
    func weightsEqualReplicatedRows(_ arguments: [String]) throws {
        var weighted = "a,b,site,w,y,label,cls\n", replicated = weighted
        let rows: [(Double, Double, String, Int, Double, String, String)] = (0..<40).map { i in
            let a = sin(Double(i) * 1.7), b = 10 + 5 * cos(Double(i) * 0.9)
            let y = 1 + a - 0.3 * b + 0.8 * sin(Double(i * i))
            return (a, b, "s\(i % 4)", (i * 7) % 4, y, y > -2 ? "yes" : "no", y < -2.5 ? "p" : (y < -1.5 ? "q" : "r"))
        }
        for r in rows {
            weighted += "\(r.0),\(r.1),\(r.2),\(r.3),\(r.4),\(r.5),\(r.6)\n"
            for _ in 0..<r.3 { replicated += "\(r.0),\(r.1),\(r.2),1,\(r.4),\(r.5),\(r.6)\n" }
        }
        let dir = try CLI.directory(["w.csv": weighted, "r.csv": replicated])
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = arguments + ["--tol", "1e-11", "--format", "json"]
        let a = try CLI.fit(common + ["--weights", "w", "w.csv"], in: dir)
        let b = try CLI.fit(common + ["r.csv"], in: dir)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        let wa = try CLI.json(a.stdout), wb = try CLI.json(b.stdout)
        for key in ["coefficients", "standardErrors", "logLikelihood", "aic", "bic"] {
            #expect(!numbers(wb[key]).isEmpty, "\(arguments[1]): \(key)")
            expectClose(numbers(wa[key]), numbers(wb[key]), relative: 1e-10, "\(arguments[1]): \(key)")
        }
        #expect(wa["weights"] as? String == "w")
        #expect(wa["observations"] as? Double == Double(rows.reduce(0) { $0 + $1.3 }))
    }

    /// The model file keeps the weights and covariance as metadata; predict needs neither column.
    @Test func modelFileRecordsMetadataAndPredictIgnoresIt() throws {
        let dir = try CLI.directory(["data.csv": Self.good + "6,z,2,6.3\n", "new.csv": "a\n1.5\n7\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let fit = try CLI.fit(["--model", "least-squares", "--features", "a", "--weights", "w", "--cluster", "g",
                               "--output", "m.json", "data.csv"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let saved = try CLI.json(String(decoding: try Data(contentsOf: dir.appendingPathComponent("m.json")), as: UTF8.self))
        #expect(saved["weights"] as? String == "w" && saved["clusterColumn"] as? String == "g")
        #expect(saved["covariance"] as? String == "cluster" && saved["clusters"] as? Int == 3)
        #expect(saved["observations"] as? Double == 10)
        let predict = try CLI.predict(["--model-file", "m.json", "new.csv"], in: dir)
        #expect(predict.status == 0, "\(predict.stderr)")
        #expect(predict.stdout.split(separator: "\n").count == 3)
    }

    typealias Case = CLI.FailureCase

    static let good = "a,g,w,y\n1,x,1,0.5\n2,x,2,1.7\n3,y,1,2.2\n4,y,3,4.1\n5,z,1,4.8\n"

    static let cases: [Case] = [
        Case(name: "one cluster", csv: "a,g,y\n1,x,0.5\n2,x,1.7\n3,x,2.2\n4,x,4.1\n",
             arguments: ["--model", "least-squares", "--cluster", "g"], status: 65,
             fragments: ["data.csv: column \"g\" has a single cluster (\"x\")", "at least 2"]),
        Case(name: "one cluster among positive weights", csv: "a,g,w,y\n1,x,1,0.5\n2,x,2,1.7\n3,y,0,2.2\n4,x,1,4.1\n",
             arguments: ["--model", "least-squares", "--cluster", "g", "--weights", "w"], status: 65,
             fragments: ["column \"g\" has a single cluster"]),
        Case(name: "weights all zero", csv: "a,w,y\n1,0,0.5\n2,0,1.7\n3,0,2.2\n",
             arguments: ["--model", "least-squares", "--weights", "w"], status: 65,
             fragments: ["data.csv: column \"w\": every frequency weight is 0"]),
        Case(name: "negative weight", csv: "a,w,y\n1,1,0.5\n2,-2,1.7\n3,1,2.2\n",
             arguments: ["--model", "least-squares", "--weights", "w"], status: 65,
             fragments: ["data.csv: row 3, column \"w\": frequency weight -2.0 is negative"]),
        Case(name: "NaN weight", csv: "a,w,y\n1,1,0.5\n2,1,1.7\n3,nan,2.2\n",
             arguments: ["--model", "logistic", "--weights", "w"], status: 65,
             fragments: ["data.csv: row 4, column \"w\": the value is missing (\"nan\")", "--missing drop"]),
        Case(name: "text weight", csv: "a,w,y\n1,1,0\n2,two,1\n3,1,0\n",
             arguments: ["--model", "logistic", "--weights", "w"], status: 65,
             fragments: ["data.csv: row 3, column \"w\": \"two\" is not a number"]),
        Case(name: "unknown weight column", csv: good, arguments: ["--model", "least-squares", "--weights", "count"], status: 65,
             fragments: ["data.csv: no column named \"count\""]),
        Case(name: "unknown covariance", csv: good, arguments: ["--model", "least-squares", "--covariance", "hc4"], status: 64,
             fragments: ["unknown --covariance \"hc4\""]),
        Case(name: "cluster covariance without column", csv: good,
             arguments: ["--model", "least-squares", "--covariance", "cluster"], status: 64,
             fragments: ["--covariance cluster needs --cluster COLUMN"]),
        Case(name: "hc3 for logistic", csv: "a,y\n1,0\n2,1\n3,0\n4,1\n5,1\n6,0\n",
             arguments: ["--model", "logistic", "--covariance", "hc3"], status: 64,
             fragments: ["--covariance hc3 is defined for least squares only"]),
        Case(name: "weights for logdet", csv: "a,b,w\n1,2,1\n2,1,1\n3,5,1\n4,1,2\n",
             arguments: ["--model", "logdet", "--features", "a,b", "--weights", "w"], status: 64,
             fragments: ["do not apply to logdet"]),
        Case(name: "leverage one", csv: "a,d,y\n1,0,0.5\n2,0,1.7\n3,0,2.2\n4,1,4.1\n",
             arguments: ["--model", "least-squares", "--covariance", "hc2"], status: 65,
             fragments: ["data.csv: row 5 has leverage 1"]),
    ]

    @Test(arguments: cases)
    func failsCleanly(_ c: Case) throws {
        try CLI.expectCleanFailure(c)
    }
}
