import Foundation
import Synchronization
import HessianTestSupport
import Testing
@testable import HessianSolvers
import HessianModels

/// Records every call an objective receives, to count evaluations per point.
final class CallLog: Sendable {
    struct Call: Sendable { var point: [Double]; var kind: String }
    let calls = Mutex<[Call]>([])
    func record(_ x: [Double], _ kind: String) { calls.withLock { $0.append(Call(point: x, kind: kind)) } }
}

/// Rosenbrock whose every call is logged.
struct LoggedRosenbrock: Objective {
    let log = CallLog()
    let base = Rosenbrock()
    var dimension: Int { 2 }
    func value(at x: [Double]) -> Double { log.record(x, "value"); return base.value(at: x) }
    func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        log.record(x, hessian ? "evaluate+hessian" : "evaluate")
        return base.evaluate(at: x, hessian: hessian)
    }
    func curvature(at x: [Double]) -> HessianOperator { log.record(x, "curvature"); return base.curvature(at: x) }
}

/// f(x) = Σ (xᵢ − cᵢ)² with c = (1e10, 0): a badly scaled minimizer.
struct ShiftedSquares: Objective {
    let c = [1e10, 0.0]
    var dimension: Int { 2 }
    func value(at x: [Double]) -> Double { (x[0] - c[0]) * (x[0] - c[0]) + (x[1] - c[1]) * (x[1] - c[1]) }
    func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        Evaluation(value: value(at: x), gradient: [2 * (x[0] - c[0]), 2 * (x[1] - c[1])],
                   hessian: hessian ? [[2, 0], [0, 2]] : nil)
    }
    func curvature(at x: [Double]) -> HessianOperator { HessianOperator([[2, 0], [0, 2]]) }
}

/// Solver defects found in review, each with the behaviour that failed before.
@Suite struct SolverDefectTests {
    @Test func backtrackingThatEvaluatedNothingSaysSo() {
        // x + αp == x in every component already at α = 1.
        let ls = BacktrackingLineSearch().search(value: { _ in Issue.record("evaluated"); return 0 },
                                                 from: [1e20], value: 1, gradient: [1], direction: [-1e-10])
        #expect(ls.status == .stepBelowRounding)
        #expect(ls.evaluations == 0)
        let wolfe = StrongWolfeLineSearch().search(evaluate: { _ in Issue.record("evaluated"); return (0, [0]) },
                                                   from: [1e20], value: 1, gradient: [1], direction: [-1e-10])
        #expect(wolfe.status == .stepBelowRounding)
    }

    @Test func minimumStepIsComponentwise() throws {
        // The full step changes only x₂ (|p| = 1e-6 ≪ ε‖x‖∞ = 2e-6) and lands exactly on f = 0.
        let x = [1e10, 1e-6], f = ShiftedSquares()
        let e = f.evaluate(at: x, hessian: false)
        let ls = BacktrackingLineSearch().search(value: { f.value(at: $0) }, from: x, value: e.value,
                                                 gradient: e.gradient, direction: [0, -1e-6])
        #expect(ls.status == .success && ls.step == 1)
        expectWithinULPs(ls.value, 0, ulps: 0)
        let r = try minimize(f, from: x, using: Newton())
        #expect(r.termination == .gradientTolerance, "\(r.message)")
        #expect(r.value < 1e-30)
    }

    @Test(arguments: [SolverKind.newton, .trustRegion])
    func oneEvaluationPerAcceptedPoint(_ kind: SolverKind) throws {
        let f = LoggedRosenbrock()
        let r = try minimize(f, from: [-1.2, 1], using: kind.make())
        #expect(r.converged)
        let calls = f.log.calls.withLock { $0 }
        #expect(!calls.contains { $0.kind == "value" }, "value(at:) before evaluate(at:) repeats the pass")
        // A point is evaluated at most once for its value and gradient; a second call only adds the
        // Hessian that the first did not compute.
        var byPoint: [[Double]: [String]] = [:]
        for c in calls { byPoint[c.point, default: []].append(c.kind) }
        for (point, kinds) in byPoint {
            let ok = kinds.count == 1 || (kinds == ["evaluate", "evaluate+hessian"])
            #expect(ok, "\(point): \(kinds)")
        }
    }

    @Test func trustRegionOnBiggsValleyIsNotReportedConverged() throws {
        // Along Biggs EXP6's valley the scaled region's run levels off at f ≈ 0.243, far from the
        // minima 0 and 5.66e-3; whatever it ends with, it must not say "converged".
        let p = MGHProblem.all[17]
        let r = try minimize(p, from: p.start, using: TrustRegion(stopping: .init(maxIterations: 300)))
        #expect(!r.converged || r.gradientNorm <= 1e-8, "\(r.termination): \(r.message)")
    }

    @Test func valueStallIsNotConvergence() {
        #expect(!Termination.valueStall.converged)
        #expect(Termination.gradientTolerance.converged)
    }
}
