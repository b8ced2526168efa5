import HessianLinearAlgebra
import HessianModels
import HessianPartitioned

/// The units of a fit's data, from which its ``/HessianModels/ObjectiveScale`` follows: the solver
/// tests ‖∇f̃‖∞ ≤ tol on f̃(z) = f(Dz)/σ, which is unchanged when the target, a column or the weights
/// are multiplied by constants, so the verdict and the answer do not depend on the data's units.
///
/// With ω the weights' mean, u the target's unit and cⱼ the unit of column j's coefficient:
/// - least squares is fitted to ỹ = y/u (exact: u is a power of two), whose coefficients are those
///   of y divided by u, so that neither f nor its Hessian overflows or underflows for a target of
///   2⁶⁰⁰ or 2⁻⁶⁰⁰; then σ = ω, dⱼ = cⱼ;
/// - Poisson: y → ky multiplies f (up to a constant) by k and shifts only the intercept: σ = ωu, dⱼ = cⱼ;
/// - negative binomial: the information per row is μ/(1 + αμ), so σ = ωu/(1 + α₀u), dⱼ = cⱼ, d = 1 for log α;
/// - logistic and multinomial (one block of cⱼ per free class): σ = ω, dⱼ = cⱼ.
/// Every figure is rounded to a power of two, so the maps are exact. At unit scale (ω, u, cⱼ within
/// a factor 2 of 1) f̃ = f, and the test is the absolute ‖∇f‖∞ ≤ tol of ``/HessianSolvers/StoppingCriteria``.
package struct FitUnits: Sendable {
    /// ω = Σsᵢ/N (1 without weights).
    package var weight: Double
    /// u: the mean |yᵢ| for least squares (the divisor of its target), the weighted mean count Σsᵢyᵢ/Σsᵢ for count models, 1 for classifiers.
    package var target: Double
    /// cⱼ for one output's parameters, the intercept first (`Design.parameterUnits`).
    package var columns: [Double]

    /// - Parameters:
    ///   - weight: ω.
    ///   - target: u.
    ///   - columns: cⱼ, one output's parameters.
    package init(weight: Double, target: Double, columns: [Double]) {
        self.weight = ObjectiveScale.powerOfTwo(weight)
        self.target = ObjectiveScale.powerOfTwo(target)
        self.columns = columns
    }

    /// The units of an in-memory fit: ω from the design's weights, cⱼ from its columns.
    /// - Parameters:
    ///   - design: the model's design.
    ///   - target: u (1 for classifiers).
    package init(_ design: Design, target: Double = 1) {
        self.init(weight: design.weights.map(ObjectiveScale.meanMagnitude) ?? 1, target: target, columns: design.parameterUnits)
    }

    /// The units of a fit from the sums of its first pass over the rows.
    /// - Parameters:
    ///   - model: the model (which target unit applies).
    ///   - rows: N, the rows kept.
    ///   - observations: Σsᵢ.
    ///   - counts: Σsᵢyᵢ (count models).
    ///   - targetMagnitude: Σ|yᵢ| (least squares).
    ///   - columns: cⱼ, one output's parameters.
    package init(_ model: ShardModel, rows: Int, observations: Double, counts: Double, targetMagnitude: Double, columns: [Double]) {
        let target = switch model {
        case .leastSquares: targetMagnitude / Double(rows)
        case .poisson, .negativeBinomial: counts / observations
        case .logistic, .multinomial: 1.0
        }
        self.init(weight: observations / Double(rows), target: target, columns: columns)
    }

    /// The units of `model`'s objective; `alpha` is NB's starting α₀ (ignored otherwise).
    /// - Parameters:
    ///   - model: the model whose objective is scaled.
    ///   - alpha: α₀ > 0 for the negative binomial.
    package func scale(_ model: ShardModel, alpha: Double = 0) -> ObjectiveScale {
        switch model {
        case .leastSquares:
            return ObjectiveScale(value: weight, parameters: columns)
        case .logistic:
            return ObjectiveScale(value: weight, parameters: columns)
        case .poisson:
            return ObjectiveScale(value: weight * target, parameters: columns)
        case .negativeBinomial:
            let information = ObjectiveScale.powerOfTwo(target / (1 + alpha * target))
            return ObjectiveScale(value: weight * information, parameters: columns + [1])
        case .multinomial(let m, let par):
            let free = par == .referenceClass ? m - 1 : m
            return ObjectiveScale(value: weight, parameters: columns.flatMap { [Double](repeating: $0, count: free) })
        }
    }

    /// The units of the precision-matrix objective −log det Θ + tr(SΘ): σ = 1 (a log-determinant has
    /// no unit) and, since S → DSD maps Θ to D⁻¹ΘD⁻¹, dᵢⱼ = 1/(uᵢuⱼ) with uᵢ = √Sᵢᵢ for the entry (i, j).
    /// - Parameter s: the sample covariance S, n×n.
    package static func precision(_ s: Matrix) -> ObjectiveScale {
        let n = s.rows
        let u = (0..<n).map { ObjectiveScale.powerOfTwo(Swift.max(0, s[$0, $0]).squareRoot()) }
        return ObjectiveScale(value: 1, parameters: (0..<(n * n)).map { 1 / (u[$0 % n] * u[$0 / n]) })
    }
}
