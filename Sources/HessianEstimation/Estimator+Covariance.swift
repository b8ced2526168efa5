import HessianLinearAlgebra
import HessianModels
import HessianInference

// The covariance of the estimates that `FitSpecification.covariance` asks for:
// model-based or a sandwich from the model's row scores, in internal coordinates.

extension Estimator {
    /// nonrobust: `modelScale` · H⁻¹ (σ̂² for least squares, 1 for likelihoods); otherwise the
    /// sandwich H⁻¹ B H⁻¹ of `SandwichCovariance` with the frequency weights, N = Σ sᵢ and the
    /// clusters of `sampling`, and (HC2/HC3) the leverages computed from H⁻¹. nil when H is
    /// singular. Records the covariance's statsmodels name in `fitted`. `lines` are the file
    /// lines of the fitted rows (for an error naming a row).
    static func covariance<F: RowScoring>(_ model: F, at w: [Double], spec: FitSpecification, sampling: RowSampling,
                                          modelScale: Double = 1, leverages: ((Matrix) -> [Double])? = nil,
                                          file: String, lines: [Int32], into fitted: inout FittedModel) throws -> Matrix? {
        guard let bread = try? Covariance.inverseHessian(model.hessian(at: w)) else { return nil }
        fitted.covariance = spec.covariance
        guard spec.covariance.isSandwich else { return modelScale * bread }
        do {
            let h = spec.covariance.needsLeverages ? leverages?(bread) : nil
            return try SandwichCovariance.covariance(spec.covariance, inverseHessian: bread, scores: model.rowScores(at: w),
                                                     weights: sampling.weights, observations: sampling.observations,
                                                     leverages: h, clusters: sampling.clusters)
        } catch let e as SandwichError {
            if case .leverageOne(let r) = e {
                throw EstimationError.model(file: file, message: "row \(lines[r]) has leverage 1 (it alone determines a coefficient), so the \(spec.covariance.label) factor 1/(1 − h) is undefined")
            }
            throw EstimationError.model(file: file, message: e.description)
        }
    }

    /// Records the weight and cluster columns and N = Σ sᵢ in the fitted model's metadata.
    static func record(_ sampling: RowSampling, spec: FitSpecification, into fitted: inout FittedModel) {
        fitted.weights = spec.weights
        if spec.weights != nil { fitted.observations = sampling.observations }
        fitted.clusterColumn = spec.cluster
        fitted.clusters = sampling.clusters?.count
        if let kept = sampling.kept {
            fitted.notes.append("\(fitted.rows - kept.count) rows with frequency weight 0 left out")
        }
    }
}
