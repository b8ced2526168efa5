import Foundation
import HessianLinearAlgebra
import HessianModels

/// Steepest descent p = −∇f with a line search — the baseline every other solver should beat.
///
/// The initial trial step assumes the first-order decrease repeats (Nocedal & Wright eq. 3.60):
/// α₀ = αₖ₋₁ ∇fₖ₋₁ᵀpₖ₋₁ / ∇fₖᵀpₖ, and min(1, 1/‖∇f₀‖₂) at the start. Convergence is linear
/// with rate about (κ − 1)/(κ + 1), so ill-conditioned problems (Rosenbrock: κ ≈ 2.5·10³ at the
/// minimizer) need 10⁴–10⁵ iterations: raise `StoppingCriteria.maxIterations` accordingly.
public struct GradientDescent: Solver {
    public var name: String { "gradient-descent" }
    public var stopping: StoppingCriteria
    /// Default backtracking Armijo (c₁ = 1e-4); the initial step above lets the step grow.
    /// (Strong Wolfe also works, but near the rounding floor of f it gives up sooner.)
    public var lineSearch: LineSearchMethod
    /// Keep the per-iteration records in the result. Default true.
    public var recordTrace: Bool

    public init(stopping: StoppingCriteria = .init(), lineSearch: LineSearchMethod = .armijo, recordTrace: Bool = true) {
        self.stopping = stopping
        self.lineSearch = lineSearch
        self.recordTrace = recordTrace
    }

    public func run<F: Objective>(_ f: F, from x0: [Double], trace: ((IterationRecord) -> TraceAction)?) -> OptimizationResult {
        let run = SolverRun(f, from: x0, solver: name, stopping: stopping, trace: trace, recordTrace: recordTrace)
        if let done = run.begin(with: run.evaluate(at: x0, hessian: false)) { return done }
        var alpha0 = Swift.min(1, 1 / norm2(run.gradient))
        var previousSlope = 0.0, previousStep = 0.0

        while true {
            let p = scaled(-1, run.gradient)
            let slope = -dot(run.gradient, run.gradient)
            if previousSlope != 0 { alpha0 = previousStep * previousSlope / slope }
            let ls = lineSearch.search(value: run.valueFunction, evaluate: run.gradientFunction, from: run.x,
                                       value: run.value, gradient: run.gradient, direction: p, initialStep: alpha0)
            if !ls.status.accepted { return run.lineSearchEnded(ls, along: "steepest-descent direction") }
            let e = ls.gradient.map { Evaluation(value: ls.value, gradient: $0) } ?? run.evaluate(at: ls.point, hessian: false)
            if let done = run.rejectNonFinite(e) { return done }
            let (stepNorm, valueChange) = run.accept(ls.point, e)
            previousSlope = slope
            previousStep = ls.step
            if let done = run.afterIteration(stepLength: ls.step, stepNorm: stepNorm, valueChange: valueChange) { return done }
            if let done = run.roundingGuard(withinRounding: ls.status == .withinRounding, valueChange: valueChange) { return done }
        }
    }
}
