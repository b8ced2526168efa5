import Foundation
import HessianTestSupport
import Testing
import Hessian

/// README's array-API example, with its printed values checked.
@Suite struct ReadmeArrayExampleTests {
    @Test func arraysFitSummarizePredictAndRoundTrip() throws {
        let rows: [[Double]] = [[0.5, 1.2], [1.5, -0.3], [-0.7, 0.8], [2.0, 1.0], [-1.2, -0.4], [0.3, 2.2], [1.1, 0.1], [-0.2, -1.0]]
        let labels = ["no", "yes", "no", "yes", "no", "yes", "no", "yes"]
        let fitted = try Estimator.fit(rows, labels: labels, specification: FitSpecification(model: .logistic, l2: 0.5),
                                       featureNames: ["dose", "age"])
        #expect(fitted.converged && fitted.classes == ["no", "yes"])
        #expect(fitted.description.contains("logistic (classes: no, yes; modelling P(yes))"))
        // The same fit through the low-level model (labels coded 0/1 as the classes sort).
        let x = try Matrix(rows)
        let model = try Logistic(design: Design(x, intercept: true), labels: labels.map { $0 == "yes" ? 1 : 0 }, l2: 0.5)
        let w = model.externalCoefficients(try minimize(model, from: [0, 0, 0], using: Newton()).solution)
        expectClose([fitted.coefficient("intercept")!, fitted.coefficient("dose")!, fitted.coefficient("age")!], w, relative: 1e-8)
        let p = try fitted.predictProbabilities([[1.0, 0.5]])[0]
        let eta = w[0] + w[1] * 1.0 + w[2] * 0.5
        #expect(abs(p[1] - 1 / (1 + exp(-eta))) < 1e-8 && abs(p[0] + p[1] - 1) < 1e-15)
        #expect(try fitted.predictLabels([[1.0, 0.5]]) == [p[1] >= 0.5 ? "yes" : "no"])
        let loaded = try FittedModel(jsonData: try fitted.jsonData())
        #expect(try loaded.predictValues([[1.0, 0.5]]) == [p[1]])
    }
}
