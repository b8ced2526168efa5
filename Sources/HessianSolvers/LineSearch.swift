import Foundation
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
    /// No acceptable step: the budget ran out or the step became too small to change x.
    case failed

    /// True when the returned point may be taken as the next iterate.
    public var accepted: Bool { self == .success || self == .withinRounding || self == .sufficientDecreaseOnly }
}

/// The outcome of a line search. On failure `step` is 0 and `point`/`value` are the starting ones.
public struct LineSearchOutcome: Sendable {
    public var status: LineSearchStatus
    /// α
    public var step: Double
    /// x + αp
    public var point: [Double]
    /// f(x + αp)
    public var value: Double
    /// ∇f(x + αp) when the search evaluated it (strong Wolfe; backtracking in the rounding regime).
    public var gradient: [Double]?
    /// φ′(0) = ∇f(x)ᵀp
    public var initialSlope: Double
    /// Function evaluations made (value-only for backtracking, except the gradient checks of the
    /// rounding regime; value+gradient for Wolfe).
    public var evaluations: Int
}

/// Backtracking line search for the Armijo (sufficient decrease) condition
/// f(x + αp) ≤ f(x) + c₁ α ∇f(x)ᵀp, starting from `initialStep` and contracting by safeguarded
/// quadratic interpolation (Nocedal & Wright, §3.5): α ← argmin of the quadratic through φ(0),
/// φ′(0), φ(α), kept in [0.1α, 0.5α]. A non-finite value (outside the domain) contracts by 0.25.
/// Only values are evaluated, except near a minimizer where the decrease α|∇fᵀp| is below the
/// rounding level of f: there at most four trials are judged by f not increasing or by the
/// gradient (see `LineSearchStatus.withinRounding`) before the search reports `.failed`.
public struct BacktrackingLineSearch: Sendable, Equatable {
    /// c₁ in the Armijo condition. Default 1e-4.
    public var sufficientDecrease: Double
    /// Maximum number of trial points. Default 60.
    public var maxEvaluations: Int

    public init(sufficientDecrease: Double = 1e-4, maxEvaluations: Int = 60) {
        precondition(sufficientDecrease > 0 && sufficientDecrease < 1, "c₁ must lie in (0, 1)")
        precondition(maxEvaluations > 0, "maxEvaluations must be positive")
        self.sufficientDecrease = sufficientDecrease
        self.maxEvaluations = maxEvaluations
    }

