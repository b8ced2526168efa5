import Foundation
import HessianLinearAlgebra

/// Weighted, ridge-penalized binary logistic regression (y ∈ {0, 1}):
///     l(w) = Σ sᵢ [log(1 + e^{zᵢ}) − yᵢzᵢ] + (λ/2)‖w‖²,   z = X̂w,
///     ∇l = X̂ᵀ S (σ(z) − y) + λw,   ∇²l = X̂ᵀ diag(s ⊙ σ′(z)) X̂ + λI,
/// X̂ = [1 X] with an intercept (never penalized). log(1 + eᶻ) and σ are evaluated
/// stably, so value and gradient stay finite for |zᵢ| up to 1e4 and beyond.
/// The Objective conformance is in the design's internal coordinates (see `Design`).
///
/// Performance: `evaluate(hessian: true)` is one fused pass over row blocks of X̃ —
/// per block z_b = X_b w, σ, the loss, the gradient X_bᵀ r_b and a scaled block dsyrk —
/// so X̃ streams from memory once per Newton iteration; the rows are split between
/// cores, each with its own partial Hessian, summed at the end.
public struct Logistic: Objective, Sendable {
    /// The feature matrix with its intercept, weights and internal scaling.
    public let design: Design
    /// The labels yᵢ ∈ {0, 1}.
    public let labels: [Double]
    /// The penalty λ.
    public let l2: Double
    private let strengths: [Double]
    private let cache = PointCache<LinearPredictorState>()

