import HessianLinearAlgebra

/// The multinomial Hessian as one gemm per row sub-block. Class block (k, l) is X̂ᵀ diag(ω_kl) X̂
/// with ω_kl = s ⊙ p_k ⊙ (δ_kl − p_l), so every entry is H[(k,j),(l,j′)] = Σᵢ x̂ᵢⱼ x̂ᵢⱼ′ ω_kl,i. With
/// Q (N × p(p+1)/2) the columns x̂ⱼ ⊙ x̂ⱼ′ (j ≥ j′) and Ω (N × K(K+1)/2) the columns ω_kl (k ≥ l),
/// all distinct entries are C = QᵀΩ: one gemm with m = p(p+1)/2, n = K(K+1)/2 per sub-block of
/// `rows` rows, scattered into H at the end. K(K+1)/2 · p(p+1)/2 · 2N flops, as the class blocks,
/// but in one large gemm instead of K(K+1)/2 small dsyrk calls.
struct KhatriRaoShape {
    /// p(p+1)/2 and K(K+1)/2.
    let featurePairs: Int, classPairs: Int
    let features: Int, classes: Int

    /// Use this form from this many class pairs K(K+1)/2 on (K ≥ 3).
    static let minimumClassPairs = 6
    /// Above this many feature pairs (p > 127) Q_b would exceed 16 MB per core, and the class
    /// blocks' dsyrk with n = p is efficient anyway.
    static let maximumFeaturePairs = 8192
    /// Rows per sub-block: Q_b is `rows` × p(p+1)/2 (≈ 2.7 MB for p = 51).
    static let rows = 256

    init(features p: Int, classes kk: Int) {
        features = p
        classes = kk
        featurePairs = p * (p + 1) / 2
        classPairs = kk * (kk + 1) / 2
    }

    /// Whether this form is used for these shapes.
    var applies: Bool { classPairs >= Self.minimumClassPairs && featurePairs <= Self.maximumFeaturePairs }
    /// Entries of C.
    var entries: Int { featurePairs * classPairs }
    /// Scratch for Q_b and Ω_b.
    var scratch: Int { Self.rows * (featurePairs + classPairs) }

    /// H (Kp × Kp, vec(W) order) from C: H[k + K j, l + K j′] = C[t(j, j′), u(k, l)].
    func hessian(_ c: [Double]) -> Matrix {
        let p = features, kk = classes, kp = kk * p
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
                        for k in 0..<kk { hs[col + k + kk * j] = c[tt + featurePairs * uIndex[k + kk * l]] }
                    }
                }
            }
        }
        return h
    }
}

extension MultinomialBlock {
    /// C += Q_bᵀ Ω_b over the block's sub-blocks of `KhatriRaoShape.rows` rows, for the
    /// probabilities `a` (rb × m).
    func addKhatriRao(_ a: UnsafePointer<Double>, _ shape: KhatriRaoShape, scratch: UnsafeMutablePointer<Double>,
                      into c: UnsafeMutablePointer<Double>) {
        let tCount = shape.featurePairs, uCount = shape.classPairs
        let q = scratch, om = scratch + KhatriRaoShape.rows * tCount
        var s0 = 0
        while s0 < rb {
            let sbn = min(KhatriRaoShape.rows, rb - s0)
            var u = 0
            for l in 0..<kk {
                for k in l..<kk {
                    let pk = a + (k + c0) * rb + s0, pl = a + (l + c0) * rb + s0
                    let dst = om + u * sbn
                    if k == l {
                        for i in 0..<sbn { dst[i] = weight(s0 + i) * pk[i] * (1 - pk[i]) }
                    } else {
                        for i in 0..<sbn { dst[i] = -weight(s0 + i) * pk[i] * pl[i] }
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
                        else { dst.update(from: x + (j - 1) * n + r0 + s0, count: sbn) }
                    } else {
                        let xa = x + (j - off) * n + r0 + s0, xb = x + (jp - off) * n + r0 + s0
                        for i in 0..<sbn { dst[i] = xa[i] * xb[i] }
                    }
                    t += 1
                }
            }
            blockGemm(transposeA: true, transposeB: false, m: tCount, n: uCount, k: sbn, 1, q, lda: sbn,
                      om, ldb: sbn, 1, c, ldc: tCount)
            s0 += sbn
        }
    }
}
