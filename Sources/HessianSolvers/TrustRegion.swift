import Foundation
import HessianLinearAlgebra
import HessianModels

/// Trust-region Newton (Nocedal & Wright, Algorithm 4.1).
///
/// At each accepted point the model m(p) = f + gᵀp + ½pᵀHp is minimized over ‖D⁻¹p‖ ≤ Δ,
/// each way a strategy behind one internal protocol (as Ceres' `TrustRegionStrategy`):
/// - **exact** (moderate n): H (or, with `scaled`, its Jacobi-scaled form D H D,
///   D = diag(1/√|Hᵢᵢ|), an ellipsoidal region, N&W §4.5) is eigendecomposed once per point and the
///   subproblem is solved exactly, hard case included (Moré–Sorensen in the eigenbasis); a rejected
///   step reuses the decomposition.
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
    /// How the trust-region subproblem is solved.
    public enum Subproblem: String, Sendable, CaseIterable {
        /// Exact when n ≤ `exactMaxDimension`, Steihaug–Toint CG otherwise.
        case automatic
        /// Always the exact eigen-solve (Moré–Sorensen; dense Hessian, O(n³) per point).
        case exact
        /// Always Steihaug–Toint CG (Hessian-vector products only).
        case steihaug
    }

    /// "trust-region", the name in results and on the command line.
    public var name: String { "trust-region" }
    /// When the run stops.
    public var stopping: StoppingCriteria
    /// How the model is minimized over the region. Default `.automatic`: exact for n ≤
    /// ``exactMaxDimension``, where an O(n³) eigendecomposition per point is cheap and handles the
    /// hard case exactly, and Steihaug–Toint CG beyond, which needs only Hessian-vector products.
    public var subproblem: Subproblem
    /// Largest n solved exactly under `.automatic`. Default 400: up to there the dense Hessian and
    /// one O(n³) eigendecomposition per accepted point stay cheap, and the exact solve handles the
    /// hard case; beyond it the products-only Steihaug–Toint CG is used.
    public var exactMaxDimension: Int
    /// Δ₀ in the region's norm. Default nil: the length of the first Newton step when the Hessian is
    /// positive definite at x₀ (exact subproblem), else the length of the Cauchy step
    /// ‖g‖³/gᵀHg along −g (when gᵀHg > 0), else 1 — so that a well-behaved problem (e.g. a
    /// regression started from zero) does not spend iterations growing the region from 1.
    public var initialRadius: Double?
    /// Δmax, the largest radius the ratio test may grow to. Default 1e10, large enough never to
    /// limit a step in practice while keeping Δ finite.
    public var maxRadius: Double
    /// η: a step is accepted when ρ > η. Default 1e-4.
    ///
    /// ρ = (f(x) − f(x+p)) / (m(0) − m(p)) compares the actual with the predicted decrease; a small
    /// η takes every step that decreases f by a fraction of the prediction (N&W Algorithm 4.1
    /// allows η ∈ [0, ¼)).
    public var acceptanceRatio: Double
    /// Jacobi-scaled (ellipsoidal) region for the exact subproblem. Default false: the spherical
    /// region. The ellipsoid follows the curvature of each coordinate, which can lead the path into a
    /// different basin: on Moré–Garbow–Hillstrom's Biggs EXP6 from the standard start its first steps
    /// enter the valley where f decreases to its asymptote 0.2427 as x₃, x₄, x₆ → ∞ (bounding the
    /// scaling ratio down to 10, or MINPACK's monotone scaling, does not change that), while the
    /// spherical region reaches f = 0 in 27 iterations and solves all 31 problems of that set.
    public var scaled: Bool
    /// Keep the per-iteration records in the result. Default true.
    public var recordTrace: Bool
    /// Build the Steihaug–Toint model from subsampled Hessian-vector products where the objective
    /// offers them (``/HessianModels/HessianApproximation/subsampled``), until ‖∇f‖∞ has fallen by
    /// ``subsamplingEnd``; from every row in single precision after that, and exact from the
    /// first step with single-precision products whose ratio ρ falls below ¼. Default true.
    ///
    /// The gradient, the ratio test and the stopping test are exact, so the answer is as accurate as
    /// with exact products; the ratio test absorbs the model's sampling error (Byrd, Chin, Neveitt &
    /// Nocedal, SIAM J. Optim. 21, 2011, subsample the products the same way); Float32 products
    /// (relative error ≈ 1e-7) perturb the Newton system far less than the forcing tolerance of the CG.
    public var approximateCurvature: Bool

    /// Subsampled products end once ‖∇f‖∞ ≤ this · ‖∇f(x₀)‖∞: two orders of magnitude (three kept the
    /// Steihaug models subsampled into the phase where the sampling error sets the rate: the
    /// multinomial fit took 501 ms instead of 378 ms).
    public static let subsamplingEnd = 1e-2

    /// A solver with these options; every parameter has the default documented at its property.
    ///
    /// - Parameters:
    ///   - stopping: when the run stops. Default `.init()`, the defaults of ``StoppingCriteria``.
    ///   - subproblem: how the subproblem is solved. Default `.automatic`.
    ///   - exactMaxDimension: the largest n solved exactly under `.automatic`. Default 400.
    ///   - initialRadius: Δ₀ > 0, or nil to take the length of the first Newton (or Cauchy) step. Default nil.
    ///   - maxRadius: Δmax ≥ Δ₀, the cap on the radius. Default 1e10.
    ///   - acceptanceRatio: η in [0, ¼): a step is taken when ρ > η. Default 1e-4.
    ///   - scaled: use the Jacobi-scaled (ellipsoidal) region in the exact subproblem. Default false.
    ///   - recordTrace: keep one ``IterationRecord`` per iteration in the result. Default true.
    ///   - approximateCurvature: subsampled Hessian-vector products in the first iterations where the objective offers them. Default true.
    public init(stopping: StoppingCriteria = .init(), subproblem: Subproblem = .automatic, exactMaxDimension: Int = 400,
                initialRadius: Double? = nil, maxRadius: Double = 1e10, acceptanceRatio: Double = 1e-4,
                scaled: Bool = false, recordTrace: Bool = true, approximateCurvature: Bool = true) {
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
        self.approximateCurvature = approximateCurvature
    }

    /// The radius and what the next model needs.
    public struct State {
        var radius: Double
        var exact: Bool
        /// The Hessian at the current point (exact strategy).
        var hessian: Matrix?
        var initialGradientNorm: Double
        var reportedHardCase = false
        /// When subsampled products end (Steihaug–Toint models only).
        var subsampling: SubsamplingSchedule
        /// How the next models' products may be formed.
        var curvature: HessianApproximation
        /// How the current model's products were formed.
        var modelCurvature = HessianApproximation.exact
    }

    /// Evaluates x₀, with the Hessian when the subproblem is solved exactly.
    ///
    /// - Parameter context: the run, with `context.x` the starting point.
    /// - Returns: the initial state and the evaluation at x₀.
    public func makeState<F: Objective>(_ context: SolverContext<F>) -> (State, Evaluation) {
        let n = context.dimension
        let exact = subproblem == .exact || (subproblem == .automatic && n <= exactMaxDimension)
        let e = context.evaluate(at: context.x, hessian: exact)
        return (State(radius: initialRadius ?? .nan, exact: exact, hessian: e.hessian,
                      initialGradientNorm: norm2(e.gradient),
                      subsampling: SubsamplingSchedule(active: approximateCurvature && !exact,
                                                       initialGradientNorm: normInf(e.gradient),
                                                       end: TrustRegion.subsamplingEnd),
                      curvature: approximateCurvature && !exact ? .subsampled : .exact), e)
    }

    /// Builds the model at the current point, then shrinks Δ until a step passes the ratio test.
    ///
    /// - Parameters:
    ///   - state: the radius Δ (grown or shrunk by the ratio test) and the Hessian for the next exact model.
    ///   - context: the run at the current iterate; evaluations go through it and are counted.
    /// - Returns: the accepted point with its evaluation, or why none was found.
    public func step<F: Objective>(_ state: inout State, _ context: SolverContext<F>) -> StepOutcome {
        var model: any TrustRegionModel
        switch makeModel(&state, context) {
        case .built(let m): model = m
        case .failed(let reason): return .stopped(reason)
        }
        if state.radius.isNaN { state.radius = initialRadius(model) }
        let entryRadius = state.radius
        let xNorm = model.regionNorm(context.x)
        func exactModel(_ why: String) -> (any TrustRegionModel)? {
            self.exactModel(why, &state, context, radius: entryRadius)
        }
        let c1Floor = 1e-4
        while true {
            let s = model.solve(radius: state.radius)
            noteHardCase(s, &state, context)
            let predicted = s.predictedDecrease
            if !(predicted > 0) {
                if let m = exactModel("no predicted decrease") { model = m; continue }
                return .stopped(.noProgress("the trust-region model predicts no decrease (m(0) − m(p) = \(fmt(predicted)))",
                                            predictedDecrease: predicted.isFinite ? predicted : 0))
            }
            var trial = context.x
            axpy(1, s.step, &trial)
            // One evaluation per trial point, with the Hessian the next model needs if accepted.
            let e = context.evaluate(at: trial, hessian: state.exact)
            let floor = roundingLevel(context.value)
            var rho: Double
            var withinRounding = false
            if !e.value.isFinite {
                rho = -.infinity
            } else if predicted <= floor && e.value > context.value + c1Floor * predicted {
                // f cannot confirm so small a decrease and a smaller radius predicts less still:
                // accept on the gradient's evidence, or stop.
                guard e.value <= context.value
                        || (e.value <= context.value + floor && normInf(e.gradient) < context.gradientNorm) else {
                    if let m = exactModel("a step below the rounding level of f") { model = m; continue }
                    return .stopped(.noProgress("the trust-region step's predicted decrease \(fmt(predicted)) is below the "
                                                + "rounding level of f and the gradient did not decrease",
                                                predictedDecrease: predicted))
                }
                rho = 1
                withinRounding = true
            } else {
                rho = (context.value - e.value) / predicted
            }
            if rho < 0.25 && state.modelCurvature == .singlePrecision,
               let m = exactModel("ratio ρ = \(fmt(rho))") {
                // Near the solution a good model predicts the decrease (ρ ≈ 1); a poor ratio with
                // Float32 products may be their rounding, which says nothing about the radius.
                model = m
                continue
            }
            if rho < 0.25 {
                state.radius = 0.25 * s.regionNorm
            } else if rho > 0.75 && s.onBoundary {
                state.radius = Swift.min(2 * state.radius, maxRadius)
            }
            if rho > acceptanceRatio {
                state.hessian = e.hessian
                if state.modelCurvature == .subsampled,
                   let note = state.subsampling.record(from: context.gradientNorm, to: normInf(e.gradient),
                                                       what: "Hessian-vector products (single precision)") {
                    state.curvature = .singlePrecision
                    context.note(note)
                }
                return .accepted(AcceptedStep(point: trial, evaluation: e, stepLength: norm2(s.step),
                                              decrement: model.newtonDecrement, radius: state.radius,
                                              withinRounding: withinRounding))
            }
            if state.radius <= Double.ulpOfOne * (1 + xNorm) {
                if let m = exactModel("the radius shrank to \(fmt(state.radius))") { model = m; continue }
                return .stopped(.noProgress("trust-region radius shrank to \(fmt(state.radius)) without an acceptable step",
                                            predictedDecrease: predicted))
            }
        }
    }

    /// Δ₀ when none was given: the model's natural radius (e.g. the Newton step's length), at most
    /// `maxRadius`, or 1.
    private func initialRadius(_ model: any TrustRegionModel) -> Double {
        let r = model.naturalRadius() ?? 1
        return r.isFinite && r > 0 ? Swift.min(r, maxRadius) : 1
    }

    /// Notes the subproblem's hard case once per run.
    private func noteHardCase<F: Objective>(_ s: TrustRegionSolution, _ state: inout State, _ context: SolverContext<F>) {
        guard s.hardCase && !state.reportedHardCase else { return }
        context.note("hard case of the trust-region subproblem (gradient orthogonal to the eigenvector of the "
                     + "smallest eigenvalue \(fmt(-s.shift))); stepped along that eigenvector")
        state.reportedHardCase = true
    }

    /// A step that an approximate model (subsampled or Float32 products) cannot make must not end
    /// the run: the model is rebuilt from exact products at the radius `radius` the iteration began
    /// with, so that from there the run is the exact solver's. nil when the model was exact already.
    private func exactModel<F: Objective>(_ why: String, _ state: inout State, _ context: SolverContext<F>,
                                          radius: Double) -> (any TrustRegionModel)? {
        guard state.modelCurvature != .exact else { return nil }
        context.note("\(why) with \(state.modelCurvature == .subsampled ? "subsampled" : "single-precision") Hessian-vector "
                     + "products: exact products from here")
        state.subsampling.stop()
        state.curvature = .exact
        state.radius = radius
        guard case .built(let m) = makeModel(&state, context) else { return nil }
        return m
    }

    /// The model at the current point: exact in the (scaled) eigenbasis, or Steihaug–Toint CG with the
    /// forcing tolerance of ``NewtonCG``.
    private func makeModel<F: Objective>(_ state: inout State, _ context: SolverContext<F>) -> TrustRegionModelChoice {
        if state.exact {
            guard let h = state.hessian else { preconditionFailure("\(F.self).evaluate(at:hessian: true) returned no Hessian") }
            do {
                return .built(try ExactTrustRegionModel(hessian: h, gradient: context.gradient,
                                                        scale: Equilibration(h, enabled: scaled)))
            } catch {
                return .failed(.linearAlgebraFailure("eigendecomposition of the Hessian failed (\(error))"))
            }
        }
        // Never solve the model beyond the accuracy asked for: a residual ‖Bp + g‖₂ ≤ 0.1·tolerance
        // already puts the model's gradient at x + p well inside the stopping test (see NewtonCG).
        let g2 = norm2(context.gradient)
        let floor = g2 > 0 ? 0.1 * stopping.gradientTolerance / g2 : 0
        let forcing = Swift.min(0.5, Swift.max((g2 / state.initialGradientNorm).squareRoot(), floor))
        let curvature = context.curvature(at: context.x, approximation: state.curvature)
        if state.curvature == .subsampled && curvature.approximation != .subsampled {
            state.subsampling.stop()
            state.curvature = .exact
        } else if state.curvature == .subsampled && context.iterations == 0 {
            context.note("Hessian-vector products from a row subsample while ‖∇f‖∞ falls slowly, then from every row in single precision")
        }
        state.modelCurvature = curvature.approximation
        return .built(SteihaugTrustRegionModel(curvature: curvature, gradient: context.gradient,
                                               cg: SteihaugCG(relativeTolerance: forcing, maxIterations: context.dimension)))
    }
}

/// A trust-region model, or why it could not be built.
enum TrustRegionModelChoice {
    case built(any TrustRegionModel)
    case failed(StopReason)
}
