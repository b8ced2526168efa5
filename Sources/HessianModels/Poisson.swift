import Foundation
import HessianLinearAlgebra

/// Weighted, ridge-penalized Poisson regression with log link and an optional offset oᵢ:
///     l(w) = Σ sᵢ [μᵢ − yᵢηᵢ + log yᵢ!] + (λ/2)‖w‖²,   η = X̂w + o,   μ = e^η,
///     ∇l = X̂ᵀ S (μ − y) + λw,   ∇²l = X̂ᵀ diag(s ⊙ μ) X̂ + λI,
/// X̂ = [1 X] with an intercept (never penalized). The log yᵢ! = lgamma(yᵢ + 1) terms are constant
/// in w but kept, so −l(ŵ) at λ = 0 is the full log-likelihood (statsmodels' `llf`).
/// The Objective conformance is in the design's internal coordinates (see `Design`).
///
/// Domain: where some ηᵢ > log(Double.greatestFiniteMagnitude) ≈ 709.78, e^ηᵢ overflows; there the
/// value is +∞ and the gradient and Hessian entries are +∞ (never NaN), which a line search treats
/// as a step too long.
///
/// The passes have the structure of `Logistic`'s (one fused pass over row blocks, per-chunk
/// accumulators, a scaled dsyrk per block for the Hessian).
public struct Poisson: Objective, Sendable {
    /// The feature matrix with its intercept, weights and internal scaling.
    public let design: Design
    /// The counts yᵢ ≥ 0.
    public let counts: [Double]
    /// oᵢ, or nil for none.
    public let offset: [Double]?
    /// The penalty λ.
    public let l2: Double
    private let strengths: [Double]
    /// Σ sᵢ [log yᵢ! + yᵢ − yᵢ log yᵢ]: the loss minus the row terms the kernel sums.
    private let constant: Double
    /// mᵢ = yᵢ − yᵢ log yᵢ (0 for yᵢ = 0), the minimum of μ − yᵢ log μ: the kernel sums
    /// sᵢ[(μᵢ − yᵢηᵢ) − mᵢ] (half the unit deviance, ≥ 0), so that with counts near 5·10⁴ the row terms
    /// are O(1) instead of 5·10⁵ and their sum does not lose to cancellation the digits a line search
    /// compares.
    private let saturated: [Double]
    private let cache = PointCache<LinearPredictorState>()

    /// log(Double.greatestFiniteMagnitude): the largest η whose e^η is finite.
    static let maximumLinearPredictor = log(Double.greatestFiniteMagnitude)

    /// Throws if the counts or the offset do not match the samples, a count is not a non-negative
    /// integer, an offset is not finite, or λ is invalid.
    /// - Parameters:
    ///   - design: X with its intercept, weights and internal scaling.
    ///   - counts: yᵢ, non-negative integers, one per row.
    ///   - offset: oᵢ added to the linear predictor (log exposure), or nil for 0.
    ///   - l2: λ ≥ 0 (default 0).
    public init(design: Design, counts: [Double], offset: [Double]? = nil, l2: Double = 0) throws {
        try CountData.validate(counts: counts, offset: offset, rows: design.rows)
        guard l2.isFinite && l2 >= 0 else { throw ModelError.invalidPenalty(l2) }
        self.design = design
        self.counts = counts
        self.offset = offset
        self.l2 = l2
        self.strengths = design.penaltyStrengths(l2)
        let saturated = counts.map { $0 > 0 ? $0 - $0 * log($0) : 0 }
        self.saturated = saturated
        self.constant = CountData.weightedLogFactorials(counts, weights: design.weights)
            + zip(saturated, design.weights ?? [Double](repeating: 1, count: counts.count)).reduce(0) { $0 + $1.1 * $1.0 }
    }

    /// p, the parameters (intercept first).
    public var dimension: Int { design.parametersPerOutput }

    /// True: Newton takes value, gradient and Hessian in one pass.
    public var newtonUsesDenseHessian: Bool { true }

    private func penalty(_ w: [Double]) -> Double { ridgePenalty(strengths, w) }

    /// Σ sᵢ [μᵢ − yᵢηᵢ + log yᵢ!]: the unpenalized weighted negative log-likelihood (internal coordinates).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func loss(at w: [Double]) -> Double { value(at: w) - penalty(w) }

