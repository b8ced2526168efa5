import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra
import HessianModels

@Suite struct TrustRegionSelectionTests {
    @Test func automaticChoosesSteihaugAboveTheThreshold() throws {
        let small = try minimize(Rosenbrock(), from: [-1.2, 1], using: TrustRegion(exactMaxDimension: 2))
        #expect(small.evaluations.hessians > 0 && small.evaluations.hessianVectorProducts == 0)
        let large = try minimize(Rosenbrock(), from: [-1.2, 1], using: TrustRegion(exactMaxDimension: 1))
        #expect(large.evaluations.hessians == 0 && large.evaluations.hessianVectorProducts > 0)
        #expect(large.converged && small.converged)
    }

    @Test func steihaugStopsAtNegativeCurvatureOnTheBoundary() throws {
        // B = diag(1, −1), g = (1, 1): the second CG direction has negative curvature … or the
        // first does; either way the step ends on the boundary and decreases the model.
        let cg = SteihaugCG(relativeTolerance: 1e-10, maxIterations: 10)
        let s = cg.solve(HessianOperator(try Matrix([[1, 0], [0, -1]])), gradient: [1, 1], radius: 2)
        #expect(s.negativeCurvature && s.onBoundary)
        #expect(abs(norm2(s.step) - 2) < 1e-12)
        #expect(s.predictedDecrease > 0)
        // Positive definite, large radius: the Newton step.
        let pd = cg.solve(HessianOperator(try Matrix([[2, 0.5], [0.5, 1]])), gradient: [1, -1], radius: 100)
        #expect(!pd.onBoundary && !pd.negativeCurvature)
        expectClose(pd.step, directSolve(try Matrix([[2, 0.5], [0.5, 1]]), [-1, 1]), relative: 1e-10)
    }
}
