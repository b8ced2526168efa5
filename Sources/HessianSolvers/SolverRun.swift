import Foundation
import HessianLinearAlgebra
import HessianModels

/// The bookkeeping every solver shares: counted evaluations of the objective, the clock, the
/// accepted iterate (always the best finite point so far, since every solver here is monotone),
/// the trace, fallback notes, the convergence test and the final result with its message.
///
/// A class so that the counting closures handed out in `curvature(at:)` can update the counts.
final class SolverRun<F: Objective> {
    let objective: F
    let solverName: String
    let stopping: StoppingCriteria
    let callback: ((IterationRecord) -> TraceAction)?
    let recordTrace: Bool

    private(set) var counts = EvaluationCounts()
    private let start = ContinuousClock.now
    var notes: [String] = []
    var trace: [IterationRecord] = []
    var iterations = 0

    /// The accepted iterate and what is known there.
    var x: [Double]
    var value: Double = .nan
    var gradient: [Double] = []
    var gradientNorm: Double = .nan
    var newtonDecrement: Double?
    /// The smallest ‖∇f‖∞ seen before the current iterate, and how many steps accepted only
    /// within rounding have failed to beat it in a row.
    private var smallestGradientNorm = Double.infinity
    private var roundingStreak = 0

    init(_ objective: F, from x0: [Double], solver: String, stopping: StoppingCriteria,
         trace callback: ((IterationRecord) -> TraceAction)?, recordTrace: Bool) {
        self.objective = objective
        self.solverName = solver
        self.stopping = stopping
        self.callback = callback
        self.recordTrace = recordTrace
        self.x = x0
    }

    var dimension: Int { objective.dimension }

    // MARK: Counted evaluations

    func value(at x: [Double]) -> Double {
        counts.values += 1
        return objective.value(at: x)
    }

