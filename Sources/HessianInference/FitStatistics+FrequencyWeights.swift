import Foundation

// The likelihood summary with frequency weights: N = Σ sᵢ everywhere (the statistics of the
// data with row i repeated sᵢ times), so BIC = k log Σsᵢ and the null model uses weighted counts.
extension FitStatistics {
    /// As `init(logLikelihood:parameters:observations:…)` with a real N = Σ sᵢ (BIC = k log N − 2ℓ).
    /// `observations` holds N rounded to an integer (Int.max when Σ sᵢ is larger).
    /// - Parameters:
    ///   - logLikelihood: ℓ at the estimate.
    ///   - k: the number of estimated parameters.
    ///   - n: Σ sᵢ, the weighted observations.
    ///   - nullLogLikelihood: ℓ of the intercept-only model, or nil.
    ///   - accuracy: the training accuracy (classifiers), or nil.
    public init(logLikelihood: Double, parameters k: Int, weightedObservations n: Double,
                nullLogLikelihood: Double? = nil, accuracy: Double? = nil) {
        self.init(logLikelihood: logLikelihood, parameters: k, observations: n < 0x1p62 ? Int(n.rounded()) : Int.max,
                  nullLogLikelihood: nullLogLikelihood, accuracy: accuracy)
        bic = Double(k) * log(n) - 2 * logLikelihood
    }

    /// ℓ = −N/2 · (log(2πσ̂²) + 1) with σ̂² = RSS/N for a real N = Σ sᵢ (RSS = Σ sᵢeᵢ²).
    public static func gaussianLogLikelihood(residualSumOfSquares rss: Double, weightedObservations n: Double) -> Double {
        -n / 2 * (log(2 * Double.pi * rss / n) + 1)
    }

    /// ℓ₀ = Σₖ nₖ log(nₖ/N) for real (weighted) class totals nₖ.
    public static func nullLogLikelihood(classTotals: [Double]) -> Double {
        let n = classTotals.reduce(0, +)
        return classTotals.reduce(0.0) { s, c in c > 0 ? s + c * log(c / n) : s }
    }

    /// "873" for integral counts, otherwise the shortest round-trip decimal.
    static func formatCount(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
    }
}
