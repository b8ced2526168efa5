import Foundation

/// The digamma and trigamma functions ψ(x) = Γ′(x)/Γ(x) and ψ′(x) for x > 0 (Foundation has
/// only lgamma), and the differences the negative binomial likelihood needs.
///
/// ψ and ψ′ use the recurrences ψ(x) = ψ(x + 1) − 1/x and ψ′(x) = ψ′(x + 1) + 1/x² until
/// x ≥ 10, then the asymptotic (Stirling) series
///     ψ(x)  ~ log x − 1/(2x) − Σₖ B₂ₖ/(2k x²ᵏ),
///     ψ′(x) ~ 1/x + 1/(2x²) + Σₖ B₂ₖ/x²ᵏ⁺¹,
/// truncated after the x⁻¹⁴ (ψ) and x⁻¹⁵ (ψ′) terms, whose remainders at x = 10 are below 1e-16
/// relative. Below ≈ 1e-8 the recurrence term 1/x dominates and is exact.
public enum Polygamma {
    /// ψ(x) for x > 0 (NaN otherwise).
    public static func digamma(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x == .infinity ? .infinity : .nan }
        var x = x, shift = 0.0
        while x < 10 { shift -= 1 / x; x += 1 }
        let f = 1 / (x * x)
        // B₂/2 = 1/12, B₄/4 = −1/120, B₆/6 = 1/252, B₈/8 = −1/240, B₁₀/10 = 1/132,
        // B₁₂/12 = −691/32760, B₁₄/14 = 1/12.
        let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132
                     - f * (691.0 / 32760 - f * (1.0 / 12)))))))
        return shift + log(x) - 0.5 / x - series
    }

    /// ψ′(x) for x > 0 (NaN otherwise).
    public static func trigamma(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x == .infinity ? 0 : .nan }
        var x = x, shift = 0.0
        while x < 10 { shift += 1 / (x * x); x += 1 }
        let t = 1 / x, t2 = t * t
        // B₂ = 1/6, B₄ = −1/30, B₆ = 1/42, B₈ = −1/30, B₁₀ = 5/66, B₁₂ = −691/2730, B₁₄ = 7/6.
        let series = t * t2 * (1.0 / 6 - t2 * (1.0 / 30 - t2 * (1.0 / 42 - t2 * (1.0 / 30 - t2 * (5.0 / 66
                     - t2 * (691.0 / 2730 - t2 * (7.0 / 6)))))))
        return shift + t + 0.5 * t2 + series
    }

    /// Counts up to this size use the finite sums below; larger ones the function differences.
    static let directSumLimit = 128.0

    /// ψ(y + r) − ψ(r) for y ≥ 0, r > 0. For an integer y ≤ 128 it is Σₖ₌₀^{y−1} 1/(r + k), exact
    /// even when r ≫ y (where the difference of two nearly equal ψ values would cancel).
    public static func digammaDifference(_ y: Double, _ r: Double) -> Double {
        if y == 0 { return 0 }
        if y <= directSumLimit && y == y.rounded() {
            var s = 0.0
            for k in 0..<Int(y) { s += 1 / (r + Double(k)) }
            return s
        }
        if r >= asymptoticLimit {
            // ψ(z) ~ log z − 1/(2z) − 1/(12z²) + 1/(120z⁴) − 1/(252z⁶), term by term in a = 1/r, b = 1/(y + r).
            let (a, b, d) = reciprocals(y, r)
            return log1p(y / r) + 0.5 * d + powerDifference(a, b, d, 2) / 12 - powerDifference(a, b, d, 4) / 120
                + powerDifference(a, b, d, 6) / 252
        }
        return digamma(y + r) - digamma(r)
    }

    /// ψ′(r) − ψ′(y + r) = Σₖ₌₀^{y−1} 1/(r + k)² for integer y ≤ 128, else the difference.
    public static func trigammaDifference(_ y: Double, _ r: Double) -> Double {
        if y == 0 { return 0 }
        if y <= directSumLimit && y == y.rounded() {
            var s = 0.0
            for k in 0..<Int(y) { let t = r + Double(k); s += 1 / (t * t) }
            return s
        }
        if r >= asymptoticLimit {
            // ψ′(z) ~ 1/z + 1/(2z²) + 1/(6z³) − 1/(30z⁵) + 1/(42z⁷) − 1/(30z⁹), term by term.
            let (a, b, d) = reciprocals(y, r)
            return d + powerDifference(a, b, d, 2) / 2 + powerDifference(a, b, d, 3) / 6 - powerDifference(a, b, d, 5) / 30
                + powerDifference(a, b, d, 7) / 42 - powerDifference(a, b, d, 9) / 30
        }
        return trigamma(r) - trigamma(y + r)
    }

    /// log Γ(y + r) − log Γ(r) = Σₖ₌₀^{y−1} log(r + k) for integer y ≤ 128, else by lgamma.
    public static func logGammaDifference(_ y: Double, _ r: Double) -> Double {
        if y == 0 { return 0 }
        if y <= directSumLimit && y == y.rounded() {
            var s = 0.0
            for k in 0..<Int(y) { s += log(r + Double(k)) }
            return s
        }
        if r >= asymptoticLimit {
            // Stirling, log Γ(z) ~ (z − ½) log z − z + ½ log 2π + 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷):
            // (y + r − ½) log(y + r) − (r − ½) log r = (r − ½) log(1 + y/r) + y log(y + r), then term by term.
            let (a, b, d) = reciprocals(y, r)
            return (r - 0.5) * log1p(y / r) + y * log(y + r) - y - d / 12 + powerDifference(a, b, d, 3) / 360
                - powerDifference(a, b, d, 5) / 1260 + powerDifference(a, b, d, 7) / 1680
        }
        return lgamma(y + r) - lgamma(r)
    }

    /// From this r on, the differences for counts above `directSumLimit` come from the asymptotic
    /// series of ψ, ψ′ and log Γ taken term by term (remainders below 1e-17 relative at r = 100):
    /// the difference of two function values, each near log r, would cancel to |y/r|·ε⁻¹ ulps when r ≫ y.
    static let asymptoticLimit = 100.0

    /// a = 1/r, b = 1/(y + r) and a − b = y/(r(y + r)), the last without cancellation.
    private static func reciprocals(_ y: Double, _ r: Double) -> (Double, Double, Double) {
        (1 / r, 1 / (y + r), y / (r * (y + r)))
    }

    /// aⁿ − bⁿ = (a − b) Σₖ aⁿ⁻¹⁻ᵏ bᵏ for 0 < b ≤ a, from d = a − b (no cancellation).
    private static func powerDifference(_ a: Double, _ b: Double, _ d: Double, _ n: Int) -> Double {
        var sum = 0.0, term = pow(a, Double(n - 1))
        let ratio = b / a
        for _ in 0..<n { sum += term; term *= ratio }
        return d * sum
    }
}
