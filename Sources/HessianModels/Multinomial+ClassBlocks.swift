import HessianLinearAlgebra

/// The multinomial Hessian by class blocks, for shapes where the Khatri–Rao gemm does not apply
/// (K ≤ 2 or p > 127). Class block (k, l) is X̂ᵀ diag(ω_kl) X̂ with ω_kk = s ⊙ p_k ⊙ (1 − p_k) ≥ 0 and
/// ω_kl = −s ⊙ p_k ⊙ p_l ≤ 0 (k ≠ l): each has one sign, so each is a scaled dsyrk of the row block
/// with √|ω| and α = ±1. The block-diagonal-minus-syrk form, Σ diagonal blocks − ZᵀZ with Z's rows
/// √sᵢ (x̂ᵢ ⊗ pᵢ), needs (Kp)²N flops, twice as many.
extension MultinomialBlock {
    /// Hc += the block's class blocks, class-major (block (k, l) at rows k·p, columns l·p of the
    /// Kp × Kp matrix `hc`, lower triangles of the blocks with l ≤ k), for the probabilities `a`
    /// (rb × m). `scratch` holds rb + rb·p entries.
    func addClassBlocks(_ a: UnsafePointer<Double>, scratch: UnsafeMutablePointer<Double>,
                        into hc: UnsafeMutablePointer<Double>) {
        let kp = kk * p, root = scratch, buffer = scratch + rb
        for k in 0..<kk {
            let pk = a + (k + c0) * rb
            for l in 0...k {
                let pl = a + (l + c0) * rb
                if k == l {
                    for i in 0..<rb { root[i] = (weight(i) * pk[i] * (1 - pk[i])).squareRoot() }
                } else {
                    for i in 0..<rb { root[i] = (weight(i) * pk[i] * pl[i]).squareRoot() }
                }
                RowBlocks.scaledSyrk(x: x, n: n, d: d, r0: r0, rb: rb, intercept: off == 1,
                                     root: root, alpha: k == l ? 1 : -1, buffer: buffer,
                                     c: hc + k * p + l * p * kp, ldc: kp)
            }
        }
    }
}

/// H in vec(W) order from the summed class-major Hc (lower triangles valid): completes the
/// symmetric blocks and reorders, H[k + K j, l + K j′] = Hc[k p + j, l p + j′].
func classBlockHessian(_ hcs: [Double], features p: Int, classes kk: Int) -> Matrix {
    let kp = kk * p
    var hc = hcs
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
    return h
}
