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
    let x0 = precisionStart(p.s, l2: p.spec.l2)
    let r = minimize(model, from: x0, using: try makeBenchSolver(name))
    return FitOutcome(coefficients: r.solution, value: r.value, gradientNorm: r.gradientNorm,
                      iterations: r.iterations, converged: r.converged, termination: r.termination.rawValue,
                      message: r.message, notes: r.notes, trace: r.trace)
}

/// Θ₀: the identity (default), or with HESSIAN_BENCH_PRECISION_START=scalar the closed form of the
/// isotropic problem, θ₀I with θ₀ = 2/(s̄ + √(s̄² + 4λ)), s̄ = tr(S)/n (O(n) to compute).
func precisionStart(_ s: Matrix, l2: Double) -> [Double] {
    let n = s.rows
    guard ProcessInfo.processInfo.environment["HESSIAN_BENCH_PRECISION_START"] == "scalar" else {
        return Matrix.identity(n).storage
    }
    let sbar = s.trace / Double(n)
    let theta = l2 > 0 ? 2 / (sbar + (sbar * sbar + 4 * l2).squareRoot()) : 1 / sbar
    return (theta * Matrix.identity(n)).storage
}
