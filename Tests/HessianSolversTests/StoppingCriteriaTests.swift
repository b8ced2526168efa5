import Foundation
import HessianTestSupport
import Testing
@testable import HessianSolvers
import HessianLinearAlgebra
import HessianModels

@Suite struct StoppingCriteriaTests {
    @Test func messageStatesTheFigures() throws {
        let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: Newton())
        // "gradient max-norm 4.4e-14 ≤ 1e-08 after 25 iterations"
        let expected = "gradient max-norm \(String(format: "%.2g", r.gradientNorm)) ≤ 1e-08 after \(r.iterations) iterations"
        #expect(r.message == expected)
        #expect(r.elapsed > 0 && r.elapsed < 60)
        #expect(r.trace.last.map { $0.elapsed <= r.elapsed } == true)
    }

    @Test func startingAtTheMinimizer() throws {
        for kind in SolverKind.allCases {
            let r = try minimize(Rosenbrock(), from: [1, 1], using: kind.make())
            #expect(r.termination == .gradientTolerance && r.iterations == 0, "\(kind)")
            expectWithinULPs(r.solution, [1, 1], ulps: 0, "\(kind): the start is returned unchanged")
        }
    }

    @Test func zeroIterationsAndTimeLimit() throws {
        let none = try minimize(Rosenbrock(), from: [-1.2, 1], using: BFGS(stopping: .init(maxIterations: 0)))
        #expect(none.termination == .iterationLimit && none.iterations == 0)
        expectWithinULPs(none.solution, [-1.2, 1], ulps: 0, "the start is returned unchanged")
        let timed = try minimize(Rosenbrock(), from: [-1.2, 1], using: LBFGS(stopping: .init(timeLimit: 0)))
        #expect(timed.termination == .timeLimit && timed.iterations == 1)
        #expect(!timed.converged)
    }

    @Test func secondaryCriteriaNeedASmallGradient() throws {
        // A huge value tolerance is met at once, but only counts once ‖∇f‖∞ ≤ 1e-5.
        let s = StoppingCriteria(gradientTolerance: 1e-12, valueTolerance: 1, acceptableGradientTolerance: 1e-5)
        let r = try minimize(Rosenbrock(), from: [-1.2, 1], using: Newton(stopping: s))
        #expect(r.termination == .valueTolerance, "\(r.message)")
        #expect(r.gradientNorm <= 1e-5 && r.gradientNorm > 1e-12)
        #expect(r.trace.dropLast().allSatisfy { $0.gradientNorm > 1e-5 })
        // Same for the step tolerance.
        let t = StoppingCriteria(gradientTolerance: 1e-12, stepTolerance: 10, acceptableGradientTolerance: 1e-3)
        let q = try minimize(Rosenbrock(), from: [-1.2, 1], using: BFGS(stopping: t))
        #expect(q.termination == .stepTolerance, "\(q.message)")
        #expect(q.gradientNorm <= 1e-3)
    }

    @Test func roundingFloorIsReportedHonestly() throws {
        // f = 1e8 + ½‖x‖²: the constant swamps the decrease the model can predict once ‖x‖ ≲ 1e-2,
        // so the run ends at the floating-point floor with a small (but not 1e-12) gradient.
        struct Offset: Objective {
            var dimension: Int { 3 }
            func value(at x: [Double]) -> Double { 1e8 + 0.5 * dot(x, x) }
            func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
                Evaluation(value: value(at: x), gradient: x, hessian: hessian ? .identity(3) : nil)
            }
            func curvature(at x: [Double]) -> HessianOperator { HessianOperator(.identity(3)) }
        }
        for kind in SolverKind.allCases {
            let r = try minimize(Offset(), from: [3, -2, 1], using: kind.make(stopping: .init(gradientTolerance: 1e-12)))
            // Either exact convergence or an honest floor report — never a false "gradientTolerance".
            if r.termination == .gradientTolerance {
                #expect(r.gradientNorm <= 1e-12, "\(kind)")
            } else {
                #expect(r.termination == .valueStall || r.termination == .lineSearchFailure, "\(kind): \(r.message)")
                #expect(!r.converged, "\(kind)")
                #expect(r.message.contains("floating point") || r.message.contains("line search") || r.message.contains("within rounding"),
                        "\(kind): \(r.message)")
            }
            #expect(normInf(r.solution) < 1e-3, "\(kind): \(r.message)")
        }
    }
}
