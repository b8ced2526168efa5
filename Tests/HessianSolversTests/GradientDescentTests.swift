import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra

@Suite struct GradientDescentTests {
    @Test func rosenbrockWithManyIterations() throws {
        let s = GradientDescent(stopping: .init(gradientTolerance: 1e-8, maxIterations: 200_000), recordTrace: false)
        let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: s)
        #expect(r.termination == .gradientTolerance, "\(r.message)")
        #expect(abs(r.solution[0] - 1) < 1e-6 && abs(r.solution[1] - 1) < 1e-6)
        #expect(r.trace.isEmpty)
    }

    @Test func quadratic() throws {
        let q = Quadratic.random(10, seed: 2)
        let r = try minimize(q, from: [Double](repeating: 0, count: 10), using: GradientDescent(stopping: .init(gradientTolerance: 1e-11, maxIterations: 5000), lineSearch: .armijo))
        #expect(r.converged, "\(r.message)")
        expectClose(r.solution, directSolve(q.a, q.b), relative: 1e-7)
    }
}
