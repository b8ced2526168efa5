import Foundation
import HessianLinearAlgebra

/// Weighted, ridge-penalized negative binomial (NB2) regression, Var(y) = μ + αμ², with the
/// dispersion α estimated jointly. Parameters x = (w, θ) with θ = log α (p + 1 entries, θ last),
/// r = 1/α = e^{−θ}, η = X̂w + o, μ = e^η and a = θ + η = log(αμ). Per row
///     −ℓᵢ = −[lgamma(yᵢ + r) − lgamma(r)] + log yᵢ! − yᵢaᵢ + (yᵢ + r) log(1 + e^{aᵢ}),
/// which is the NB2 log-likelihood rewritten with r log(r/(r+μ)) + y log(μ/(r+μ)) = y a − (y + r) log(1 + eᵃ),
/// so it needs no e^η and cannot overflow for large η. The objective is Σ sᵢ(−ℓᵢ) + (λ/2)‖w‖² (θ is
/// never penalized). With q = σ(a), q′ = σ(a)(1 − σ(a)), D = ψ(y + r) − ψ(r), T = ψ′(r) − ψ′(y + r):
///     ∂(−ℓ)/∂η = (y + r)q − y,                   ∂²(−ℓ)/∂η² = (y + r)q′,
///     ∂(−ℓ)/∂θ = rD − r log(1 + eᵃ) − y + (y + r)q,
///     ∂²(−ℓ)/∂η∂θ = (y + r)q′ − rq,
///     ∂²(−ℓ)/∂θ² = −rD + r²T + r log(1 + eᵃ) − 2rq + (y + r)q′
/// (derivation in the Mathematics article). The Hessian is
/// [X̂ᵀdiag(s(y + r)q′)X̂ + λI, X̂ᵀ(s ⊙ ∂²/∂η∂θ); ·, Σ s ∂²/∂θ²].
///
/// Domain: |θ| ≤ 700 (r = e^{−θ} finite and non-zero); outside it the value is +∞ and the
/// derivatives are +∞. The passes have the structure of `Logistic`'s.
public struct NegativeBinomial: Objective, Sendable {
    /// The feature matrix with its intercept, weights and internal scaling.
    public let design: Design
    /// The counts yᵢ ≥ 0.
    public let counts: [Double]
    /// The offset added to each linear predictor, if any.
    public let offset: [Double]?
    /// The penalty λ (not applied to the intercept or log α).
    public let l2: Double
    private let strengths: [Double]
    /// log yᵢ!, added to each row's term so that the kernel sums O(1) negative log-probabilities: with
    /// counts near 10³ the terms without it are near −yᵢ log yᵢ, and their sum over 2·10⁵ rows would
    /// lose to cancellation the digits a line search compares.
    private let logFactorials: [Double]
    private let cache = PointCache<LinearPredictorState>()

    /// The largest |θ| = |log α| inside the domain.
    static let maximumLogDispersion = 700.0

    /// Throws if the counts or offset do not match the samples, a count is not a non-negative
    /// integer, an offset is not finite, or λ is invalid.
    /// - Parameters:
    ///   - design: X with its intercept, weights and internal scaling.
    ///   - counts: yᵢ, non-negative integers, one per row.
    ///   - offset: oᵢ added to the linear predictor (log exposure), or nil for 0.
    ///   - l2: λ ≥ 0 on the coefficients (default 0; never on the intercept or θ = log α).
    public init(design: Design, counts: [Double], offset: [Double]? = nil, l2: Double = 0) throws {
        try CountData.validate(counts: counts, offset: offset, rows: design.rows)
        guard l2.isFinite && l2 >= 0 else { throw ModelError.invalidPenalty(l2) }
        self.design = design
        self.counts = counts
        self.offset = offset
        self.l2 = l2
        self.strengths = design.penaltyStrengths(l2)
        self.logFactorials = counts.map { $0 > 1 ? lgamma($0 + 1) : 0 }
    }

