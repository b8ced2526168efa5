import Foundation
import HessianLinearAlgebra
import HessianModels

/// Newton's method with a line search: vec(Δx) = −H⁻¹ vec(∇f) computed by Cholesky of the
/// equilibrated Hessian (never an explicit inverse), with the modified-Cholesky safe path of
/// ``NewtonDirection`` when H is not positive definite (recorded in `notes`).
///
/// Each iteration, in a fixed order: (1) the direction — the objective's structured
/// `newtonStep(at:gradient:)` when it offers one and `useStructuredStep` is on, else the dense
/// Hessian, formed only now, so a point that passes the stopping test never pays for one;
/// (2) a line search from α = 1 whose every trial is one `evaluate` (value and gradient together),
/// so the accepted point is evaluated exactly once; (3) the stopping test. At the full step α = 1
/// the Hessian is computed in the same pass when the direction will need it and the next point is
/// predicted not to pass the gradient test, so an iteration that accepts α = 1 reads the data once.
///
/// The trace's `newtonDecrement` is λ² = ∇fᵀH⁻¹∇f at the point the step started from; ½λ² is the
/// decrease the quadratic model predicts, so it is a scale-aware measure of distance to the optimum.
public struct Newton: Solver {
    public var name: String { "newton" }
    public var stopping: StoppingCriteria
    /// Default: backtracking Armijo (c₁ = 1e-4) from α = 1.
    public var lineSearch: LineSearchMethod
    /// Use the objective's `newtonStep(at:gradient:)` when available. Default true.
    public var useStructuredStep: Bool
    /// Jacobi-equilibrate H before Cholesky. Default true.
    public var equilibrate: Bool
    /// Keep the per-iteration records in the result. Default true.
    public var recordTrace: Bool

    public init(stopping: StoppingCriteria = .init(), lineSearch: LineSearchMethod = .armijo,
                useStructuredStep: Bool = true, equilibrate: Bool = true, recordTrace: Bool = true) {
        self.stopping = stopping
        self.lineSearch = lineSearch
        self.useStructuredStep = useStructuredStep
        self.equilibrate = equilibrate
        self.recordTrace = recordTrace
    }

    public func run<F: Objective>(_ f: F, from x0: [Double], trace: ((IterationRecord) -> TraceAction)?) -> OptimizationResult {
        let run = SolverRun(f, from: x0, solver: name, stopping: stopping, trace: trace, recordTrace: recordTrace)
        var structured = useStructuredStep
        // A starting point is rarely converged: where the direction needs the dense Hessian, form it
        // in the same pass as the gradient.
        var current = run.evaluate(at: x0, hessian: f.newtonUsesDenseHessian || !useStructuredStep)
        if let done = run.begin(with: current) { return done }
        // ‖∇f‖∞ before the last step, when that step was a full one (for the prediction below).
        var previousGradientNorm: Double? = nil
        var lastStepFull = true

        while true {
            // (1) Direction.
            var step: [Double]? = nil
            var decrement = 0.0
            if structured {
                do {
                    if let p = try run.newtonStep(at: run.x, gradient: run.gradient) {
                        let dec = -dot(run.gradient, p)
                        if dec > 0 && dec.isFinite {
                            step = p
                            decrement = dec
                        } else {
                            run.note("structured Newton step is not a descent direction (−gᵀp = \(fmt(dec))); used the dense Hessian")
                        }
                    } else {
                        structured = false
                    }
                } catch {
                    run.note("structured Newton step failed (\(error)); used the dense Hessian")
                }
            }
            if step == nil {
                guard let h = current.hessian ?? run.hessian(at: run.x) else {
                    preconditionFailure("\(F.self).evaluate(at:hessian: true) returned no Hessian")
                }
                do {
                    let nd = try NewtonDirection.solve(hessian: h, gradient: run.gradient, equilibrate: equilibrate)
                    if let note = nd.note { run.note(note) }
                    step = nd.direction
                    decrement = nd.decrement
                } catch {
                    return run.finish(.linearAlgebraFailure,
                                      "could not compute a Newton direction at iteration \(run.iterations + 1): \(error); "
                                      + "kept the best point (gradient max-norm \(fmt(run.gradientNorm)))")
                }
            }
            let p = step!

            // (2) Line search. Every trial is one counted evaluation; the one at the accepted point
            // is kept. Prediction for the Hessian at α = 1: Newton's quadratic convergence
            // ‖g₊‖ ≈ C‖g‖², with C measured from the last full step; the Hessian is formed there only
            // if C‖g‖² > 100·tolerance (a wrong guess costs one unused Hessian or one extra
            // evaluation, never accuracy).
            // Without a measured C the guess is made only where one pass for all three is cheaper
            // than separate ones (`newtonUsesDenseHessian`).
            var wantH = false
            if lastStepFull && (f.newtonUsesDenseHessian || !structured) {
                if let g0 = previousGradientNorm, g0 > 0 {
                    let c = run.gradientNorm / (g0 * g0)
                    wantH = c * run.gradientNorm * run.gradientNorm > 100 * stopping.gradientTolerance
                } else {
                    wantH = f.newtonUsesDenseHessian
                }
            }
            var lastTrial: (point: [Double], evaluation: Evaluation)? = nil
            var trials = 0
            let evaluateTrial: ([Double]) -> Evaluation = { xt in
                trials += 1
                let e = run.evaluate(at: xt, hessian: wantH && trials == 1)
                lastTrial = (xt, e)
                return e
            }
            let ls = lineSearch.search(value: { evaluateTrial($0).value },
                                       evaluate: { let e = evaluateTrial($0); return (e.value, e.gradient) },
                                       from: run.x, value: run.value, gradient: run.gradient, direction: p, initialStep: 1)
            if !ls.status.accepted {
                if ls.status == .failed || ls.status == .stepBelowRounding {
                    return run.stalled("line search found no decrease along the Newton direction (λ² = \(fmt(decrement)))",
                                       predictedDecrease: 0.5 * decrement)
                }
                return run.lineSearchEnded(ls, along: "Newton direction")
            }

            // The accepted point's evaluation is the search's last trial (both searches stop there).
            let ne: Evaluation
            if let t = lastTrial, t.point == ls.point {
                ne = t.evaluation
            } else if let g = ls.gradient {
                ne = Evaluation(value: ls.value, gradient: g)
            } else {
                ne = run.evaluate(at: ls.point, hessian: false)
            }
            if let done = run.rejectNonFinite(ne) { return done }
            current = ne
            let startGradientNorm = run.gradientNorm
            let (stepNorm, valueChange) = run.accept(ls.point, ne)
            lastStepFull = ls.step == 1
            previousGradientNorm = lastStepFull ? startGradientNorm : nil
            run.newtonDecrement = decrement

            // (3) Stopping test.
            if let done = run.afterIteration(stepLength: ls.step, decrement: decrement, stepNorm: stepNorm,
                                             valueChange: valueChange) { return done }
            if let done = run.roundingGuard(withinRounding: ls.status == .withinRounding, valueChange: valueChange) { return done }
        }
    }
}
