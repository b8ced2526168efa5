import Foundation
import HessianLinearAlgebra
import HessianModels

/// Steepest descent p = −∇f with a line search — the baseline every other solver should beat.
///
/// The initial trial step assumes the first-order decrease repeats (Nocedal & Wright eq. 3.60):
/// α₀ = αₖ₋₁ ∇fₖ₋₁ᵀpₖ₋₁ / ∇fₖᵀpₖ, and min(1, 1/‖∇f₀‖₂) at the start. Convergence is linear
/// with rate about (κ − 1)/(κ + 1), so ill-conditioned problems (Rosenbrock: κ ≈ 2.5·10³ at the
/// minimizer) need 10⁴–10⁵ iterations: raise `StoppingCriteria.maxIterations` accordingly.
public struct GradientDescent: Solver {
    /// "gradient-descent", the name in results and on the command line.
    public var name: String { "gradient-descent" }
    /// When the run stops.
    public var stopping: StoppingCriteria
    /// Default backtracking Armijo (c₁ = 1e-4); the initial step above lets the step grow.
    /// (Strong Wolfe also works, but near the rounding floor of f it gives up sooner.)
    public var lineSearch: LineSearchMethod
    /// Keep the per-iteration records in the result. Default true.
    public var recordTrace: Bool

    /// A solver with these options; every parameter has the default documented at its property.
    ///
    /// - Parameters:
    ///   - stopping: when the run stops. Default `.init()`, the defaults of ``StoppingCriteria``.
    ///   - lineSearch: the step-length rule along −∇f. Default ``LineSearchMethod/armijo``.
    ///   - recordTrace: keep one ``IterationRecord`` per iteration in the result. Default true.
    public init(stopping: StoppingCriteria = .init(), lineSearch: LineSearchMethod = .armijo, recordTrace: Bool = true) {
        self.stopping = stopping
        self.lineSearch = lineSearch
        self.recordTrace = recordTrace
    }

    /// The previous step's α and slope ∇fᵀp, for the next initial step.
    public struct State {
        var initialStep: Double
        var previousSlope = 0.0
        var previousStep = 0.0
    }

    /// Evaluates x₀ (value and gradient).
    ///
    /// - Parameter context: the run, with `context.x` the starting point.
    /// - Returns: the initial state and the evaluation at x₀.
    public func makeState<F: Objective>(_ context: SolverContext<F>) -> (State, Evaluation) {
        let e = context.evaluate(at: context.x, hessian: false)
        return (State(initialStep: Swift.min(1, 1 / norm2(e.gradient))), e)
    }

    /// One line search along −∇f.
    ///
    /// - Parameters:
    ///   - state: the previous step's α and slope, for the next initial step.
    ///   - context: the run at the current iterate; evaluations go through it and are counted.
    /// - Returns: the accepted point with its evaluation, or why none was found.
    public func step<F: Objective>(_ state: inout State, _ context: SolverContext<F>) -> StepOutcome {
        let p = scaled(-1, context.gradient)
        let slope = -dot(context.gradient, context.gradient)
        if state.previousSlope != 0 { state.initialStep = state.previousStep * state.previousSlope / slope }
        let ls = lineSearch.search(value: context.valueFunction, evaluate: context.gradientFunction, from: context.x,
                                   value: context.value, gradient: context.gradient, direction: p,
                                   initialStep: state.initialStep)
        guard ls.status.accepted else { return .stopped(.lineSearch(ls, along: "steepest-descent direction")) }
        state.previousSlope = slope
        state.previousStep = ls.step
        return .accepted(lineSearchStep(ls, context))
    }
}
