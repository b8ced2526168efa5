import HessianTestSupport
import Testing
@testable import HessianModels
import HessianLinearAlgebra

/// `Objective.derivativeErrors` reports the Hessian-vector product in the one report type of the
/// Calculus layer, and a wrong Hv (right gradient and dense Hessian) fails the check.
@Suite struct DerivativeCheckTests {
    /// Rosenbrock with Hv = 2 H v: the gradient and the dense Hessian are right.
    struct WrongCurvature: Objective {
        let base = Rosenbrock()
        var dimension: Int { 2 }
        func value(at x: [Double]) -> Double { base.value(at: x) }
        func evaluate(at x: [Double], hessian: Bool) -> Evaluation { base.evaluate(at: x, hessian: hessian) }
        func curvature(at x: [Double]) -> HessianOperator { HessianOperator(2 * base.hessianMatrix(x)) }
    }

    @Test func hessianVectorProductErrorIsPartOfTheReport() {
        let x = [-1.2, 1.0], v = [0.3, -0.7]
        let good = Rosenbrock().derivativeErrors(at: x, direction: v)
        #expect(good.passes(tolerance: 1e-6))
        #expect(good.hessianVectorProductError.map { $0 <= 1e-12 } == true)
        let bad = WrongCurvature().derivativeErrors(at: x, direction: v)
        #expect(bad.gradientError <= 1e-6 && (bad.hessianError ?? 1) <= 1e-6)
        // ‖2Hv − Hv‖/‖Hv‖ = 1 relative to the dense product.
        #expect((bad.hessianVectorProductError ?? 0) > 0.5)
        #expect(bad.worst == bad.hessianVectorProductError)
        #expect(!bad.passes(tolerance: 1e-6))
    }
}
