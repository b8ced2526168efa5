import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra

@Suite struct NewtonCGTests {
    @Test func rosenbrock() throws {
        for ls in [LineSearchMethod.armijo, .wolfe] {
            let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: NewtonCG(lineSearch: ls))
            #expect(r.termination == .gradientTolerance, "\(r.message)")
            #expect(abs(r.solution[0] - 1) < 1e-6 && abs(r.solution[1] - 1) < 1e-6)
            #expect(r.evaluations.hessians == 0)
            // One curvature operator per outer iteration, applied at least once.
            #expect(r.evaluations.hessianVectorProducts >= r.iterations)
        }
    }

    @Test func quadraticUsesOnlyHessianVectorProducts() throws {
        let q = Quadratic.random(30, seed: 9)
        let r = try minimize(q, from: [Double](repeating: 0, count: 30), using: NewtonCG())
        #expect(r.converged, "\(r.message)")
        expectClose(r.solution, directSolve(q.a, q.b), relative: 1e-8)
        #expect(r.evaluations.hessians == 0 && r.evaluations.hessianVectorProducts > 0)
    }

    @Test func negativeCurvatureDetected() throws {
        // At X = I the log-det Hessian is −K with gradient vec(I) in its −1 eigenspace: the first CG
        // direction has negative curvature, so the step is −∇f (noted) and f still decreases.
        let r = try minimize(LogDet3(), from: Matrix.identity(3).storage, using: NewtonCG(stopping: .init(maxIterations: 2)))
        #expect(r.notes.contains { $0.contains("negative curvature") }, "\(r.notes)")
        #expect(r.value < 0 && r.value.isFinite, "\(r.message)")
    }
}
