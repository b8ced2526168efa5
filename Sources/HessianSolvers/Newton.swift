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
/// so the accepted point is evaluated exactly once; (3) the driver's stopping test. At the full step α = 1
/// the Hessian is computed in the same pass when the direction will need it and the next point is
/// predicted not to pass the gradient test, so an iteration that accepts α = 1 reads the data once.
///
/// The trace's `newtonDecrement` is λ² = ∇fᵀH⁻¹∇f at the point the step started from; ½λ² is the
/// decrease the quadratic model predicts, so it is a scale-aware measure of distance to the optimum.
public struct Newton: Solver {
    /// "newton", the name in results and on the command line.
    public var name: String { "newton" }
    /// When the run stops.
    public var stopping: StoppingCriteria
    /// Default: backtracking Armijo (c₁ = 1e-4) from α = 1.
    ///
    /// Newton's direction comes with a natural step length 1, so a values-only backtracking search is
    /// enough; ``LineSearchMethod/wolfe`` also checks the curvature condition at the cost of a gradient
    /// per trial.
    public var lineSearch: LineSearchMethod
    /// Use the objective's `newtonStep(at:gradient:)` when available. Default true.
    ///
    /// A structured step solves H p = −∇f from the model's structure (e.g. an eigenbasis) without
    /// the dense n×n Hessian; if it throws or is not a descent direction, the dense Hessian is used
    /// for that iteration and a note is recorded.
    public var useStructuredStep: Bool
    /// Jacobi-equilibrate H before Cholesky. Default true.
    ///
    /// Factorizes D H D with D = diag(1/√|Hᵢᵢ|), so the condition bound that triggers the shifted
    /// (modified) Cholesky safe path measures the problem and not the parameters' units.
    public var equilibrate: Bool
    /// Keep the per-iteration records in the result. Default true.
    public var recordTrace: Bool
    /// Use approximate Hessians where the objective forms them
    /// (``/HessianModels/Objective/assemblesApproximateHessians``). Default true.
    ///
    /// The iterations start with ``/HessianModels/HessianApproximation/subsampled`` Hessians (every
    /// k-th row, Float32), the cheap curvature that is enough while the gradient falls slowly (the
    /// damped, global phase); once ‖∇f‖∞ has fallen by ``subsamplingEnd`` (or two subsampled steps in a
    /// row reduced it by less than 10%) they are formed from every row in single precision. Value, gradient, the line search and the stopping test stay exact Float64, so the
    /// answer is as accurate as with exact Hessians: each step is an inexact Newton step whose error
    /// only adds a q-linear term of rate ≈ ‖H̃⁻¹(H̃ − H)‖ to the convergence (see
    /// ``/HessianModels/HessianApproximation``). Systems of order ≥ ``singlePrecisionFactorizationOrder``
    /// are also factored in Float32 (``NewtonDirection/Method/singlePrecisionCholesky``), for any
    /// objective. Exact Hessians and Float64 factorizations are used from the first iteration where
    /// the equilibrated factor's condition bound exceeds ``approximationConditionLimit`` or the
    /// approximation is not positive definite. The result's notes say which were used.
    public var approximateHessians: Bool

    /// The condition bound up to which ``approximateHessians`` keeps approximate Hessians: with
    /// relative Hessian errors ≈ 1e-7 (Float32 sums) the rounding then slows the contraction by less
    /// than ≈ 1e-3.
    public static let approximationConditionLimit = NewtonDirection.singlePrecisionConditionLimit

    /// Subsampled Hessians end once ‖∇f‖∞ ≤ this · ‖∇f(x₀)‖∞: three orders of magnitude (on the
    /// benchmark suite's GLMs 10–17% faster than two, in the same iterations; why a distance, in
    /// `SubsamplingSchedule`).
    public static let subsamplingEnd = 1e-3

    /// The order from which ``approximateHessians`` also factors the Newton system in Float32
    /// (spotrf, about twice dpotrf's rate): below it the factorization is a small part of an
    /// iteration, so nothing is gained by it.
    public static let singlePrecisionFactorizationOrder = 256

    /// A solver with these options; every parameter has the default documented at its property.
    ///
    /// - Parameters:
    ///   - stopping: when the run stops. Default `.init()`, the defaults of ``StoppingCriteria``.
    ///   - lineSearch: the step-length rule along the Newton direction. Default ``LineSearchMethod/armijo``: the full step α = 1 is accepted whenever it decreases f enough, which it does near the optimum, so the quadratic convergence is kept.
    ///   - useStructuredStep: ask the objective for its structured Newton solve first. Default true.
    ///   - equilibrate: Jacobi-equilibrate H (D H D, D = diag(1/√|Hᵢᵢ|)) before Cholesky, which makes the factorization and its condition test insensitive to the units of the parameters. Default true.
    ///   - recordTrace: keep one ``IterationRecord`` per iteration in the result. Default true.
    ///   - approximateHessians: use subsampled and single-precision Hessians where the objective forms them and the system is well conditioned. Default true.
    public init(stopping: StoppingCriteria = .init(), lineSearch: LineSearchMethod = .armijo,
                useStructuredStep: Bool = true, equilibrate: Bool = true, recordTrace: Bool = true,
                approximateHessians: Bool = true) {
        self.stopping = stopping
        self.lineSearch = lineSearch
        self.useStructuredStep = useStructuredStep
        self.equilibrate = equilibrate
        self.recordTrace = recordTrace
        self.approximateHessians = approximateHessians
    }

