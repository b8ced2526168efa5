import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra

@Suite struct QuasiNewtonTests {
    @Test func rosenbrockBFGSAndLBFGS() throws {
        let solvers: [any Solver] = [BFGS(), LBFGS(), LBFGS(memory: 3)]
        for s in solvers {
            let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: s)
            #expect(r.termination == .gradientTolerance, "\(s.name): \(r.message)")
            #expect(abs(r.solution[0] - 1) < 1e-6 && abs(r.solution[1] - 1) < 1e-6, "\(s.name)")
            #expect(r.evaluations.hessians == 0 && r.evaluations.hessianVectorProducts == 0)
            // Value and gradient are always evaluated together by the Wolfe search.
            #expect(r.evaluations.values == r.evaluations.gradients)
        }
    }

    @Test func quadraticMatchesDirectSolve() throws {
        let q = Quadratic.random(20, seed: 5)
        let exact = directSolve(q.a, q.b)
        for s in [BFGS() as any Solver, LBFGS()] {
            let r = try minimize(q, from: [Double](repeating: 0, count: 20), using: s)
            #expect(r.converged, "\(s.name): \(r.message)")
            expectClose(r.solution, exact, relative: 1e-7, "\(s.name)")
        }
    }

    @Test func badlyScaledQuadraticConverges() throws {
        // γ = sᵀy/yᵀy scaling and the curvature pairs handle a diagonal spanning 1e-6…1e6.
        let (q, xStar) = Quadratic.badlyScaled(6)
        let r = try minimize(q, from: [Double](repeating: 0, count: 6), using: BFGS(stopping: .init(maxIterations: 500)))
        #expect(r.converged, "\(r.message)")
        expectClose(r.solution, xStar, relative: 1e-4, scale: .entry)
    }

    @Test func iterationLimitAndNaN() throws {
        let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: LBFGS(stopping: .init(maxIterations: 5)))
        #expect(r.termination == .iterationLimit && r.iterations == 5)
        #expect(r.value < Rosenbrock().value(at: [-1.2, 1]))
        let bad = try minimize(Corrupted(base: Rosenbrock(), nanGradientBeyond: 0.5), from: [-1.2, 1], using: BFGS())
        #expect(bad.termination == .nonFiniteValue, "\(bad.message)")
        #expect(bad.solution[0] <= 0.5 && bad.value.isFinite)
    }
}
