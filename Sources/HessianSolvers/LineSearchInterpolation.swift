import HessianLinearAlgebra
import HessianModels

/// A trial of a line search along x + αp: φ(α) = f(x + αp) and φ′(α) = ∇f(x + αp)ᵀp.
struct LineSearchTrial {
    var alpha: Double
    /// φ(α), +∞ when f or φ′ was not finite there.
    var value: Double
    var slope: Double
    var point: [Double]
    var gradient: [Double]
}

/// Interpolation steps shared by the line searches (Nocedal & Wright §3.5).
enum LineSearchInterpolation {
    /// The backtracking step after a trial α that failed sufficient decrease: the minimizer of the
    /// quadratic q(t) = φ(0) + φ′(0)t + ct² through (α, φ(α)), c = (φ(α) − φ(0) − φ′(0)α)/α², kept in
    /// [0.1α, 0.5α] so the step neither stalls nor collapses.
    static func backtrack(alpha: Double, value: Double, initialValue f0: Double, initialSlope d0: Double) -> Double {
        let denominator = 2 * (value - f0 - d0 * alpha)
        let next = denominator > 0 ? -d0 * alpha * alpha / denominator : 0.5 * alpha
        return Swift.min(Swift.max(next, 0.1 * alpha), 0.5 * alpha)
    }

    /// The next trial inside the bracket [lo, hi] (either order): the minimizer of the cubic
    /// interpolating φ and φ′ at both ends (N&W eq. 3.59), kept at least 10% of the width away from
    /// either end; the quadratic through φ(lo), φ′(lo), φ(hi), then bisection when the cubic has no
    /// real minimizer, and a quarter-step from lo when hi is not finite. With `slopesOnly` (values
    /// are rounding noise) the secant on φ′.
    static func inBracket(_ lo: LineSearchTrial, _ hi: LineSearchTrial, slopesOnly: Bool) -> Double {
        let a = lo.alpha, b = hi.alpha
        let left = Swift.min(a, b), right = Swift.max(a, b), w = right - left
        let safeLo = left + 0.1 * w, safeHi = right - 0.1 * w
        if !hi.value.isFinite { return a + 0.25 * (b - a) }
        if slopesOnly {
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
            let q = 2 * (hi.value - lo.value - lo.slope * (b - a))
            c = q > 0 ? a - lo.slope * (b - a) * (b - a) / q : 0.5 * (a + b)
        }
        if !c.isFinite { c = 0.5 * (a + b) }
        return Swift.min(Swift.max(c, safeLo), safeHi)
    }
}
