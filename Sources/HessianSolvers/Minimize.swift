import HessianLinearAlgebra
import HessianModels

/// Minimizes f from x0 with the given solver. The result carries the best point found, counts,
/// timing and why the solver stopped.
///
/// This function is the one loop every solver runs in: it evaluates the start through
/// ``Solver/makeState(_:)``, then asks ``Solver/step(_:_:)`` for one accepted point per iteration and
/// itself checks that point's values, moves to it, records the trace, calls `trace`, tests the
/// ``StoppingCriteria`` and cancellation, and ends a run stuck at the rounding floor of f.
///
/// - Parameters:
///   - f: the objective.
///   - x0: the starting point, `f.dimension` finite entries.
///   - solver: the method and its options (``Newton``, ``TrustRegion``, ``NewtonCG``, ``BFGS``,
///     ``LBFGS``, ``GradientDescent``, or ``SolverKind/make(stopping:)``).
///   - threads: the thread budget for the objective's parallel passes, ≥ 1 (see `ThreadBudget` in
///     `HessianLinearAlgebra`); nil keeps the budget in effect (`ThreadBudget.current`, by default
///     the active cores). The result is bitwise reproducible for a given budget.
///   - trace: called after every iteration with its record; returning ``TraceAction/stop`` ends the
///     run (``Termination/stoppedByCallback``). nil for none.
/// - Returns: the best point, its value and gradient, the evaluation counts and the termination.
/// - Throws: `OptimizationError` (declared in `HessianModels`) when `x0` has the wrong length or a
///   non-finite entry, or `threads` < 1. Everything that goes wrong during the run is reported in the result's
///   ``OptimizationResult/termination`` instead, including cancellation of the calling `Task`
///   (``Termination/cancelled``, checked once per iteration).
public func minimize<F: Objective, S: Solver>(_ f: F, from x0: [Double], using solver: S, threads: Int? = nil,
                                             trace: ((IterationRecord) -> TraceAction)? = nil) throws -> OptimizationResult {
    guard x0.count == f.dimension else { throw OptimizationError.startLength(expected: f.dimension, got: x0.count) }
    if let i = x0.firstIndex(where: { !$0.isFinite }) { throw OptimizationError.nonFiniteStart(index: i, value: x0[i]) }
    guard let threads else { return drive(f, from: x0, solver, trace) }
    guard threads >= 1 else { throw OptimizationError.invalidThreadCount(threads) }
    return ThreadBudget.withThreads(threads) { drive(f, from: x0, solver, trace) }
}

/// The loop of `minimize`.
func drive<F: Objective, S: Solver>(_ f: F, from x0: [Double], _ solver: S,
                                    _ callback: ((IterationRecord) -> TraceAction)?) -> OptimizationResult {
    var run = DriverRun(SolverContext(f, from: x0, stopping: solver.stopping), solver: solver.name,
                        callback: callback, recordTrace: solver.recordTrace)
    var (state, start) = solver.makeState(run.context)
    if let done = run.begin(with: start) { return done }
    while true {
        switch solver.step(&state, run.context) {
        case .stopped(let reason):
            return run.stopped(reason)
        case .accepted(let step):
            if let done = run.accept(step) { return done }
        }
    }
}

/// The driver's bookkeeping around a ``SolverContext``: trace, callback, convergence test, the
/// rounding guard and the final result.
struct DriverRun<F: Objective> {
    let context: SolverContext<F>
    let solverName: String
    let callback: ((IterationRecord) -> TraceAction)?
    let recordTrace: Bool
    var trace: [IterationRecord] = []
    var newtonDecrement: Double?
    /// The smallest ‖∇f‖∞ seen before the current iterate, and how many steps accepted only within
    /// rounding have failed to beat it in a row.
    var smallestGradientNorm = Double.infinity
    var roundingStreak = 0

