import HessianLinearAlgebra
import HessianModels

/// An approximation Hₖ of the inverse Hessian built from secant pairs: what BFGS and L-BFGS share.
protocol InverseHessianApproximation {
    /// pₖ = −Hₖ∇fₖ.
    mutating func direction(for gradient: [Double]) -> [Double]
    /// Hₖ₊₁ from Hₖ and a pair with curvature (yᵀs > 0).
    mutating func update(with pair: SecantPair)
    /// Forgets the pairs and keeps H = γI with the last γ.
    mutating func reset()
    /// True once a pair has been taken, so that γ = sᵀy/yᵀy scales H (N&W eq. 6.20) and the first
    /// trial step is α = 1.
    var isScaled: Bool { get }
    /// What `reset()` did, for the result's notes ("reset H to 0.5·I").
    var resetDescription: String { get }
}

/// One quasi-Newton iteration (N&W Algorithms 6.1 and 7.5): p = −H∇f, a strong-Wolfe search along p,
/// then the secant update. Until H is scaled the first trial step is min(1, 1/‖∇f‖₂), so that the
/// first step along −∇f has length at most 1. When the search fails with H built from pairs, H is
/// reset to γI once and the search repeated (a stale H can point almost orthogonally to −∇f); a second
/// failure ends the run. A pair without curvature (yᵀs ≤ 1e-10‖s‖‖y‖, e.g. after a step that met only
/// sufficient decrease) is skipped, noted the first time.
func quasiNewtonStep<F: Objective, H: InverseHessianApproximation>(
    _ h: inout H, skipped: inout Int, lineSearch: StrongWolfeLineSearch, name: String, _ context: SolverContext<F>
) -> StepOutcome {
    var resetTried = false
    while true {
        let p = h.direction(for: context.gradient)
        let alpha0 = h.isScaled ? 1 : Swift.min(1, 1 / norm2(context.gradient))
        let ls = lineSearch.search(evaluate: context.gradientFunction, from: context.x, value: context.value,
                                   gradient: context.gradient, direction: p, initialStep: alpha0)
        guard ls.status.accepted, let gradient = ls.gradient else {
            if h.isScaled && !resetTried && ls.status != .nonFiniteValues {
                h.reset()
                context.note("line search \(ls.status.rawValue) along the \(name) direction; \(h.resetDescription)")
                resetTried = true
                continue
            }
            return .stopped(.lineSearch(ls, along: "\(name) direction"))
        }
        let e = Evaluation(value: ls.value, gradient: gradient)
        if e.value.isFinite && normInf(gradient).isFinite {
            let pair = SecantPair(from: context.x, context.gradient, to: ls.point, gradient)
            if pair.hasCurvature {
                h.update(with: pair)
            } else {
                skipped += 1
                if skipped == 1 { context.note("curvature condition yᵀs = \(fmt(pair.sy)) too small; \(name) update skipped") }
            }
        }
        return .accepted(AcceptedStep(point: ls.point, evaluation: e, stepLength: ls.step,
                                      withinRounding: ls.status == .withinRounding))
    }
}
