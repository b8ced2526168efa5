import Foundation
import HessianTestSupport
import Testing
import Hessian

/// The code of the DocC article "Getting Started" (Hessian.docc/GettingStarted.md), kept compiling
/// here, with what the article says about each step checked against independent facts.
@Suite struct GettingStartedExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func fitFromCSV() throws {
        var reader = CSVReader()
        reader.textColumns = ["species"]
        let table = try reader.read(file: Self.root.appendingPathComponent("Datasets/iris.csv").path)
        let spec = FitSpecification(model: .multinomial, target: "species", l2: 1)
        let fitted = try Estimator.fit(table, spec)
        #expect(fitted.converged)
        // The class labels as written in the file, in sorted order.
        #expect(fitted.classes == ["setosa", "versicolor", "virginica"])
    }

    @Test func arraysSummaryPredictSaveLoad() throws {
        let rows: [[Double]] = [[0.5, 1.2], [1.5, -0.3], [-0.7, 0.8], [2.0, 1.0], [-1.2, -0.4], [0.3, 2.2]]
        let labels = ["no", "yes", "no", "yes", "no", "yes"]
        var options = FitSpecification(model: .logistic, l2: 0.5, summary: true)
        options.solver = .newton
        let model = try Estimator.fit(rows, labels: labels, specification: options, featureNames: ["dose", "age"])
        #expect(model.converged && model.solver == .newton)
        #expect(model.description.contains("dose") && model.description.contains("age"))

        let w = try #require(model.coefficient("intercept").flatMap { b in
            model.coefficient("dose").flatMap { d in model.coefficient("age").map { [b, d, $0] } }
        })
        // P(yes | x) = σ(b + w·x) for the article's row [1.0, 0.5].
        let p = try model.predictProbabilities([[1.0, 0.5]])
        let expected = 1 / (1 + exp(-(w[0] + w[1] * 1.0 + w[2] * 0.5)))
        expectClose(p[0][1], expected, relative: 1e-12)
        expectClose(p[0][0] + p[0][1], 1, relative: 1e-15)
        #expect(try model.predictLabels([[1.0, 0.5]]) == [expected >= 0.5 ? "yes" : "no"])

        let loaded = try FittedModel(jsonData: try model.jsonData())
        #expect(try loaded.predictProbabilities([[1.0, 0.5]]) == p)
    }

    /// Rosenbrock's function, as the article writes it; its minimizer is (1, 1) with f = 0.
    struct Rosenbrock: Objective {
        var dimension: Int { 2 }
        func value(at x: [Double]) -> Double { pow(1 - x[0], 2) + 100 * pow(x[1] - x[0] * x[0], 2) }
        func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
            let g = [-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]), 200 * (x[1] - x[0] * x[0])]
            let h = hessian ? try! Matrix([[2 - 400 * x[1] + 1200 * x[0] * x[0], -400 * x[0]], [-400 * x[0], 200]]) : nil
            return Evaluation(value: value(at: x), gradient: g, hessian: h)
        }
        func curvature(at x: [Double]) -> HessianOperator { HessianOperator(self.hessian(at: x)) }
    }

    @Test func ownObjectiveCheckedAndMinimized() throws {
        let f = Rosenbrock()
        let report = DerivativeChecker.check(value: f.value, gradient: f.gradient, hessian: f.hessian, at: [-1.2, 1])
        #expect(report.passes())
        let result = try minimize(f, from: [-1.2, 1], using: Newton())
        #expect(result.converged)
        expectClose(result.solution, [1, 1], relative: 1e-6)
    }
}
