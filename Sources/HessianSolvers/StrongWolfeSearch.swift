import HessianLinearAlgebra
import HessianModels

/// One run of ``StrongWolfeLineSearch``: the bracketing phase and `zoom` of Nocedal & Wright,
/// Algorithms 3.5 and 3.6, over trials φ(α) = f(x + αp), with the rounding-regime tests of
/// Hager & Zhang (see ``LineSearchStatus/withinRounding``).
struct StrongWolfeSearch {
    let options: StrongWolfeLineSearch
    let evaluate: ([Double]) -> (Double, [Double])
    let x: [Double]
    let p: [Double]
    /// α = 0: φ(0) = f0, φ′(0) = d0 < 0.
    let origin: LineSearchTrial
    var out: LineSearchOutcome
    var sawFinite = false

    var f0: Double { origin.value }
    var d0: Double { origin.slope }
    var floor: Double { roundingLevel(origin.value) }

    mutating func trial(_ alpha: Double) -> LineSearchTrial {
        var xt = x
        axpy(alpha, p, &xt)
        let (ft, gt) = evaluate(xt)
        out.evaluations += 1
        let slope = ft.isFinite ? dot(gt, p) : .nan
        let finite = ft.isFinite && slope.isFinite
        if finite { sawFinite = true }
        return LineSearchTrial(alpha: alpha, value: finite ? ft : .infinity, slope: slope, point: xt, gradient: gt)
    }

    /// Armijo: φ(α) ≤ φ(0) + c₁αφ′(0).
    func sufficient(_ t: LineSearchTrial) -> Bool { t.value <= f0 + options.sufficientDecrease * t.alpha * d0 }

    /// The first-order decrease is below the rounding level of f and f is within that level of f0:
    /// values cannot rank this trial, slopes (exact to working precision) still can.
    func flat(_ t: LineSearchTrial) -> Bool { t.alpha * abs(d0) <= floor && abs(t.value - f0) <= floor }

    /// |φ′(α)| ≤ c₂|φ′(0)|.
    func strongCurvature(_ t: LineSearchTrial) -> Bool { abs(t.slope) <= options.curvature * abs(d0) }

    /// Approximate Wolfe (Hager & Zhang 2005), used only when the first-order decrease α|φ′(0)| is
    /// below the rounding level of f: f within rounding of f0, |φ′(α)| ≤ c₂|φ′(0)| and
    /// φ′(α) ≤ (2c₁ − 1)φ′(0) — for a quadratic the latter is exactly sufficient decrease — and either
    /// no increase of f at all or a smaller gradient max-norm than at x.
    func approximate(_ t: LineSearchTrial) -> Bool {
        t.alpha * abs(d0) <= floor && t.value <= f0 + floor
            && strongCurvature(t) && t.slope <= (2 * options.sufficientDecrease - 1) * d0
            && (t.value <= f0 || normInf(t.gradient) < normInf(origin.gradient))
    }

    mutating func done(_ t: LineSearchTrial, _ status: LineSearchStatus) -> LineSearchOutcome {
        out.status = status
        out.step = t.alpha
        out.point = t.point
        out.value = t.value
        out.gradient = t.gradient
        return out
    }

    mutating func failure() -> LineSearchOutcome {
        out.status = out.evaluations == 0 ? .stepBelowRounding : sawFinite ? .failed : .nonFiniteValues
        return out
    }

    /// Algorithm 3.5: grow α by `expansion` until a trial brackets a strong-Wolfe step or meets it.
    mutating func bracket(initialStep: Double) -> LineSearchOutcome {
        var previous: LineSearchTrial? = nil
        var alpha = Swift.min(initialStep, options.maxStep)
        var first = x
        axpy(alpha, p, &first)
        guard moves(from: x, to: first) else { return failure() }
        while out.evaluations < options.maxEvaluations {
            let t = trial(alpha)
            if flat(t) {
                if approximate(t) { return done(t, .withinRounding) }
                if t.slope >= 0 { return zoom(previous, t) }
            } else {
                if !sufficient(t) || (previous.map { !flat($0) && t.value >= $0.value } ?? false) {
                    return zoom(previous, t)
                }
                if strongCurvature(t) { return done(t, .success) }
                if t.slope >= 0 { return zoom(t, previous ?? origin) }
            }
            if alpha >= options.maxStep { return fallback(t) }
            previous = t
            alpha = Swift.min(options.expansion * alpha, options.maxStep)
        }
        if let previous { return fallback(previous) }
        return failure()
    }

    /// Algorithm 3.6: lo satisfies sufficient decrease and has the lowest value so far; the bracket
    /// [lo, hi] (either order) contains steps satisfying the strong Wolfe conditions.
    mutating func zoom(_ lo0: LineSearchTrial?, _ hi0: LineSearchTrial) -> LineSearchOutcome {
        var lo = lo0 ?? origin
        var hi = hi0
        while out.evaluations < options.maxEvaluations {
            let width = abs(hi.alpha - lo.alpha)
            if width <= 1e-14 * Swift.max(abs(lo.alpha), abs(hi.alpha)) { break }
            let a = LineSearchInterpolation.inBracket(lo, hi, slopesOnly: flat(lo) && flat(hi))
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
    mutating func fallback(_ t: LineSearchTrial) -> LineSearchOutcome {
        guard t.alpha > 0 else { return failure() }
        if sufficient(t) && !flat(t) { return done(t, .sufficientDecreaseOnly) }
        if flat(t) && (t.value <= f0 || normInf(t.gradient) < normInf(origin.gradient)) { return done(t, .withinRounding) }
        return failure()
    }
}
