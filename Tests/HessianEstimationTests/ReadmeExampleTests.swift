import Foundation
import HessianTestSupport
import Testing
import Hessian

/// The library example from README.md, kept compiling and correct here.
@Suite struct ReadmeExampleTests {
    @Test func logisticRegressionWithNewton() throws {
        // README: "Use it from Swift"
        let x = try Matrix([[0.5, 1.2], [1.5, -0.3], [-0.7, 0.8], [2.0, 1.0], [-1.2, -0.4], [0.3, 2.2]])
        let y: [Double] = [0, 1, 0, 1, 0, 1]
        let model = try Logistic(design: Design(x, intercept: true), labels: y, l2: 1.0)
        let result = try minimize(model, from: [0, 0, 0], using: Newton())
        let w = model.externalCoefficients(result.solution)   // [intercept, w₁, w₂]

        #expect(result.converged, "\(result.message)")
        #expect(result.termination == .gradientTolerance)
        // Independent check of the optimum: the analytic gradient vanishes there, and so does
        // the central-difference gradient of the value.
        let numeric = FiniteDifference.gradient({ model.value(at: $0) }, at: result.solution)
        #expect(normInf(numeric) < 1e-6)
        #expect(w.count == 3)
    }
}
