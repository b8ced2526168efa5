import Foundation

/// Likelihood-based summary of a fitted model, with the statsmodels conventions:
/// AIC = 2k − 2ℓ, BIC = k log N − 2ℓ (k = free coefficients, N = rows), McFadden's
/// pseudo-R² = 1 − ℓ/ℓ₀ with ℓ₀ the log-likelihood of the intercept-only model.
public struct FitStatistics: Sendable, Equatable, Codable {
    /// The maximized log-likelihood ℓ.
    public var logLikelihood: Double
    /// k, the free parameters.
    public var parameters: Int
    /// N, the observations.
    public var observations: Int
    /// AIC = 2k − 2ℓ.
    public var aic: Double
    /// BIC = k log N − 2ℓ.
    public var bic: Double
    /// Intercept-only log-likelihood ℓ₀ (classifiers).
    public var nullLogLikelihood: Double?
    /// McFadden's 1 − ℓ/ℓ₀, when the null log-likelihood ℓ₀ is known.
    public var pseudoR2: Double?
    /// Fraction of rows whose most probable class is the observed one (classifiers).
    public var accuracy: Double?

    /// The statistics of a fit with ℓ, k and N.
    /// - Parameters:
    ///   - logLikelihood: ℓ at the estimate.
    ///   - k: the number of estimated parameters.
    ///   - n: N, the observations.
    ///   - nullLogLikelihood: ℓ of the intercept-only model, for McFadden's pseudo-R², or nil.
    ///   - accuracy: the training accuracy (classifiers), or nil.
    public init(logLikelihood: Double, parameters k: Int, observations n: Int,
                nullLogLikelihood: Double? = nil, accuracy: Double? = nil) {
        self.logLikelihood = logLikelihood
        self.parameters = k
        self.observations = n
        aic = 2 * Double(k) - 2 * logLikelihood
        bic = Double(k) * log(Double(n)) - 2 * logLikelihood
        self.nullLogLikelihood = nullLogLikelihood
        pseudoR2 = nullLogLikelihood.map { 1 - logLikelihood / $0 }
        self.accuracy = accuracy
    }

    /// Gaussian log-likelihood at the least-squares fit with the ML variance σ̂² = RSS/N:
    /// ℓ = −N/2 · (log(2πσ̂²) + 1).
    public static func gaussianLogLikelihood(residualSumOfSquares rss: Double, observations n: Int) -> Double {
        let nd = Double(n)
        return -nd / 2 * (log(2 * Double.pi * rss / nd) + 1)
    }

    /// ℓ₀ = Σₖ nₖ log(nₖ/N): the log-likelihood of a model that predicts the class frequencies.
    public static func nullLogLikelihood(classCounts: [Int]) -> Double {
        let n = Double(classCounts.reduce(0, +))
        return classCounts.reduce(0.0) { s, c in c > 0 ? s + Double(c) * log(Double(c) / n) : s }
    }
}
