import Foundation
import HessianLinearAlgebra
import HessianCalculus

/// Weighted, ridge-penalized multinomial logistic regression with m classes.
///
/// Per sample, with x̂ = (1, x) when there is an intercept, a = W x̂, p = softmax(a):
///     l = −log p_y = log(1ᵀe^a) − a_y,   ∇_W l = (p − y) x̂ᵀ,   ∇²_W l = (x̂x̂ᵀ) ⊗ D(a),
///     D(a) = diag(p) − ppᵀ,
/// so over N samples (R = S(P − Y)): ∇_W = Rᵀ X̂ and ∇² = Σᵢ sᵢ (x̂ᵢx̂ᵢᵀ) ⊗ D(W x̂ᵢ) in vec(W)
/// column-major order (parameter (class k, feature j) at k + K·j). Penalty (λ/2)‖W‖²_F over the
/// feature columns only.
///
/// Parametrizations. `.allClasses`: W is m×p; softmax is invariant to adding one vector to every
/// row, so the Hessian is singular and λ > 0 is required. Even then, with an (unpenalized)
/// intercept, adding one constant to every intercept stays flat: the Hessian is singular along
/// that one direction, `newtonStep` returns the minimum-norm Newton step, and H⁻¹ (a covariance)
/// does not exist — use `.referenceClass` for inference. `.referenceClass`: class 0's row is
/// fixed at zero and W holds the other K = m − 1 rows (as statsmodels' MNLogit), valid for λ = 0.
///
/// The Objective conformance is in the design's internal coordinates (see `Design`).
public struct Multinomial: Objective, Sendable {
    /// Which classes have free coefficients.
    public enum Parametrization: String, Sendable, CaseIterable {
        case allClasses, referenceClass
    }

    /// The feature matrix with its intercept, weights and internal scaling.
    public let design: Design
    /// Class codes 0..<classes, one per row.
    public let labels: [Int]
    /// m, the number of classes.
    public let classes: Int
    /// The penalty λ.
    public let l2: Double
    /// Reference class (λ = 0) or all classes free.
    public let parametrization: Parametrization
    /// λ·factorⱼ per column j of W (0 for the intercept column).
    private let strengths: [Double]
    private let cache = PointCache<State>()

    private struct State {
        /// P, N×m column-major (all m classes, including a reference class).
        var probabilities: [Double]
        var value: Double
        var gradient: [Double]?
        var hessian: Matrix?
    }

