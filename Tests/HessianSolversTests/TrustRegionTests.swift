import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra
import HessianModels

/// f(x, y) = x² − y² + ¼y⁴: a saddle at the origin, minima −1 at (0, ±√2). From (1, 0) the gradient
/// never has a y-component, so only a method that uses negative curvature (the hard case) leaves y = 0.
struct SaddleObjective: Objective {
    var dimension: Int { 2 }
    func value(at p: [Double]) -> Double { p[0] * p[0] - p[1] * p[1] + 0.25 * pow(p[1], 4) }
    func evaluate(at p: [Double], hessian: Bool) -> Evaluation {
        let g = [2 * p[0], -2 * p[1] + pow(p[1], 3)]
        return Evaluation(value: value(at: p), gradient: g, hessian: hessian ? h(p) : nil)
    }
    func h(_ p: [Double]) -> Matrix { [[2, 0], [0, -2 + 3 * p[1] * p[1]]] }
    func curvature(at p: [Double]) -> HessianOperator { HessianOperator(h(p)) }
}

@Suite struct TrustRegionTests {
    @Test func rosenbrockExactAndSteihaug() throws {
        for sub in [TrustRegion.Subproblem.exact, .steihaug] {
            let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: TrustRegion(subproblem: sub))
            #expect(r.termination == .gradientTolerance, "\(sub): \(r.message)")
            #expect(abs(r.solution[0] - 1) < 1e-6 && abs(r.solution[1] - 1) < 1e-6, "\(sub)")
            #expect(r.trace.allSatisfy { $0.radius != nil })
            if sub == .steihaug {
                #expect(r.evaluations.hessians == 0 && r.evaluations.hessianVectorProducts > 0)
            } else {
                #expect(r.evaluations.hessianVectorProducts == 0)
            }
        }
    }

    @Test func badlyScaledQuadraticToFullAccuracy() throws {
        let (q, xStar) = Quadratic.badlyScaled(8)
        let r = try minimize(q, from: [Double](repeating: 0, count: 8), using: TrustRegion())
        #expect(r.converged, "\(r.message)")
        expectClose(r.solution, xStar, relative: 1e-8, scale: .entry)
    }

    @Test func exactSubproblemMatchesNewtonStepInside() throws {
        let q = Quadratic.random(5, seed: 11)
        let g = q.gradient(at: [Double](repeating: 0, count: 5))
        let sub = try ExactTrustRegionSubproblem(hessian: q.a, gradient: g)
        let newton = directSolve(q.a, g).map { -$0 }
        let inside = sub.solve(radius: 10 * norm2(newton))
        #expect(!inside.onBoundary)
        expectClose(inside.step, newton, relative: 1e-10, scale: .entry)
        // On the boundary: ‖p‖ = Δ, and (A + σI)p = −g with σ ≥ 0.
        let delta = 0.3 * norm2(newton)
        let b = sub.solve(radius: delta)
        #expect(abs(norm2(b.step) - delta) < 1e-8 * delta)
        var shifted = q.a
        shifted.addToDiagonal(b.shift)
        let residual = add(shifted * b.step, g)
        #expect(norm2(residual) < 1e-8 * norm2(g))
        #expect(b.shift > 0)
    }

    @Test func hardCaseEscapesSaddleLine() throws {
        let r = try minimize(SaddleObjective(), from: [1, 0], using: TrustRegion())
        #expect(r.converged, "\(r.message)")
        #expect(abs(abs(r.solution[1]) - 2.0.squareRoot()) < 1e-6)
        #expect(abs(r.value + 1) < 1e-10)
        #expect(r.notes.contains { $0.contains("hard case") }, "\(r.notes)")
    }

    @Test func indefiniteLogDetMakesProgress() throws {
        let identity = Matrix.identity(3).storage
        for sub in [TrustRegion.Subproblem.exact, .steihaug] {
            let r = try minimize(LogDet3(), from: identity, using: TrustRegion(stopping: .init(maxIterations: 3), subproblem: sub))
            #expect(r.value < 0, "\(sub): \(r.message)")
            #expect(r.value.isFinite)
            #expect(r.iterations >= 1)
        }
    }

    @Test func iterationLimitAndCallback() throws {
        let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: TrustRegion(stopping: .init(maxIterations: 4)))
        #expect(r.termination == .iterationLimit)
        #expect(r.value <= Rosenbrock().value(at: [-1.2, 1]))
        let c = try minimize(Rosenbrock(), from: [-1.2, 1], using: TrustRegion()) { $0.iteration == 1 ? .stop : .proceed }
        #expect(c.termination == .stoppedByCallback && c.iterations == 1)
    }
}
