import HessianLinearAlgebra
import HessianModels

/// The choice of line search a solver offers as an option.
public enum LineSearchMethod: Sendable, Equatable {
    /// Backtracking for the Armijo condition (values only, except in the rounding regime).
    case backtracking(BacktrackingLineSearch)
    /// Bracketing and zoom for the strong Wolfe conditions (value and gradient at every trial).
    case strongWolfe(StrongWolfeLineSearch)

    /// Backtracking with default options (c₁ = 1e-4, at most 60 trials): values only, the default of
    /// ``Newton``, ``NewtonCG`` and ``GradientDescent``.
    public static var armijo: LineSearchMethod { .backtracking(BacktrackingLineSearch()) }
    /// Strong Wolfe with default options (c₁ = 1e-4, c₂ = 0.9, at most 30 trials): a gradient at
    /// every trial, and a step near a minimizer along the direction.
    public static var wolfe: LineSearchMethod { .strongWolfe(StrongWolfeLineSearch()) }

    /// Runs the search; `gradient` is only called by the Wolfe search.
    func search(value: ([Double]) -> Double, evaluate: ([Double]) -> (Double, [Double]), from x: [Double],
                value f0: Double, gradient g0: [Double], direction p: [Double], initialStep: Double) -> LineSearchOutcome {
        switch self {
        case .backtracking(let b):
            return withoutActuallyEscaping(value) { value in
                withoutActuallyEscaping(evaluate) { evaluate in
                    b.search(value: value, evaluate: evaluate, from: x, value: f0, gradient: g0, direction: p,
                             initialStep: initialStep)
                }
            }
        case .strongWolfe(let w):
            return w.search(evaluate: evaluate, from: x, value: f0, gradient: g0, direction: p, initialStep: initialStep)
        }
    }
}

/// The accepted point of a line search as a solver's step: its evaluation is the search's own when
/// the search computed the gradient there, else one value-and-gradient evaluation.
func lineSearchStep<F: Objective>(_ ls: LineSearchOutcome, _ context: SolverContext<F>) -> AcceptedStep {
    let e = ls.gradient.map { Evaluation(value: ls.value, gradient: $0) } ?? context.evaluate(at: ls.point, hessian: false)
    return AcceptedStep(point: ls.point, evaluation: e, stepLength: ls.step, withinRounding: ls.status == .withinRounding)
}
