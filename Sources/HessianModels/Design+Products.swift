import HessianLinearAlgebra

// The products every regression model needs with the internal design [1 X̃]:
// the linear predictor z = X̃w + b, the transpose product [1ᵀr; X̃ᵀr], and the
// weighted Gram matrix [1 X̃]ᵀ diag(ω) [1 X̃] — all without materializing the
// intercept column or copying X̃.

extension Design {
    /// z = X̃ w_f + b·1 for one output's internal coefficients w = (b, w_f) (or w_f without intercept).
    func linearPredictor(_ w: [Double]) -> [Double] {
        precondition(w.count == parametersPerOutput)
        let n = rows, d = features, off = intercept ? 1 : 0
        var z = [Double](repeating: intercept ? w[0] : 0, count: n)
        if n == 0 || d == 0 { return z }
        matrix.storage.withUnsafeBufferPointer { xs in
            w.withUnsafeBufferPointer { ws in
                z.withUnsafeMutableBufferPointer { zs in
                    let x = xs.baseAddress, wf = ws.baseAddress! + off, zb = zs.baseAddress
                    // Each chunk owns its rows of z: z_r = X̃_r w_f + b.
                    _ = RowBlocks.parallelChunks(n, flopsPerRow: 2 * d) { _, r in
                        blockGemv(transpose: false, rows: r.count, columns: d, 1, x! + r.lowerBound, lda: max(1, n),
                                  wf, 1, zb! + r.lowerBound)
                    }
                }
            }
        }
        return z
    }

    /// X̂ᵀ diag(c) X̂ v in one pass over row blocks (per block u = X̂_b v, u ⊙= c_b, += X̂_bᵀ u),
    /// so X̃ streams from memory once instead of twice; rows split across cores.
    /// `c == nil` means unit weights.
    func weightedNormalProduct(_ c: [Double]?, _ v: [Double]) -> [Double] {
        precondition(v.count == parametersPerOutput && (c?.count ?? rows) == rows)
        let n = rows, d = features, p = parametersPerOutput, off = intercept ? 1 : 0
        let b = RowBlocks.blockRows(columns: p)
        let chunks = ParallelFor.chunks(n, budget: RowBlocks.maximumChunks, flopsPerRow: 4 * p + 2)
        return matrix.storage.withUnsafeBufferPointer { xsb in
            v.withUnsafeBufferPointer { vsb in
                let xs = xsb.baseAddress!, vs = vsb.baseAddress!
                return ParallelFor.sum(n, chunks: chunks, width: p) { range, out in
                    let u = UnsafeMutablePointer<Double>.allocate(capacity: b)
                    defer { u.deallocate() }
                    var r0 = range.lowerBound
                    while r0 < range.upperBound {
                        let rb = min(b, range.upperBound - r0)
                        let v0 = off == 1 ? vs[0] : 0
                        for i in 0..<rb { u[i] = v0 }
                        blockGemv(transpose: false, rows: rb, columns: d, 1, xs + r0, lda: n, vs + off, 1, u)
                        if let c { for i in 0..<rb { u[i] *= c[r0 + i] } }
                        if off == 1 { out[0] += blockSum(u, rb) }
                        blockGemv(transpose: true, rows: rb, columns: d, 1, xs + r0, lda: n, u, 1, out + off)
                        r0 += rb
                    }
                }
            }
        }
    }

    /// The internal per-coordinate L2 strengths λ·factorₖ (see `penaltyFactors`).
    func penaltyStrengths(_ l2: Double) -> [Double] { penaltyFactors.map { l2 * $0 } }
}

/// ½ Σₖ λₖ wₖ²: the ridge penalty with per-coordinate strengths λₖ (`penaltyStrengths`, 0 for the intercept).
package func ridgePenalty(_ strengths: [Double], _ w: [Double]) -> Double {
    var p = 0.0
    for k in 0..<w.count { p += strengths[k] * w[k] * w[k] }
    return 0.5 * p
}
