import Hessian

/// How library errors read on the command line: the library describes the data problem, and
/// the CLI adds the flag that changes it (the options are named as the user typed them).
enum CLIAdvice {
    /// The one-line message for `error`.
    static func message(_ error: Error) -> String {
        switch error {
        case let e as EstimationError: return message(e)
        case let e as SpecificationError: return message(e)
        default: return "\(error)"
        }
    }

    static func message(_ e: EstimationError) -> String {
        let text = e.description
        switch e {
        case .wrongClassCount(_, _, let model, let classes):
            return model == .logistic && classes.count > 2 ? text + "; use --model multinomial" : text
        case .tooFewRows: return text + "; use --l2 or fewer --features"
        case .collinear(_, let columns): return text + (columns.count == 1 ? "; drop it or use --l2" : "; drop one of them or use --l2")
        case .separation, .logdetTooFewRows: return text + "; use --l2"
        case .singularCovariance: return text + "; drop one of them or use --l2"
        case .invalidOption, .invalidInput, .model: return text
        }
    }

    static func message(_ e: SpecificationError) -> String {
        switch e {
        case .penalty(let x): return "--l2 must be a finite number ≥ 0, got \(x)"
        case .tolerance(let x): return "--tol must be a finite number ≥ 0, got \(x)"
        case .maxIterations(let m): return "--max-iter must be ≥ 0, got \(m)"
        case .samplingForLogdet: return "--weights, --cluster and --covariance do not apply to logdet"
        case .clusterCovarianceWithoutColumn: return "--covariance cluster needs --cluster COLUMN"
        case .clusterColumnWithCovariance(let c):
            return "--cluster gives a cluster-robust covariance; it cannot be combined with --covariance \(c.rawValue)"
        case .leverageCovariance(let c):
            return "--covariance \(c.rawValue) is defined for least squares only (it needs the leverages xᵢᵀ(XᵀX)⁻¹xᵢ; "
                + "statsmodels' Logit, MNLogit and GLM report plain HC0 under that name); use hc0 or hc1"
        case .offsetForNonCountModel(let exposure):
            return "\(exposure ? "--exposure" : "--offset") applies to the count models (poisson, negative-binomial) only"
        case .formulaWithColumns:
            return "--formula and --target/--features are alternatives: give the target and terms in the formula, or use --target/--features"
        case .formulaForLogdet: return "a formula needs a target, and logdet has none: choose its variables with --features"
        }
    }
}
