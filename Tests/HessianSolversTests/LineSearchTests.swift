import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra

@Suite struct LineSearchTests {
    let f = Rosenbrock()
    let x = [-1.2, 1.0]

    /// Directions to test from x: steepest descent (badly scaled, long), the Newton direction, a scaled one.
    var directions: [[Double]] {
        let g = f.gradient(at: x)
        let newton = directSolve(f.hessianMatrix(x), g).map { -$0 }
        return [scaled(-1, g), newton, scaled(-1e-3, g), [1, 0.1].map { $0 * (g[0] < 0 ? 1 : -1) }]
    }

    @Test func armijoHoldsAtReturnedStep() {
        let e = f.evaluate(at: x, hessian: false)
        for p in directions {
            let out = BacktrackingLineSearch().search(f, from: x, value: e.value, gradient: e.gradient, direction: p)
            #expect(out.status == .success)
            let slope = dot(e.gradient, p)
            // Independent re-evaluation at x + αp, formed by scal then add where the search uses one
            // (possibly FMA) daxpy: the points may differ in the last bit, so the values agree to 1e-12.
            let fNew = f.value(at: add(x, scaled(out.step, p)))
            expectClose(fNew, out.value, relative: 1e-12)
            #expect(fNew <= e.value + 1e-4 * out.step * slope)
            #expect(out.step > 0 && out.step <= 1)
        }
    }

    @Test func strongWolfeHoldsAtReturnedStep() throws {
        let e = f.evaluate(at: x, hessian: false)
        for c2 in [0.9, 0.1] {
            for p in directions {
                let ls = StrongWolfeLineSearch(curvature: c2)
                for alpha0 in [1.0, 1e-6, 50] {
                    let out = ls.search(f, from: x, value: e.value, gradient: e.gradient, direction: p, initialStep: alpha0)
                    #expect(out.status == .success, "c2 \(c2) α0 \(alpha0): \(out.status)")
                    let slope0 = dot(e.gradient, p)
                    let xNew = add(x, scaled(out.step, p))
                    let eNew = f.evaluate(at: xNew, hessian: false)
                    #expect(eNew.value <= e.value + 1e-4 * out.step * slope0)
                    #expect(abs(dot(eNew.gradient, p)) <= c2 * abs(slope0))
                    // xNew is x + αp rounded differently from the search's daxpy (see armijoHoldsAtReturnedStep).
                    expectClose(try #require(out.gradient), eNew.gradient, relative: 1e-12, "c2 \(c2) α0 \(alpha0)")
                }
            }
        }
    }

    @Test func ascentDirectionIsReported() {
        let e = f.evaluate(at: x, hessian: false)
        let up = e.gradient
        let a = BacktrackingLineSearch().search(f, from: x, value: e.value, gradient: e.gradient, direction: up)
        let w = StrongWolfeLineSearch().search(f, from: x, value: e.value, gradient: e.gradient, direction: up)
        #expect(a.status == .notDescentDirection && w.status == .notDescentDirection)
        #expect(a.evaluations == 0 && w.evaluations == 0)
        #expect(a.step == 0 && a.point == x)
        // Orthogonal to the gradient is not a descent direction either.
        let orthogonal = [-e.gradient[1], e.gradient[0]]
        #expect(BacktrackingLineSearch().search(f, from: x, value: e.value, gradient: e.gradient,
                                                direction: orthogonal).status == .notDescentDirection)
    }

    @Test func nonFiniteValuesShrinkTheStep() {
        // log|X| from X = I along −I: +∞ once the step passes 1 (det ≤ 0), so a huge first step must shrink.
        let g = LogDet3()
        let x0 = Matrix.identity(3).storage
        let e = g.evaluate(at: x0, hessian: false)
        let p = scaled(-1000, x0)
        for out in [BacktrackingLineSearch().search(g, from: x0, value: e.value, gradient: e.gradient, direction: p),
                    StrongWolfeLineSearch().search(g, from: x0, value: e.value, gradient: e.gradient, direction: p)] {
            #expect(out.status.accepted, "\(out.status)")
            #expect(out.value.isFinite && out.value < 0)
            #expect(out.step < 1e-3)
        }
        // A function that is NaN everywhere but x0.
        let nan = Corrupted(base: Rosenbrock(), start: x)
        let ef = f.evaluate(at: x, hessian: false)
        let out = BacktrackingLineSearch().search(nan, from: x, value: ef.value, gradient: ef.gradient, direction: scaled(-1, ef.gradient))
        #expect(out.status == .nonFiniteValues && out.step == 0)
    }
}
