import Foundation

/// Stable scalar functions of the logistic family (log(1 + eᵃ), σ and σ′), shared by the models
/// whose link is logistic.
enum LogisticFunctions {
    /// log(1 + eᵃ) = max(a, 0) + log1p(e^−|a|): never overflows.
    @inline(__always) static func log1pExp(_ a: Double) -> Double {
        max(a, 0) + log1p(exp(-abs(a)))
    }

    /// σ(a) = 1/(1 + e^−a) and σ′(a) = σ(1 − σ), from e = e^−|a| ≤ 1 so nothing overflows:
    /// σ = 1/(1+e) for a ≥ 0 and e/(1+e) otherwise; σ′ = e/(1+e)².
    @inline(__always) static func sigmoid(_ a: Double) -> (value: Double, derivative: Double) {
        let e = exp(-abs(a))
        let inv = 1 / (1 + e)
        return (a >= 0 ? inv : e * inv, e * inv * inv)
    }
}