    func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        counts.values += 1
        counts.gradients += 1
        if hessian { counts.hessians += 1 }
        return objective.evaluate(at: x, hessian: hessian)
    }

    /// ∇²f(x) alone, for a point whose value and gradient are already known (counted as one Hessian).
    func hessian(at x: [Double]) -> Matrix? {
        counts.hessians += 1
        return objective.evaluate(at: x, hessian: true).hessian
    }

    /// The Hessian operator at x; each application is counted as one Hessian-vector product.
    func curvature(at x: [Double]) -> HessianOperator {
        let op = objective.curvature(at: x)
        return HessianOperator(dimension: op.dimension) { [unowned self] v in
            self.counts.hessianVectorProducts += 1
            return op(v)
        }
    }

    /// The objective's structured Newton solve, counted as one Hessian when it exists.
    func newtonStep(at x: [Double], gradient g: [Double]) throws -> [Double]? {
        let step = try objective.newtonStep(at: x, gradient: g)
        if step != nil { counts.hessians += 1 }
        return step
    }

    /// Line searches evaluate through these two closures.
    var valueFunction: ([Double]) -> Double { { [unowned self] in self.value(at: $0) } }
    var gradientFunction: ([Double]) -> (Double, [Double]) {
        { [unowned self] in let e = self.evaluate(at: $0, hessian: false); return (e.value, e.gradient) }
    }

    var elapsed: Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    // MARK: Iterates

    /// Takes the evaluation at the starting point. Returns a finished result if the run cannot start
    /// or is already converged (0 iterations).
    func begin(with e: Evaluation) -> OptimizationResult? {
        value = e.value
        gradient = e.gradient
        gradientNorm = normInf(e.gradient)
        if !value.isFinite || !gradientNorm.isFinite {
            return finish(.nonFiniteValue,
                          "the starting point has f = \(fmt(value)) and ‖∇f‖∞ = \(fmt(gradientNorm)); nothing to do")
        }
        if gradientNorm <= stopping.gradientTolerance {
            return finish(.gradientTolerance,
                          "gradient max-norm \(fmt(gradientNorm)) ≤ \(fmt(stopping.gradientTolerance)) at the starting point")
        }
        if Task.isCancelled {
            return finish(.cancelled, "the task was cancelled before the first iteration")
        }
        if stopping.maxIterations == 0 {
            return finish(.iterationLimit, "iteration limit 0 reached; gradient max-norm \(fmt(gradientNorm))")
        }
        return nil
    }

    /// Checks a new point's value and gradient before it is accepted. Non-finite → a finished result
    /// at the previous (last finite) point.
    func rejectNonFinite(_ e: Evaluation) -> OptimizationResult? {
        let gn = normInf(e.gradient)
        if e.value.isFinite && gn.isFinite { return nil }
        return finish(.nonFiniteValue,
                      "the objective returned f = \(fmt(e.value)), ‖∇f‖∞ = \(fmt(gn)) at the point of iteration \(iterations + 1); "
                      + "kept the last finite point (f = \(fmt(value)), gradient max-norm \(fmt(gradientNorm)))")
    }

    /// Moves to an accepted point. Returns the step's max-norm and the value change for the
    /// secondary criteria.
    @discardableResult
    func accept(_ newX: [Double], _ e: Evaluation) -> (stepNorm: Double, valueChange: Double) {
        var s = 0.0
        for i in 0..<newX.count { s = Swift.max(s, abs(newX[i] - x[i])) }
        let df = value - e.value
        if gradientNorm < smallestGradientNorm { smallestGradientNorm = gradientNorm }
        x = newX
        value = e.value
        gradient = e.gradient
        gradientNorm = normInf(e.gradient)
        iterations += 1
        return (s, df)
    }

    /// Records the iteration, calls the callback, and tests every stopping criterion.
    /// Returns a finished result when the run must end.
    func afterIteration(stepLength: Double, decrement: Double? = nil, radius: Double? = nil,
                        stepNorm: Double, valueChange: Double) -> OptimizationResult? {
        newtonDecrement = decrement ?? newtonDecrement
        let record = IterationRecord(iteration: iterations, value: value, gradientNorm: gradientNorm,
                                     stepLength: stepLength, newtonDecrement: decrement, radius: radius,
                                     elapsed: elapsed)
        if recordTrace { trace.append(record) }
        if let cb = callback, cb(record) == .stop {
            return finish(.stoppedByCallback,
                          "stopped by the trace callback after \(iterations) iterations; gradient max-norm \(fmt(gradientNorm))")
        }
        if let done = checkConvergence(stepNorm: stepNorm, valueChange: valueChange) { return done }
        if Task.isCancelled {
            return finish(.cancelled,
                          "the task was cancelled; stopped after \(iterations) iterations at gradient max-norm \(fmt(gradientNorm))")
        }
        return nil
    }

    func checkConvergence(stepNorm: Double, valueChange: Double) -> OptimizationResult? {
        let s = stopping
        if gradientNorm <= s.gradientTolerance {
            return finish(.gradientTolerance,
                          "gradient max-norm \(fmt(gradientNorm)) ≤ \(fmt(s.gradientTolerance)) after \(iterations) iterations")
        }
        let gradientSmall = gradientNorm <= s.secondaryGradientBound
        let xScale = 1 + normInf(x)
        if s.stepTolerance > 0 && stepNorm <= s.stepTolerance * xScale && gradientSmall {
            return finish(.stepTolerance,
                          "step max-norm \(fmt(stepNorm)) ≤ \(fmt(s.stepTolerance))·(1 + ‖x‖∞) after \(iterations) iterations; "
                          + "gradient max-norm \(fmt(gradientNorm)) ≤ \(fmt(s.secondaryGradientBound))")
        }
        if s.valueTolerance > 0 && abs(valueChange) <= s.valueTolerance * (1 + abs(value)) && gradientSmall {
            return finish(.valueTolerance,
                          "value change \(fmt(abs(valueChange))) ≤ \(fmt(s.valueTolerance))·(1 + |f|) after \(iterations) iterations; "
                          + "gradient max-norm \(fmt(gradientNorm)) ≤ \(fmt(s.secondaryGradientBound))")
        }
        if iterations >= s.maxIterations {
            return finish(.iterationLimit,
                          "iteration limit \(s.maxIterations) reached; gradient max-norm \(fmt(gradientNorm)) > \(fmt(s.gradientTolerance))")
        }
        if let limit = s.timeLimit, elapsed >= limit {
            return finish(.timeLimit,
                          "time limit \(fmt(limit)) s reached after \(iterations) iterations; gradient max-norm \(fmt(gradientNorm))")
        }
        return nil
    }

    /// The end of a run whose line search (or trust region) could not make progress.
    /// If the predicted decrease was already below the rounding level of f and the gradient is
    /// acceptably small, f is at its floating-point floor (`.valueStall`, which is not convergence:
    /// the gradient test did not hold).
    func stalled(_ what: String, predictedDecrease: Double) -> OptimizationResult {
        let floor = roundingLevel(value)
        if abs(predictedDecrease) <= floor && gradientNorm <= stopping.secondaryGradientBound {
            return finish(.valueStall,
                          "f cannot decrease further in floating point (predicted decrease \(fmt(abs(predictedDecrease))) ≤ "
                          + "rounding level \(fmt(floor))) after \(iterations) iterations; gradient max-norm "
                          + "\(fmt(gradientNorm)) ≤ \(fmt(stopping.secondaryGradientBound)) but > \(fmt(stopping.gradientTolerance))")
        }
        return finish(.lineSearchFailure,
                      "\(what) at iteration \(iterations + 1); kept the best point (f = \(fmt(value)), gradient max-norm "
                      + "\(fmt(gradientNorm)) > \(fmt(stopping.gradientTolerance)))")
    }

    /// Ends a run that keeps taking steps accepted only within rounding of f (see
    /// `LineSearchStatus.withinRounding`) that neither decrease f nor reach a smaller gradient than
    /// before: 5 such steps in a row mean f and ∇f are at their floating-point floor.
    func roundingGuard(withinRounding: Bool, valueChange: Double) -> OptimizationResult? {
        guard withinRounding else { roundingStreak = 0; return nil }
        if gradientNorm < smallestGradientNorm || valueChange > 0 { roundingStreak = 0; return nil }
        roundingStreak += 1
        if roundingStreak < 5 { return nil }
        return stalled("\(roundingStreak) steps within rounding of f did not reduce the gradient", predictedDecrease: 0)
    }

    /// The result for a line search that returned no acceptable step along `direction`.
    func lineSearchEnded(_ ls: LineSearchOutcome, along direction: String) -> OptimizationResult {
        switch ls.status {
        case .notDescentDirection:
            return finish(.notDescentDirection,
                          "the \(direction) is not a descent direction at iteration \(iterations + 1) (∇fᵀp = \(fmt(ls.initialSlope))); "
                          + "kept the best point (gradient max-norm \(fmt(gradientNorm)))")
        case .stepBelowRounding:
            return stalled("the first trial step along the \(direction) leaves x unchanged in every component",
                           predictedDecrease: ls.initialSlope)
        case .nonFiniteValues:
            return finish(.nonFiniteValue,
                          "every trial point along the \(direction) gave a non-finite value at iteration \(iterations + 1); "
                          + "kept the last finite point (f = \(fmt(value)), gradient max-norm \(fmt(gradientNorm)))")
        default:
            return stalled("line search found no acceptable step along the \(direction) (∇fᵀp = \(fmt(ls.initialSlope)))",
                           predictedDecrease: ls.initialSlope)
        }
    }

    /// Records a fallback taken in the coming iteration (at most 20 notes are kept).
    func note(_ s: String) {
        if notes.count < 20 {
            notes.append("iteration \(iterations + 1): " + s)
        } else if notes.count == 20 {
            notes.append("further notes omitted")
        }
    }

    func finish(_ termination: Termination, _ message: String) -> OptimizationResult {
        OptimizationResult(solver: solverName, solution: x, value: value, gradient: gradient,
                           gradientNorm: gradientNorm, iterations: iterations, evaluations: counts,
                           elapsed: elapsed, termination: termination, message: message,
                           newtonDecrement: newtonDecrement, notes: notes, trace: trace)
    }
}

/// The absolute size below which a change in f = `value` is indistinguishable from rounding in a
/// sum of many terms: 1e-12·|f| (the typical √N·ε relative error of a sum of N ≈ 10⁵–10⁶ terms is
/// 10⁻¹³; the worst case N·ε is larger, and then a run ends honestly as a line-search failure), and at
/// least 1e-300.
@inline(__always) func roundingLevel(_ value: Double) -> Double {
    Swift.max(1e-12 * abs(value), 1e-300)
}

/// Two significant digits in exponent form ("3.1e-09"), as in every result message.
func fmt(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "+∞" : "−∞" }
    return String(format: "%.2g", x)
}
