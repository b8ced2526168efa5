import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra
import HessianModels

@Suite struct NewtonTests {
    @Test func rosenbrockReachesMinimizer() throws {
        for ls in [LineSearchMethod.armijo, .wolfe] {
            let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: Newton(lineSearch: ls))
            #expect(r.termination == .gradientTolerance, "\(r.message)")
            #expect(abs(r.solution[0] - 1) < 1e-6 && abs(r.solution[1] - 1) < 1e-6)
            #expect(r.gradientNorm <= 1e-8)
            #expect(r.newtonDecrement != nil)
            #expect(r.trace.count == r.iterations)
        }
    }

    @Test func quadraticConvergesInOneStep() throws {
        let q = Quadratic.random(12, seed: 7)
        let x0 = [Double](repeating: 0.3, count: 12)
        let r = try minimize(q, from: x0, using: Newton())
        #expect(r.iterations == 1, "\(r.message)")
        #expect(r.termination == .gradientTolerance)
        expectClose(r.solution, directSolve(q.a, q.b), relative: 1e-10, scale: .entry)
        // One Hessian, at x0: none at trial points, none at the solution (it passes the gradient test first).
        #expect(r.evaluations.hessians == 1)
        #expect(r.trace.first?.stepLength == 1)
    }

    @Test func badlyScaledQuadraticToFullAccuracy() throws {
        let (q, xStar) = Quadratic.badlyScaled(8)
        let r = try minimize(q, from: [Double](repeating: 0, count: 8), using: Newton())
        #expect(r.converged, "\(r.message)")
        #expect(r.notes.isEmpty, "\(r.notes)")
        expectClose(r.solution, xStar, relative: 1e-8, scale: .entry)
    }

    @Test func newtonDirectionEquilibratesBadlyScaledHessian() throws {
        let (q, xStar) = Quadratic.badlyScaled(10)
        let g = q.gradient(at: [Double](repeating: 0, count: 10))
        let nd = try NewtonDirection.solve(hessian: q.a, gradient: g)
        #expect(nd.method == .cholesky)
        expectClose(nd.direction, xStar, relative: 1e-9, scale: .entry)
        // λ² = gᵀH⁻¹g = x*ᵀ A x* here (g = −b = −A x*).
        #expect(abs(nd.decrement - dot(xStar, q.b)) <= 1e-9 * dot(xStar, q.b))
    }

    @Test func indefiniteLogDetTakesSafePath() throws {
        let f = LogDet3()
        let identity = Matrix.identity(3).storage
        // Independent check of the test's Hessian at I: −K₃₃, eigenvalues ±1.
        let eig = try SymmetricEigen(f.hessian(at: identity), vectors: false)
        #expect(eig.values.min()! < -0.99 && eig.values.max()! > 0.99)

        let nd = try NewtonDirection.solve(hessian: f.hessian(at: identity), gradient: f.gradient(at: identity))
        #expect(dot(f.gradient(at: identity), nd.direction) < 0)
        if case .shiftedCholesky = nd.method {} else { Issue.record("expected the modified Cholesky path") }

        let r = try minimize(f, from: identity, using: Newton(stopping: .init(maxIterations: 3)))
        #expect(!r.notes.isEmpty)
        #expect(r.notes.first?.contains("not positive definite") == true, "\(r.notes)")
        #expect(r.value < 0, "\(r.message)")
        #expect(r.value.isFinite)
    }

    @Test func iterationLimitKeepsBestPoint() throws {
        let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: Newton(stopping: .init(maxIterations: 3)))
        #expect(r.termination == .iterationLimit)
        #expect(r.iterations == 3)
        #expect(r.value < Rosenbrock().value(at: [-1.2, 1]))
        expectClose(r.value, Rosenbrock().value(at: r.solution), relative: 1e-14)
        #expect(r.message.contains("iteration limit 3"))
    }

    @Test func nanGradientKeepsLastFinitePoint() throws {
        // Minimizer at (1, 1); the gradient becomes NaN once x₀ > 0.5.
        let f = Corrupted(base: Rosenbrock(), nanGradientBeyond: 0.5)
        let r = try minimize(f, from: [-1.2, 1], using: Newton())
        #expect(r.termination == .nonFiniteValue, "\(r.message)")
        #expect(r.solution[0] <= 0.5)
        #expect(r.value.isFinite && r.gradientNorm.isFinite)
    }

    @Test func nanValuesEverywhereReported() throws {
        let x0 = [-1.2, 1.0]
        let f = Corrupted(base: Rosenbrock(), start: x0)
        let r = try minimize(f, from: x0, using: Newton())
        #expect(r.termination == .nonFiniteValue, "\(r.message)")
        expectWithinULPs(r.solution, x0, ulps: 0, "the start is kept")
    }

    @Test func callbackStops() throws {
        var seen = 0
        let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: Newton()) { record in
            seen += 1
            #expect(record.iteration == seen)
            return record.iteration == 2 ? .stop : .proceed
        }
        #expect(r.termination == .stoppedByCallback)
        #expect(r.iterations == 2 && seen == 2)
    }

    /// A model that fuses the Hessian into the gradient pass (`newtonUsesDenseHessian`): Newton then
    /// prefetches value, gradient and Hessian at the full step; the counts stay the algorithm's (one
    /// Hessian per iteration, at its start point) and the iterates are those of plain Newton
    /// (the same model through a wrapper without the flag), to rounding.
    @Test func fusedHessianPrefetchKeepsCountsAndIterates() throws {
        var g = SeededGenerator(seed: 11)
        let x = g.matrix(400, 5)
        let noise = g.vector(400)
        let labels = (0..<400).map { i in x[i, 0] - 0.5 * x[i, 2] + 0.3 * noise[i] > 0.1 ? 1.0 : 0.0 }
        let model = try Logistic(design: try Design(x), labels: labels, l2: 0.5)
        #expect(model.newtonUsesDenseHessian)
        let x0 = [Double](repeating: 0, count: model.dimension)
        let fused = try minimize(model, from: x0, using: Newton())
        let plain = try minimize(Unfused(base: try Logistic(design: try Design(x), labels: labels, l2: 0.5)), from: x0, using: Newton())
        #expect(fused.converged && plain.converged)
        #expect(fused.evaluations.hessians == fused.iterations)
        #expect(fused.evaluations == plain.evaluations)
        #expect(fused.iterations == plain.iterations)
        // Equal to rounding: with the Hessian the pass may split rows into more chunks (another summation order).
        expectClose(fused.solution, plain.solution, relative: 1e-12, scale: .entry)
    }

    @Test func structuredStepIsUsedWithoutDenseHessian() throws {
        let q = Quadratic.random(6, seed: 3)
        let s = StructuredQuadratic(q: q)
        let r = try minimize(s, from: [Double](repeating: 0, count: 6), using: Newton())
        #expect(r.converged)
        #expect(r.evaluations.hessians == 1)   // the one structured solve
        let dense = try minimize(s, from: [Double](repeating: 0, count: 6), using: Newton(useStructuredStep: false))
        #expect(dense.evaluations.hessians == 1)   // at x0 only; the solution needs none
        expectClose(r.solution, dense.solution, relative: 1e-10, scale: .entry)
    }
}

/// A quadratic whose Newton step comes from `newtonStep` (an LU solve) and whose dense Hessian traps.
struct StructuredQuadratic: Objective {
    let q: Quadratic
    var dimension: Int { q.dimension }
    func value(at x: [Double]) -> Double { q.value(at: x) }
    func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        var e = q.evaluate(at: x, hessian: hessian)
        if !hessian { e.hessian = nil }
        return e
    }
    func curvature(at x: [Double]) -> HessianOperator { HessianOperator(q.a) }
    func newtonStep(at x: [Double], gradient: [Double]) throws -> [Double]? {
        try LU(q.a).solve(gradient).map { -$0 }
    }
}

/// Forwards to a model but keeps the protocol's default `newtonUsesDenseHessian` (false).
private struct Unfused<F: Objective>: Objective {
    let base: F
    var dimension: Int { base.dimension }
    func value(at x: [Double]) -> Double { base.value(at: x) }
    func evaluate(at x: [Double], hessian: Bool) -> Evaluation { base.evaluate(at: x, hessian: hessian) }
    func curvature(at x: [Double]) -> HessianOperator { base.curvature(at: x) }
}
