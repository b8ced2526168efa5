import Foundation
import Hessian

/// Log-det precision estimation. Placeholder until PrecisionEstimation is merged from `models`.
func fitPrecision(_ p: LoadedProblem, solver name: String) throws -> FitOutcome {
    throw NPY.Failure(description: "PrecisionEstimation is not available in this build yet")
}
