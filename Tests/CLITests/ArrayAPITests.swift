import Foundation
import HessianTestSupport
import Testing
import Hessian

/// Issue 11 §2: the array API gives the estimates of the `fit` tool on the bundled data sets,
/// its summary is the text `fit` prints, and its models round-trip through JSON and predict
/// as `predict` does. The arrays are read here with a plain split, not with the library's CSV
/// reader, so the two paths share only the estimator.
@Suite struct ArrayAPITests {
    /// A bundled data set as feature rows, the last column's texts, and the header.
    struct Dataset {
        var names: [String]
        var rows: [[Double]]
        var target: [String]
        var path: String
    }

    static func load(_ name: String) throws -> Dataset {
        let path = CLI.root.appendingPathComponent("Datasets/\(name).csv").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        var rows: [[Double]] = [], target: [String] = []
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            rows.append(cells.dropLast().map { Double($0)! })
            target.append(cells.last!)
        }
        return Dataset(names: Array(header.dropLast()), rows: rows, target: target, path: path)
    }

    func cliModel(_ arguments: [String]) throws -> FittedModel {
        let r = try CLI.fit(arguments + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try FittedModel(jsonData: Data(r.stdout.utf8))
    }

    func expectSameEstimates(_ a: FittedModel, _ b: FittedModel, _ what: String, sameClasses: Bool = true) {
        let ca = a.coefficientTable, cb = b.coefficientTable
        #expect(ca.count == cb.count && !ca.isEmpty, "\(what)")
        for (x, y) in zip(ca, cb) {
            #expect(x.name == y.name && x.classLabel == y.classLabel, "\(what)")
            expectClose(x.estimate, y.estimate, relative: 1e-12, "\(what) \(x.name): \(x.estimate) vs \(y.estimate)")
            if let s = x.inference, let t = y.inference {
                expectClose(s.standardError, t.standardError, relative: 1e-12, "\(what) se \(x.name)")
            } else {
                #expect(x.inference == nil && y.inference == nil, "\(what): inference on one side only")
            }
        }
        expectClose(a.objective, b.objective, relative: 1e-12, "\(what)")
        #expect((!sameClasses || a.classes == b.classes) && a.termination == b.termination && a.solver == b.solver, "\(what)")
    }

    @Test func multinomialWineMatchesTheCLIAndItsSummary() throws {
        var d = try Self.load("wine")
        d.rows = d.rows.map { Array($0.prefix(2)) }
        let args = ["--model", "multinomial", "--summary", "--features", "alcohol,malic_acid", d.path]
        let spec = FitSpecification(model: .multinomial, summary: true)
        let fitted = try Estimator.fit(d.rows, labels: d.target, specification: spec, featureNames: ["alcohol", "malic_acid"],
                                       targetName: "cultivar")
        let cli = try cliModel(args)
        expectSameEstimates(fitted, cli, "wine")
        // The reference class's fixed coefficients have NaN z-values: the library's coders
        // round-trip them (a default JSONEncoder would throw).
        #expect(fitted.zValues?.rows[0].allSatisfy(\.isNaN) == true)
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(fitted) }
        let back = try FittedModel(jsonData: try fitted.jsonData())
        expectSameEstimates(back, fitted, "wine round trip")
        // The text `fit` prints is the library's summary.
        let text = try CLI.fit(args)
        #expect(text.stdout == fitted.summary(source: d.path))
        #expect(fitted.description.contains("class 2") && fitted.description.contains("P>|z|"))
        // Predictions from arrays equal those of `predict` on the file.
        let labels = try back.predictLabels(d.rows)
        let probabilities = try back.predictProbabilities(d.rows)
        #expect(probabilities.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-12 })
        let dir = try CLI.directory(["m.json": String(decoding: try fitted.jsonData(), as: UTF8.self)])
        let predicted = try CLI.predict(["--model-file", dir.appendingPathComponent("m.json").path, d.path])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        let csv = predicted.stdout.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",") }
        #expect(csv.map { String($0.last!) } == labels)
        for (i, row) in csv.enumerated() {
            for k in 0..<3 { expectClose(Double(String(row[k]))!, probabilities[i][k], relative: 1e-15) }
        }
    }

    @Test func logisticBreastCancerWithIntegerLabelsMatchesTheCLI() throws {
        let d = try Self.load("breast_cancer")
        let labels = d.target.map { $0 == "malignant" ? 1 : 0 }   // benign < malignant, as 0 < 1
        let spec = FitSpecification(model: .logistic, l2: 1, standardize: true)
        let fitted = try Estimator.fit(try Matrix(d.rows), labels: labels, specification: spec, featureNames: d.names,
                                       targetName: "target")
        let cli = try cliModel(["--model", "logistic", "--l2", "1", "--standardize", d.path])
        expectSameEstimates(fitted, cli, "breast cancer", sameClasses: false)
        #expect(fitted.classes == ["0", "1"] && cli.classes == ["benign", "malignant"])
        // The same fit with Double and String labels (Logistic and Multinomial take one label type).
        let asDouble = try Estimator.fit(d.rows, labels: labels.map(Double.init), specification: spec, featureNames: d.names)
        let asText = try Estimator.fit(d.rows, labels: d.target, specification: spec, featureNames: d.names)
        expectSameEstimates(asDouble, fitted, "Double labels")
        expectSameEstimates(asText, cli, "String labels")
        let p = try fitted.predictValues(Array(d.rows.prefix(5)))
        let pp = try fitted.predictProbabilities(Array(d.rows.prefix(5)))
        for i in 0..<5 { expectClose(pp[i][1], p[i], relative: 1e-15) }
    }

    @Test func leastSquaresDiabetesRobustMatchesTheCLI() throws {
        let d = try Self.load("diabetes")
        var spec = FitSpecification(model: .leastSquares, summary: true)
        spec.covariance = .hc1
        let y = d.target.map { Double($0)! }
        let fitted = try Estimator.fit(d.rows, labels: y, specification: spec, featureNames: d.names, targetName: "progression")
        let cli = try cliModel(["--model", "least-squares", "--covariance", "hc1", d.path])
        expectSameEstimates(fitted, cli, "diabetes")
        #expect(fitted.covariance == .hc1 && cli.covariance == .hc1)
        // ŷ = b + xᵀw from the named coefficients, against predictValues.
        let yhat = try fitted.predictValues(d.rows)
        let b = fitted.coefficient("intercept")!
        let w = d.names.map { fitted.coefficient($0)! }
        for i in [0, 100, 441] {
            let direct = b + zip(w, d.rows[i]).map { $0 * $1 }.reduce(0, +)
            expectClose(yhat[i], direct, relative: 1e-12)
        }
    }

    @Test func aDirectlyMinimizedModelIsWrappedSavedAndPredicts() throws {
        let x = try Matrix([[0.5, 1.2], [1.5, -0.3], [-0.7, 0.8], [2.0, 1.0], [-1.2, -0.4], [0.3, 2.2]])
        let y: [Double] = [0, 1, 0, 1, 0, 1]
        let model = try Logistic(design: Design(x, intercept: true), labels: y, l2: 1.0)
        let result = try minimize(model, from: [0, 0, 0], using: Newton())
        let w = model.externalCoefficients(result.solution)
        let wrapped = FittedModel(model: .logistic, featureNames: ["a", "b"], coefficients: .vector(w),
                                  classes: ["0", "1"], l2: 1, rows: 6, result: result)
        let back = try FittedModel(jsonData: try wrapped.jsonData())
        let p = try back.predictValues([[0.5, 1.2], [2.0, 1.0]])
        for (i, row) in [[0.5, 1.2], [2.0, 1.0]].enumerated() {
            let eta = w[0] + w[1] * row[0] + w[2] * row[1]
            expectClose(p[i], 1 / (1 + exp(-eta)), relative: 1e-14)
        }
        #expect(back.solver == .newton && back.termination == result.termination)
        #expect(back.optimizationResult.iterations == result.iterations)
        #expect(back.optimizationResult.evaluations == result.evaluations)
    }

    @Test func badArraysThrowErrorsNamingTheProblem() throws {
        let spec = FitSpecification(model: .leastSquares)
        #expect(throws: EstimationError.invalidInput("2 labels for 3 rows")) {
            try Estimator.fit([[1.0], [2], [3]], labels: [1.0, 2], specification: spec)
        }
        do {
            _ = try Estimator.fit([[1.0], [.nan], [3], [4]], labels: [1.0, 2, 3, 5], specification: spec)
            Issue.record("a NaN feature was accepted")
        } catch let e as DataError {
            #expect("\(e)" == "<array>: row 2, column \"x1\": the value is missing (\"nan\")")
        }
        let fitted = try Estimator.fit([[1.0], [2], [3], [4]], labels: [1.0, 2, 3, 5], specification: spec)
        #expect(throws: EstimationError.self) { try fitted.predict([[1.0, 2.0]]) }
    }

    @Test func libraryErrorsDescribeTheDataWithoutFlags() throws {
        // Completely separated at x = 0: no maximum-likelihood estimate.
        let rows: [[Double]] = [[-2], [-1], [1], [2]]
        do {
            _ = try Estimator.fit(rows, labels: ["a", "a", "b", "b"], specification: FitSpecification(model: .logistic))
            Issue.record("a separated fit was accepted")
        } catch let e as EstimationError {
            #expect(e.localizedDescription == e.description)
            #expect(e.description.hasPrefix("<array>: complete or quasi-complete separation") && !e.description.contains("--"))
        }
        var spec = FitSpecification(model: .leastSquares)
        spec.covariance = .cluster
        #expect(throws: SpecificationError.clusterCovarianceWithoutColumn) {
            try Estimator.fit(rows, labels: [1.0, 2, 3, 5], specification: spec)
        }
        #expect(!SpecificationError.clusterCovarianceWithoutColumn.localizedDescription.contains("--"))
    }
}
