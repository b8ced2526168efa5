import Foundation
import HessianLinearAlgebra
import HessianModels

/// Limited-memory BFGS (Nocedal & Wright, Algorithms 7.4 and 7.5) with a strong-Wolfe line search.
///
/// The direction pₖ = −Hₖ∇fₖ comes from the two-loop recursion over the last m pairs
/// (sᵢ, yᵢ), with H⁰ₖ = γₖI, γₖ = sₖ₋₁ᵀyₖ₋₁ / yₖ₋₁ᵀyₖ₋₁ (N&W eq. 7.20) — the scaling that makes
/// the method insensitive to the units of f. The first step is −∇f₀ with initial length
/// min(1, 1/‖∇f₀‖₂). Pairs with yᵀs ≤ 1e-10‖s‖‖y‖ are not stored. Memory is O(mn); the
/// gradient at each new point comes from the line search.
public struct LBFGS: Solver {
    public var name: String { "lbfgs" }
    public var stopping: StoppingCriteria
    /// m, the number of stored pairs. Default 10.
    public var memory: Int
    /// Default strong Wolfe with c₁ = 1e-4, c₂ = 0.9.
    public var lineSearch: StrongWolfeLineSearch
    /// Keep the per-iteration records in the result. Default true.
    public var recordTrace: Bool

    public init(stopping: StoppingCriteria = .init(), memory: Int = 10, lineSearch: StrongWolfeLineSearch = .init(),
                recordTrace: Bool = true) {
        precondition(memory >= 1, "L-BFGS memory must be at least 1")
        self.stopping = stopping
        self.memory = memory
        self.lineSearch = lineSearch
        self.recordTrace = recordTrace
    }

    public func run<F: Objective>(_ f: F, from x0: [Double], trace: ((IterationRecord) -> TraceAction)?) -> OptimizationResult {
        let run = SolverRun(f, from: x0, solver: name, stopping: stopping, trace: trace, recordTrace: recordTrace)
        let n = f.dimension
        if let done = run.begin(with: run.evaluate(at: x0, hessian: false)) { return done }
        // Ring buffer of the last m pairs; `newest` indexes the latest, `count` how many are valid.
        var sHistory = [[Double]](repeating: [], count: memory)
        var yHistory = [[Double]](repeating: [], count: memory)
        var rhoHistory = [Double](repeating: 0, count: memory)
        var alphas = [Double](repeating: 0, count: memory)
        var count = 0, newest = -1
        var gamma = 1.0
        var p = [Double](repeating: 0, count: n)
        var resetAfterFailure = false

        while true {
            // Two-loop recursion: p = −H∇f.
            p = run.gradient
            var k = newest
            for _ in 0..<count {
                alphas[k] = rhoHistory[k] * dot(sHistory[k], p)
                axpy(-alphas[k], yHistory[k], &p)
                k = (k - 1 + memory) % memory
            }
            scal(-gamma, &p)
            k = (newest - count + 1 + memory) % memory
            for _ in 0..<count {
                // p holds −r: r ← r + s(α − ρyᵀr) becomes p ← p − s(α + ρyᵀp).
                let beta = rhoHistory[k] * dot(yHistory[k], p)
                axpy(-(alphas[k] + beta), sHistory[k], &p)
                k = (k + 1) % memory
            }

            let alpha0 = count == 0 ? Swift.min(1, 1 / norm2(run.gradient)) : 1
            let ls = lineSearch.search(evaluate: run.gradientFunction, from: run.x, value: run.value,
                                       gradient: run.gradient, direction: p, initialStep: alpha0)
            if !ls.status.accepted {
                if count > 0 && !resetAfterFailure && ls.status != .nonFiniteValues {
                    run.note("line search \(ls.status.rawValue) along the L-BFGS direction; memory cleared")
                    count = 0
                    gamma = 1
                    resetAfterFailure = true
                    continue
                }
                return run.lineSearchEnded(ls, along: "L-BFGS direction")
            }
            resetAfterFailure = false
            let e = Evaluation(value: ls.value, gradient: ls.gradient!)
            if let done = run.rejectNonFinite(e) { return done }
            let pair = SecantPair(from: run.x, run.gradient, to: ls.point, e.gradient)
            let (stepNorm, valueChange) = run.accept(ls.point, e)

            if pair.hasCurvature {
                newest = (newest + 1) % memory
                sHistory[newest] = pair.s
                yHistory[newest] = pair.y
                rhoHistory[newest] = 1 / pair.sy
                count = Swift.min(count + 1, memory)
                gamma = pair.gamma
            }

            if let done = run.afterIteration(stepLength: ls.step, stepNorm: stepNorm, valueChange: valueChange) { return done }
            if let done = run.roundingGuard(withinRounding: ls.status == .withinRounding, valueChange: valueChange) { return done }
        }
    }
}
