import Foundation
import HessianLinearAlgebra
import HessianModels

/// Trust-region Newton (Nocedal & Wright, Algorithm 4.1).
///
/// At each accepted point the model m(p) = f + gᵀp + ½pᵀHp is minimized over ‖D⁻¹p‖ ≤ Δ:
/// - **exact** (moderate n): H's Jacobi-scaled form D H D (D = diag(1/√|Hᵢᵢ|), an ellipsoidal
///   trust region, N&W §4.5) is eigendecomposed once per point and the subproblem is solved
///   exactly, hard case included (``ExactTrustRegionSubproblem``); a rejected step reuses the
///   decomposition.
/// - **Steihaug–Toint CG** (large n): only Hessian-vector products from `curvature(at:)`, with
///   forcing tolerance min(0.5, √(‖g‖₂/‖g₀‖₂))·‖g‖₂, never below 0.1·gradientTolerance (see
///   ``NewtonCG``); spherical region (D = I).
///
/// Ratio test ρ = (f(x) − f(x+p)) / (m(0) − m(p)); ρ < ¼ → Δ ← ¼‖D⁻¹p‖; ρ > ¾ with the step on
/// the boundary → Δ ← min(2Δ, Δmax); the step is taken when ρ > η. A non-finite f(x + p) counts as
/// ρ = −∞. When the predicted decrease is below the rounding level of f (near the optimum) f cannot
/// judge the step: it is taken (ρ := 1) if f did not increase, or rose by less than that level while
/// ‖∇f‖∞ decreased, and
/// the run ends (see `StoppingCriteria`, rounding floor) otherwise.
public struct TrustRegion: Solver {
    public enum Subproblem: String, Sendable, CaseIterable {
        /// Exact when n ≤ `exactMaxDimension`, Steihaug–Toint CG otherwise.
        case automatic
        case exact
        case steihaug
    }

    public var name: String { "trust-region" }
    public var stopping: StoppingCriteria
    /// Default `.automatic`.
    public var subproblem: Subproblem
    /// Largest n solved exactly under `.automatic`. Default 400.
    public var exactMaxDimension: Int
    /// Δ₀ in the scaled norm. Default nil: the length of the first Newton step when the Hessian is
    /// positive definite at x₀ (exact subproblem), else the length of the Cauchy step
    /// ‖g‖³/gᵀHg along −g (when gᵀHg > 0), else 1 — so that a well-behaved problem (e.g. a
    /// regression started from zero) does not spend iterations growing the region from 1.
    public var initialRadius: Double?
    /// Δmax. Default 1e10.
    public var maxRadius: Double
    /// η: a step is accepted when ρ > η. Default 1e-4.
    public var acceptanceRatio: Double
    /// Jacobi-scaled (ellipsoidal) region for the exact subproblem. Default true.
    public var scaled: Bool
    /// Keep the per-iteration records in the result. Default true.
    public var recordTrace: Bool

    public init(stopping: StoppingCriteria = .init(), subproblem: Subproblem = .automatic, exactMaxDimension: Int = 400,
                initialRadius: Double? = nil, maxRadius: Double = 1e10, acceptanceRatio: Double = 1e-4,
                scaled: Bool = true, recordTrace: Bool = true) {
        precondition((initialRadius ?? 1) > 0 && maxRadius >= (initialRadius ?? 0) && maxRadius > 0, "need 0 < Δ₀ ≤ Δmax")
        precondition(acceptanceRatio >= 0 && acceptanceRatio < 0.25, "η must lie in [0, ¼)")
        self.stopping = stopping
        self.subproblem = subproblem
        self.exactMaxDimension = exactMaxDimension
        self.initialRadius = initialRadius
        self.maxRadius = maxRadius
        self.acceptanceRatio = acceptanceRatio
        self.scaled = scaled
        self.recordTrace = recordTrace
    }

