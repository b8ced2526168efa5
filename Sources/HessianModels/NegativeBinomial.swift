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
    private let logFactorials: Double
    private let cache = PointCache<State>()

    /// The largest |θ| = |log α| inside the domain.
    static let maximumLogDispersion = 700.0

    private struct State {
        var eta: [Double]
        var value: Double
        var gradient: [Double]?
        /// sᵢ(yᵢ + r)q′ᵢ: the (w, w) block's sample weights.
        var curvatureWeights: [Double]?
        /// The (w, θ) column and the (θ, θ) entry.
        var cross: [Double]?
        var thetaTheta: Double = 0
        var hessian: Matrix?
    }

    /// Throws if the counts or offset do not match the samples, a count is not a non-negative
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

    /// p + 1: the regression coefficients, then θ = log α.
    public var dimension: Int { design.parametersPerOutput + 1 }

    /// True: Newton takes value, gradient and Hessian in one pass.
    public var newtonUsesDenseHessian: Bool { true }

    private func penalty(_ x: [Double]) -> Double { ridgePenalty(strengths, Array(x[0..<(x.count - 1)])) }

    /// Σ sᵢ(−ℓᵢ): the unpenalized weighted negative log-likelihood (internal coordinates).
    public func loss(at x: [Double]) -> Double { value(at: x) - penalty(x) }

    private func inDomain(_ theta: Double) -> Bool { abs(theta) <= NegativeBinomial.maximumLogDispersion }

    /// The NB2 negative log-likelihood in (w, log α) plus the penalty.
    public func value(at x: [Double]) -> Double {
        precondition(x.count == dimension)
        if let s = cache.state(at: x) { return s.value }
        let p = dimension - 1, theta = x[p]
        let eta = CountData.linearPredictor(design, Array(x[0..<p]), offset: offset)
        var v = Double.infinity
        if inDomain(theta) {
            let r = exp(-theta), s = design.weights
            v = logFactorials + penalty(x)
            for i in 0..<eta.count {
                let y = counts[i], a = theta + eta[i]
                let li = -Polygamma.logGammaDifference(y, r) - y * a + (y + r) * LogisticFunctions.log1pExp(a)
                v += s.map { $0[i] * li } ?? li
            }
        }
        cache.store(State(eta: eta, value: v), at: x)
        return v
    }

    /// f, ∇f and, if asked, ∇²f in (w, log α).
    public func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        precondition(x.count == dimension)
        var st = cache.state(at: x)
        if let s = st, let g = s.gradient, !hessian || s.hessian != nil {
            return Evaluation(value: s.value, gradient: g, hessian: hessian ? s.hessian : nil)
        }
        st = fusedPass(x, eta: st?.eta, hessian: hessian)
        cache.store(st!, at: x)
        return Evaluation(value: st!.value, gradient: st!.gradient!, hessian: st!.hessian)
    }

    /// v ↦ H v = (X̂ᵀ diag(c) X̂ v_w + λv_w + h v_θ,  hᵀv_w + h_θθ v_θ) with c, h, h_θθ computed once.
    public func curvature(at x: [Double]) -> HessianOperator {
        var st = cache.state(at: x)
        if st?.curvatureWeights == nil {
            st = fusedPass(x, eta: st?.eta, hessian: false)
            cache.store(st!, at: x)
        }
        let n = dimension, p = n - 1
        guard st!.value.isFinite else { return HessianOperator(dimension: n) { _ in [Double](repeating: .infinity, count: n) } }
        let c = st!.curvatureWeights!, h = st!.cross!, htt = st!.thetaTheta
        let design = self.design, strengths = self.strengths
        return HessianOperator(dimension: n) { v in
            let vt = v[p]
            var hv = design.weightedNormalProduct(c, Array(v[0..<p]))
            var last = htt * vt
            for k in 0..<p {
                hv[k] += strengths[k] * v[k] + h[k] * vt
                last += h[k] * v[k]
            }
            hv.append(last)
            return hv
        }
    }

    /// The N×(p + 1) matrix G whose row i is the gradient of row i's term sᵢ(−ℓᵢ) of the unpenalized
    /// loss with respect to (w, θ), in internal coordinates (Σᵢ Gᵢ = ∇l − (λw, 0)).
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

    /// One pass over row blocks: η (unless given), value, gradient, the (w, w) weights, the (w, θ)
    /// column, the (θ, θ) entry and, if asked, the dense Hessian.
    private func fusedPass(_ x: [Double], eta given: [Double]?, hessian wantH: Bool) -> State {
        let n = design.rows, d = design.features, p = dimension - 1, off = design.intercept ? 1 : 0
        let theta = x[p]
        guard inDomain(theta) else {
            let inf = [Double](repeating: .infinity, count: p + 1)
            return State(eta: given ?? [Double](repeating: 0, count: n), value: .infinity, gradient: inf,
                         curvatureWeights: [Double](repeating: 0, count: n), cross: inf, thetaTheta: .infinity,
                         hessian: wantH ? Matrix(rows: p + 1, columns: p + 1, repeating: .infinity) : nil)
        }
        let rr = exp(-theta)
        let b = RowBlocks.blockRows(columns: p)
        let chunksMax = RowBlocks.maximumChunks
        var eta = given ?? [Double](repeating: 0, count: n)
        var c = [Double](repeating: 0, count: n)
        // Per chunk: loss, ∂/∂θ and ∂²/∂θ² (3 entries); gradient (p); (w, θ) column (p); (w, w) block (p²).
        var scalars = [Double](repeating: 0, count: chunksMax * 3)
        var grads = [Double](repeating: 0, count: chunksMax * p)
        var crosses = [Double](repeating: 0, count: chunksMax * p)
        var hs = [Double](repeating: 0, count: wantH ? chunksMax * p * p : 0)
        let haveEta = given != nil
        let bias = design.intercept ? x[0] : 0
        let chunks = design.matrix.storage.withUnsafeBufferPointer { xsb in
            x.withUnsafeBufferPointer { wsb in
                counts.withUnsafeBufferPointer { ysb in
                    eta.withUnsafeMutableBufferPointer { esb in
                        c.withUnsafeMutableBufferPointer { csb in
                            scalars.withUnsafeMutableBufferPointer { ssb in
                                grads.withUnsafeMutableBufferPointer { gsb in
                                    crosses.withUnsafeMutableBufferPointer { xcb in
                                        hs.withUnsafeMutableBufferPointer { hsb in
            let xs = xsb.baseAddress!, ws = wsb.baseAddress!, ys = ysb.baseAddress!
            let es = esb.baseAddress!, cs = csb.baseAddress!
            let sw = design.weights, o = offset
            // ≈ 60 flops for σ, log(1 + eᵃ) and the ψ sums per row (small counts).
            let work = (haveEta ? 0 : 2 * d) + 4 * d + 60 + (wantH ? p * (p + 1) + 2 * p : 0)
            return RowBlocks.parallelChunks(n, flopsPerRow: work) { chunk, range in
                let r = UnsafeMutablePointer<Double>.allocate(capacity: b)
                let m = UnsafeMutablePointer<Double>.allocate(capacity: b)
                let root = UnsafeMutablePointer<Double>.allocate(capacity: b)
                let buffer = UnsafeMutablePointer<Double>.allocate(capacity: wantH ? b * p : 1)
                defer { r.deallocate(); m.deallocate(); root.deallocate(); buffer.deallocate() }
                let g = gsb.baseAddress! + chunk * p, hc = xcb.baseAddress! + chunk * p
                var loss = 0.0, gt = 0.0, htt = 0.0
                var r0 = range.lowerBound
                while r0 < range.upperBound {
                    let rb = min(b, range.upperBound - r0)
                    if !haveEta {
                        blockGemv(transpose: false, rows: rb, columns: d, 1, xs + r0, lda: n, ws + off, 0, es + r0)
                        if bias != 0 { for i in 0..<rb { es[r0 + i] += bias } }
                        if let o { for i in 0..<rb { es[r0 + i] += o[r0 + i] } }
                    }
                    for i in 0..<rb {
                        let y = ys[r0 + i], a = theta + es[r0 + i]
                        let s = sw?[r0 + i] ?? 1
                        let (q, dq) = LogisticFunctions.sigmoid(a)
                        let u = LogisticFunctions.log1pExp(a)
                        let dg = Polygamma.digammaDifference(y, rr)
                        loss += s * (-Polygamma.logGammaDifference(y, rr) - y * a + (y + rr) * u)
                        r[i] = s * ((y + rr) * q - y)
                        let ci = s * (y + rr) * dq
                        m[i] = ci - s * rr * q
                        gt += s * (rr * dg - rr * u - y + (y + rr) * q)
                        htt += s * (-rr * dg + rr * rr * Polygamma.trigammaDifference(y, rr) + rr * u - 2 * rr * q + (y + rr) * dq)
                        cs[r0 + i] = ci
                        root[i] = ci.squareRoot()
                    }
                    if off == 1 { g[0] += blockSum(r, rb); hc[0] += blockSum(m, rb) }
                    blockGemv(transpose: true, rows: rb, columns: d, 1, xs + r0, lda: n, r, 1, g + off)
                    blockGemv(transpose: true, rows: rb, columns: d, 1, xs + r0, lda: n, m, 1, hc + off)
                    if wantH {
                        RowBlocks.scaledSyrk(x: xs, n: n, d: d, r0: r0, rb: rb, intercept: off == 1, root: root,
                                             alpha: 1, buffer: buffer, c: hsb.baseAddress! + chunk * p * p, ldc: p)
                    }
                    r0 += rb
                }
                ssb[3 * chunk] = loss
                ssb[3 * chunk + 1] = gt
                ssb[3 * chunk + 2] = htt
            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var value = penalty(x) + logFactorials, gTheta = 0.0, hTheta = 0.0
        var g = [Double](repeating: 0, count: p), cross = g
        for k in 0..<chunks {
            value += scalars[3 * k]
            gTheta += scalars[3 * k + 1]
            hTheta += scalars[3 * k + 2]
            for j in 0..<p { g[j] += grads[k * p + j]; cross[j] += crosses[k * p + j] }
        }
        for j in 0..<p { g[j] += strengths[j] * x[j] }
        g.append(gTheta)
        var h: Matrix?
        if wantH {
            var hm = Matrix(rows: p + 1, columns: p + 1)
            for k in 0..<chunks {
                for j in 0..<p { for i in j..<p { hm[i, j] += hs[k * p * p + j * p + i] } }
            }
            for j in 0..<p { hm[p, j] = cross[j]; hm[j, j] += strengths[j] }
            hm[p, p] = hTheta
            hm.fillUpperFromLower()
            h = hm
        }
        return State(eta: eta, value: value, gradient: g, curvatureWeights: c, cross: cross, thetaTheta: hTheta, hessian: h)
    }

    /// (w_ext, θ): the regression coefficients in user units, θ unchanged.
    public func externalCoefficients(_ x: [Double]) -> [Double] {
        design.externalCoefficients(Array(x.dropLast())) + [x[x.count - 1]]
    }

    /// (w_int, θ) from (w_ext, θ).
    public func internalCoefficients(_ x: [Double]) -> [Double] {
        design.internalCoefficients(Array(x.dropLast())) + [x[x.count - 1]]
    }

    /// T̂ C T̂ᵀ with T̂ = diag(T, 1) for a (p + 1)×(p + 1) internal covariance.
    public func externalCovariance(_ c: Matrix) -> Matrix {
        precondition(c.rows == dimension && c.isSquare)
        guard design.isStandardized else { return c }
        let t = design.transform, p = dimension - 1
        let tt = Matrix(rows: p + 1, columns: p + 1) { i, j in i < p && j < p ? t[i, j] : (i == j ? 1 : 0) }
        return product(tt * c, tt, transposeB: true)
    }

    /// The method-of-moments dispersion α̃ = Σ sᵢ[(yᵢ − μᵢ)² − yᵢ] / Σ sᵢμᵢ² (from E(y − μ)² = μ + αμ²),
    /// floored at `floor` so that a start for the joint fit exists when the data look underdispersed.
    public static func momentDispersion(counts y: [Double], means mu: [Double], weights s: [Double]?,
                                        floor: Double = 0.01) -> Double {
        var num = 0.0, den = 0.0
        for i in 0..<y.count {
            let si = s?[i] ?? 1, e = y[i] - mu[i]
            num += si * (e * e - y[i])
            den += si * mu[i] * mu[i]
        }
        let alpha = num / den
        return alpha.isFinite && alpha > floor ? alpha : floor
    }
}
