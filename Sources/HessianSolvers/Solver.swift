import HessianModels

/// What a trace callback returns: keep going or stop now (the result then says `.stoppedByCallback`).
public enum TraceAction: Sendable {
    /// Continue with the next iteration.
    case proceed
    /// End the run now; the result says ``Termination/stoppedByCallback``.
    case stop
}

/// A minimization method: an immutable value holding its options, with the mutable part of a run in
/// its ``Solver/State``. ``minimize(_:from:using:threads:trace:)`` drives it (as Optim.jl's `optimize`
/// drives `initial_state` / `update_state!`): the solver proposes one accepted point per
/// ``Solver/step(_:_:)`` and the driver owns everything else — evaluation counting, the convergence test,
/// the trace and callback, cancellation, the best point, non-finite values, the rounding floor and
/// the result's message.
public protocol Solver: Sendable {
    /// What the solver carries from one iteration to the next (a quasi-Newton matrix, a radius, …).
    ///
    /// Created once by ``Solver/makeState(_:)`` and passed `inout` to every ``Solver/step(_:_:)``; the driver never
    /// looks inside it. Everything the driver needs (the iterate, f, ∇f, the counts) lives in the
    /// ``SolverContext`` instead, so a state holds only the method's own memory.
    associatedtype State

    /// A short name ("newton", "lbfgs", …) used in results and on the command line.
    ///
    /// It is copied into ``OptimizationResult/solver``; for the built-in solvers it is the raw value of
    /// the matching ``SolverKind``.
    var name: String { get }
    /// When the run stops: the tolerances and limits the driver tests after every accepted step
    /// (see ``StoppingCriteria`` for the order of the tests).
    var stopping: StoppingCriteria { get }
    /// Whether the result keeps the per-iteration records in ``OptimizationResult/trace``.
    ///
    /// The `trace` callback of ``minimize(_:from:using:threads:trace:)`` is called either way; turning
    /// this off only saves the memory of one ``IterationRecord`` per iteration.
    var recordTrace: Bool { get }

    /// Evaluates f at the starting point `context.x` (with the Hessian when the first step needs
    /// it) and returns the initial state with that evaluation.
    ///
    /// Called once, before the first iteration. The evaluation must be made through `context`
    /// (``SolverContext/evaluate(at:hessian:)``) so that it is counted; the driver then checks it
    /// for finite values and for the gradient test, so a starting point that is already a solution
    /// costs exactly this one evaluation.
    ///
    /// - Parameter context: the run, with `context.x` the starting point; read only.
    /// - Returns: the initial ``State`` and f, ∇f (and, if asked for, ∇²f) at `context.x`.
    func makeState<F: Objective>(_ context: SolverContext<F>) -> (State, Evaluation)

    /// From the current point of `context`, proposes the next accepted point with its evaluation,
    /// or says why no such point exists.
    ///
    /// Called once per iteration while the stopping criteria do not hold. The step must be
    /// monotone — the returned point passed the method's acceptance test (a line search or a
    /// trust-region ratio test) and so does not increase f beyond the rounding level — because the
    /// driver always moves to it and treats the iterate as the best point so far. The point's
    /// evaluation is made once, through `context`, and returned in ``AcceptedStep/evaluation``; the
    /// driver does not evaluate it again.
    ///
    /// - Parameters:
    ///   - state: the solver's memory, updated in place (a quasi-Newton pair, a new radius, …).
    ///   - context: the run at the current iterate (`context.x`, `context.value`, `context.gradient`);
    ///     read only, evaluations through its counted methods.
    /// - Returns: ``StepOutcome/accepted(_:)`` with the new point, or ``StepOutcome/stopped(_:)`` with
    ///   the ``StopReason`` the driver turns into the result's ``Termination`` and message.
    func step<F: Objective>(_ state: inout State, _ context: SolverContext<F>) -> StepOutcome
}

/// What one ``Solver/step(_:_:)`` produced.
public enum StepOutcome {
    /// A point that passed the solver's acceptance test (line search or ratio test); the driver moves
    /// to it, records the iteration and tests the ``StoppingCriteria``.
    case accepted(AcceptedStep)
    /// No acceptable point: the run ends at the current (best) point with the termination the reason
    /// maps to (see ``StopReason``).
    case stopped(StopReason)
}

