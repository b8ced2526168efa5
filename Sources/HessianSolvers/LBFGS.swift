import Foundation
import HessianLinearAlgebra
import HessianModels

/// Limited-memory BFGS (Nocedal & Wright, Algorithms 7.4 and 7.5) with a strong-Wolfe line search.
///
/// The direction pₖ = −Hₖ∇fₖ comes from the two-loop recursion over the last m pairs
/// (sᵢ, yᵢ), with H⁰ₖ = γₖI, γₖ = sₖ₋₁ᵀyₖ₋₁ / yₖ₋₁ᵀyₖ₋₁ (N&W eq. 7.20) — the scaling that makes
/// the method insensitive to the units of f. The first step is −∇f₀ with initial length
/// min(1, 1/‖∇f₀‖₂). Pairs with yᵀs ≤ 1e-10‖s‖‖y‖ are not stored (noted once); when the line
/// search fails with pairs stored, the memory is cleared once (H = γI) and the search repeated
/// (the same quasi-Newton step as ``BFGS``). Memory is O(mn); the gradient at each new point
/// comes from the line search.
public struct LBFGS: Solver {
    /// "lbfgs", the name in results and on the command line.
    public var name: String { "lbfgs" }
    /// When the run stops.
    public var stopping: StoppingCriteria
    /// m, the number of stored pairs. Default 10.
    ///
    /// Each pair (sᵢ, yᵢ) costs 2n numbers and 4n flops per two-loop recursion; beyond about 20
    /// pairs the better approximation rarely pays for the extra work.
    public var memory: Int
    /// Default strong Wolfe with c₁ = 1e-4, c₂ = 0.9.
    public var lineSearch: StrongWolfeLineSearch
    /// Keep the per-iteration records in the result. Default true.
    public var recordTrace: Bool

    /// A solver with these options; every parameter has the default documented at its property.
    ///
    /// - Parameters:
    ///   - stopping: when the run stops. Default `.init()`, the defaults of ``StoppingCriteria``.
    ///   - memory: m ≥ 1, the number of (s, y) pairs kept. Default 10: 3–20 is the usual range; more pairs approximate H better at O(mn) memory and work per iteration.
    ///   - lineSearch: the strong Wolfe search. Default c₁ = 1e-4, c₂ = 0.9.
    ///   - recordTrace: keep one ``IterationRecord`` per iteration in the result. Default true.
    public init(stopping: StoppingCriteria = .init(), memory: Int = 10, lineSearch: StrongWolfeLineSearch = .init(),
                recordTrace: Bool = true) {
        precondition(memory >= 1, "L-BFGS memory must be at least 1")
        self.stopping = stopping
        self.memory = memory
        self.lineSearch = lineSearch
        self.recordTrace = recordTrace
    }

    /// The stored pairs and how many were skipped.
    public struct State {
        var history: LBFGSHistory
        var skipped = 0
    }

    /// Evaluates x₀ (value and gradient); no pairs yet.
    ///
    /// - Parameter context: the run, with `context.x` the starting point.
    /// - Returns: the initial state and the evaluation at x₀.
    public func makeState<F: Objective>(_ context: SolverContext<F>) -> (State, Evaluation) {
        (State(history: LBFGSHistory(memory: memory)), context.evaluate(at: context.x, hessian: false))
    }

    /// p = −H∇f by the two-loop recursion, a strong-Wolfe search, the new pair (see ``LBFGS``).
    ///
    /// - Parameters:
    ///   - state: the last m pairs (sᵢ, yᵢ), with the new pair appended after the step.
    ///   - context: the run at the current iterate; evaluations go through it and are counted.
    /// - Returns: the accepted point with its evaluation, or why none was found.
    public func step<F: Objective>(_ state: inout State, _ context: SolverContext<F>) -> StepOutcome {
        quasiNewtonStep(&state.history, skipped: &state.skipped, lineSearch: lineSearch, name: "L-BFGS", context)
    }
}
