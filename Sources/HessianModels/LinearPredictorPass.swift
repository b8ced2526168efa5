import HessianLinearAlgebra

/// Row i's weighted terms for a model whose loss depends on row i through ηᵢ = x̂ᵢᵀw + oᵢ only
/// (and, for `NegativeBinomial`, one more parameter θ shared by all rows).
struct RowTerms {
    /// sᵢ lᵢ.
    var loss: Double
    /// sᵢ ∂lᵢ/∂ηᵢ: the gradient is X̂ᵀ of these.
    var first: Double
    /// sᵢ ∂²lᵢ/∂ηᵢ² ≥ 0: the Hessian is X̂ᵀ diag(these) X̂.
    var second: Double
    /// sᵢ ∂²lᵢ/∂ηᵢ∂θ: the (w, θ) Hessian column is X̂ᵀ of these.
    var cross = 0.0
    /// sᵢ ∂lᵢ/∂θ.
    var thetaFirst = 0.0
    /// sᵢ ∂²lᵢ/∂θ².
    var thetaSecond = 0.0
}

/// A model's row kernel: ηᵢ ↦ its `RowTerms`.
protocol RowKernel {
    /// Whether the terms carry the θ parameter (`cross`, `thetaFirst`, `thetaSecond`).
    static var hasTheta: Bool { get }
    /// Flops of one `terms` call (sizes the chunks).
    static var flopsPerRow: Int { get }
    /// Row i's terms at ηᵢ = `eta`.
    func terms(_ i: Int, eta: Double) -> RowTerms
    /// sᵢ lᵢ(ηᵢ) alone (the `loss` of `terms`).
    func loss(_ i: Int, eta: Double) -> Double
}

/// What one `linearPredictorPass` returns: data-term sums only (no penalty).
struct LinearPredictorSums {
    /// η = X̂w + o.
    var eta: [Double]
    /// Σ sᵢ lᵢ.
    var loss: Double
    /// X̂ᵀ first.
    var gradient: [Double]
    /// The `second` terms, row by row (the curvature weights of Hessian-vector products).
    var curvatureWeights: [Double]
    /// X̂ᵀ cross, Σ thetaFirst and Σ thetaSecond (zeros without θ).
    var cross: [Double]
    var thetaFirst = 0.0, thetaSecond = 0.0
    /// X̂ᵀ diag(second) X̂, both triangles, when asked.
    var hessian: Matrix?
    /// How `hessian` was formed.
    var hessianApproximation = HessianApproximation.exact
}

