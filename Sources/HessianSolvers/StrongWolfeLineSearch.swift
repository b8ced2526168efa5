import Foundation
import HessianLinearAlgebra
import HessianModels

/// Line search for the strong Wolfe conditions
///   f(x + αp) ≤ f(x) + c₁ α ∇f(x)ᵀp   and   |∇f(x + αp)ᵀp| ≤ c₂ |∇f(x)ᵀp|,
/// by the bracketing phase and `zoom` of Nocedal & Wright, *Numerical Optimization* (2nd ed.),
/// Algorithms 3.5 and 3.6, with the safeguarded cubic interpolation of their eq. (3.59).
/// A non-finite value counts as "too long" (the bracket's upper end); the next trial then moves
/// a quarter of the way back. Every trial evaluates value and gradient together.
/// Near a minimizer, where the decrease asked for is below the rounding level of f and f cannot
/// rank the trials, the bracket is kept on the sign of φ′ alone (secant steps) and a step is taken
/// under the approximate Wolfe conditions of Hager & Zhang (2005); see `LineSearchStatus.withinRounding`.
public struct StrongWolfeLineSearch: Sendable, Equatable {
    /// c₁ (sufficient decrease). Default 1e-4.
    ///
    /// The first condition, f(x + αp) ≤ f(x) + c₁α∇f(x)ᵀp: at least the fraction c₁ of the decrease
    /// the linear model predicts.
    public var sufficientDecrease: Double
    /// c₂ (curvature). Default 0.9, the usual choice for quasi-Newton and Newton directions.
    ///
    /// The second condition, |∇f(x + αp)ᵀp| ≤ c₂|∇f(x)ᵀp|: the slope has flattened enough that α is
    /// near a minimizer along p, which also guarantees yᵀs > 0 for the BFGS update. A smaller c₂
    /// (0.1, for conjugate gradients) asks for a more exact search at more evaluations.
    public var curvature: Double
    /// Maximum number of value+gradient evaluations. Default 30.
    public var maxEvaluations: Int
    /// Largest step tried. Default 1e10: the bracketing phase stops growing α there, so a direction
    /// along which f decreases without bound ends the search instead of overflowing.
    public var maxStep: Double
    /// Growth factor of the bracketing phase. Default 3: while the conditions fail with f still
    /// decreasing and the slope negative, the next trial is 3α (capped at ``maxStep``), N&W
    /// Algorithm 3.5.
    public var expansion: Double

    /// A line search with these options (defaults at the properties).
    ///
    /// - Parameters:
    ///   - sufficientDecrease: c₁, with 0 < c₁ < c₂. Default 1e-4.
    ///   - curvature: c₂, with c₁ < c₂ < 1. Default 0.9.
    ///   - maxEvaluations: the value+gradient budget, > 0. Default 30.
    ///   - maxStep: the largest α tried, > 0. Default 1e10.
    ///   - expansion: the growth factor of the bracketing phase, > 1. Default 3.
    public init(sufficientDecrease: Double = 1e-4, curvature: Double = 0.9, maxEvaluations: Int = 30,
                maxStep: Double = 1e10, expansion: Double = 3) {
        precondition(0 < sufficientDecrease && sufficientDecrease < curvature && curvature < 1,
                     "strong Wolfe needs 0 < c₁ < c₂ < 1")
        precondition(maxEvaluations > 0 && maxStep > 0 && expansion > 1, "invalid strong Wolfe options")
        self.sufficientDecrease = sufficientDecrease
        self.curvature = curvature
        self.maxEvaluations = maxEvaluations
        self.maxStep = maxStep
        self.expansion = expansion
    }

    /// Searches along p from x, where f(x) = f0 and ∇f(x) = g0. `evaluate` returns (f, ∇f).
    ///
    /// - Parameters:
    ///   - evaluate: (f, ∇f) at a trial point.
    ///   - x: the current point.
    ///   - f0: f(x), already known.
    ///   - g0: ∇f(x), already known.
    ///   - p: the search direction; must satisfy ∇f(x)ᵀp < 0 (else the status is `.notDescentDirection`
    ///     and nothing is evaluated).
    ///   - initialStep: the first trial α > 0. Default 1, the natural step of Newton-type directions.
    /// - Returns: the status, the accepted α, x + αp with its value (and gradient when evaluated) and
    ///   the number of evaluations; on failure α = 0 and the starting point.
    public func search(evaluate: ([Double]) -> (Double, [Double]), from x: [Double], value f0: Double,
                       gradient g0: [Double], direction p: [Double], initialStep: Double = 1) -> LineSearchOutcome {
        let d0 = dot(g0, p)
        let out = LineSearchOutcome(status: .notDescentDirection, step: 0, point: x, value: f0, gradient: nil,
                                    initialSlope: d0, evaluations: 0)
        guard d0 < 0, d0.isFinite, f0.isFinite else { return out }
        return withoutActuallyEscaping(evaluate) { evaluate in
            var run = StrongWolfeSearch(options: self, evaluate: evaluate, x: x, p: p,
                                        origin: LineSearchTrial(alpha: 0, value: f0, slope: d0, point: x, gradient: g0),
                                        out: out)
            return run.bracket(initialStep: initialStep)
        }
    }

    /// Convenience over an objective: the same search with `evaluate(at:hessian:)` of `objective`
    /// (uncounted).
    ///
    /// - Parameters:
    ///   - objective: the function minimized.
    ///   - x: the current point.
    ///   - f0: f(x), already known.
    ///   - g0: ∇f(x), already known.
    ///   - p: the search direction; must satisfy ∇f(x)ᵀp < 0 (else the status is `.notDescentDirection`
    ///     and nothing is evaluated).
    ///   - initialStep: the first trial α > 0. Default 1, the natural step of Newton-type directions.
    /// - Returns: the status, the accepted α, x + αp with its value (and gradient when evaluated) and
    ///   the number of evaluations; on failure α = 0 and the starting point.
    public func search<F: Objective>(_ objective: F, from x: [Double], value f0: Double, gradient g0: [Double],
                                     direction p: [Double], initialStep: Double = 1) -> LineSearchOutcome {
        search(evaluate: { let e = objective.evaluate(at: $0, hessian: false); return (e.value, e.gradient) },
               from: x, value: f0, gradient: g0, direction: p, initialStep: initialStep)
    }
}
