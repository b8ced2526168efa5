import Foundation
import HessianLinearAlgebra
import HessianModels

/// BFGS with a dense inverse-Hessian approximation Hₖ and a strong-Wolfe line search
/// (Nocedal & Wright, Algorithm 6.1).
///
/// pₖ = −Hₖ∇fₖ; after the step sₖ = xₖ₊₁ − xₖ, yₖ = ∇fₖ₊₁ − ∇fₖ, ρₖ = 1/yₖᵀsₖ:
///   Hₖ₊₁ = (I − ρₖsₖyₖᵀ) Hₖ (I − ρₖyₖsₖᵀ) + ρₖsₖsₖᵀ
///        = Hₖ − ρₖ(sₖ(Hₖyₖ)ᵀ + (Hₖyₖ)sₖᵀ) + (ρₖ²yₖᵀHₖyₖ + ρₖ) sₖsₖᵀ,
/// applied as one dsyr2 and one dsyr on the lower triangle (O(n²)).
/// H₀ = I for the first step, whose length starts at min(1, 1/‖∇f₀‖₂); before the first update
/// H₀ is rescaled to (yᵀs / yᵀy) I (N&W eq. 6.20). The update is skipped when yᵀs ≤ 1e-10‖s‖‖y‖
/// (the curvature condition failed, e.g. after a step that met only sufficient decrease), and
/// H is reset to the scaled identity once if the line search fails; both are noted in the result.
/// The gradient at each new point comes from the line search: no extra evaluation.
/// Memory and work per iteration are O(n²) (the n×n matrix H): for more than a few thousand
/// parameters use ``LBFGS``.
public struct BFGS: Solver {
    /// "bfgs", the name in results and on the command line.
    public var name: String { "bfgs" }
    /// When the run stops.
    public var stopping: StoppingCriteria
    /// Default strong Wolfe with c₁ = 1e-4, c₂ = 0.9.
    public var lineSearch: StrongWolfeLineSearch
    /// Keep the per-iteration records in the result. Default true.
    public var recordTrace: Bool

    /// A solver with these options; every parameter has the default documented at its property.
    ///
    /// - Parameters:
    ///   - stopping: when the run stops. Default `.init()`, the defaults of ``StoppingCriteria``.
    ///   - lineSearch: the strong Wolfe search; its curvature condition keeps yᵀs > 0 so the update stays positive definite. Default c₁ = 1e-4, c₂ = 0.9.
    ///   - recordTrace: keep one ``IterationRecord`` per iteration in the result. Default true.
    public init(stopping: StoppingCriteria = .init(), lineSearch: StrongWolfeLineSearch = .init(), recordTrace: Bool = true) {
        self.stopping = stopping
        self.lineSearch = lineSearch
        self.recordTrace = recordTrace
    }

    /// The inverse-Hessian approximation and how many updates were skipped.
    public struct State {
        var h: DenseInverseHessian
        var skipped = 0
    }

    /// Evaluates x₀ (value and gradient); H₀ = I.
    ///
    /// - Parameter context: the run, with `context.x` the starting point.
    /// - Returns: the initial state and the evaluation at x₀.
    public func makeState<F: Objective>(_ context: SolverContext<F>) -> (State, Evaluation) {
        (State(h: DenseInverseHessian(dimension: context.dimension)), context.evaluate(at: context.x, hessian: false))
    }

    /// p = −H∇f, a strong-Wolfe search, the BFGS update (see ``BFGS``).
    ///
    /// - Parameters:
    ///   - state: the inverse-Hessian approximation Hₖ, updated to Hₖ₊₁ after the step.
    ///   - context: the run at the current iterate; evaluations go through it and are counted.
    /// - Returns: the accepted point with its evaluation, or why none was found.
    public func step<F: Objective>(_ state: inout State, _ context: SolverContext<F>) -> StepOutcome {
        quasiNewtonStep(&state.h, skipped: &state.skipped, lineSearch: lineSearch, name: "BFGS", context)
    }
}