    /// p + 1: the regression coefficients, then θ = log α.
    public var dimension: Int { design.parametersPerOutput + 1 }

    /// True: Newton takes value, gradient and Hessian in one pass.
    public var newtonUsesDenseHessian: Bool { true }

    private func penalty(_ x: [Double]) -> Double { ridgePenalty(strengths, Array(x[0..<(x.count - 1)])) }

    /// Σ sᵢ(−ℓᵢ): the unpenalized weighted negative log-likelihood (internal coordinates).
    /// - Parameter x: the coefficients in the design's internal coordinates, `dimension` entries (θ = log α last).
    public func loss(at x: [Double]) -> Double { value(at: x) - penalty(x) }

    private func inDomain(_ theta: Double) -> Bool { abs(theta) <= NegativeBinomial.maximumLogDispersion }

    /// The NB2 negative log-likelihood in (w, log α) plus the penalty.
    /// - Parameter x: the coefficients in the design's internal coordinates, `dimension` entries (θ = log α last).
    public func value(at x: [Double]) -> Double {
        precondition(x.count == dimension)
        return cache.value(at: x) {
            let p = dimension - 1, theta = x[p], w = Array(x[0..<p])
            guard inDomain(theta) else {
                return LinearPredictorState(eta: CountData.linearPredictor(design, w, offset: offset), value: .infinity)
            }
            let (eta, loss) = design.linearPredictorLoss(kernel(theta), w, offset: offset)
            return LinearPredictorState(eta: eta, value: penalty(x) + loss)
        }
    }

