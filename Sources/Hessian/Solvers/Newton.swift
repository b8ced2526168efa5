import Foundation

/// Newton's method with a line search: vec(Δx) = −H⁻¹ vec(∇f) computed by Cholesky of the
/// equilibrated Hessian (never an explicit inverse), with the modified-Cholesky safe path of
/// ``NewtonDirection`` when H is not positive definite (recorded in `notes`).
///
/// Each iteration, in a fixed order: (1) the direction — the objective's structured
/// `newtonStep(at:gradient:)` when it offers one and `useStructuredStep` is on, else the dense
/// Hessian, formed only now, so a point that passes the stopping test never pays for one;
/// (2) a line search from α = 1 (values only for backtracking); (3) value and gradient at the
/// accepted point; (4) the stopping test.
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
        if let done = run.begin(with: run.evaluate(at: x0, hessian: false)) { return done }

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
                guard let h = run.hessian(at: run.x) else {
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

            // (2) Line search.
            let ls = lineSearch.search(value: run.valueFunction, evaluate: run.gradientFunction, from: run.x,
                                       value: run.value, gradient: run.gradient, direction: p, initialStep: 1)
            if !ls.status.accepted {
                if ls.status == .failed {
                    return run.stalled("line search found no decrease along the Newton direction (λ² = \(fmt(decrement)))",
                                       predictedDecrease: 0.5 * decrement)
                }
                return run.lineSearchEnded(ls, along: "Newton direction")
            }

            // (3) Value and gradient at the accepted point (the Hessian waits for step (1)).
            let ne = run.evaluate(at: ls.point, hessian: false)
            if let done = run.rejectNonFinite(ne) { return done }
            let (stepNorm, valueChange) = run.accept(ls.point, ne)
            run.newtonDecrement = decrement

            // (4) Stopping test.
            if let done = run.afterIteration(stepLength: ls.step, decrement: decrement, stepNorm: stepNorm,
                                             valueChange: valueChange) { return done }
            if let done = run.roundingGuard(withinRounding: ls.status == .withinRounding, valueChange: valueChange) { return done }
        }
    }
}
