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
    public var description: String { message(naming: Self.propertyName) }

    /// The settings a message names: by property in ``description``, by flag on the command line.
    package enum Setting: Sendable {
        case l2, tolerance, maxIterations, weights, clusterColumn, offset, exposure, formula, targetAndFeatures, features
        /// A covariance type, or nil for the `covariance` setting as such.
        case covariance(CovarianceType?)
    }

    /// The message with every setting worded by `name`, so that the library and the `fit` tool
    /// share one sentence per problem and differ only in how they name the settings.
    package func message(naming name: (Setting) -> String) -> String {
        switch self {
        case .penalty(let x): return "\(name(.l2)) must be a finite number ≥ 0, got \(x)"
        case .tolerance(let x): return "\(name(.tolerance)) must be a finite number ≥ 0, got \(x)"
        case .maxIterations(let m): return "\(name(.maxIterations)) must be ≥ 0, got \(m)"
        case .samplingForLogdet:
            return "\(name(.weights)), \(name(.clusterColumn)) and \(name(.covariance(nil))) do not apply to logdet"
        case .clusterCovarianceWithoutColumn: return "\(name(.covariance(.cluster))) needs \(name(.clusterColumn))"
        case .clusterColumnWithCovariance(let c):
            return "\(name(.clusterColumn)) gives a cluster-robust covariance; it cannot be combined with \(name(.covariance(c)))"
        case .leverageCovariance(let c):
            return "\(name(.covariance(c))) is defined for least squares only (it needs the leverages xᵢᵀ(XᵀX)⁻¹xᵢ; "
                + "statsmodels' Logit, MNLogit and GLM report plain HC0 under that name)"
        case .offsetForNonCountModel(let exposure):
            return "\(name(exposure ? .exposure : .offset)) applies to the count models (poisson, negative-binomial) only"
        case .formulaWithColumns:
            return "\(name(.formula)) and \(name(.targetAndFeatures)) are alternatives: give the target and terms in the formula"
        case .formulaForLogdet: return "a formula needs a target, and logdet has none: choose its variables with \(name(.features))"
        }
    }

    /// How ``description`` words each setting (the ``FitSpecification`` property in words).
    static func propertyName(_ setting: Setting) -> String {
        switch setting {
        case .l2: return "the penalty l2"
        case .tolerance: return "the tolerance"
        case .maxIterations: return "the iteration limit"
        case .weights: return "frequency weights"
        case .clusterColumn: return "a cluster column"
        case .covariance(nil): return "robust covariances"
        case .covariance(let c?): return "the \(c.label) covariance"
        case .offset: return "an offset"
        case .exposure: return "an exposure"
        case .formula: return "a formula"
        case .targetAndFeatures: return "target/feature columns"
        case .features: return "the feature list"
        }
    }

    /// ``description``.
    public var errorDescription: String? { description }
}
