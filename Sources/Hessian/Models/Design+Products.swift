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

    /// [1ᵀr; X̃ᵀr] (p entries) — the gradient of Σ lᵢ(zᵢ) with rᵢ = ∂lᵢ/∂zᵢ — as per-chunk partial
    /// sums over rows, added in chunk order.
    func transposeProduct(_ r: [Double]) -> [Double] {
        precondition(r.count == rows)
        let n = rows, d = features, off = intercept ? 1 : 0, p = parametersPerOutput
        if n == 0 || d == 0 { return intercept ? [r.reduce(0, +)] + [Double](repeating: 0, count: d) : [Double](repeating: 0, count: d) }
        let chunks = ParallelFor.chunks(n, budget: RowBlocks.maximumChunks, flopsPerRow: 2 * d + 1)
        return matrix.storage.withUnsafeBufferPointer { xs in
            r.withUnsafeBufferPointer { rs in
                let x = xs.baseAddress, rb = rs.baseAddress
                return ParallelFor.sum(n, chunks: chunks, width: p) { range, g in
                    if off == 1 { g[0] = blockSum(rb! + range.lowerBound, range.count) }
                    blockGemv(transpose: true, rows: range.count, columns: d, 1, x! + range.lowerBound, lda: n,
                              rb! + range.lowerBound, 0, g + off)
                }
            }
        }
    }

    /// [1 X̃]ᵀ diag(ω) [1 X̃] (p×p) for ω ≥ 0, by blocked scaled dsyrk over row blocks
    /// (each block copied once into a small buffer; no N×p copy), split across cores.
    func weightedGram(_ omega: [Double]) -> Matrix {
        precondition(omega.count == rows)
        let n = rows, d = features, p = parametersPerOutput
        let b = RowBlocks.blockRows(columns: p)
        let root = omega.map { $0.squareRoot() }
        var partials = [Matrix](repeating: Matrix(rows: p, columns: p), count: RowBlocks.maximumChunks)
        let bufferSize = b * p
        let chunks = partials.withUnsafeMutableBufferPointer { parts -> Int in
            let partsBase = parts.baseAddress!
            return matrix.storage.withUnsafeBufferPointer { xs in
                root.withUnsafeBufferPointer { rs in
                    RowBlocks.parallelChunks(n, flopsPerRow: p * (p + 1) + 2 * p) { c, range in
                        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: bufferSize)
                        defer { buffer.deallocate() }
                        partsBase[c].storage.withUnsafeMutableBufferPointer { cs in
                            var r0 = range.lowerBound
                            while r0 < range.upperBound {
                                let rb = min(b, range.upperBound - r0)
                                RowBlocks.scaledSyrk(x: xs.baseAddress!, n: n, d: d, r0: r0, rb: rb,
                                                     intercept: intercept, root: rs.baseAddress! + r0, alpha: 1,
                                                     buffer: buffer, c: cs.baseAddress!, ldc: p)
                                r0 += rb
                            }
                        }
                    }
                }
            }
        }
        var h = partials[0]
        for c in 1..<chunks { axpy(1, partials[c].storage, &h.storage) }
        h.fillUpperFromLower()
        return h
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
