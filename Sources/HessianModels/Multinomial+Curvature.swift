import HessianLinearAlgebra

extension Multinomial {
    /// v ↦ ∇²v without the Hessian: with V the K×p matrix of v, A = X̂Vᵀ (N×K, gemm),
    /// rᵢ = sᵢ (pᵢ ⊙ aᵢ − pᵢ (pᵢᵀaᵢ)) (free classes; the reference class has a = 0),
    /// ∇²v = vec(Rᵀ X̂) (second gemm) + λv — both gemms per row block in one pass, so X̃_b is read
    /// once and the second gemm finds it in cache.
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
            let sums = design.matrix.storage.withUnsafeBufferPointer { xs in
                v.withUnsafeBufferPointer { vs in
                    probabilities.withUnsafeBufferPointer { ps in
                        let x = xs.baseAddress!, pp = ps.baseAddress!, sw = design.weights
                        return ParallelFor.accumulate(rows: n, blockRows: b, flopsPerRow: 4 * kk * p + 6 * kk,
                                                      vector: kk * p, scratch: b * kk + b) { rows, acc in
                            let r0 = rows.lowerBound, rb = rows.count
                            let av = acc.scratch, t = av + b * kk, hs = acc.vector
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
                        }
                    }
                }
            }
            var hv = sums.vector
            for j in 0..<p where strengths[j] != 0 {
                for k in 0..<kk { hv[k + kk * j] += strengths[j] * v[k + kk * j] }
            }
            return hv
        }
    }
}
