import Hessian

/// How library errors read on the command line: the library describes the data problem, and
/// the CLI adds the flag that changes it (the options are named as the user typed them).
enum CLIAdvice {
    /// The one-line message for `error`.
    static func message(_ error: Error) -> String {
        switch error {
        case let e as EstimationError: return message(e)
        case let e as SpecificationError: return message(e)
        case let e as SpillError:
            return "\(e); set TMPDIR to a directory with room for about 8 bytes per used cell, or use --no-spill to parse the CSV again at every pass instead"
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
        let text = e.message(naming: flag)
        switch e {
        case .leverageCovariance: return text + "; use hc0 or hc1"
        case .formulaWithColumns: return text + ", or use --target/--features"
        default: return text
        }
    }

    /// The flag that sets each specification setting, as the user types it.
    static func flag(_ setting: SpecificationError.Setting) -> String {
        switch setting {
        case .l2: return "--l2"
        case .tolerance: return "--tol"
        case .maxIterations: return "--max-iter"
        case .weights: return "--weights"
        case .clusterColumn: return "--cluster COLUMN"
        case .covariance(nil): return "--covariance"
        case .covariance(let c?): return "--covariance \(c.rawValue)"
        case .offset: return "--offset"
        case .exposure: return "--exposure"
        case .formula: return "--formula"
        case .targetAndFeatures: return "--target/--features"
        case .features: return "--features"
        }
    }
}
