import Foundation
import Hessian

/// Log-det precision estimation g(Θ) = tr(SΘ) − log|Θ| + (λ/2)‖Θ‖²_F on vec(Θ), from Θ₀ = I.
/// "closed-form" is `PrecisionEstimation.closedForm()` (one eigendecomposition of S);
/// "newton" uses the structured eigenbasis step, "newton-dense" the dense n²×n² Hessian.
func fitPrecision(_ p: LoadedProblem, solver name: String) throws -> FitOutcome {
    let model = try PrecisionEstimation(covariance: p.s, l2: p.spec.l2)
    if name == "closed-form" {
        let theta = try model.closedForm().storage
        let value = model.value(at: theta)
        return FitOutcome(coefficients: theta, value: value, gradientNorm: normInf(model.gradient(at: theta)),
                          iterations: 0, converged: true, termination: "closedForm", message: "closed form")
    }
    let x0 = precisionStart(model)
    let r = try minimize(model, from: x0, using: try makeBenchSolver(name))
    return FitOutcome(coefficients: r.solution, value: r.value, gradientNorm: r.gradientNorm,
                      iterations: r.iterations, converged: r.converged, termination: r.termination.rawValue,
                      message: r.message, notes: r.notes, trace: r.trace)
}

/// Θ₀: the model's `suggestedStart` (the isotropic closed form, what `fit` uses), or the identity
/// with HESSIAN_BENCH_PRECISION_START=identity.
func precisionStart(_ model: PrecisionEstimation) -> [Double] {
    if ProcessInfo.processInfo.environment["HESSIAN_BENCH_PRECISION_START"] == "identity" {
        return Matrix.identity(model.size).storage
    }
    return model.suggestedStart
}