    init(_ context: SolverContext<F>, solver: String, callback: ((IterationRecord) -> TraceAction)?, recordTrace: Bool) {
        self.context = context
        self.solverName = solver
        self.callback = callback
        self.recordTrace = recordTrace
    }

    var stopping: StoppingCriteria { context.stopping }

    /// Takes the evaluation at the starting point. Returns a finished result if the run cannot start
    /// or is already converged (0 iterations).
    mutating func begin(with e: Evaluation) -> OptimizationResult? {
        context.start(with: e)
        let gn = context.gradientNorm
        if !e.value.isFinite || !gn.isFinite {
            return finish(.nonFiniteValue, "the starting point has f = \(fmt(e.value)) and ‖∇f‖∞ = \(fmt(gn)); nothing to do")
        }
        if gn <= stopping.gradientTolerance {
            return finish(.gradientTolerance,
                          "gradient max-norm \(fmt(gn)) ≤ \(fmt(stopping.gradientTolerance)) at the starting point")
        }
        if Task.isCancelled { return finish(.cancelled, "the task was cancelled before the first iteration") }
        if stopping.maxIterations == 0 {
            return finish(.iterationLimit, "iteration limit 0 reached; gradient max-norm \(fmt(gn))")
        }
        return nil
    }

    /// Checks, moves to and reports an accepted point; a finished result when the run must end.
    mutating func accept(_ step: AcceptedStep) -> OptimizationResult? {
        let e = step.evaluation
        let gn = normInf(e.gradient)
        if !e.value.isFinite || !gn.isFinite {
            return finish(.nonFiniteValue,
                          "the objective returned f = \(fmt(e.value)), ‖∇f‖∞ = \(fmt(gn)) at the point of iteration "
                          + "\(context.iterations + 1); kept the last finite point (f = \(fmt(context.value)), "
                          + "gradient max-norm \(fmt(context.gradientNorm)))")
        }
        if context.gradientNorm < smallestGradientNorm { smallestGradientNorm = context.gradientNorm }
        let (stepNorm, valueChange) = context.moveTo(step.point, e)
        newtonDecrement = step.decrement ?? newtonDecrement
        let record = IterationRecord(iteration: context.iterations, value: context.value, gradientNorm: context.gradientNorm,
                                     stepLength: step.stepLength, newtonDecrement: step.decrement, radius: step.radius,
                                     elapsed: context.elapsed)
        if recordTrace { trace.append(record) }
        if let cb = callback, cb(record) == .stop {
            return finish(.stoppedByCallback, "stopped by the trace callback after \(context.iterations) iterations; "
                          + "gradient max-norm \(fmt(context.gradientNorm))")
        }
        if let done = checkConvergence(stepNorm: stepNorm, valueChange: valueChange) { return done }
        if Task.isCancelled {
            return finish(.cancelled, "the task was cancelled; stopped after \(context.iterations) iterations at "
                          + "gradient max-norm \(fmt(context.gradientNorm))")
        }
        return roundingGuard(withinRounding: step.withinRounding, valueChange: valueChange)
    }

    /// The convergence test of ``StoppingCriteria``, then the limits.
    func checkConvergence(stepNorm: Double, valueChange: Double) -> OptimizationResult? {
        let s = stopping, gn = context.gradientNorm, k = context.iterations
        if gn <= s.gradientTolerance {
            return finish(.gradientTolerance, "gradient max-norm \(fmt(gn)) ≤ \(fmt(s.gradientTolerance)) after \(k) iterations")
        }
        let gradientSmall = gn <= s.secondaryGradientBound
        let bound = "gradient max-norm \(fmt(gn)) ≤ \(fmt(s.secondaryGradientBound))"
        if s.stepTolerance > 0 && stepNorm <= s.stepTolerance * (1 + normInf(context.x)) && gradientSmall {
            return finish(.stepTolerance,
                          "step max-norm \(fmt(stepNorm)) ≤ \(fmt(s.stepTolerance))·(1 + ‖x‖∞) after \(k) iterations; \(bound)")
        }
        if s.valueTolerance > 0 && abs(valueChange) <= s.valueTolerance * (1 + abs(context.value)) && gradientSmall {
            return finish(.valueTolerance, "value change \(fmt(abs(valueChange))) ≤ \(fmt(s.valueTolerance))·(1 + |f|) after "
                          + "\(k) iterations; \(bound)")
        }
        if k >= s.maxIterations {
            return finish(.iterationLimit,
                          "iteration limit \(s.maxIterations) reached; gradient max-norm \(fmt(gn)) > \(fmt(s.gradientTolerance))")
        }
        if let limit = s.timeLimit, context.elapsed >= limit {
            return finish(.timeLimit, "time limit \(fmt(limit)) s reached after \(k) iterations; gradient max-norm \(fmt(gn))")
        }
        return nil
    }

