import Foundation

/// Goodness-of-fit figures of the count models, with statsmodels' definitions.
package enum CountStatistics {
    /// Poisson deviance 2 Σ sᵢ[yᵢ log(yᵢ/μᵢ) − (yᵢ − μᵢ)], with 0 · log 0 = 0.
    package static func poissonDeviance(counts y: [Double], means mu: [Double], weights s: [Double]? = nil) -> Double {
        var d = 0.0
        for i in 0..<y.count {
            let term = (y[i] > 0 ? y[i] * log(y[i] / mu[i]) : 0) - (y[i] - mu[i])
            d += (s?[i] ?? 1) * term
        }
        return 2 * d
    }

    /// Pearson χ² = Σ sᵢ (yᵢ − μᵢ)²/V(μᵢ) with the Poisson variance V(μ) = μ.
    package static func pearsonChi2(counts y: [Double], means mu: [Double], weights s: [Double]? = nil) -> Double {
        var c = 0.0
        for i in 0..<y.count {
            let e = y[i] - mu[i]
            c += (s?[i] ?? 1) * e * e / mu[i]
        }
        return c
    }

    /// p-value of a likelihood-ratio statistic for a one-parameter restriction on the boundary of
    /// the parameter space (α = 0 for NB2 against Poisson): the null distribution is the 50:50
    /// mixture of χ²₀ and χ²₁, so p = ½ P(χ²₁ > LR) = ½ erfc(√(LR/2)); for LR ≤ 0 (the estimate at
    /// the boundary) it is ½, the limit of that formula as LR → 0.
    package static func boundaryLikelihoodRatioPValue(_ lr: Double) -> Double {
        guard lr > 0 else { return 0.5 }
        return 0.5 * erfc((lr / 2).squareRoot())
    }
}