    /// Throws if the labels do not match the samples or are not 0/1, or λ is invalid.
    /// - Parameters:
    ///   - design: X with its intercept, weights and internal scaling.
    ///   - labels: yᵢ ∈ {0, 1}, one per row.
    ///   - l2: λ ≥ 0 (default 0: maximum likelihood).
    public init(design: Design, labels: [Double], l2: Double = 0) throws {
        guard labels.count == design.rows else {
            throw ModelError.countMismatch(what: "labels", expected: design.rows, got: labels.count)
        }
        if let i = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw ModelError.invalidLabel(index: i, value: labels[i], allowed: "0 and 1")
        }
        guard l2.isFinite && l2 >= 0 else { throw ModelError.invalidPenalty(l2) }
        self.design = design
        self.labels = labels
        self.l2 = l2
        self.strengths = design.penaltyStrengths(l2)
    }

    /// p, the parameters (intercept first).
    public var dimension: Int { design.parametersPerOutput }

    /// Newton's direction needs the dense Hessian; the fused pass forms it with the gradient.
    public var newtonUsesDenseHessian: Bool { true }

    private func penalty(_ w: [Double]) -> Double { ridgePenalty(strengths, w) }

    /// Σ sᵢ [log(1 + e^{zᵢ}) − yᵢzᵢ], the unpenalized weighted data term (internal coordinates).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func loss(at w: [Double]) -> Double { value(at: w) - penalty(w) }

    /// f(w) = Σ sᵢ[log(1 + e^{ηᵢ}) − yᵢηᵢ] + (λ/2)‖w‖², η = X̂w (intercept unpenalized).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func value(at w: [Double]) -> Double {
        precondition(w.count == dimension)
        return cache.value(at: w) {
            let (z, loss) = design.linearPredictorLoss(kernel, w, offset: nil)
            return LinearPredictorState(eta: z, value: loss + penalty(w))
        }
    }

    /// f, ∇f = X̂ᵀS(σ − y) + λw and, if asked, ∇²f = X̂ᵀS diag(σ(1 − σ)) X̂ + λI (intercept unpenalized).
    /// - Parameters:
    ///   - w: the coefficients in the design's internal coordinates, `dimension` entries.
    ///   - hessian: whether to form the dense Hessian too.
    public func evaluate(at w: [Double], hessian: Bool) -> Evaluation {
        evaluate(at: w, hessian: hessian, approximation: .exact)
    }

    /// f, ∇f and, if asked, ∇²f with its row-block Grams formed in `approximation` (see ``HessianApproximation``).
    /// - Parameters:
    ///   - w: the coefficients in the design's internal coordinates, `dimension` entries.
    ///   - hessian: whether to form the dense Hessian too.
    ///   - approximation: how to form the Hessian (see ``HessianApproximation``).
    public func evaluate(at w: [Double], hessian: Bool, approximation: HessianApproximation) -> Evaluation {
        precondition(w.count == dimension)
        let request = hessian ? approximation : nil
        return cache.evaluation(at: w, hessian: request) { fusedPass(w, z: $0, hessian: request) }
    }

    /// True: the fused pass can form the Hessian with ssyrk.
    public var assemblesApproximateHessians: Bool { true }

    /// v ↦ X̂ᵀ diag(s ⊙ σ′) X̂ v + λv, with s ⊙ σ′ computed once for this w.
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func curvature(at w: [Double]) -> HessianOperator {
        let c = cache.curvatureState(at: w) { fusedPass(w, z: $0, hessian: nil) }.curvatureWeights!
        return design.ridgeCurvature(c, strengths)
    }

    private var kernel: Kernel { Kernel(labels: labels, weights: design.weights) }

    /// Row i's terms: sᵢ[log(1 + e^{zᵢ}) − yᵢzᵢ], sᵢ(σ(zᵢ) − yᵢ), sᵢσ′(zᵢ).
    private struct Kernel: RowKernel {
        let labels: [Double], weights: [Double]?
        static var hasTheta: Bool { false }
        /// ≈ 40 flops for σ and log(1 + eᶻ).
        static var flopsPerRow: Int { 40 }
        @inline(__always)
        func loss(_ i: Int, eta a: Double) -> Double { (weights?[i] ?? 1) * (LogisticFunctions.log1pExp(a) - labels[i] * a) }
        @inline(__always)
        func terms(_ i: Int, eta a: Double) -> RowTerms {
            let y = labels[i], s = weights?[i] ?? 1
            let (sig, dsig) = LogisticFunctions.sigmoid(a)
            return RowTerms(loss: loss(i, eta: a), first: s * (sig - y), second: s * dsig)
        }
    }

    /// One pass over row blocks: z (unless given), value, gradient, sᵢσ′ᵢ and, if asked, the Hessian.
    private func fusedPass(_ w: [Double], z given: [Double]?, hessian wantH: HessianApproximation?) -> LinearPredictorState {
        let sums = design.linearPredictorPass(kernel, w, offset: nil, eta: given, hessian: wantH)
        var g = sums.gradient
        for j in 0..<dimension { g[j] += strengths[j] * w[j] }
        var h = sums.hessian
        h?.addToDiagonal(strengths)
        return LinearPredictorState(eta: sums.eta, value: penalty(w) + sums.loss, gradient: g, curvatureWeights: sums.curvatureWeights,
                     hessian: h, hessianApproximation: sums.hessianApproximation)
    }

    /// True when w classifies every sample strictly correctly ((2yᵢ − 1) zᵢ > 0). Without a penalty
    /// the data are then separable: the loss decreases along w forever and no minimizer exists,
    /// so a solver whose iterates keep growing should report separation rather than convergence.
    /// - Parameter w: the coefficients in the design's internal coordinates.
    public func separates(_ w: [Double]) -> Bool {
        precondition(w.count == dimension)
        let z = cache.state(at: w)?.eta ?? design.linearPredictor(w)
        for i in 0..<z.count where (labels[i] == 1 ? z[i] : -z[i]) <= 0 { return false }
        return true
    }

    /// Coefficients in user units from the solver's internal (rescaled) ones.
    /// - Parameter w: coefficients in internal coordinates (e.g. a solution of this objective).
    public func externalCoefficients(_ w: [Double]) -> [Double] { design.externalCoefficients(w) }
    /// The solver's internal coefficients from user units.
    /// - Parameter w: coefficients in user units.
    public func internalCoefficients(_ w: [Double]) -> [Double] { design.internalCoefficients(w) }
    /// A covariance of the internal coefficients in user units.
    /// - Parameter c: a covariance of the internal coefficients (e.g. H⁻¹ at the solution).
    public func externalCovariance(_ c: Matrix) -> Matrix { design.externalCovariance(c) }

    /// σ(X w_f + b) for external coefficients (intercept first when `intercept`).
    public static func probabilities(_ x: Matrix, coefficients w: [Double], intercept: Bool) -> [Double] {
        LeastSquares.predict(x, coefficients: w, intercept: intercept).map { LogisticFunctions.sigmoid($0).value }
    }
}