    /// Ends a run that keeps taking steps accepted only within rounding of f that neither decrease f
    /// nor reach a smaller gradient than before: 5 such steps in a row mean f and ∇f are at their
    /// floating-point floor.
    mutating func roundingGuard(withinRounding: Bool, valueChange: Double) -> OptimizationResult? {
        guard withinRounding else { roundingStreak = 0; return nil }
        if context.gradientNorm < smallestGradientNorm || valueChange > 0 { roundingStreak = 0; return nil }
        roundingStreak += 1
        if roundingStreak < 5 { return nil }
        return noProgress("\(roundingStreak) steps within rounding of f did not reduce the gradient", predictedDecrease: 0)
    }

    /// The result for a step that found no acceptable point.
    func stopped(_ reason: StopReason) -> OptimizationResult {
        let next = context.iterations + 1
        let kept = "f = \(fmt(context.value)), gradient max-norm \(fmt(context.gradientNorm))"
        switch reason {
        case .noProgress(let what, let predicted):
            return noProgress(what, predictedDecrease: predicted)
        case .notDescentDirection(let what):
            return finish(.notDescentDirection, "\(what) at iteration \(next); kept the best point (\(kept))")
        case .nonFiniteValues(let what):
            return finish(.nonFiniteValue, "\(what) at iteration \(next); kept the last finite point (\(kept))")
        case .linearAlgebraFailure(let what):
            return finish(.linearAlgebraFailure, "\(what) at iteration \(next); kept the best point (\(kept))")
        }
    }

    /// The end of a run that could not make progress. If the predicted decrease was already below the
    /// rounding level of f and the gradient is acceptably small, f is at its floating-point floor
    /// (`.valueStall`, which is not convergence: the gradient test did not hold).
    func noProgress(_ what: String, predictedDecrease: Double) -> OptimizationResult {
        let floor = roundingLevel(context.value), gn = context.gradientNorm, k = context.iterations
        let predicted = abs(predictedDecrease)   // NaN is not below the floor: a line-search failure
        if predicted <= floor && gn <= stopping.secondaryGradientBound {
            return finish(.valueStall,
                          "f cannot decrease further in floating point (predicted decrease \(fmt(predicted)) ≤ "
                          + "rounding level \(fmt(floor))) after \(k) iterations; gradient max-norm "
                          + "\(fmt(gn)) ≤ \(fmt(stopping.secondaryGradientBound)) but > \(fmt(stopping.gradientTolerance))")
        }
        return finish(.lineSearchFailure, "\(what) at iteration \(k + 1); kept the best point (f = \(fmt(context.value)), "
                      + "gradient max-norm \(fmt(gn)) > \(fmt(stopping.gradientTolerance)))")
    }

    func finish(_ termination: Termination, _ message: String) -> OptimizationResult {
        OptimizationResult(solver: solverName, solution: context.x, value: context.value, gradient: context.gradient,
                           gradientNorm: context.gradientNorm, iterations: context.iterations, evaluations: context.counts,
                           elapsed: context.elapsed, termination: termination, message: message,
                           newtonDecrement: newtonDecrement, notes: context.notes, trace: trace)
    }
}
