import HessianLinearAlgebra

// The products every regression model needs with the internal design [1 X̃]: the linear
// predictor z = X̃w + b and the weighted normal product X̂ᵀ diag(c) X̂ v — without materializing
// the intercept column or copying X̃. (The fused value/gradient/Hessian pass is `linearPredictorPass`.)

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
                    let chunks = ParallelFor.chunks(n, budget: ParallelFor.maximumChunks, flopsPerRow: 2 * d)
                    ParallelFor.run(n, chunks: chunks) { _, r in
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
        return matrix.storage.withUnsafeBufferPointer { xsb in
            v.withUnsafeBufferPointer { vsb in
                let xs = xsb.baseAddress!, vs = vsb.baseAddress!
                return ParallelFor.accumulate(rows: n, blockRows: b, flopsPerRow: 4 * p + 2, vector: p,
                                              scratch: b) { rows, acc in
                    let r0 = rows.lowerBound, rb = rows.count, u = acc.scratch, out = acc.vector
                    let v0 = off == 1 ? vs[0] : 0
                    for i in 0..<rb { u[i] = v0 }
                    blockGemv(transpose: false, rows: rb, columns: d, 1, xs + r0, lda: n, vs + off, 1, u)
                    if let c { for i in 0..<rb { u[i] *= c[r0 + i] } }
                    if off == 1 { out[0] += blockSum(u, rb) }
                    blockGemv(transpose: true, rows: rb, columns: d, 1, xs + r0, lda: n, u, 1, out + off)
                }.vector
            }
        }
    }

    /// The operator v ↦ X̂ᵀ diag(c) X̂ v + λ ⊙ v (per-coordinate strengths λ, `c == nil` for unit weights).
    func ridgeCurvature(_ c: [Double]?, _ strengths: [Double]) -> HessianOperator {
        HessianOperator(dimension: parametersPerOutput) { v in
            var hv = self.weightedNormalProduct(c, v)
            for k in 0..<hv.count { hv[k] += strengths[k] * v[k] }
            return hv
        }
    }

    /// The internal per-coordinate L2 strengths λ·factorₖ (see `penaltyFactors`).
    func penaltyStrengths(_ l2: Double) -> [Double] { (intercept ? [0] : []) + scale.map { ridgeStrength(l2, scale: $0) } }
}

/// λ/s², the internal strength of a ridge penalty on a column standardized by s: 0 when λ = 0
/// (also when s² underflows), and at most the largest finite Double (a column of magnitude 1e-200
/// makes the user-unit penalty overflow; its coefficient is then held at 0).
package func ridgeStrength(_ l2: Double, scale s: Double) -> Double {
    l2 == 0 ? 0 : Swift.min(l2 / (s * s), .greatestFiniteMagnitude)
}

/// ½ Σₖ λₖ wₖ²: the ridge penalty with per-coordinate strengths λₖ (`penaltyStrengths`, 0 for the intercept).
package func ridgePenalty(_ strengths: [Double], _ w: [Double]) -> Double {
    var p = 0.0
    for k in 0..<w.count { p += strengths[k] * w[k] * w[k] }
    return 0.5 * p
}