    public func run<F: Objective>(_ f: F, from x0: [Double], trace: ((IterationRecord) -> TraceAction)?) -> OptimizationResult {
        let run = SolverRun(f, from: x0, solver: name, stopping: stopping, trace: trace, recordTrace: recordTrace)
        let n = f.dimension
        let exact = subproblem == .exact || (subproblem == .automatic && n <= exactMaxDimension)
        var e = run.evaluate(at: x0, hessian: exact)
        if let done = run.begin(with: e) { return done }
        var delta = initialRadius ?? .nan
        let initialGradientNorm = norm2(run.gradient)
        var reportedHardCase = false

        while true {
            // The model at x: built once, reused for every radius tried here.
            var exactModel: ExactTrustRegionSubproblem? = nil
            var inverseScale = [Double](repeating: 1, count: n)
            var curvature: HessianOperator? = nil
            var decrement: Double? = nil
            if exact {
                guard let h = e.hessian else { preconditionFailure("\(F.self).evaluate(at:hessian: true) returned no Hessian") }
                if scaled { inverseScale = NewtonDirection.scaling(h).map { 1 / $0 } }
                var ht = h
                let d = inverseScale
                ht.storage.withUnsafeMutableBufferPointer { a in
                    for j in 0..<n { for i in 0..<n { a[i + j * n] *= d[i] * d[j] } }
                }
                let gt = (0..<n).map { d[$0] * run.gradient[$0] }
                do {
                    let model = try ExactTrustRegionSubproblem(hessian: ht, gradient: gt)
                    if model.eigen.values[0] > 0 {
                        decrement = zip(model.a, model.eigen.values).reduce(0) { $0 + $1.0 * $1.0 / $1.1 }
                    }
                    exactModel = model
                } catch {
                    return run.finish(.linearAlgebraFailure,
                                      "eigendecomposition of the Hessian failed at iteration \(run.iterations + 1): \(error); kept the best point")
                }
            } else {
                curvature = run.curvature(at: run.x)
            }
            if delta.isNaN {
                delta = defaultInitialRadius(exactModel, curvature, run.gradient)
            }
            // Never solve the model beyond the accuracy asked for: a residual ‖Bp + g‖₂ ≤ 0.1·tolerance
            // already puts the model's gradient at x + p well inside the stopping test (see NewtonCG).
            let gradientNorm2 = norm2(run.gradient)
            let floor = gradientNorm2 > 0 ? 0.1 * stopping.gradientTolerance / gradientNorm2 : 0
            let forcing = Swift.min(0.5, Swift.max((gradientNorm2 / initialGradientNorm).squareRoot(), floor))
            let cg = SteihaugCG(relativeTolerance: forcing, maxIterations: n)
            let xScaled = norm2((0..<n).map { run.x[$0] / inverseScale[$0] })

            // Inner loop: shrink Δ until a step passes the ratio test.
            var step: [Double] = []
            var trial: [Double] = []
            var trialValue = Double.nan
            var withinRounding = false
            var trialEvaluation: Evaluation? = nil
            let c1Floor = 1e-4
            while true {
                var predicted: Double
                var onBoundary: Bool
                var regionNorm: Double
                if let model = exactModel {
                    let s = model.solve(radius: delta)
                    step = (0..<n).map { inverseScale[$0] * s.step[$0] }
                    predicted = s.predictedDecrease
                    onBoundary = s.onBoundary
                    regionNorm = norm2(s.step)
                    if s.hardCase && !reportedHardCase {
                        run.note("hard case of the trust-region subproblem (gradient orthogonal to the eigenvector of "
                                 + "the smallest eigenvalue \(fmt(model.eigen.values[0]))); stepped along that eigenvector")
                        reportedHardCase = true
                    }
                } else {
                    let s = cg.solve(curvature!, gradient: run.gradient, radius: delta)
                    step = s.step
                    predicted = s.predictedDecrease
                    onBoundary = s.onBoundary
                    regionNorm = norm2(s.step)
                }
                if !(predicted > 0) {
                    return run.stalled("the trust-region model predicts no decrease (m(0) − m(p) = \(fmt(predicted)))",
                                       predictedDecrease: predicted.isFinite ? predicted : 0)
                }
                trial = run.x
                axpy(1, step, &trial)
                // One evaluation per trial point, with the Hessian the next model needs if accepted.
                let te = run.evaluate(at: trial, hessian: exact)
                trialValue = te.value
                trialEvaluation = te
                let floor = roundingLevel(run.value)
                var rho: Double
                withinRounding = false
                if !trialValue.isFinite {
                    rho = -.infinity
                } else if predicted <= floor && trialValue > run.value + c1Floor * predicted {
                    // f cannot confirm so small a decrease and a smaller radius predicts less still:
                    // accept on the gradient's evidence, or stop.
                    guard trialValue <= run.value || (trialValue <= run.value + floor && normInf(te.gradient) < run.gradientNorm) else {
                        return run.stalled("the trust-region step's predicted decrease \(fmt(predicted)) is below the "
                                           + "rounding level of f and the gradient did not decrease", predictedDecrease: predicted)
                    }
                    rho = 1
                    withinRounding = true
                } else {
                    rho = (run.value - trialValue) / predicted
                }
                if rho < 0.25 {
                    delta = 0.25 * regionNorm
                } else if rho > 0.75 && onBoundary {
                    delta = Swift.min(2 * delta, maxRadius)
                }
                if rho > acceptanceRatio { break }
                if delta <= Double.ulpOfOne * (1 + xScaled) {
                    return run.stalled("trust-region radius shrank to \(fmt(delta)) without an acceptable step",
                                       predictedDecrease: predicted)
                }
            }

            guard let accepted = trialEvaluation else { preconditionFailure("accepted a trust-region step without evaluating it") }
            e = accepted
            if let done = run.rejectNonFinite(e) { return done }
            let (stepNorm, valueChange) = run.accept(trial, e)
            if let dec = decrement { run.newtonDecrement = dec }
            if let done = run.afterIteration(stepLength: norm2(step), decrement: decrement, radius: delta,
                                             stepNorm: stepNorm, valueChange: valueChange) { return done }
            if let done = run.roundingGuard(withinRounding: withinRounding, valueChange: valueChange) { return done }
        }
    }

    /// Δ₀ when none was given (see `initialRadius`), in the region's norm.
    private func defaultInitialRadius(_ model: ExactTrustRegionSubproblem?, _ curvature: HessianOperator?,
                                      _ g: [Double]) -> Double {
        var radius = 1.0
        if let model {
            let lam = model.eigen.values, a = model.a
            if lam[0] > 0 {
                radius = zip(a, lam).reduce(0) { $0 + ($1.0 / $1.1) * ($1.0 / $1.1) }.squareRoot()
            } else {
                // Cauchy step in eigen-coordinates: ‖g‖³ / gᵀBg with gᵀBg = Σ λᵢaᵢ².
                let gbg = zip(a, lam).reduce(0) { $0 + $1.1 * $1.0 * $1.0 }
                if gbg > 0 { radius = pow(norm2(a), 3) / gbg }
            }
        } else if let curvature {
            let gbg = dot(g, curvature(g))
            if gbg > 0 { radius = pow(norm2(g), 3) / gbg }
        }
        return radius.isFinite && radius > 0 ? Swift.min(radius, maxRadius) : 1
    }
}
