import Foundation
import HessianLinearAlgebra
import HessianModels

/// Inexact (truncated) Newton with conjugate gradients — "line-search Newton-CG",
/// Nocedal & Wright Algorithm 7.1 — using only Hessian-vector products.
///
/// Per outer iteration: `curvature(at:)` once (everything that depends only on x is computed
/// there), then CG on H p = −∇f applied as many times as needed, stopped when
/// ‖Hp + ∇f‖₂ ≤ ηₖ‖∇f‖₂ with the forcing sequence ηₖ = min(0.5, √(‖∇fₖ‖₂/‖∇f₀‖₂)) — N&W's
/// superlinear choice min(0.5, √‖∇f‖) (Theorem 7.2, eq. 7.3) made invariant to the scale of f, so
/// that a loss summed over 10⁵ samples is not solved loosely for most of the run, and never below
/// 0.1·`gradientTolerance` — or after `maxInnerIterations`. Negative curvature dᵀHd ≤ 0
/// ends CG: the current iterate is used, or −∇f if it happens at the first inner iteration (noted).
/// The step length comes from a line search started at α = 1.
public struct NewtonCG: Solver {
    /// "newton-cg", the name in results and on the command line.
    public var name: String { "newton-cg" }
    /// When the run stops.
    public var stopping: StoppingCriteria
    /// Default backtracking Armijo (c₁ = 1e-4).
    public var lineSearch: LineSearchMethod
    /// Cap on CG iterations per outer iteration; nil means 2n (CG needs at most n in exact arithmetic). Default nil.
    public var maxInnerIterations: Int?
    /// Keep the per-iteration records in the result. Default true.
    public var recordTrace: Bool

    /// A solver with these options; every parameter has the default documented at its property.
    ///
    /// - Parameters:
    ///   - stopping: when the run stops. Default `.init()`, the defaults of ``StoppingCriteria``.
    ///   - lineSearch: the step-length rule along the CG direction. Default ``LineSearchMethod/armijo``.
    ///   - maxInnerIterations: the cap on CG iterations per outer iteration, or nil for 2n. Default nil.
    ///   - recordTrace: keep one ``IterationRecord`` per iteration in the result. Default true.
    public init(stopping: StoppingCriteria = .init(), lineSearch: LineSearchMethod = .armijo,
                maxInnerIterations: Int? = nil, recordTrace: Bool = true) {
        self.stopping = stopping
        self.lineSearch = lineSearch
        self.maxInnerIterations = maxInnerIterations
        self.recordTrace = recordTrace
    }

    /// ‖∇f(x₀)‖₂, for the forcing sequence.
    public struct State {
        var initialGradientNorm: Double
    }

    /// Evaluates x₀ (value and gradient).
    ///
    /// - Parameter context: the run, with `context.x` the starting point.
    /// - Returns: the initial state and the evaluation at x₀.
    public func makeState<F: Objective>(_ context: SolverContext<F>) -> (State, Evaluation) {
        let e = context.evaluate(at: context.x, hessian: false)
        return (State(initialGradientNorm: norm2(e.gradient)), e)
    }

    /// CG on H z = −∇f to the forcing tolerance, then a line search along z.
    ///
    /// - Parameters:
    ///   - state: ‖∇f(x₀)‖₂, which scales the forcing sequence ηₖ.
    ///   - context: the run at the current iterate; evaluations go through it and are counted.
    /// - Returns: the accepted point with its evaluation, or why none was found.
    public func step<F: Objective>(_ state: inout State, _ context: SolverContext<F>) -> StepOutcome {
        let n = context.dimension
        let innerLimit = Swift.max(1, maxInnerIterations ?? 2 * n)
        let h = context.curvature(at: context.x)
        let g = context.gradient
        let gNorm = norm2(g)
        // Floor 0.1·gradientTolerance: the residual r = Hz + g is the model's gradient at x + z, so
        // solving further than ‖r‖₂ ≤ 0.1·tolerance (‖r‖∞ ≤ ‖r‖₂) only buys digits the stopping test
        // does not ask for.
        let tolerance = Swift.max(Swift.min(0.5, (gNorm / state.initialGradientNorm).squareRoot()) * gNorm,
                                  0.1 * stopping.gradientTolerance)

        // CG on Hz = −g from z = 0; r = Hz + g.
        var z = [Double](repeating: 0, count: n)
        var r = g
        var d = scaled(-1, g)
        var rr = gNorm * gNorm
        for j in 0..<innerLimit {
            let hd = h(d)
            let curvature = dot(d, hd)
            if !(curvature > 0) {
                if j == 0 {
                    z = scaled(-1, g)
                    context.note("negative curvature dᵀHd = \(fmt(curvature)) at the first CG iteration; used the steepest-descent direction")
                }
                break
            }
            let alpha = rr / curvature
            axpy(alpha, d, &z)
            axpy(alpha, hd, &r)
            let rrNext = dot(r, r)
            if rrNext.squareRoot() <= tolerance { break }
            scal(rrNext / rr, &d)
            axpy(-1, r, &d)
            rr = rrNext
        }
        let decrement = -dot(g, z)
        let ls = lineSearch.search(value: context.valueFunction, evaluate: context.gradientFunction, from: context.x,
                                   value: context.value, gradient: g, direction: z, initialStep: 1)
        guard ls.status.accepted else { return .stopped(.lineSearch(ls, along: "Newton-CG direction")) }
        var accepted = lineSearchStep(ls, context)
        accepted.decrement = decrement
        return .accepted(accepted)
    }
}