/// A point a solver accepted, with what the trace reports about the step.
public struct AcceptedStep {
    /// The new iterate xₖ₊₁, which the driver moves to and reports as the best point so far.
    public var point: [Double]
    /// f, ∇f (and the Hessian, if the solver asked for it) at `point`, evaluated exactly once.
    public var evaluation: Evaluation
    /// α along the direction (xₖ₊₁ = xₖ + αp; 1 is a full Newton step), or ‖Δx‖₂ for a trust region.
    /// Reported as ``IterationRecord/stepLength``.
    public var stepLength: Double
    /// λ² = ∇fᵀH⁻¹∇f at the point the step started from, when the solver has it; ½λ² is the decrease
    /// the quadratic model predicts. Reported as ``IterationRecord/newtonDecrement`` and kept as the
    /// result's last ``OptimizationResult/newtonDecrement``.
    public var decrement: Double?
    /// The trust-region radius Δ after the step (already grown or shrunk by the ratio test), when the
    /// solver has one. Reported as ``IterationRecord/radius``.
    public var radius: Double?
    /// The step was accepted only within the rounding level of f (see ``LineSearchStatus/withinRounding``).
    ///
    /// The driver counts such steps: five in a row that neither decrease f nor reach a smaller
    /// ‖∇f‖∞ than before end the run at the rounding floor (``Termination/valueStall`` or
    /// ``Termination/lineSearchFailure``, by the rule of ``StoppingCriteria``).
    public var withinRounding: Bool

    /// An accepted step; see the properties.
    ///
    /// - Parameters:
    ///   - point: the new iterate.
    ///   - evaluation: f, ∇f (and the Hessian, if the solver wants it next) at `point`.
    ///   - stepLength: α along the direction, or ‖Δx‖₂ for a trust region.
    ///   - decrement: λ² = ∇fᵀH⁻¹∇f at the previous point, or nil when the solver does not compute it.
    ///   - radius: the trust-region radius after the step, or nil for a line-search method.
    ///   - withinRounding: true when the acceptance test could only be judged within the rounding
    ///     level of f. Default false.
    public init(point: [Double], evaluation: Evaluation, stepLength: Double, decrement: Double? = nil,
                radius: Double? = nil, withinRounding: Bool = false) {
        self.point = point
        self.evaluation = evaluation
        self.stepLength = stepLength
        self.decrement = decrement
        self.radius = radius
        self.withinRounding = withinRounding
    }
}

/// Why a solver could not propose a point. Each carries a phrase for the result's message; the driver
/// adds the iteration and the state of the best point.
public enum StopReason {
    /// No decrease was found. `predictedDecrease` is the decrease the solver's model (or the first-order
    /// term) expected: when it is below the rounding level of f and ‖∇f‖∞ is acceptably small the run
    /// ends as ``Termination/valueStall``, otherwise as ``Termination/lineSearchFailure``.
    case noProgress(String, predictedDecrease: Double)
    /// The direction p does not decrease f (∇fᵀp ≥ 0, or not finite): ends the run as
    /// ``Termination/notDescentDirection``.
    case notDescentDirection(String)
    /// Every trial point gave a non-finite value (f = NaN or ±∞, e.g. outside the objective's
    /// domain): ends the run as ``Termination/nonFiniteValue`` at the last finite point.
    case nonFiniteValues(String)
    /// A factorization or solve failed (e.g. an eigendecomposition that did not converge): ends the
    /// run as ``Termination/linearAlgebraFailure``.
    case linearAlgebraFailure(String)

    /// The reason a line search along `direction` (e.g. "Newton direction") returned no acceptable step.
    /// `predictedDecrease` defaults to the first-order decrease |∇fᵀp|.
    ///
    /// ``LineSearchStatus/notDescentDirection`` and ``LineSearchStatus/nonFiniteValues`` map to the
    /// cases of the same name; ``LineSearchStatus/stepBelowRounding`` and every other failure map to
    /// ``StopReason/noProgress(_:predictedDecrease:)``, which the driver judges against the rounding floor.
    ///
    /// - Parameters:
    ///   - ls: the search's outcome; its status must not be an accepted one.
    ///   - direction: what was searched along, as a phrase for the message ("Newton direction").
    ///   - predictedDecrease: the decrease the solver's model expected (½λ² for Newton), or nil for
    ///     the first-order term |∇fᵀp| the search measured.
    /// - Returns: the reason, with a phrase that names the direction and ∇fᵀp.
    public static func lineSearch(_ ls: LineSearchOutcome, along direction: String,
                                  predictedDecrease: Double? = nil) -> StopReason {
        let predicted = predictedDecrease ?? ls.initialSlope
        switch ls.status {
        case .notDescentDirection:
            return .notDescentDirection("the \(direction) is not a descent direction (∇fᵀp = \(fmt(ls.initialSlope)))")
        case .stepBelowRounding:
            return .noProgress("the first trial step along the \(direction) leaves x unchanged in every component",
                               predictedDecrease: predicted)
        case .nonFiniteValues:
            return .nonFiniteValues("every trial point along the \(direction) gave a non-finite value")
        default:
            return .noProgress("line search found no acceptable step along the \(direction) (∇fᵀp = \(fmt(ls.initialSlope)))",
                               predictedDecrease: predicted)
        }
    }
}
