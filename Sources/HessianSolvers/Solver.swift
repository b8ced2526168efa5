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
    associatedtype State

    /// A short name ("newton", "lbfgs", …) used in results and on the command line.
    var name: String { get }
    /// When the run stops.
    var stopping: StoppingCriteria { get }
    /// Whether the result keeps the per-iteration records.
    var recordTrace: Bool { get }

    /// Evaluates f at the starting point `context.x` (with the Hessian when the first step needs
    /// it) and returns the initial state with that evaluation.
    func makeState<F: Objective>(_ context: SolverContext<F>) -> (State, Evaluation)

    /// From the current point of `context`, proposes the next accepted point with its evaluation,
    /// or says why no such point exists.
    func step<F: Objective>(_ state: inout State, _ context: SolverContext<F>) -> StepOutcome
}

/// What one ``Solver/step(_:_:)`` produced.
public enum StepOutcome {
    /// A point that passed the solver's acceptance test (line search or ratio test).
    case accepted(AcceptedStep)
    /// No acceptable point: the run ends with the termination the reason maps to.
    case stopped(StopReason)
}

/// A point a solver accepted, with what the trace reports about the step.
public struct AcceptedStep {
    /// The new iterate.
    public var point: [Double]
    /// f, ∇f (and the Hessian, if the solver asked for it) at `point`, evaluated exactly once.
    public var evaluation: Evaluation
    /// α along the direction, or ‖Δx‖₂ for a trust region.
    public var stepLength: Double
    /// λ² = ∇fᵀH⁻¹∇f at the point the step started from, when the solver has it.
    public var decrement: Double?
    /// The trust-region radius after the step, when the solver has one.
    public var radius: Double?
    /// The step was accepted only within the rounding level of f (see ``LineSearchStatus/withinRounding``).
    public var withinRounding: Bool

    /// An accepted step; see the properties.
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
    /// The direction does not decrease f.
    case notDescentDirection(String)
    /// Every trial point gave a non-finite value.
    case nonFiniteValues(String)
    /// A factorization or solve failed.
    case linearAlgebraFailure(String)

    /// The reason a line search along `direction` (e.g. "Newton direction") returned no acceptable step.
    /// `predictedDecrease` defaults to the first-order decrease |∇fᵀp|.
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
