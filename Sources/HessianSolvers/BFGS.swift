import Foundation
import HessianLinearAlgebra
import HessianModels

/// BFGS with a dense inverse-Hessian approximation Hₖ and a strong-Wolfe line search
/// (Nocedal & Wright, Algorithm 6.1).
///
/// pₖ = −Hₖ∇fₖ; after the step sₖ = xₖ₊₁ − xₖ, yₖ = ∇fₖ₊₁ − ∇fₖ, ρₖ = 1/yₖᵀsₖ:
///   Hₖ₊₁ = (I − ρₖsₖyₖᵀ) Hₖ (I − ρₖyₖsₖᵀ) + ρₖsₖsₖᵀ
///        = Hₖ − ρₖ(sₖ(Hₖyₖ)ᵀ + (Hₖyₖ)sₖᵀ) + (ρₖ²yₖᵀHₖyₖ + ρₖ) sₖsₖᵀ,
/// applied as one dsyr2 and one dsyr on the lower triangle (O(n²)).
/// H₀ = I for the first step, whose length starts at min(1, 1/‖∇f₀‖₂); before the first update
/// H₀ is rescaled to (yᵀs / yᵀy) I (N&W eq. 6.20). The update is skipped when yᵀs ≤ 1e-10‖s‖‖y‖
/// (the curvature condition failed, e.g. after a step that met only sufficient decrease), and
/// H is reset to the scaled identity once if the line search fails; both are noted in the result.
/// The gradient at each new point comes from the line search: no extra evaluation.
/// Memory and work per iteration are O(n²) (the n×n matrix H): for more than a few thousand
/// parameters use ``LBFGS``.
public struct BFGS: Solver {
    public var name: String { "bfgs" }
    public var stopping: StoppingCriteria
    /// Default strong Wolfe with c₁ = 1e-4, c₂ = 0.9.
    public var lineSearch: StrongWolfeLineSearch
    /// Keep the per-iteration records in the result. Default true.
    public var recordTrace: Bool

    public init(stopping: StoppingCriteria = .init(), lineSearch: StrongWolfeLineSearch = .init(), recordTrace: Bool = true) {
        self.stopping = stopping
        self.lineSearch = lineSearch
        self.recordTrace = recordTrace
    }

    public func run<F: Objective>(_ f: F, from x0: [Double], trace: ((IterationRecord) -> TraceAction)?) -> OptimizationResult {
        let run = SolverRun(f, from: x0, solver: name, stopping: stopping, trace: trace, recordTrace: recordTrace)
        let n = f.dimension
        if let done = run.begin(with: run.evaluate(at: x0, hessian: false)) { return done }
        var h = Matrix.identity(n)          // lower triangle holds H
        var updated = false
        var gamma = 1.0
        var resetAfterFailure = false
        var p = [Double](repeating: 0, count: n)
        var skipped = 0

        while true {
            symmetricTimes(-1, h, run.gradient, 0, &p)
            let first = !updated
            let alpha0 = first ? Swift.min(1, 1 / norm2(run.gradient)) : 1
            let ls = lineSearch.search(evaluate: run.gradientFunction, from: run.x, value: run.value,
                                       gradient: run.gradient, direction: p, initialStep: alpha0)
            if !ls.status.accepted {
                if updated && !resetAfterFailure && ls.status != .nonFiniteValues {
                    run.note("line search \(ls.status.rawValue) along the BFGS direction; reset H to \(fmt(gamma))·I")
                    h = Matrix.identity(n)
                    scal(gamma, &h.storage)
                    resetAfterFailure = true
                    continue
                }
                return run.lineSearchEnded(ls, along: "BFGS direction")
            }
            resetAfterFailure = false
            let e = Evaluation(value: ls.value, gradient: ls.gradient!)
            if let done = run.rejectNonFinite(e) { return done }
            let pair = SecantPair(from: run.x, run.gradient, to: ls.point, e.gradient)
            let (stepNorm, valueChange) = run.accept(ls.point, e)

            let (s, y, sy) = (pair.s, pair.y, pair.sy)
            if pair.hasCurvature {
                gamma = pair.gamma
                if !updated {
                    h = Matrix.identity(n)
                    scal(gamma, &h.storage)
                    updated = true
                }
                let rho = 1 / sy
                var hy = [Double](repeating: 0, count: n)
                symmetricTimes(1, h, y, 0, &hy)
                let yhy = dot(y, hy)
                symmetricRank2Update(-rho, s, hy, &h)
                symmetricRank1Update(rho * rho * yhy + rho, s, &h)
            } else {
                skipped += 1
                if skipped == 1 { run.note("curvature condition yᵀs = \(fmt(sy)) too small; BFGS update skipped") }
            }

            if let done = run.afterIteration(stepLength: ls.step, stepNorm: stepNorm, valueChange: valueChange) { return done }
            if let done = run.roundingGuard(withinRounding: ls.status == .withinRounding, valueChange: valueChange) { return done }
        }
    }
}