    /// Throws for labels outside 0..<classes, a count mismatch, fewer than 2 classes, an invalid λ,
    /// or `.allClasses` with λ = 0 (singular Hessian: use `.referenceClass` or λ > 0).
    public init(design: Design, labels: [Int], classes: Int, l2: Double = 0,
                parametrization: Parametrization) throws {
        guard classes >= 2 else { throw ModelError.tooFewClasses(classes) }
        guard labels.count == design.rows else {
            throw ModelError.countMismatch(what: "labels", expected: design.rows, got: labels.count)
        }
        if let i = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
            throw ModelError.invalidLabel(index: i, value: Double(labels[i]), allowed: "integers 0..<\(classes)")
        }
        guard l2.isFinite && l2 >= 0 else { throw ModelError.invalidPenalty(l2) }
        if parametrization == .allClasses && l2 == 0 {
            throw ModelError.needsPenalty(
                "multinomial regression over all classes needs an L2 penalty λ > 0 (adding one vector to every "
                + "class's coefficients leaves the probabilities unchanged, so the Hessian is singular); "
                + "use λ > 0 or the reference-class parametrization")
        }
        self.design = design
        self.labels = labels
        self.classes = classes
        self.l2 = l2
        self.parametrization = parametrization
        self.strengths = design.penaltyStrengths(l2)
    }

    /// The first class with free coefficients (1 when class 0 is the reference).
    public var firstFreeClass: Int { parametrization == .referenceClass ? 1 : 0 }
    /// K, the number of rows of W that are parameters.
    public var freeClasses: Int { classes - firstFreeClass }
    /// p·K with K free classes.
    public var dimension: Int { freeClasses * design.parametersPerOutput }

    /// Newton's direction (plain or the minimum-norm `newtonStep`) needs the dense Hessian;
    /// the fused pass forms it with the gradient.
    public var newtonUsesDenseHessian: Bool { true }

    private func penalty(_ w: [Double]) -> Double {
        let kk = freeClasses
        var s = 0.0
        for j in 0..<design.parametersPerOutput where strengths[j] != 0 {
            for k in 0..<kk { s += strengths[j] * w[k + kk * j] * w[k + kk * j] }
        }
        return 0.5 * s
    }

    /// Σ sᵢ (−log p_{i,yᵢ}), the unpenalized weighted data term (internal coordinates).
    public func loss(at w: [Double]) -> Double { value(at: w) - penalty(w) }

    /// f(W) = Σ sᵢ[log Σₖ e^{ηᵢₖ} − ηᵢ,yᵢ] + (λ/2)‖W‖² (intercepts unpenalized).
    public func value(at w: [Double]) -> Double {
        precondition(w.count == dimension)
        if let s = cache.state(at: w) { return s.value }
        let st = pass(w, given: nil, gradient: false, hessian: false)
        cache.store(st, at: w)
        return st.value
    }

    /// f, ∇f and, if asked, the Kp×Kp Hessian.
    public func evaluate(at w: [Double], hessian: Bool) -> Evaluation {
        precondition(w.count == dimension)
        let old = cache.state(at: w)
        if let s = old, let g = s.gradient, !hessian || s.hessian != nil {
            return Evaluation(value: s.value, gradient: g, hessian: hessian ? s.hessian : nil)
        }
        let st = pass(w, given: old, gradient: true, hessian: hessian)
        cache.store(st, at: w)
        return Evaluation(value: st.value, gradient: st.gradient!, hessian: st.hessian)
    }

    /// v ↦ ∇²v without the Hessian: with V the K×p matrix of v, A = X̂Vᵀ (N×K, gemm),
    /// rᵢ = sᵢ (pᵢ ⊙ aᵢ − pᵢ (pᵢᵀaᵢ)) (free classes; the reference class has a = 0),
    /// ∇²v = vec(Rᵀ X̂) (second gemm) + λv — both gemms per row block in one pass.
    public func curvature(at w: [Double]) -> HessianOperator {
        var st = cache.state(at: w)
        if st == nil {
            st = pass(w, given: nil, gradient: false, hessian: false)
            cache.store(st!, at: w)
        }
        let probabilities = st!.probabilities
        let design = self.design, strengths = self.strengths
        let n = design.rows, d = design.features, p = design.parametersPerOutput, off = design.intercept ? 1 : 0
        let kk = freeClasses, c0 = firstFreeClass
        let b = RowBlocks.blockRows(columns: max(p, kk))
        return HessianOperator(dimension: dimension) { v in
            // One pass over row blocks (X̃_b read once, reused from cache by the second gemm),
            // rows split across cores with per-core partial results.
            var partial = [Double](repeating: 0, count: RowBlocks.maximumChunks * kk * p)
            let chunks = design.matrix.storage.withUnsafeBufferPointer { xs in
                v.withUnsafeBufferPointer { vs in
                    probabilities.withUnsafeBufferPointer { ps in
                        partial.withUnsafeMutableBufferPointer { hsb in
                            let x = xs.baseAddress!, pp = ps.baseAddress!, sw = design.weights
                            return RowBlocks.parallelChunks(n, flopsPerRow: 4 * kk * p + 6 * kk) { chunk, range in
                                let av = UnsafeMutablePointer<Double>.allocate(capacity: b * kk)
                                let t = UnsafeMutablePointer<Double>.allocate(capacity: b)
                                defer { av.deallocate(); t.deallocate() }
                                let hs = hsb.baseAddress! + chunk * kk * p
                                var r0 = range.lowerBound
                                while r0 < range.upperBound {
                                    let rb = min(b, range.upperBound - r0)
                                    // A_b = X̃_b V_fᵀ (+ intercepts)
                                    for k in 0..<kk { let v0 = off == 1 ? vs[k] : 0; for i in 0..<rb { av[i + k * rb] = v0 } }
                                    blockGemm(transposeA: false, transposeB: true, m: rb, n: kk, k: d, 1, x + r0, lda: n,
                                              vs.baseAddress! + kk * off, ldb: kk, 1, av, ldc: rb)
                                    // t = Σ_k p_k a_k ; r_k = s p_k (a_k − t)
                                    for i in 0..<rb { t[i] = 0 }
                                    for k in 0..<kk {
                                        let pk = pp + (k + c0) * n + r0, ak = av + k * rb
                                        for i in 0..<rb { t[i] += pk[i] * ak[i] }
                                    }
                                    for k in 0..<kk {
                                        let pk = pp + (k + c0) * n + r0, ak = av + k * rb
                                        for i in 0..<rb { ak[i] = (sw?[r0 + i] ?? 1) * pk[i] * (ak[i] - t[i]) }
                                        if off == 1 { hs[k] += blockSum(ak, rb) }
                                    }
                                    // += vec(R_bᵀ X̃_b) in the feature columns
                                    blockGemm(transposeA: true, transposeB: false, m: kk, n: d, k: rb, 1, av, lda: rb,
                                              x + r0, ldb: n, 1, hs + kk * off, ldc: kk)
                                    r0 += rb
                                }
                            }
                        }
                    }
                }
            }
            var hv = Array(partial[0..<(kk * p)])
            for c in 1..<chunks { for e in 0..<(kk * p) { hv[e] += partial[c * kk * p + e] } }
            for j in 0..<p where strengths[j] != 0 {
                for k in 0..<kk { hv[k + kk * j] += strengths[j] * v[k + kk * j] }
            }
            return hv
        }
    }

    /// Use the Khatri–Rao gemm for the Hessian from this many class pairs K(K+1)/2 on (K ≥ 3).
    static let khatriRaoMinimumClassPairs = 6
    /// Above this many feature pairs p(p+1)/2 (p > 127) Q_b would exceed 16 MB per core, and the
    /// class blocks' dsyrk with n = p is efficient anyway: use class blocks.
    static let khatriRaoMaximumFeaturePairs = 8192
    /// Rows per Khatri–Rao sub-block: Q_b is khatriRaoRows × p(p+1)/2 (≈ 2.7 MB for p = 51).
    static let khatriRaoRows = 256

    /// One pass over row blocks of X̃: per block A_b = X_b Wᵀ (gemm), stable softmax, the loss,
    /// the gradient R_bᵀ X_b (gemm) and the Hessian, split across cores.
    /// With `given` (the state cached by `value`), P is reused and A is not recomputed.
    ///
    /// Hessian: class block (k, l) is X̂ᵀ diag(ω_kl) X̂ with ω_kl = s ⊙ p_k ⊙ (δ_kl − p_l), so every
    /// entry is H[(k,j),(l,j′)] = Σᵢ x̂ᵢⱼ x̂ᵢⱼ′ ω_kl,i. Two BLAS forms, both K(K+1)/2 · p(p+1)/2 · 2N flops:
    /// - Khatri–Rao (K ≥ 3, p ≤ 127): with Q (N × p(p+1)/2) the columns x̂ⱼ ⊙ x̂ⱼ′ (j ≥ j′) and Ω (N × K(K+1)/2)
    ///   the columns ω_kl (k ≥ l), all distinct entries are C = QᵀΩ — ONE gemm per 256-row sub-block
    ///   (m = p(p+1)/2, n = K(K+1)/2), scattered into H at the end.
    /// - class blocks (otherwise): each block's weights have one sign (≥ 0 on the diagonal, −s p_k p_l ≤ 0
    ///   off it), so each is a scaled dsyrk of the row block with √|ω| and α = ±1.
    /// (The block-diagonal-minus-syrk form, Σ diag-blocks − ZᵀZ with Z rows √sᵢ (x̂ᵢ ⊗ pᵢ), needs
    /// (Kp)²N flops, twice as many.) Measured (N = 50 000, d = 50, m = 10, 2 shared cores, release,
    /// loaded machine, so as multiples of a 2-GFLOP dgemm timed in the same run): Khatri–Rao
    /// 4.9–5.3× (all classes) and 4.0–4.4× (reference class); class blocks 6.0–7.6× and 4.8–8.4×;
    /// minus-syrk ≈ 1.1× the class blocks. Khatri–Rao ≈ 69% of dgemm's GFLOP/s.
    private func pass(_ w: [Double], given: State?, gradient wantG: Bool, hessian wantH: Bool) -> State {
        let n = design.rows, d = design.features, p = design.parametersPerOutput, off = design.intercept ? 1 : 0
        let m = classes, kk = freeClasses, c0 = firstFreeClass
        let kp = kk * p
        let b = RowBlocks.blockRows(columns: max(p, m))
        let chunksMax = RowBlocks.maximumChunks
        let haveP = given != nil
        var probabilities = given?.probabilities ?? [Double](repeating: 0, count: n * m)
        var losses = [Double](repeating: 0, count: chunksMax)
        var grads = [Double](repeating: 0, count: wantG ? chunksMax * kp : 0)
        let tCount = p * (p + 1) / 2, uCount = kk * (kk + 1) / 2
        let useKR = uCount >= Multinomial.khatriRaoMinimumClassPairs && tCount <= Multinomial.khatriRaoMaximumFeaturePairs
        let krRows = Multinomial.khatriRaoRows
        var hcs = [Double](repeating: 0, count: wantH && !useKR ? chunksMax * kp * kp : 0)
        var krs = [Double](repeating: 0, count: wantH && useKR ? chunksMax * tCount * uCount : 0)
        let chunks = design.matrix.storage.withUnsafeBufferPointer { xsb in
            w.withUnsafeBufferPointer { wsb in
                labels.withUnsafeBufferPointer { ysb in
                    probabilities.withUnsafeMutableBufferPointer { psb in
                        losses.withUnsafeMutableBufferPointer { lsb in
                            grads.withUnsafeMutableBufferPointer { gsb in
                                hcs.withUnsafeMutableBufferPointer { hsb in
                                krs.withUnsafeMutableBufferPointer { krsb in
            let xs = xsb.baseAddress!, ws = wsb.baseAddress!, ys = ysb.baseAddress!, ps = psb.baseAddress!
            let sw = design.weights
            // softmax ≈ 30 flops per class (exp, log); Hessian: K(K+1)/2 · p(p+1)/2 multiply-adds.
            let work = (haveP ? 0 : 2 * kk * d + 30 * m) + (wantG ? 2 * kp + 2 * kk : 0) + (wantH ? 2 * tCount * uCount + tCount : 0)
            return RowBlocks.parallelChunks(n, flopsPerRow: work) { chunk, range in
                let a = UnsafeMutablePointer<Double>.allocate(capacity: b * m)
                let r = UnsafeMutablePointer<Double>.allocate(capacity: b * kk)
                let tmp = UnsafeMutablePointer<Double>.allocate(capacity: 3 * b)
                let buffer = UnsafeMutablePointer<Double>.allocate(capacity: wantH ? b * p : 1)
                let q = UnsafeMutablePointer<Double>.allocate(capacity: wantH && useKR ? krRows * tCount : 1)
                let om = UnsafeMutablePointer<Double>.allocate(capacity: wantH && useKR ? krRows * uCount : 1)
                defer { a.deallocate(); r.deallocate(); tmp.deallocate(); buffer.deallocate(); q.deallocate(); om.deallocate() }
                let mx = tmp, sum = tmp + b, root = tmp + 2 * b
                var loss = 0.0
                var r0 = range.lowerBound
                while r0 < range.upperBound {
                    let rb = min(b, range.upperBound - r0)
                    if haveP {
                        for k in 0..<m { (a + k * rb).update(from: ps + k * n + r0, count: rb) }
                    } else {
                        // Logits of the free classes: a_k = X_b w_k + b_k; the reference class has a = 0.
                        for k in 0..<m {
                            let v = (k >= c0 && off == 1) ? ws[k - c0] : 0
                            for i in 0..<rb { a[i + k * rb] = v }
                        }
                        blockGemm(transposeA: false, transposeB: true, m: rb, n: kk, k: d, 1, xs + r0, lda: n,
                                  ws + kk * off, ldb: kk, 1, a + c0 * rb, ldc: rb)
                        // Stable softmax: p = e^{a − max} / Σ e^{a − max}; −log p_y = max + log Σ − a_y.
                        for i in 0..<rb { mx[i] = a[i]; sum[i] = 0 }
                        for k in 1..<m { for i in 0..<rb { mx[i] = max(mx[i], a[i + k * rb]) } }
                        for i in 0..<rb { root[i] = a[i + ys[r0 + i] * rb] }
                        for k in 0..<m {
                            for i in 0..<rb {
                                let e = exp(a[i + k * rb] - mx[i])
                                a[i + k * rb] = e
                                sum[i] += e
                            }
                        }
                        for i in 0..<rb {
                            loss += (sw?[r0 + i] ?? 1) * (mx[i] + log(sum[i]) - root[i])
                            sum[i] = 1 / sum[i]
                        }
                        for k in 0..<m {
                            for i in 0..<rb { a[i + k * rb] *= sum[i] }
                            (ps + k * n + r0).update(from: a + k * rb, count: rb)
                        }
                    }
                    if wantG {
                        // R_b = S (P_b − Y_b) over the free classes; ∇ += vec(R_bᵀ X̂_b).
                        let g = gsb.baseAddress! + chunk * kp
                        for k in 0..<kk {
                            let cls = k + c0
                            for i in 0..<rb {
                                r[i + k * rb] = (sw?[r0 + i] ?? 1) * (a[i + cls * rb] - (ys[r0 + i] == cls ? 1 : 0))
                            }
                            if off == 1 { g[k] += blockSum(r + k * rb, rb) }
                        }
                        blockGemm(transposeA: true, transposeB: false, m: kk, n: d, k: rb, 1, r, lda: rb,
                                  xs + r0, ldb: n, 1, g + kk * off, ldc: kk)
                    }
                    if wantH && useKR {
                        let cKR = krsb.baseAddress! + chunk * tCount * uCount
                        var s0 = 0
                        while s0 < rb {
                            let sbn = min(krRows, rb - s0)
                            var u = 0
                            for l in 0..<kk {
                                for k in l..<kk {
                                    let pk = a + (k + c0) * rb + s0, pl = a + (l + c0) * rb + s0
                                    let dst = om + u * sbn
                                    if k == l {
                                        for i in 0..<sbn { dst[i] = (sw?[r0 + s0 + i] ?? 1) * pk[i] * (1 - pk[i]) }
                                    } else {
                                        for i in 0..<sbn { dst[i] = -(sw?[r0 + s0 + i] ?? 1) * pk[i] * pl[i] }
                                    }
                                    u += 1
                                }
                            }
                            var t = 0
                            for jp in 0..<p {
                                for j in jp..<p {
                                    let dst = q + t * sbn
                                    if off == 1 && jp == 0 {
                                        if j == 0 { for i in 0..<sbn { dst[i] = 1 } }
                                        else { dst.update(from: xs + (j - 1) * n + r0 + s0, count: sbn) }
                                    } else {
                                        let xa = xs + (j - off) * n + r0 + s0, xb = xs + (jp - off) * n + r0 + s0
                                        for i in 0..<sbn { dst[i] = xa[i] * xb[i] }
                                    }
                                    t += 1
                                }
                            }
                            blockGemm(transposeA: true, transposeB: false, m: tCount, n: uCount, k: sbn, 1, q, lda: sbn,
                                      om, ldb: sbn, 1, cKR, ldc: tCount)
                            s0 += sbn
                        }
                    } else if wantH {
                        let hc = hsb.baseAddress! + chunk * kp * kp
                        for k in 0..<kk {
                            let pk = a + (k + c0) * rb
                            for l in 0...k {
                                let pl = a + (l + c0) * rb
                                if k == l {
                                    for i in 0..<rb { root[i] = ((sw?[r0 + i] ?? 1) * pk[i] * (1 - pk[i])).squareRoot() }
                                } else {
                                    for i in 0..<rb { root[i] = ((sw?[r0 + i] ?? 1) * pk[i] * pl[i]).squareRoot() }
                                }
                                RowBlocks.scaledSyrk(x: xs, n: n, d: d, r0: r0, rb: rb, intercept: off == 1,
                                                     root: root, alpha: k == l ? 1 : -1, buffer: buffer,
                                                     c: hc + k * p + l * p * kp, ldc: kp)
                            }
                        }
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
        let value = given?.value ?? (losses[0..<chunks].reduce(0, +) + penalty(w))
        var gradient: [Double]?
        if wantG {
            var g = Array(grads[0..<kp])
            for c in 1..<chunks { for e in 0..<kp { g[e] += grads[c * kp + e] } }
            for j in 0..<p where strengths[j] != 0 { for k in 0..<kk { g[k + kk * j] += strengths[j] * w[k + kk * j] } }
            gradient = g
        }
        var hessian: Matrix?
        if wantH && useKR {
            var c = Array(krs[0..<(tCount * uCount)])
            for ch in 1..<chunks { for e in 0..<c.count { c[e] += krs[ch * tCount * uCount + e] } }
            var tIndex = [Int](repeating: 0, count: p * p), uIndex = [Int](repeating: 0, count: kk * kk)
            var t = 0
            for jp in 0..<p { for j in jp..<p { tIndex[j + p * jp] = t; tIndex[jp + p * j] = t; t += 1 } }
            var u = 0
            for l in 0..<kk { for k in l..<kk { uIndex[k + kk * l] = u; uIndex[l + kk * k] = u; u += 1 } }
            var h = Matrix(rows: kp, columns: kp)
            h.storage.withUnsafeMutableBufferPointer { hs in
                for jp in 0..<p {
                    for l in 0..<kk {
                        let col = (l + kk * jp) * kp
                        for j in 0..<p {
                            let tt = tIndex[j + p * jp] 
                            for k in 0..<kk { hs[col + k + kk * j] = c[tt + tCount * uIndex[k + kk * l]] }
                        }
                    }
                }
            }
            for j in 0..<p where strengths[j] != 0 { for k in 0..<kk { h[k + kk * j, k + kk * j] += strengths[j] } }
            hessian = h
        } else if wantH {
            hessian = assembleHessian(hcs, chunks: chunks)
        }
        return State(probabilities: probabilities, value: value, gradient: gradient, hessian: hessian)
    }

    /// Sums the per-chunk class-major matrices Hc (block (k,l) at rows k·p, columns l·p, lower
    /// triangle valid), completes the symmetric blocks and reorders to vec(W) order:
    /// H[k + K j, l + K j′] = Hc[k p + j, l p + j′]; adds λ on the diagonal.
    private func assembleHessian(_ hcs: [Double], chunks: Int) -> Matrix {
        let p = design.parametersPerOutput, kk = freeClasses, kp = kk * p
        var hc = Array(hcs[0..<(kp * kp)])
        for c in 1..<chunks { for e in 0..<(kp * kp) { hc[e] += hcs[c * kp * kp + e] } }
        hc.withUnsafeMutableBufferPointer { h in
            let base = h.baseAddress!
            // Each class block is itself symmetric; only its lower triangle was computed.
            for k in 0..<kk { for l in 0..<k { RowBlocks.fillUpper(base + k * p + l * p * kp, n: p, ldc: kp) } }
            RowBlocks.fillUpper(base, n: kp, ldc: kp)
        }
        var h = Matrix(rows: kp, columns: kp)
        for l in 0..<kk {
            for jj in 0..<p {
                let col = l + kk * jj, src = (l * p + jj) * kp
                for k in 0..<kk {
                    for j in 0..<p { h.storage[k + kk * j + col * kp] = hc[src + k * p + j] }
                }
            }
        }
        for j in 0..<p where strengths[j] != 0 { for k in 0..<kk { h[k + kk * j, k + kk * j] += strengths[j] } }
        return h
    }

    /// The Newton step where the dense Hessian is singular by construction: all classes with an
    /// (unpenalized) intercept. Adding one constant to every class's intercept leaves the
    /// probabilities unchanged, so u = (1,…,1 on the K intercept entries, 0 elsewhere) spans the
    /// Hessian's null space even with λ > 0 (any null vector must have zero feature part, since
    /// those are penalized, and an intercept part β with βᵀD(aᵢ)β = 0 for all i, i.e. β ∝ 1).
    /// The gradient is orthogonal to u (Σₖ ∂/∂bₖ = Σᵢ sᵢ Σₖ (pᵢₖ − yᵢₖ) = 0), so H Δ = −g is
    /// consistent, and (H + c uuᵀ) Δ = −g, positive definite, has as its solution exactly the
    /// minimum-norm Newton step (its u-component is 0). c is the mean intercept diagonal, for
    /// conditioning. For every other configuration the dense Hessian is positive definite and
    /// this returns nil (the solver factors the Hessian itself).
    public func newtonStep(at w: [Double], gradient: [Double]) throws -> [Double]? {
        guard parametrization == .allClasses && design.intercept else { return nil }
        var h = evaluate(at: w, hessian: true).hessian!
        let kk = freeClasses
        var c = 0.0
        for k in 0..<kk { c += h[k, k] }
        c = max(c / Double(kk), Double.leastNormalMagnitude)
        for k in 0..<kk { for l in 0..<kk { h[k, l] += c } }
        return try Cholesky(h).solve(scaled(-1, gradient))
    }

    // MARK: - Coordinates

    /// Maps each free class's row through `f` (one output's coefficient map of the design).
    private func mapRows(_ w: [Double], _ f: ([Double]) -> [Double]) -> [Double] {
        precondition(w.count == dimension)
        let kk = freeClasses, p = design.parametersPerOutput
        var out = w
        for k in 0..<kk {
            let row = f((0..<p).map { w[k + kk * $0] })
            for j in 0..<p { out[k + kk * j] = row[j] }
        }
        return out
    }

    /// vec(W_ext) = (T ⊗ I_K) vec(W_int): each class's row mapped by the design's T.
    public func externalCoefficients(_ w: [Double]) -> [Double] { mapRows(w, design.externalCoefficients) }
    /// The solver's internal coefficients from user units.
    public func internalCoefficients(_ w: [Double]) -> [Double] { mapRows(w, design.internalCoefficients) }

    /// (T ⊗ I_K) C (T ⊗ I_K)ᵀ for an internal covariance C in vec(W) order.
    public func externalCovariance(_ c: Matrix) -> Matrix {
        precondition(c.rows == dimension && c.isSquare)
        guard design.isStandardized else { return c }
        let t = kron(design.transform, .identity(freeClasses))
        return product(t * c, t, transposeB: true)
    }

    /// The full m×p coefficient matrix W in user units (the reference class's row is zero)
    /// from external parameters vec(W_free).
    public func coefficientMatrix(_ external: [Double]) -> Matrix {
        precondition(external.count == dimension)
        let kk = freeClasses, p = design.parametersPerOutput
        var w = Matrix(rows: classes, columns: p)
        for j in 0..<p { for k in 0..<kk { w[k + firstFreeClass, j] = external[k + kk * j] } }
        return w
    }

    /// P = rowwise softmax(X Wᵀ + 1bᵀ) (N×m) for W m×p in user units (intercept column first when `intercept`).
    public static func probabilities(_ x: Matrix, coefficients w: Matrix, intercept: Bool) -> Matrix {
        let off = intercept ? 1 : 0
        precondition(w.columns == x.columns + off, "probabilities: W has \(w.columns) columns for \(x.columns) features")
        let m = w.rows, n = x.rows
        let wf = Matrix(rows: m, columns: x.columns, storage: Array(w.storage[(m * off)...]))
        var a = product(x, wf, transposeB: true)
        for i in 0..<n {
            var mx = -Double.infinity
            for k in 0..<m {
                if intercept { a[i, k] += w[k, 0] }
                mx = max(mx, a[i, k])
            }
            var s = 0.0
            for k in 0..<m { a[i, k] = exp(a[i, k] - mx); s += a[i, k] }
            for k in 0..<m { a[i, k] /= s }
        }
        return a
    }
}
