/// The negative binomial's maximum at α = 0. NB2's log-likelihood has the score
///     ∂ℓ/∂α |_{α=0} = ½ Σ sᵢ[(yᵢ − μᵢ)² − yᵢ]
/// at the Poisson fit μ̂ (Cameron & Trivedi's overdispersion statistic). When it is ≤ 0 the counts
/// are not overdispersed: ℓ grows towards α = 0, log α runs to −∞, and no interior maximum exists
/// for a solver to converge to. Unless the joint fit found an interior maximum anyway (it converged
/// with αȳ > 10⁻⁸), the estimate is the boundary point: α̂ = 0 with the Poisson fit's coefficients,
/// standard errors and likelihood, and the likelihood-ratio statistic against Poisson is 0.
package struct DispersionBoundary: Sendable {
    /// ½ Σ sᵢ[(yᵢ − μ̂ᵢ)² − yᵢ] at the Poisson fit.
    package let score: Double

    /// - Parameter momentNumerator: Σ sᵢ[(yᵢ − μ̂ᵢ)² − yᵢ] at the Poisson fit.
    package init(momentNumerator: Double) { score = momentNumerator / 2 }

    /// Whether the estimate is the boundary point, given how the joint fit ended.
    /// - Parameters:
    ///   - converged: whether the joint (β, log α) fit converged.
    ///   - alpha: its α̂.
    ///   - meanCount: ȳ = Σsᵢyᵢ/Σsᵢ.
    package func applies(converged: Bool, alpha: Double, meanCount: Double) -> Bool {
        score <= 0 && !(converged && alpha * meanCount > 1e-8)
    }

    /// The note the fitted model carries at the boundary.
    package var note: String {
        "α̂ = 0: the counts show no overdispersion (the score ½Σsᵢ[(yᵢ − μ̂ᵢ)² − yᵢ] = \(score) ≤ 0 at the Poisson fit), so the "
            + "negative binomial's maximum likelihood is at α = 0, the Poisson model: its coefficients, standard errors and likelihood are reported"
    }
}
