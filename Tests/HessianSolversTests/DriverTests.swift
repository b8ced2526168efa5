import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra
import HessianModels

/// A solver written outside the library against the public `Solver` protocol: each step proposes
/// what `plan` says for that iteration, so that the driver's handling of every outcome can be tested.
private struct ScriptedSolver: Solver {
    enum Move { case halfway, nonFinite, stall, withinRoundingNoGain }
    var name: String { "scripted" }
    var stopping: StoppingCriteria
    var recordTrace: Bool { true }
    let plan: [Move]

    struct State { var k = 0 }

    func makeState<F: Objective>(_ context: SolverContext<F>) -> (State, Evaluation) {
        (State(), context.evaluate(at: context.x, hessian: false))
    }

    func step<F: Objective>(_ state: inout State, _ context: SolverContext<F>) -> StepOutcome {
        let move = plan[min(state.k, plan.count - 1)]
        state.k += 1
        switch move {
        case .halfway:
            let x = context.x.map { 0.5 * $0 }
            return .accepted(AcceptedStep(point: x, evaluation: context.evaluate(at: x, hessian: false), stepLength: 0.5))
        case .nonFinite:
            return .accepted(AcceptedStep(point: context.x, evaluation: Evaluation(value: .nan, gradient: context.gradient),
                                          stepLength: 1))
        case .stall:
            return .stopped(.noProgress("scripted stall", predictedDecrease: 0))
        case .withinRoundingNoGain:
            return .accepted(AcceptedStep(point: context.x, evaluation: context.evaluate(at: context.x, hessian: false),
                                          stepLength: 0, withinRounding: true))
        }
    }
}

/// f(x) = ½‖x‖², minimum 0 at the origin; halving x halves ‖∇f‖∞ = ‖x‖∞.
struct HalfNormSquared: Objective {
    let dimension: Int
    func value(at x: [Double]) -> Double { 0.5 * dot(x, x) }
    func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        Evaluation(value: 0.5 * dot(x, x), gradient: x, hessian: hessian ? Matrix.identity(dimension) : nil)
    }
    func curvature(at x: [Double]) -> HessianOperator { HessianOperator(Matrix.identity(dimension)) }
}

@Suite struct DriverTests {
    let f = HalfNormSquared(dimension: 3)
    let x0 = [1.0, -2.0, 4.0]

    @Test func driverOwnsCountsTraceAndConvergence() throws {
        // ‖x‖∞ = 4·2⁻ᵏ ≤ 1e-3 first at k = 12.
        let r = try minimize(f, from: x0, using: ScriptedSolver(stopping: .init(gradientTolerance: 1e-3), plan: [.halfway]))
        #expect(r.termination == .gradientTolerance && r.converged)
        #expect(r.iterations == 12 && r.trace.count == 12)
        #expect(r.evaluations.values == 13 && r.evaluations.gradients == 13 && r.evaluations.hessians == 0)
        #expect(r.trace.map(\.iteration) == Array(1...12))
        expectWithinULPs(r.solution, x0.map { $0 / 4096 }, ulps: 0)
        #expect(r.solver == "scripted")
    }

    @Test func nonFinitePointKeepsTheLastFiniteOne() throws {
        let r = try minimize(f, from: x0, using: ScriptedSolver(stopping: .init(), plan: [.halfway, .nonFinite]))
        #expect(r.termination == .nonFiniteValue && !r.converged)
        #expect(r.iterations == 1)
        expectWithinULPs(r.solution, x0.map { 0.5 * $0 }, ulps: 0)
        #expect(r.value.isFinite)
    }

    @Test func noProgressIsAValueStallOnlyAtTheRoundingFloorWithASmallGradient() throws {
        // Large gradient: a line-search failure.
        let failed = try minimize(f, from: x0, using: ScriptedSolver(stopping: .init(), plan: [.stall]))
        #expect(failed.termination == .lineSearchFailure && !failed.converged, "\(failed.message)")
        #expect(failed.message.contains("scripted stall at iteration 1"))
        // ‖∇f‖∞ ≈ 4·2⁻¹⁸ ≈ 1.5e-5 ≤ acceptable 1e-4 but > 1e-12: not converged, a value stall.
        let stopping = StoppingCriteria(gradientTolerance: 1e-12, acceptableGradientTolerance: 1e-4)
        let plan = [ScriptedSolver.Move](repeating: .halfway, count: 18) + [.stall]
        let stalled = try minimize(f, from: x0, using: ScriptedSolver(stopping: stopping, plan: plan))
        #expect(stalled.termination == .valueStall && !stalled.converged, "\(stalled.message)")
        #expect(stalled.iterations == 18)
    }

    @Test func fiveStepsWithinRoundingWithoutGainEndTheRun() throws {
        let stopping = StoppingCriteria(gradientTolerance: 1e-12, acceptableGradientTolerance: 10)
        let r = try minimize(f, from: x0, using: ScriptedSolver(stopping: stopping, plan: [.halfway, .withinRoundingNoGain]))
        #expect(r.termination == .valueStall && !r.converged, "\(r.message)")
        #expect(r.iterations == 6)
    }

    @Test func callbackAndIterationLimitAreTheDriversToo() throws {
        var seen: [Int] = []
        let stopped = try minimize(f, from: x0, using: ScriptedSolver(stopping: .init(), plan: [.halfway])) { record in
            seen.append(record.iteration)
            return record.iteration == 3 ? .stop : .proceed
        }
        #expect(stopped.termination == .stoppedByCallback && seen == [1, 2, 3])
        let limited = try minimize(f, from: x0, using: ScriptedSolver(stopping: .init(maxIterations: 4), plan: [.halfway]))
        #expect(limited.termination == .iterationLimit && limited.iterations == 4)
    }
}
