import HessianLinearAlgebra

extension Multinomial {
    /// v ↦ ∇²v without the Hessian: with V the K×p matrix of v, A = X̂Vᵀ (N×K, gemm),
    /// rᵢ = sᵢ (pᵢ ⊙ aᵢ − pᵢ (pᵢᵀaᵢ)) (free classes; the reference class has a = 0),
    /// ∇²v = vec(Rᵀ X̂) (second gemm) + λv — both gemms per row block in one pass, so X̃_b is read
    /// once and the second gemm finds it in cache.
    public func curvature(at w: [Double]) -> HessianOperator {
        curvature(at: w, approximation: .exact)
    }

    /// The operator of ``curvature(at:)``; for a ``HessianApproximation/singlePrecision`` request its
    /// products with X̃ in Float32 (on a Float32 copy of X̃ made once per model); for a
    /// ``HessianApproximation/subsampled`` one its sum over every k-th row scaled by k (`RowBlocks.sampleStride` with p per class; the rows, their probabilities
    /// and weights are gathered once, so each product costs 1/k of an exact one).
    /// - Parameters:
    ///   - w: the coefficients in the design's internal coordinates, `dimension` entries.
    ///   - approximation: how the products may be formed.
    public func curvature(at w: [Double], approximation: HessianApproximation) -> HessianOperator {
        var st = cache.state(at: w)
        if st == nil {
            st = pass(w, given: nil, gradient: false, hessian: false)
            cache.store(st!, at: w)
        }
        let n = design.rows
        // Each row adds a rank-(K − 1) term of K·p parameters, so rows per p (not per K·p) size the sample.
        let k = approximation == .subsampled ? RowBlocks.sampleStride(rows: n, parameters: design.parametersPerOutput) : 1
        guard k > 1 else {
            let single = approximation == .singlePrecision ? singleCopy.values(of: design.matrix) : nil
            return productOperator(x: design.matrix, single: single, probabilities: st!.probabilities,
                                   weights: design.weights, scale: 1)
        }
        let m = (n + k - 1) / k, classes = st!.probabilities.count / max(1, n), d = design.features
        // Rows 0, k, 2k, …: the same sample as the subsampled dense Hessians of the other models.
        var xs = Matrix(rows: m, columns: d), ps = [Double](repeating: 0, count: m * classes)
        for j in 0..<d { for t in 0..<m { xs[t, j] = design.matrix[t * k, j] } }
        for c in 0..<classes { for t in 0..<m { ps[t + c * m] = st!.probabilities[t * k + c * n] } }
        let ws = design.weights.map { s in (0..<m).map { s[$0 * k] } }
        return productOperator(x: xs, single: nil, probabilities: ps, weights: ws, scale: Double(k))
    }

    /// v ↦ scale · Σᵢ (the rows' terms of ∇²v) + λv over the rows of `x` (N′×d), with their class
    /// probabilities (N′×m, column-major) and weights. With `single` (X̃ in Float32) both products
    /// with X̃ are sgemms on Float32 copies of V and R (the rest stays Float64): half the data moved
    /// and packed, twice the kernel rate; the product's relative error is ≈ 1e-7.
    private func productOperator(x xm: Matrix, single: [Float]?, probabilities: [Double], weights: [Double]?,
                                 scale: Double) -> HessianOperator {
        let design = self.design, strengths = self.strengths
        let n = xm.rows, d = design.features, p = design.parametersPerOutput, off = design.intercept ? 1 : 0
        let kk = freeClasses, c0 = firstFreeClass
        let b = RowBlocks.blockRows(columns: max(p, kk))
        let formed: HessianApproximation = scale != 1 ? .subsampled : single != nil ? .singlePrecision : .exact
        let xf = single ?? [], useSingle = single != nil
        return HessianOperator(dimension: dimension, approximation: formed) { v in
            // Float32 copies of entries beyond 2^±60 in units of powers of two near their largest (v: vu;
            // a block's terms: au), so extreme weights or directions neither overflow nor underflow.
            let vTop = ObjectiveScale.largestMagnitude(v)
            let vu = vTop > 0x1p-60 && vTop < 0x1p60 ? 1 : ObjectiveScale.powerOfTwo(vTop)
            let vf = single == nil ? [] : v.map { Float($0 / vu) }
            let sums = xm.storage.withUnsafeBufferPointer { xs in
                v.withUnsafeBufferPointer { vs in
                    probabilities.withUnsafeBufferPointer { ps in
                      xf.withUnsafeBufferPointer { xfs in
                        vf.withUnsafeBufferPointer { vfs in
                        let x = xs.baseAddress!, pp = ps.baseAddress!, sw = weights
                        return ParallelFor.accumulate(rows: n, blockRows: b, flopsPerRow: 4 * kk * p + 6 * kk,
                                                      vector: kk * p, scratch: b * kk + b,
                                                      singleScratch: single == nil ? 0 : b * kk + kk * d) { rows, acc in
                            let r0 = rows.lowerBound, rb = rows.count
                            let av = acc.scratch, t = av + b * kk, hs = acc.vector
                            let af = acc.singleScratch, hf = af + b * kk
                            // A_b = X̃_b V_fᵀ (+ intercepts)
                            for k in 0..<kk { let v0 = off == 1 ? vs[k] : 0; for i in 0..<rb { av[i + k * rb] = v0 } }
                            if useSingle {
                                blockGemm(transposeA: false, transposeB: true, m: rb, n: kk, k: d, Float(1),
                                          xfs.baseAddress! + r0, lda: n, vfs.baseAddress! + kk * off, ldb: kk,
                                          Float(0), af, ldc: rb)
                                for i in 0..<(rb * kk) { av[i] += Double(af[i]) * vu }
                            } else {
                                blockGemm(transposeA: false, transposeB: true, m: rb, n: kk, k: d, 1, x + r0, lda: n,
                                          vs.baseAddress! + kk * off, ldb: kk, 1, av, ldc: rb)
                            }
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
                            if useSingle {
                                var top = 0.0
                                for i in 0..<(rb * kk) { top = Swift.max(top, abs(av[i])) }
                                let au = top > 0x1p-60 && top < 0x1p60 ? 1 : ObjectiveScale.powerOfTwo(top)
                                if au == 1 {
                                    for i in 0..<(rb * kk) { af[i] = Float(av[i]) }
                                } else {
                                    for i in 0..<(rb * kk) { af[i] = Float(av[i] / au) }
                                }
                                blockGemm(transposeA: true, transposeB: false, m: kk, n: d, k: rb, Float(1), af, lda: rb,
                                          xfs.baseAddress! + r0, ldb: n, Float(0), hf, ldc: kk)
                                for i in 0..<(kk * d) { hs[kk * off + i] += Double(hf[i]) * au }
                            } else {
                                blockGemm(transposeA: true, transposeB: false, m: kk, n: d, k: rb, 1, av, lda: rb,
                                          x + r0, ldb: n, 1, hs + kk * off, ldc: kk)
                            }
                        }
                        }
                      }
                    }
                }
            }
            var hv = sums.vector
            if scale != 1 { for i in 0..<hv.count { hv[i] *= scale } }
            for j in 0..<p where strengths[j] != 0 {
                for k in 0..<kk { hv[k + kk * j] += strengths[j] * v[k + kk * j] }
            }
            return hv
        }
    }
}
