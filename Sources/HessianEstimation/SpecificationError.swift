import Foundation
import HessianInference

/// A ``FitSpecification`` whose options contradict each other or are out of range, named by
/// its properties (the `fit` tool words them as its flags).
public enum SpecificationError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// `l2` is negative or not finite.
    case penalty(Double)
    /// `tolerance` is negative or not finite.
    case tolerance(Double)
    /// `maxIterations` is negative.
    case maxIterations(Int)
    /// logdet with weights, clusters or a sandwich covariance.
    case samplingForLogdet
    /// `covariance == .cluster` without a `cluster` column.
    case clusterCovarianceWithoutColumn
    /// A `cluster` column with another covariance type.
    case clusterColumnWithCovariance(CovarianceType)
    /// HC2 or HC3 for a model other than least squares.
    case leverageCovariance(CovarianceType)
    /// An offset (`exposure == false`) or exposure column for a model that is not a count model.
    case offsetForNonCountModel(exposure: Bool)
    /// Both a `formula` and `target`/`features`.
    case formulaWithColumns
    /// A `formula` for logdet, which has no target.
    case formulaForLogdet

    /// The problem, named by the specification's properties.
    public var description: String {
        switch self {
        case .penalty(let x): return "the penalty l2 must be a finite number ≥ 0, got \(x)"
        case .tolerance(let x): return "the tolerance must be a finite number ≥ 0, got \(x)"
        case .maxIterations(let m): return "the iteration limit must be ≥ 0, got \(m)"
        case .samplingForLogdet: return "frequency weights, clusters and robust covariances do not apply to logdet"
        case .clusterCovarianceWithoutColumn: return "a cluster covariance needs a cluster column"
        case .clusterColumnWithCovariance(let c):
            return "a cluster column gives a cluster-robust covariance; it cannot be combined with the \(c.label) covariance"
        case .leverageCovariance(let c):
            return "the \(c.label) covariance is defined for least squares only (it needs the leverages xᵢᵀ(XᵀX)⁻¹xᵢ; "
                + "statsmodels' Logit, MNLogit and GLM report plain HC0 under that name)"
        case .offsetForNonCountModel(let exposure):
            return "an \(exposure ? "exposure" : "offset") applies to the count models (poisson, negative-binomial) only"
        case .formulaWithColumns: return "a formula and target/feature columns are alternatives: give the target and terms in the formula"
        case .formulaForLogdet: return "a formula needs a target, and logdet has none: choose its variables as features"
        }
    }

    /// ``description``.
    public var errorDescription: String? { description }
}