    /// η = X̂w + o (internal coordinates).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func linearPredictor(at w: [Double]) -> [Double] {
        precondition(w.count == dimension)
        if let s = cache.state(at: w) { return s.eta }
        return CountData.linearPredictor(design, w, offset: offset)
    }

    /// f(w) = Σ sᵢ[μᵢ − yᵢηᵢ + log yᵢ!] + (λ/2)‖w‖², μ = e^η, η = X̂w + o (intercept unpenalized).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func value(at w: [Double]) -> Double {
        precondition(w.count == dimension)
        return cache.value(at: w) {
            let (eta, loss) = design.linearPredictorLoss(kernel, w, offset: offset)
            return LinearPredictorState(eta: eta, value: loss == .infinity ? .infinity : constant + loss + penalty(w))
        }
    }

    /// f, ∇f = X̂ᵀS(μ − y) + λw and, if asked, ∇²f = X̂ᵀS diag(μ) X̂ + λI.
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
        return cache.evaluation(at: w, hessian: request) { fusedPass(w, eta: $0, hessian: request) }
    }

    /// True: the fused pass can form the Hessian with ssyrk.
    public var assemblesApproximateHessians: Bool { true }

    /// v ↦ X̂ᵀ diag(s ⊙ μ) X̂ v + λv, with s ⊙ μ computed once for this w.
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func curvature(at w: [Double]) -> HessianOperator {
        let st = cache.curvatureState(at: w) { fusedPass(w, eta: $0, hessian: nil) }
        let p = dimension
        if !st.value.isFinite { return HessianOperator(dimension: p) { _ in [Double](repeating: .infinity, count: p) } }
        return design.ridgeCurvature(st.curvatureWeights!, strengths)
    }

    private var kernel: Kernel { Kernel(counts: counts, saturated: saturated, weights: design.weights) }

    /// The N×p matrix G whose row i is the gradient of row i's term sᵢ[μᵢ − yᵢηᵢ + log yᵢ!] of the
    /// unpenalized loss, sᵢ(μᵢ − yᵢ) x̂ᵢᵀ, in internal coordinates (Σᵢ Gᵢ = ∇l − λw).
    /// - Parameter x: the coefficients in the design's internal coordinates, `dimension` entries.
    public func rowScores(at x: [Double]) -> Matrix {
        let eta = linearPredictor(at: x)
        let s = design.weights
        let r = (0..<eta.count).map { i in (s?[i] ?? 1) * (exp(Swift.min(eta[i], Poisson.maximumLinearPredictor)) - counts[i]) }
        return CountData.scaledRows(design, r)
    }

    /// Row i's terms: sᵢ[(μᵢ − yᵢηᵢ) − mᵢ], sᵢ(μᵢ − yᵢ), sᵢμᵢ. Past the overflow threshold the loss
    /// is +∞ and μ is capped, so nothing becomes NaN.
    private struct Kernel: RowKernel {
        let counts: [Double], saturated: [Double], weights: [Double]?
        static var hasTheta: Bool { false }
        /// ≈ 20 flops for exp.
        static var flopsPerRow: Int { 20 }
        @inline(__always)
        func loss(_ i: Int, eta e: Double) -> Double {
            e > Poisson.maximumLinearPredictor ? .infinity : (weights?[i] ?? 1) * ((exp(e) - counts[i] * e) - saturated[i])
        }
        @inline(__always)
        func terms(_ i: Int, eta e: Double) -> RowTerms {
            let y = counts[i], s = weights?[i] ?? 1
            let mu = exp(Swift.min(e, Poisson.maximumLinearPredictor))
            return RowTerms(loss: e > Poisson.maximumLinearPredictor ? .infinity : s * ((mu - y * e) - saturated[i]),
                            first: s * (mu - y), second: s * mu)
        }
    }

    /// One pass over row blocks: η (unless given), value, gradient, sᵢμᵢ and, if asked, the Hessian.
    private func fusedPass(_ w: [Double], eta given: [Double]?, hessian wantH: HessianApproximation?) -> LinearPredictorState {
        let p = dimension
        let sums = design.linearPredictorPass(kernel, w, offset: offset, eta: given, hessian: wantH)
        if sums.loss == .infinity {
            // Outside the domain: no finite derivatives (products of capped μ could still overflow).
            return LinearPredictorState(eta: sums.eta, value: .infinity, gradient: [Double](repeating: .infinity, count: p),
                         curvatureWeights: sums.curvatureWeights,
                         hessian: wantH != nil ? Matrix(rows: p, columns: p, repeating: .infinity) : nil)
        }
        var g = sums.gradient
        for j in 0..<p { g[j] += strengths[j] * w[j] }
        var h = sums.hessian
        h?.addToDiagonal(strengths)
        return LinearPredictorState(eta: sums.eta, value: penalty(w) + constant + sums.loss, gradient: g,
                     curvatureWeights: sums.curvatureWeights, hessian: h, hessianApproximation: sums.hessianApproximation)
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

    /// μ = exp(X w_f + b + o) for external coefficients (intercept first when `intercept`);
    /// +∞ where the exponent overflows.
    public static func means(_ x: Matrix, coefficients w: [Double], intercept: Bool, offset: [Double]? = nil) -> [Double] {
        let eta = LeastSquares.predict(x, coefficients: w, intercept: intercept)
        return eta.indices.map { exp(eta[$0] + (offset?[$0] ?? 0)) }
    }
}
