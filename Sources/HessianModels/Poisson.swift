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
    /// Σ sᵢ log yᵢ!
    private let logFactorials: Double
    private let cache = PointCache<State>()

    /// log(Double.greatestFiniteMagnitude): the largest η whose e^η is finite.
    static let maximumLinearPredictor = log(Double.greatestFiniteMagnitude)

    private struct State {
        /// η = X̂w + o.
        var eta: [Double]
        var value: Double
        var gradient: [Double]?
        /// sᵢ μᵢ: the Hessian's sample weights, reused by `curvature`.
        var curvatureWeights: [Double]?
        var hessian: Matrix?
    }

    /// Throws if the counts or the offset do not match the samples, a count is not a non-negative
    /// integer, an offset is not finite, or λ is invalid.
    public init(design: Design, counts: [Double], offset: [Double]? = nil, l2: Double = 0) throws {
        try CountData.validate(counts: counts, offset: offset, rows: design.rows)
        guard l2.isFinite && l2 >= 0 else { throw ModelError.invalidPenalty(l2) }
        self.design = design
        self.counts = counts
        self.offset = offset
        self.l2 = l2
        self.strengths = design.penaltyStrengths(l2)
        self.logFactorials = CountData.weightedLogFactorials(counts, weights: design.weights)
    }

    /// p, the parameters (intercept first).
    public var dimension: Int { design.parametersPerOutput }

    /// True: Newton takes value, gradient and Hessian in one pass.
    public var newtonUsesDenseHessian: Bool { true }

    private func penalty(_ w: [Double]) -> Double { ridgePenalty(strengths, w) }

    /// Σ sᵢ [μᵢ − yᵢηᵢ + log yᵢ!]: the unpenalized weighted negative log-likelihood (internal coordinates).
    public func loss(at w: [Double]) -> Double { value(at: w) - penalty(w) }

    /// η = X̂w + o (internal coordinates).
    public func linearPredictor(at w: [Double]) -> [Double] {
        precondition(w.count == dimension)
        if let s = cache.state(at: w) { return s.eta }
        return CountData.linearPredictor(design, w, offset: offset)
    }

    /// f(w) = Σ sᵢ[μᵢ − yᵢηᵢ + log yᵢ!] + (λ/2)‖w‖², μ = e^η, η = X̂w + o (intercept unpenalized).
    public func value(at w: [Double]) -> Double {
        precondition(w.count == dimension)
        if let s = cache.state(at: w) { return s.value }
        let eta = CountData.linearPredictor(design, w, offset: offset)
        var v = logFactorials
        let s = design.weights
        for i in 0..<eta.count {
            let e = eta[i]
            if e > Poisson.maximumLinearPredictor { v = .infinity; break }
            let li = exp(e) - counts[i] * e
            v += s.map { $0[i] * li } ?? li
        }
        v += penalty(w)
        cache.store(State(eta: eta, value: v), at: w)
        return v
    }

    /// f, ∇f = X̂ᵀS(μ − y) + λw and, if asked, ∇²f = X̂ᵀS diag(μ) X̂ + λI.
    public func evaluate(at w: [Double], hessian: Bool) -> Evaluation {
        precondition(w.count == dimension)
        var st = cache.state(at: w)
        if let s = st, let g = s.gradient, !hessian || s.hessian != nil {
            return Evaluation(value: s.value, gradient: g, hessian: hessian ? s.hessian : nil)
        }
        st = fusedPass(w, eta: st?.eta, hessian: hessian)
        cache.store(st!, at: w)
        return Evaluation(value: st!.value, gradient: st!.gradient!, hessian: st!.hessian)
    }

    /// v ↦ X̂ᵀ diag(s ⊙ μ) X̂ v + λv, with s ⊙ μ computed once for this w.
    public func curvature(at w: [Double]) -> HessianOperator {
        var st = cache.state(at: w)
        if st?.curvatureWeights == nil {
            st = fusedPass(w, eta: st?.eta, hessian: false)
            cache.store(st!, at: w)
        }
        let c = st!.curvatureWeights!
        let design = self.design, strengths = self.strengths, p = dimension
        if !st!.value.isFinite { return HessianOperator(dimension: p) { _ in [Double](repeating: .infinity, count: p) } }
        return HessianOperator(dimension: p) { v in
            var hv = design.weightedNormalProduct(c, v)
            for k in 0..<hv.count { hv[k] += strengths[k] * v[k] }
            return hv
        }
    }

    /// The N×p matrix G whose row i is the gradient of row i's term sᵢ[μᵢ − yᵢηᵢ + log yᵢ!] of the
    /// unpenalized loss, sᵢ(μᵢ − yᵢ) x̂ᵢᵀ, in internal coordinates (Σᵢ Gᵢ = ∇l − λw).
    public func rowScores(at x: [Double]) -> Matrix {
        let eta = linearPredictor(at: x)
        let s = design.weights
        let r = (0..<eta.count).map { i in (s?[i] ?? 1) * (exp(Swift.min(eta[i], Poisson.maximumLinearPredictor)) - counts[i]) }
        return CountData.scaledRows(design, r)
    }

    /// One pass over row blocks: η (unless given), value, gradient, sᵢμᵢ and, if asked, the Hessian.
    private func fusedPass(_ w: [Double], eta given: [Double]?, hessian wantH: Bool) -> State {
        let n = design.rows, d = design.features, p = dimension, off = design.intercept ? 1 : 0
        let b = RowBlocks.blockRows(columns: p)
        let chunksMax = RowBlocks.maximumChunks
        var eta = given ?? [Double](repeating: 0, count: n)
        var c = [Double](repeating: 0, count: n)
        var losses = [Double](repeating: 0, count: chunksMax)
        var grads = [Double](repeating: 0, count: chunksMax * p)
        var hs = [Double](repeating: 0, count: wantH ? chunksMax * p * p : 0)
        let haveEta = given != nil
        let bias = design.intercept ? w[0] : 0
        let chunks = design.matrix.storage.withUnsafeBufferPointer { xsb in
            w.withUnsafeBufferPointer { wsb in
                counts.withUnsafeBufferPointer { ysb in
                    eta.withUnsafeMutableBufferPointer { esb in
                        c.withUnsafeMutableBufferPointer { csb in
                            losses.withUnsafeMutableBufferPointer { lsb in
                                grads.withUnsafeMutableBufferPointer { gsb in
                                    hs.withUnsafeMutableBufferPointer { hsb in
            let xs = xsb.baseAddress!, ws = wsb.baseAddress!, ys = ysb.baseAddress!
            let es = esb.baseAddress!, cs = csb.baseAddress!
            let sw = design.weights, o = offset
            // ≈ 20 flops for exp per row.
            let work = (haveEta ? 0 : 2 * d) + 2 * d + 20 + (wantH ? p * (p + 1) + 2 * p : 0)
            return RowBlocks.parallelChunks(n, flopsPerRow: work) { chunk, range in
                let r = UnsafeMutablePointer<Double>.allocate(capacity: b)
                let root = UnsafeMutablePointer<Double>.allocate(capacity: b)
                let buffer = UnsafeMutablePointer<Double>.allocate(capacity: wantH ? b * p : 1)
                defer { r.deallocate(); root.deallocate(); buffer.deallocate() }
                let g = gsb.baseAddress! + chunk * p
                var loss = 0.0
                var r0 = range.lowerBound
                while r0 < range.upperBound {
                    let rb = min(b, range.upperBound - r0)
                    if !haveEta {
                        blockGemv(transpose: false, rows: rb, columns: d, 1, xs + r0, lda: n, ws + off, 0, es + r0)
                        if bias != 0 { for i in 0..<rb { es[r0 + i] += bias } }
                        if let o { for i in 0..<rb { es[r0 + i] += o[r0 + i] } }
                    }
                    for i in 0..<rb {
                        // Past the overflow threshold the loss is +∞; μ is capped so nothing becomes NaN.
                        let e = es[r0 + i], y = ys[r0 + i]
                        let s = sw?[r0 + i] ?? 1
                        let mu = exp(Swift.min(e, Poisson.maximumLinearPredictor))
                        loss += e > Poisson.maximumLinearPredictor ? .infinity : s * (mu - y * e)
                        r[i] = s * (mu - y)
                        let ci = s * mu
                        cs[r0 + i] = ci
                        root[i] = ci.squareRoot()
                    }
                    // ∇ += [1ᵀr_b; X_bᵀ r_b]
                    if off == 1 { g[0] += blockSum(r, rb) }
                    blockGemv(transpose: true, rows: rb, columns: d, 1, xs + r0, lda: n, r, 1, g + off)
                    if wantH {
                        RowBlocks.scaledSyrk(x: xs, n: n, d: d, r0: r0, rb: rb, intercept: off == 1, root: root,
                                             alpha: 1, buffer: buffer, c: hsb.baseAddress! + chunk * p * p, ldc: p)
                    }
                    r0 += rb
                }
                lsb[chunk] = loss
            }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if losses[0..<chunks].contains(.infinity) {
            // Outside the domain: no finite derivatives (products of capped μ could still overflow).
            return State(eta: eta, value: .infinity, gradient: [Double](repeating: .infinity, count: p),
                         curvatureWeights: c, hessian: wantH ? Matrix(rows: p, columns: p, repeating: .infinity) : nil)
        }
        var value = penalty(w) + logFactorials
        var g = [Double](repeating: 0, count: p)
        for k in 0..<chunks {
            value += losses[k]
            for j in 0..<p { g[j] += grads[k * p + j] }
        }
        for j in 0..<p { g[j] += strengths[j] * w[j] }
        var h: Matrix?
        if wantH {
            var hm = Matrix(rows: p, columns: p, storage: Array(hs[0..<(p * p)]))
            for k in 1..<chunks { for e in 0..<(p * p) { hm.storage[e] += hs[k * p * p + e] } }
            hm.fillUpperFromLower()
            hm.addToDiagonal(strengths)
            h = hm
        }
        return State(eta: eta, value: value, gradient: g, curvatureWeights: c, hessian: h)
    }

    /// Coefficients in user units from the solver's internal (rescaled) ones.
    public func externalCoefficients(_ w: [Double]) -> [Double] { design.externalCoefficients(w) }
    /// The solver's internal coefficients from user units.
    public func internalCoefficients(_ w: [Double]) -> [Double] { design.internalCoefficients(w) }
    /// A covariance of the internal coefficients in user units.
    public func externalCovariance(_ c: Matrix) -> Matrix { design.externalCovariance(c) }

    /// μ = exp(X w_f + b + o) for external coefficients (intercept first when `intercept`);
    /// +∞ where the exponent overflows.
    public static func means(_ x: Matrix, coefficients w: [Double], intercept: Bool, offset: [Double]? = nil) -> [Double] {
        let eta = LeastSquares.predict(x, coefficients: w, intercept: intercept)
        return eta.indices.map { exp(eta[$0] + (offset?[$0] ?? 0)) }
    }
}