    /// What Newton carries between iterations.
    public struct State {
        /// Still asking the objective for its structured step.
        var structured: Bool
        /// The Hessian at the current point when it was computed with its gradient.
        var hessian: Matrix?
        /// How `hessian` was formed.
        var hessianApproximation = HessianApproximation.exact
        /// How the next Hessians may be formed.
        var approximation: HessianApproximation
        /// When subsampled Hessians end.
        var subsampling: SubsamplingSchedule
        /// Still factoring the Newton system in Float32.
        var singleFactorization: Bool
        /// ‖∇f‖∞ before the last step, when that step was a full one (for the prediction in `step`).
        var previousGradientNorm: Double? = nil
        var lastStepFull = true
    }

    /// Evaluates x₀; where the direction needs the dense Hessian it is formed in the same pass (a
    /// starting point is rarely converged).
    ///
    /// - Parameter context: the run, with `context.x` the starting point.
    /// - Returns: the initial state and the evaluation at x₀.
    public func makeState<F: Objective>(_ context: SolverContext<F>) -> (State, Evaluation) {
        let approximate = approximateHessians && context.objective.assemblesApproximateHessians
        let approximation: HessianApproximation = approximate ? .subsampled : .exact
        let e = context.evaluate(at: context.x, hessian: context.objective.newtonUsesDenseHessian || !useStructuredStep,
                                 approximation: approximation)
        if approximate {
            context.note("approximate Hessians: subsampled rows (Float32) while ‖∇f‖∞ falls slowly, then every row in Float32 summed in Float64; value, gradient and the stopping test exact Float64")
        }
        return (State(structured: useStructuredStep, hessian: e.hessian, hessianApproximation: e.hessianApproximation,
                      approximation: approximation,
                      subsampling: SubsamplingSchedule(active: approximate, initialGradientNorm: normInf(e.gradient),
                                                       end: Newton.subsamplingEnd),
                      singleFactorization: approximateHessians && context.dimension >= Newton.singlePrecisionFactorizationOrder), e)
    }

    /// One damped Newton step: direction, then the line search from α = 1.
    ///
    /// - Parameters:
    ///   - state: whether the objective's structured step is still used, and the Hessian formed with the last evaluation.
    ///   - context: the run at the current iterate; evaluations go through it and are counted.
    /// - Returns: the accepted point with its evaluation, or why none was found.
    public func step<F: Objective>(_ state: inout State, _ context: SolverContext<F>) -> StepOutcome {
        let p: [Double], decrement: Double
        switch direction(&state, context) {
        case .found(let d, let dec): (p, decrement) = (d, dec)
        case .none(let reason): return .stopped(reason)
        }

        // Every trial is one counted evaluation; the one at the accepted point is kept. Prediction for
        // the Hessian at α = 1: Newton's quadratic convergence ‖g₊‖ ≈ C‖g‖², with C measured from the
        // last full step; the Hessian is formed there only if C‖g‖² > 100·tolerance (a wrong guess
        // costs one unused Hessian or one extra evaluation, never accuracy). Without a measured C the
        // guess is made only where one pass for all three is cheaper than separate ones
        // (`newtonUsesDenseHessian`).
        let dense = context.objective.newtonUsesDenseHessian
        var wantH = false
        if state.lastStepFull && (dense || !state.structured) {
            if let g0 = state.previousGradientNorm, g0 > 0 {
                let c = context.gradientNorm / (g0 * g0)
                wantH = c * context.gradientNorm * context.gradientNorm > 100 * stopping.gradientTolerance
            } else {
                wantH = dense
            }
        }
        var lastTrial: (point: [Double], evaluation: Evaluation)? = nil
        var trials = 0
        let used = state.hessianApproximation
        // The Hessian formed with the trial's gradient is for the next iteration: from every row
        // already when the last reduction predicts that subsampling ends there.
        let approximation: HessianApproximation = state.approximation == .subsampled
            && !state.subsampling.continues(after: context.gradientNorm) ? .singlePrecision : state.approximation
        let evaluateTrial: ([Double]) -> Evaluation = { xt in
            trials += 1
            let e = context.evaluate(at: xt, hessian: wantH && trials == 1, approximation: approximation)
            lastTrial = (xt, e)
            return e
        }
        let ls = lineSearch.search(value: { evaluateTrial($0).value },
                                   evaluate: { let e = evaluateTrial($0); return (e.value, e.gradient) },
                                   from: context.x, value: context.value, gradient: context.gradient, direction: p,
                                   initialStep: 1)
        guard ls.status.accepted else {
            // A direction from an approximate Hessian or a Float32 factor that the line search cannot
            // use must not end the run: exact Hessians and Float64 factors from here, as the exact solver.
            if used != .exact || state.singleFactorization {
                context.note("line search failed along a direction from \(used != .exact ? "an approximate Hessian" : "a Float32 factor"): "
                             + "exact Hessians and Float64 factorizations from here")
                state.approximation = .exact
                state.subsampling.stop()
                state.singleFactorization = false
                state.hessian = nil
                return step(&state, context)
            }
            return .stopped(.lineSearch(ls, along: "Newton direction (λ² = \(fmt(decrement)))", predictedDecrease: 0.5 * decrement))
        }
        // The accepted point's evaluation is the search's last trial (both searches stop there).
        let e: Evaluation
        if let t = lastTrial, t.point == ls.point {
            e = t.evaluation
        } else if let g = ls.gradient {
            e = Evaluation(value: ls.value, gradient: g)
        } else {
            e = context.evaluate(at: ls.point, hessian: false)
        }
        state.hessian = e.hessian
        state.hessianApproximation = e.hessianApproximation
        if used == .subsampled && state.approximation == .subsampled,
           let note = state.subsampling.record(from: context.gradientNorm, to: normInf(e.gradient), what: "Hessians") {
            state.approximation = .singlePrecision
            if state.hessianApproximation == .subsampled { state.hessian = nil }
            context.note(note)
        }
        state.lastStepFull = ls.step == 1
        state.previousGradientNorm = state.lastStepFull ? context.gradientNorm : nil
        return .accepted(AcceptedStep(point: ls.point, evaluation: e, stepLength: ls.step, decrement: decrement,
                                      withinRounding: ls.status == .withinRounding))
    }

