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
    public var sufficientDecrease: Double
    /// c₂ (curvature). Default 0.9, the usual choice for quasi-Newton and Newton directions.
    public var curvature: Double
    /// Maximum number of value+gradient evaluations. Default 30.
    public var maxEvaluations: Int
    /// Largest step tried. Default 1e10.
    public var maxStep: Double
    /// Growth factor of the bracketing phase. Default 3.
    public var expansion: Double

    /// A line search with these options (defaults at the properties).
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

    /// Convenience over an objective.
    public func search<F: Objective>(_ objective: F, from x: [Double], value f0: Double, gradient g0: [Double],
                                     direction p: [Double], initialStep: Double = 1) -> LineSearchOutcome {
        search(evaluate: { let e = objective.evaluate(at: $0, hessian: false); return (e.value, e.gradient) },
               from: x, value: f0, gradient: g0, direction: p, initialStep: initialStep)
    }
}
