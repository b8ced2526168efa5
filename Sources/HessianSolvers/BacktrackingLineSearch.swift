import Foundation
import HessianLinearAlgebra
import HessianModels

/// Backtracking line search for the Armijo (sufficient decrease) condition
/// f(x + αp) ≤ f(x) + c₁ α ∇f(x)ᵀp, starting from `initialStep` and contracting by safeguarded
/// quadratic interpolation (Nocedal & Wright, §3.5): α ← argmin of the quadratic through φ(0),
/// φ′(0), φ(α), kept in [0.1α, 0.5α]. A non-finite value (outside the domain) contracts by 0.25.
/// Only values are evaluated, except near a minimizer where the decrease α|∇fᵀp| is below the
/// rounding level of f: there at most four trials are judged by f not increasing or by the
/// gradient (see `LineSearchStatus.withinRounding`) before the search reports `.failed`.
public struct BacktrackingLineSearch: Sendable, Equatable {
    /// c₁ in the Armijo condition. Default 1e-4.
    ///
    /// A step α is accepted when f(x + αp) ≤ f(x) + c₁α∇f(x)ᵀp, i.e. when it achieves at least the
    /// fraction c₁ of the decrease the linear model predicts. The small default accepts almost any
    /// decrease, so the full Newton step is taken whenever it helps (N&W §3.1).
    public var sufficientDecrease: Double
    /// Maximum number of trial points. Default 60.
    ///
    /// Each contraction shrinks α by at least a factor 2, so 60 trials reach α ≈ 10⁻¹⁸ of the first
    /// step: the search stops for lack of movement in x long before the budget in practice.
    public var maxEvaluations: Int

    /// A line search with these options (defaults at the properties).
    ///
    /// - Parameters:
    ///   - sufficientDecrease: c₁ in (0, 1). Default 1e-4.
    ///   - maxEvaluations: the trial budget, > 0. Default 60.
    public init(sufficientDecrease: Double = 1e-4, maxEvaluations: Int = 60) {
        precondition(sufficientDecrease > 0 && sufficientDecrease < 1, "c₁ must lie in (0, 1)")
        precondition(maxEvaluations > 0, "maxEvaluations must be positive")
        self.sufficientDecrease = sufficientDecrease
        self.maxEvaluations = maxEvaluations
    }

    /// Searches along p from x, where f(x) = f0 and ∇f(x) = g0. `evaluate` (f and ∇f together) is
    /// called only in the rounding regime described at `LineSearchStatus.withinRounding`; without
    /// it a step there is accepted only if f did not increase.
    ///
    /// - Parameters:
    ///   - f: f alone at a trial point.
    ///   - evaluate: (f, ∇f) at a trial point, or nil. Default nil.
    ///   - x: the current point.
    ///   - f0: f(x), already known.
    ///   - g0: ∇f(x), already known.
    ///   - p: the search direction; must satisfy ∇f(x)ᵀp < 0 (else the status is `.notDescentDirection`
    ///     and nothing is evaluated).
    ///   - initialStep: the first trial α > 0. Default 1, the natural step of Newton-type directions.
    /// - Returns: the status, the accepted α, x + αp with its value (and gradient when evaluated) and
    ///   the number of evaluations; on failure α = 0 and the starting point.
    public func search(value f: ([Double]) -> Double, evaluate: (([Double]) -> (Double, [Double]))? = nil,
                       from x: [Double], value f0: Double, gradient g0: [Double],
                       direction p: [Double], initialStep: Double = 1) -> LineSearchOutcome {
        let d0 = dot(g0, p)
        var out = LineSearchOutcome(status: .notDescentDirection, step: 0, point: x, value: f0, gradient: nil,
                                    initialSlope: d0, evaluations: 0)
        guard d0 < 0, d0.isFinite, f0.isFinite else { return out }
        let c1 = sufficientDecrease
        let floor = roundingLevel(f0)
        var alpha = initialStep
        var sawFinite = false
        var roundingTrials = 0
        var xt = x
        while out.evaluations < maxEvaluations {
            xt = x
            axpy(alpha, p, &xt)
            guard moves(from: x, to: xt) else { break }
            let ft = f(xt)
            out.evaluations += 1
            if ft.isFinite {
                sawFinite = true
                if ft <= f0 + c1 * alpha * d0 {
                    out.status = .success
                } else if alpha * abs(d0) <= floor {
                    // f cannot confirm a decrease this small: accept on f not increasing or on the
                    // gradient; a few shorter steps get the same chance, then the search gives up.
                    if ft <= f0 {
                        out.status = .withinRounding
                    } else if ft <= f0 + floor, let evaluate {
                        let (fg, gt) = evaluate(xt)
                        out.evaluations += 1
                        if fg.isFinite && normInf(gt) < normInf(g0) {
                            out.status = .withinRounding
                            out.gradient = gt
                        }
                    }
                    roundingTrials += 1
                    if out.status == .notDescentDirection && roundingTrials >= 4 {
                        out.status = .failed
                        return out
                    }
                }
                if out.status != .notDescentDirection {
                    out.step = alpha
                    out.point = xt
                    out.value = ft
                    return out
                }
                alpha = LineSearchInterpolation.backtrack(alpha: alpha, value: ft, initialValue: f0, initialSlope: d0)
            } else {
                alpha *= 0.25
            }
        }
        out.status = out.evaluations == 0 ? .stepBelowRounding : sawFinite ? .failed : .nonFiniteValues
        return out
    }

    /// Convenience over an objective: the same search with `value(at:)` and `evaluate(at:hessian:)`
    /// of `objective` (uncounted).
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
        search(value: { objective.value(at: $0) },
               evaluate: { let e = objective.evaluate(at: $0, hessian: false); return (e.value, e.gradient) },
               from: x, value: f0, gradient: g0, direction: p, initialStep: initialStep)
    }
}