extension Design {
    /// One pass over row blocks of X̃: per block η_b = X̂_b w + o_b (unless `eta` is given), the
    /// kernel's terms row by row, ∇ += X̂_bᵀ first_b, (w, θ) += X̂_bᵀ cross_b and, if asked,
    /// H += (√second_b ⊙ X̂_b)ᵀ(√second_b ⊙ X̂_b) by a scaled dsyrk — ssyrk for an approximate Hessian,
    /// over every k-th row scaled by k for a subsampled one (`RowBlocks.sampleStride`) — so X̃
    /// streams from memory once. `hessian` nil: no Hessian.
    func linearPredictorPass<K: RowKernel>(_ kernel: K, _ w: [Double], offset: [Double]?, eta given: [Double]?,
                                           hessian approximation: HessianApproximation?) -> LinearPredictorSums {
        let wantH = approximation != nil, single = wantH && approximation != .exact
        let stride = approximation == .subsampled ? RowBlocks.sampleStride(rows: rows, parameters: parametersPerOutput) : 1
        let formed: HessianApproximation = stride == 1 && single ? .singlePrecision : approximation ?? .exact
        let n = rows, d = features, p = parametersPerOutput, off = intercept ? 1 : 0
        let b = RowBlocks.blockRows(columns: p)
        let haveEta = given != nil, theta = K.hasTheta
        var eta = given ?? [Double](repeating: 0, count: n)
        var c = [Double](repeating: 0, count: n)
        let bias = intercept ? w[0] : 0
        let work = (haveEta ? 0 : 2 * d) + (theta ? 4 : 2) * d + K.flopsPerRow + (wantH ? p * (p + 1) + 2 * p : 0)
        // Scratch per chunk: first, cross and √second (b each), then the scaled block (b × p).
        let sums = matrix.storage.withUnsafeBufferPointer { xsb in
            w.withUnsafeBufferPointer { wsb in
                eta.withUnsafeMutableBufferPointer { esb in
                    c.withUnsafeMutableBufferPointer { csb in
                        let xs = xsb.baseAddress!, ws = wsb.baseAddress!, es = esb.baseAddress!, cs = csb.baseAddress!
                        return ParallelFor.accumulate(rows: n, blockRows: b, flopsPerRow: work, scalars: 3,
                                                      vector: 2 * p, matrix: wantH ? p * p : 0,
                                                      scratch: 3 * b + (wantH && !single ? b * p : 0),
                                                      singleScratch: single ? b * p + p * p : 0) { rows, acc in
                            let r0 = rows.lowerBound, rb = rows.count
                            let r = acc.scratch, m = r + b, root = m + b, g = acc.vector, hc = g + p
                            if !haveEta {
                                blockGemv(transpose: false, rows: rb, columns: d, 1, xs + r0, lda: n, ws + off, 0, es + r0)
                                if bias != 0 { for i in 0..<rb { es[r0 + i] += bias } }
                                if let offset { for i in 0..<rb { es[r0 + i] += offset[r0 + i] } }
                            }
                            var loss = 0.0, gt = 0.0, htt = 0.0
                            for i in 0..<rb {
                                let t = kernel.terms(r0 + i, eta: es[r0 + i])
                                loss += t.loss
                                r[i] = t.first
                                cs[r0 + i] = t.second
                                root[i] = t.second.squareRoot()
                                if theta { m[i] = t.cross; gt += t.thetaFirst; htt += t.thetaSecond }
                            }
                            acc.scalars[0] += loss
                            acc.scalars[1] += gt
                            acc.scalars[2] += htt
                            // ∇ += [1ᵀr_b; X_bᵀ r_b]
                            if off == 1 { g[0] += blockSum(r, rb) }
                            blockGemv(transpose: true, rows: rb, columns: d, 1, xs + r0, lda: n, r, 1, g + off)
                            if theta {
                                if off == 1 { hc[0] += blockSum(m, rb) }
                                blockGemv(transpose: true, rows: rb, columns: d, 1, xs + r0, lda: n, m, 1, hc + off)
                            }
                            if single {
                                RowBlocks.scaledSyrkSingle(x: xs, n: n, d: d, r0: r0, rb: rb, stride: stride,
                                                           intercept: off == 1, root: root,
                                                           alpha: Double(stride), buffer: acc.singleScratch,
                                                           gram: acc.singleScratch + b * p, c: acc.matrix, ldc: p)
                            } else if wantH {
                                RowBlocks.scaledSyrk(x: xs, n: n, d: d, r0: r0, rb: rb, intercept: off == 1, root: root,
                                                     alpha: 1, buffer: root + b, c: acc.matrix, ldc: p)
                            }
                        }
                    }
                }
            }
        }
        var h: Matrix?
        if wantH {
            var hm = Matrix(rows: p, columns: p, storage: sums.matrix)
            hm.fillUpperFromLower()
            h = hm
        }
        return LinearPredictorSums(eta: eta, loss: sums.scalars[0], gradient: Array(sums.vector[0..<p]),
                                   curvatureWeights: c, cross: Array(sums.vector[p...]),
                                   thetaFirst: sums.scalars[1], thetaSecond: sums.scalars[2], hessian: h,
                                   hessianApproximation: formed)
    }
}
