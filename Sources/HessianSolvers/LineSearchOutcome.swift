import HessianLinearAlgebra
import HessianModels

/// How a line search along x + αp ended.
public enum LineSearchStatus: String, Sendable, Equatable {
    /// The conditions asked for (Armijo, or strong Wolfe) hold at the returned step.
    case success
    /// The decrease asked for at the step is below the rounding level of f (see `roundingLevel`), so
    /// f cannot judge it: the step is accepted if f did not increase, or if f rose by less than that
    /// level and ‖∇f‖∞ is smaller at the step than at x (Hager–Zhang's "approximate Wolfe" idea; the
    /// gradient test is scikit-learn's Newton solver's fallback). Happens only near a minimizer.
    case withinRounding
    /// Strong Wolfe only: sufficient decrease holds but the curvature condition could not be met
    /// within the evaluation budget. The step still decreases f and is usable.
    case sufficientDecreaseOnly
    /// pᵀ∇f(x) ≥ 0 (or not finite): p is not a descent direction, nothing was evaluated.
    case notDescentDirection
    /// Every trial point gave a non-finite value.
    case nonFiniteValues
    /// Nothing was evaluated: already the first step leaves x unchanged in every component
    /// (x + αp == x), so there is no trial point to judge.
    case stepBelowRounding
    /// No acceptable step: the budget ran out or the step became too small to change x. The run then
    /// ends at the rounding floor rule of ``StoppingCriteria`` (``Termination/valueStall`` or
    /// ``Termination/lineSearchFailure``).
    case failed

    /// True when the returned point may be taken as the next iterate: ``success``,
    /// ``withinRounding`` and ``sufficientDecreaseOnly``. For the other statuses the outcome's point is
    /// the starting one and the solver reports a ``StopReason`` (see ``StopReason/lineSearch(_:along:predictedDecrease:)``).
    public var accepted: Bool { self == .success || self == .withinRounding || self == .sufficientDecreaseOnly }
}

/// The outcome of a line search. On failure `step` is 0 and `point`/`value` are the starting ones.
public struct LineSearchOutcome: Sendable {
    /// How the search ended.
    public var status: LineSearchStatus
    /// α, the accepted step length (0 when the search failed).
    public var step: Double
    /// x + αp, the accepted point (x itself when the search failed).
    public var point: [Double]
    /// f(x + αp) at the accepted point.
    public var value: Double
    /// ∇f(x + αp) when the search evaluated it (strong Wolfe; backtracking in the rounding regime).
    public var gradient: [Double]?
    /// φ′(0) = ∇f(x)ᵀp, the slope along p at α = 0; negative for a descent direction, and |φ′(0)|
    /// is the first-order decrease per unit α.
    public var initialSlope: Double
    /// Function evaluations made (value-only for backtracking, except the gradient checks of the
    /// rounding regime; value+gradient for Wolfe).
    public var evaluations: Int
}

/// True when `y` differs from `x` in at least one component. The minimum-step test of both line
/// searches is componentwise: a step that changes only a small component of a badly scaled x is
/// still a step (a global bound α‖p‖∞ ≤ ε(1 + ‖x‖∞) would refuse it).
@inline(__always) func moves(from x: [Double], to y: [Double]) -> Bool {
    for i in 0..<x.count where x[i] != y[i] { return true }
    return false
}