    /// f, ∇f and, if asked, ∇²f in (w, log α).
    /// - Parameters:
    ///   - x: the coefficients in the design's internal coordinates, `dimension` entries (θ = log α last).
    ///   - hessian: whether to form the dense Hessian too.
    public func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        evaluate(at: x, hessian: hessian, approximation: .exact)
    }

    /// f, ∇f and, if asked, ∇²f with its row-block Grams formed in `approximation` (see ``HessianApproximation``).
    /// - Parameters:
    ///   - x: the coefficients in the design's internal coordinates, `dimension` entries (θ = log α last).
    ///   - hessian: whether to form the dense Hessian too.
    ///   - approximation: how to form the Hessian (see ``HessianApproximation``).
    public func evaluate(at x: [Double], hessian: Bool, approximation: HessianApproximation) -> Evaluation {
        precondition(x.count == dimension)
        let request = hessian ? approximation : nil
        return cache.evaluation(at: x, hessian: request) { fusedPass(x, eta: $0, hessian: request) }
    }

    /// True: the fused pass can form the Hessian with ssyrk.
    public var assemblesApproximateHessians: Bool { true }

    /// v ↦ H v = (X̂ᵀ diag(c) X̂ v_w + λv_w + h v_θ,  hᵀv_w + h_θθ v_θ) with c, h, h_θθ computed once.
    /// - Parameter x: the coefficients in the design's internal coordinates, `dimension` entries (θ = log α last).
    public func curvature(at x: [Double]) -> HessianOperator {
        let st = cache.curvatureState(at: x) { fusedPass(x, eta: $0, hessian: nil) }
        let n = dimension, p = n - 1
        guard st.value.isFinite else { return HessianOperator(dimension: n) { _ in [Double](repeating: .infinity, count: n) } }
        let h = st.cross!, htt = st.thetaTheta
        let ww = design.ridgeCurvature(st.curvatureWeights!, strengths)
        return HessianOperator(dimension: n) { v in
            let vt = v[p]
            var hv = ww(Array(v[0..<p]))
            var last = htt * vt
            for k in 0..<p {
                hv[k] += h[k] * vt
                last += h[k] * v[k]
            }
            hv.append(last)
            return hv
        }
    }

    private func kernel(_ theta: Double) -> Kernel {
        Kernel(counts: counts, logFactorials: logFactorials, weights: design.weights, theta: theta, r: exp(-theta))
    }

    /// The N×(p + 1) matrix G whose row i is the gradient of row i's term sᵢ(−ℓᵢ) of the unpenalized
    /// loss with respect to (w, θ), in internal coordinates (Σᵢ Gᵢ = ∇l − (λw, 0)).
    /// - Parameter x: the coefficients in the design's internal coordinates, `dimension` entries (θ = log α last).
    public func rowScores(at x: [Double]) -> Matrix {
        let n = design.rows, p = dimension - 1, theta = x[p]
        let eta = cache.state(at: x)?.eta ?? CountData.linearPredictor(design, Array(x[0..<p]), offset: offset)
        let r = exp(-theta), sw = design.weights
        var re = [Double](repeating: 0, count: n), rt = re
        for i in 0..<n {
            let y = counts[i], a = theta + eta[i], s = sw?[i] ?? 1
            let q = LogisticFunctions.sigmoid(a).value
            re[i] = s * ((y + r) * q - y)
            rt[i] = s * (r * Polygamma.digammaDifference(y, r) - r * LogisticFunctions.log1pExp(a) - y + (y + r) * q)
        }
        var g = CountData.scaledRows(design, re)
        g.storage.append(contentsOf: rt)
        return Matrix(rows: n, columns: p + 1, storage: g.storage)
    }

    /// Row i's terms at a = θ + ηᵢ (formulas in the type's documentation), r = e^{−θ}.
    private struct Kernel: RowKernel {
        let counts: [Double], logFactorials: [Double], weights: [Double]?, theta: Double, r: Double
        static var hasTheta: Bool { true }
        /// ≈ 60 flops for σ, log(1 + eᵃ) and the ψ sums (small counts).
        static var flopsPerRow: Int { 60 }
        @inline(__always)
        func loss(_ i: Int, eta: Double) -> Double {
            let y = counts[i], a = theta + eta
            return (weights?[i] ?? 1)
                * ((logFactorials[i] - Polygamma.logGammaDifference(y, r)) - y * a + (y + r) * LogisticFunctions.log1pExp(a))
        }
        @inline(__always)
        func terms(_ i: Int, eta: Double) -> RowTerms {
            let y = counts[i], a = theta + eta, s = weights?[i] ?? 1, rr = r
            let (q, dq) = LogisticFunctions.sigmoid(a)
            let u = LogisticFunctions.log1pExp(a)
            let dg = Polygamma.digammaDifference(y, rr)
            let ci = s * (y + rr) * dq
            return RowTerms(loss: loss(i, eta: eta),
                            first: s * ((y + rr) * q - y), second: ci, cross: ci - s * rr * q,
                            thetaFirst: s * (rr * dg - rr * u - y + (y + rr) * q),
                            thetaSecond: s * (-rr * dg + rr * rr * Polygamma.trigammaDifference(y, rr) + rr * u
                                              - 2 * rr * q + (y + rr) * dq))
        }
    }

    /// One pass over row blocks: η (unless given), value, gradient, the (w, w) weights, the (w, θ)
    /// column, the (θ, θ) entry and, if asked, the dense Hessian.
    private func fusedPass(_ x: [Double], eta given: [Double]?, hessian wantH: HessianApproximation?) -> LinearPredictorState {
        let n = design.rows, p = dimension - 1
        let theta = x[p]
        guard inDomain(theta) else {
            let inf = [Double](repeating: .infinity, count: p + 1)
            return LinearPredictorState(eta: given ?? [Double](repeating: 0, count: n), value: .infinity, gradient: inf,
                         curvatureWeights: [Double](repeating: 0, count: n), cross: inf, thetaTheta: .infinity,
                         hessian: wantH != nil ? Matrix(rows: p + 1, columns: p + 1, repeating: .infinity) : nil)
        }
        let sums = design.linearPredictorPass(kernel(theta), Array(x[0..<p]), offset: offset, eta: given, hessian: wantH)
        var g = sums.gradient
        for j in 0..<p { g[j] += strengths[j] * x[j] }
        g.append(sums.thetaFirst)
        var h: Matrix?
        if let hw = sums.hessian {
            var hm = Matrix(rows: p + 1, columns: p + 1)
            for j in 0..<p { for i in 0..<p { hm[i, j] = hw[i, j] } }
            for j in 0..<p { hm[p, j] = sums.cross[j]; hm[j, p] = sums.cross[j]; hm[j, j] += strengths[j] }
            hm[p, p] = sums.thetaSecond
            h = hm
        }
        return LinearPredictorState(eta: sums.eta, value: penalty(x) + sums.loss, gradient: g,
                     curvatureWeights: sums.curvatureWeights, cross: sums.cross, thetaTheta: sums.thetaSecond,
                     hessian: h, hessianApproximation: sums.hessianApproximation)
    }

    /// (w_ext, θ): the regression coefficients in user units, θ unchanged.
    /// - Parameter x: coefficients in internal coordinates (e.g. a solution of this objective).
    public func externalCoefficients(_ x: [Double]) -> [Double] {
        design.externalCoefficients(Array(x.dropLast())) + [x[x.count - 1]]
    }

    /// (w_int, θ) from (w_ext, θ).
    /// - Parameter x: coefficients in user units.
    public func internalCoefficients(_ x: [Double]) -> [Double] {
        design.internalCoefficients(Array(x.dropLast())) + [x[x.count - 1]]
    }

    /// T̂ C T̂ᵀ with T̂ = diag(T, 1) for a (p + 1)×(p + 1) internal covariance; with `inUnits`, T is
    /// U⁻¹T (`Design.externalCovariance(_:inUnits:)`; log α has unit 1).
    /// - Parameters:
    ///   - c: a covariance of the internal coefficients (e.g. H⁻¹ at the solution).
    ///   - inUnits: whether to return it in the coefficients' units.
    public func externalCovariance(_ c: Matrix, inUnits: Bool = false) -> Matrix {
        precondition(c.rows == dimension && c.isSquare)
        guard design.isStandardized else { return c }
        let t = design.transform(inUnits: inUnits), p = dimension - 1
        let tt = Matrix(rows: p + 1, columns: p + 1) { i, j in i < p && j < p ? t[i, j] : (i == j ? 1 : 0) }
        return product(tt * c, tt, transposeB: true)
    }

    /// The method-of-moments dispersion α̃ = Σ sᵢ[(yᵢ − μᵢ)² − yᵢ] / Σ sᵢμᵢ² (from E(y − μ)² = μ + αμ²),
    /// floored at `floor` so that a start for the joint fit exists when the data look underdispersed.
    public static func momentDispersion(counts y: [Double], means mu: [Double], weights s: [Double]?,
                                        floor: Double = 0.01) -> Double {
        var den = 0.0
        for i in 0..<y.count { den += (s?[i] ?? 1) * mu[i] * mu[i] }
        let alpha = momentNumerator(counts: y, means: mu, weights: s) / den
        return alpha.isFinite && alpha > floor ? alpha : floor
    }

    /// Σ sᵢ[(yᵢ − μᵢ)² − yᵢ]: twice the score of NB2's log-likelihood in α at α = 0 (μ the Poisson fit).
    /// - Parameters:
    ///   - y: the counts.
    ///   - mu: the Poisson fit's means.
    ///   - s: the weights, or nil.
    public static func momentNumerator(counts y: [Double], means mu: [Double], weights s: [Double]?) -> Double {
        var num = 0.0
        for i in 0..<y.count {
            let e = y[i] - mu[i]
            num += (s?[i] ?? 1) * (e * e - y[i])
        }
        return num
    }
}