    /// Searches along p from x, where f(x) = f0 and ∇f(x) = g0. `evaluate` (f and ∇f together) is
    /// called only in the rounding regime described at `LineSearchStatus.withinRounding`; without
    /// it a step there is accepted only if f did not increase.
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
                // Minimizer of q(t) = f0 + d0 t + c t² through (α, ft), c = (ft − f0 − d0 α)/α².
                let denominator = 2 * (ft - f0 - d0 * alpha)
                var next = denominator > 0 ? -d0 * alpha * alpha / denominator : 0.5 * alpha
                next = Swift.min(Swift.max(next, 0.1 * alpha), 0.5 * alpha)
                alpha = next
            } else {
                alpha *= 0.25
            }
        }
        out.status = out.evaluations == 0 ? .stepBelowRounding : sawFinite ? .failed : .nonFiniteValues
        return out
    }

    /// Convenience over an objective.
    public func search<F: Objective>(_ objective: F, from x: [Double], value f0: Double, gradient g0: [Double],
                                     direction p: [Double], initialStep: Double = 1) -> LineSearchOutcome {
        search(value: { objective.value(at: $0) },
               evaluate: { let e = objective.evaluate(at: $0, hessian: false); return (e.value, e.gradient) },
               from: x, value: f0, gradient: g0, direction: p, initialStep: initialStep)
    }
}

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

    private struct Trial {
        var alpha: Double
        var value: Double
        var slope: Double
        var point: [Double]
        var gradient: [Double]
    }

    /// Searches along p from x, where f(x) = f0 and ∇f(x) = g0. `evaluate` returns (f, ∇f).
    public func search(evaluate: ([Double]) -> (Double, [Double]), from x: [Double], value f0: Double,
                       gradient g0: [Double], direction p: [Double], initialStep: Double = 1) -> LineSearchOutcome {
        let d0 = dot(g0, p)
        var out = LineSearchOutcome(status: .notDescentDirection, step: 0, point: x, value: f0, gradient: nil,
                                    initialSlope: d0, evaluations: 0)
        guard d0 < 0, d0.isFinite, f0.isFinite else { return out }
        let c1 = sufficientDecrease, c2 = curvature
        let floor = roundingLevel(f0)
        var sawFinite = false

        func trial(_ alpha: Double) -> Trial {
            var xt = x
            axpy(alpha, p, &xt)
            let (ft, gt) = evaluate(xt)
            out.evaluations += 1
            let slope = ft.isFinite ? dot(gt, p) : .nan
            if ft.isFinite && slope.isFinite { sawFinite = true }
            return Trial(alpha: alpha, value: (ft.isFinite && slope.isFinite) ? ft : .infinity,
                         slope: slope, point: xt, gradient: gt)
        }
        func sufficient(_ t: Trial) -> Bool { t.value <= f0 + c1 * t.alpha * d0 }
        // The first-order decrease is below the rounding level of f and f is within that level of f0:
        // values cannot rank this trial, slopes (exact to working precision) still can.
        func flat(_ t: Trial) -> Bool { t.alpha * abs(d0) <= floor && abs(t.value - f0) <= floor }
        func strongCurvature(_ t: Trial) -> Bool { abs(t.slope) <= c2 * abs(d0) }
        // Approximate Wolfe (Hager & Zhang 2005), used only when the first-order decrease α|φ′(0)|
        // is below the rounding level of f: f within rounding of f0, |φ′(α)| ≤ c₂|φ′(0)| and
        // φ′(α) ≤ (2c₁ − 1)φ′(0) — for a quadratic the latter is exactly sufficient decrease —
        // and either no increase of f at all or a smaller gradient max-norm than at x.
        func approximate(_ t: Trial) -> Bool {
            t.alpha * abs(d0) <= floor && t.value <= f0 + floor
                && abs(t.slope) <= c2 * abs(d0) && t.slope <= (2 * c1 - 1) * d0
                && (t.value <= f0 || normInf(t.gradient) < normInf(g0))
        }
        func done(_ t: Trial, _ status: LineSearchStatus) -> LineSearchOutcome {
            out.status = status
            out.step = t.alpha
            out.point = t.point
            out.value = t.value
            out.gradient = t.gradient
            return out
        }
        func failure() -> LineSearchOutcome {
            out.status = out.evaluations == 0 ? .stepBelowRounding : sawFinite ? .failed : .nonFiniteValues
            return out
        }

        // Algorithm 3.6 (zoom): lo satisfies sufficient decrease and has the lowest value so far;
        // the bracket [lo, hi] (either order) contains steps satisfying the strong Wolfe conditions.
        func zoom(_ lo0: Trial?, _ hi0: Trial) -> LineSearchOutcome {
            var lo = lo0 ?? Trial(alpha: 0, value: f0, slope: d0, point: x, gradient: g0)
            var hi = hi0
            while out.evaluations < maxEvaluations {
                let width = abs(hi.alpha - lo.alpha)
                if width <= 1e-14 * Swift.max(abs(lo.alpha), abs(hi.alpha)) { break }
                let a = nextInBracket(lo, hi, useSlopesOnly: flat(lo) && flat(hi))
                var xa = x
                axpy(a, p, &xa)
                if !moves(from: lo.point, to: xa) || !moves(from: hi.point, to: xa) { break }
                let t = trial(a)
                if flat(t) {
                    // f cannot order these points: keep the bracket on the sign of φ′ alone.
                    if approximate(t) { return done(t, .withinRounding) }
                    if t.slope * (hi.alpha - lo.alpha) < 0 { lo = t } else { hi = t }
                } else if !sufficient(t) || t.value >= lo.value {
                    hi = t
                } else {
                    if strongCurvature(t) { return done(t, .success) }
                    if t.slope * (hi.alpha - lo.alpha) >= 0 { hi = lo }
                    lo = t
                }
            }
            return fallback(lo)
        }

        /// The best the search can return when the curvature condition was not met.
        func fallback(_ t: Trial) -> LineSearchOutcome {
            guard t.alpha > 0 else { return failure() }
            if sufficient(t) && !flat(t) { return done(t, .sufficientDecreaseOnly) }
            if flat(t) && (t.value <= f0 || normInf(t.gradient) < normInf(g0)) { return done(t, .withinRounding) }
            return failure()
        }

        // Algorithm 3.5 (bracketing).
        var previous: Trial? = nil
        var alpha = Swift.min(initialStep, maxStep)
        var first = x
        axpy(alpha, p, &first)
        guard moves(from: x, to: first) else { return failure() }
        while out.evaluations < maxEvaluations {
            let t = trial(alpha)
            if flat(t) {
                if approximate(t) { return done(t, .withinRounding) }
                if t.slope >= 0 { return zoom(previous, t) }
            } else {
                if !sufficient(t) || (previous != nil && !flat(previous!) && t.value >= previous!.value) {
                    return zoom(previous, t)
                }
                if strongCurvature(t) { return done(t, .success) }
                if t.slope >= 0 { return zoom(t, previous ?? Trial(alpha: 0, value: f0, slope: d0, point: x, gradient: g0)) }
            }
            if alpha >= maxStep { return fallback(t) }
            previous = t
            alpha = Swift.min(expansion * alpha, maxStep)
        }
        if let p = previous { return fallback(p) }
        return failure()
    }

    /// The next trial inside the bracket: the minimizer of the cubic interpolating φ and φ′ at both
    /// ends (N&W eq. 3.59), kept at least 10% of the width away from either end; bisection-like
    /// fallbacks when the cubic has no real minimizer, and a quarter-step from lo when hi is not finite.
    private func nextInBracket(_ lo: Trial, _ hi: Trial, useSlopesOnly: Bool) -> Double {
        let a = lo.alpha, b = hi.alpha
        let left = Swift.min(a, b), right = Swift.max(a, b), w = right - left
        let safeLo = left + 0.1 * w, safeHi = right - 0.1 * w
        if !hi.value.isFinite { return a + 0.25 * (b - a) }
        if useSlopesOnly {
            // Secant on φ′ (values are rounding noise here).
            let c = a - lo.slope * (b - a) / (hi.slope - lo.slope)
            return c.isFinite ? Swift.min(Swift.max(c, safeLo), safeHi) : 0.5 * (a + b)
        }
        let d1 = lo.slope + hi.slope - 3 * (lo.value - hi.value) / (a - b)
        let disc = d1 * d1 - lo.slope * hi.slope
        var c = Double.nan
        if disc >= 0 {
            let d2 = (b - a).sign == .minus ? -disc.squareRoot() : disc.squareRoot()
            c = b - (b - a) * (hi.slope + d2 - d1) / (hi.slope - lo.slope + 2 * d2)
        }
        if !c.isFinite {
            // Minimizer of the quadratic through φ(a), φ′(a), φ(b).
            let q = 2 * (hi.value - lo.value - lo.slope * (b - a))
            c = q > 0 ? a - lo.slope * (b - a) * (b - a) / q : 0.5 * (a + b)
        }
        if !c.isFinite { c = 0.5 * (a + b) }
        return Swift.min(Swift.max(c, safeLo), safeHi)
    }

    /// Convenience over an objective.
    public func search<F: Objective>(_ objective: F, from x: [Double], value f0: Double, gradient g0: [Double],
                                     direction p: [Double], initialStep: Double = 1) -> LineSearchOutcome {
        search(evaluate: { let e = objective.evaluate(at: $0, hessian: false); return (e.value, e.gradient) },
               from: x, value: f0, gradient: g0, direction: p, initialStep: initialStep)
    }
}

/// The choice of line search a solver offers as an option.
public enum LineSearchMethod: Sendable, Equatable {
    case backtracking(BacktrackingLineSearch)
    case strongWolfe(StrongWolfeLineSearch)

    /// Backtracking with default options.
    public static var armijo: LineSearchMethod { .backtracking(BacktrackingLineSearch()) }
    /// Strong Wolfe with default options.
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

/// True when `y` differs from `x` in at least one component. The minimum-step test of both line
/// searches is componentwise: a step that changes only a small component of a badly scaled x is
/// still a step (a global bound α‖p‖∞ ≤ ε(1 + ‖x‖∞) would refuse it).
@inline(__always) func moves(from x: [Double], to y: [Double]) -> Bool {
    for i in 0..<x.count where x[i] != y[i] { return true }
    return false
}