    /// p and λ² = −∇fᵀp: the objective's structured step when it offers one, else from the dense Hessian.
    private func direction<F: Objective>(_ state: inout State, _ context: SolverContext<F>)
        -> NewtonDirectionChoice {
        if state.structured {
            do {
                if let p = try context.newtonStep(at: context.x, gradient: context.gradient) {
                    let dec = -dot(context.gradient, p)
                    if dec > 0 && dec.isFinite { return .found(p, dec) }
                    context.note("structured Newton step is not a descent direction (−gᵀp = \(fmt(dec))); used the dense Hessian")
                } else {
                    state.structured = false
                }
            } catch {
                context.note("structured Newton step failed (\(error)); used the dense Hessian")
            }
        }
        if state.hessian == nil {
            guard let (h, formed) = context.hessian(at: context.x, approximation: state.approximation) else {
                preconditionFailure("\(F.self).evaluate(at:hessian: true) returned no Hessian")
            }
            (state.hessian, state.hessianApproximation) = (h, formed)
        }
        do {
            let single = state.singleFactorization
            var nd = try NewtonDirection.solve(hessian: state.hessian!, gradient: context.gradient, equilibrate: equilibrate,
                                               singlePrecision: single)
            if nd.method == .singlePrecisionCholesky && context.iterations == 0 {
                context.note("Newton systems factored in Float32 (spotrf) while their condition bound is at most \(fmt(NewtonDirection.singlePrecisionConditionLimit))")
            }
            if single && nd.method != .singlePrecisionCholesky {
                state.singleFactorization = false
                context.note("the Float32 factorization was not usable (condition bound above \(fmt(NewtonDirection.singlePrecisionConditionLimit)), not positive definite, or no descent): Float64 factorizations from here")
            }
            let factored = [NewtonDirection.Method.cholesky, .singlePrecisionCholesky].contains(nd.method)
            if state.hessianApproximation != .exact && (!factored || nd.conditionBound > Newton.approximationConditionLimit) {
                // The approximation's error may dominate the step: this and every later Hessian exact.
                state.approximation = .exact
                let why = !factored ? "is not positive definite"
                    : "has condition bound \(fmt(nd.conditionBound)) > \(fmt(Newton.approximationConditionLimit))"
                context.note("the approximate Hessian \(why); exact Hessians from here")
                guard let (h, formed) = context.hessian(at: context.x, approximation: .exact) else {
                    preconditionFailure("\(F.self).evaluate(at:hessian: true) returned no Hessian")
                }
                (state.hessian, state.hessianApproximation) = (h, formed)
                nd = try NewtonDirection.solve(hessian: h, gradient: context.gradient, equilibrate: equilibrate)
            }
            if let note = nd.note { context.note(note) }
            return .found(nd.direction, nd.decrement)
        } catch {
            return .none(.linearAlgebraFailure("could not compute a Newton direction (\(error))"))
        }
    }
}

/// A Newton direction with its decrement, or why there is none.
enum NewtonDirectionChoice {
    case found([Double], Double)
    case none(StopReason)
}
