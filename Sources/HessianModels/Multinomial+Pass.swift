import HessianLinearAlgebra

/// The shapes and data one row block of a multinomial pass works on: X̃ (N×d, column-major),
/// p = d + intercept columns of X̂, m classes of which K are free from class c₀ on, the sample weights.
struct MultinomialBlock {
    let x: UnsafePointer<Double>
    let n: Int, d: Int, p: Int, off: Int
    let m: Int, kk: Int, c0: Int
    let weights: [Double]?
    /// The rows of this block.
    var r0 = 0, rb = 0

    /// sᵢ for the block's i-th row.
    @inline(__always) func weight(_ i: Int) -> Double { weights?[r0 + i] ?? 1 }
}

extension Multinomial {
    /// One pass over row blocks of X̃: per block A_b = X_b Wᵀ (gemm), stable softmax and the loss,
    /// the gradient R_bᵀ X_b (gemm) and the Hessian (`khatriRaoBlock` or `classBlocks`), rows split
    /// across cores with per-chunk partial sums. With `given` (the state cached by `value`), P is
    /// reused and A is not recomputed.
    func pass(_ w: [Double], given: State?, gradient wantG: Bool, hessian wantH: Bool) -> State {
        let n = design.rows, d = design.features, p = design.parametersPerOutput, off = design.intercept ? 1 : 0
        let m = classes, kk = freeClasses, c0 = firstFreeClass
        let kp = kk * p
        let b = RowBlocks.blockRows(columns: max(p, m))
        let haveP = given != nil
        var probabilities = given?.probabilities ?? [Double](repeating: 0, count: n * m)
        let kr = KhatriRaoShape(features: p, classes: kk)
        let useKR = kr.applies
        let hessianCount = wantH ? (useKR ? kr.entries : kp * kp) : 0
        // softmax ≈ 30 flops per class (exp, log); Hessian: K(K+1)/2 · p(p+1)/2 multiply-adds.
        let work = (haveP ? 0 : 2 * kk * d + 30 * m) + (wantG ? 2 * kp + 2 * kk : 0)
            + (wantH ? 2 * kr.entries + kr.featurePairs : 0)
        // Scratch per chunk: A (b × m), R (b × K), three row vectors, then the Hessian's own.
        let hessianScratch = wantH ? (useKR ? kr.scratch : b * p + b) : 0
        let sums = design.matrix.storage.withUnsafeBufferPointer { xsb in
            w.withUnsafeBufferPointer { wsb in
                labels.withUnsafeBufferPointer { ysb in
                    probabilities.withUnsafeMutableBufferPointer { psb in
            let ws = wsb.baseAddress!, ys = ysb.baseAddress!, ps = psb.baseAddress!
            let shape = MultinomialBlock(x: xsb.baseAddress!, n: n, d: d, p: p, off: off, m: m, kk: kk, c0: c0,
                                         weights: design.weights)
            return ParallelFor.accumulate(rows: n, blockRows: b, flopsPerRow: work, scalars: 1,
                                          vector: wantG ? kp : 0, matrix: hessianCount,
                                          scratch: b * m + b * kk + 3 * b + hessianScratch) { rows, acc in
                var blk = shape
                blk.r0 = rows.lowerBound
                blk.rb = rows.count
                let a = acc.scratch, r = a + b * m, tmp = r + b * kk, extra = tmp + 3 * b
                if haveP {
                    for k in 0..<m { (a + k * blk.rb).update(from: ps + k * n + blk.r0, count: blk.rb) }
                } else {
                    acc.scalars[0] += blk.softmax(ws, labels: ys, into: a, scratch: tmp)
                    for k in 0..<m { (ps + k * n + blk.r0).update(from: a + k * blk.rb, count: blk.rb) }
                }
                if wantG { blk.addGradient(a, labels: ys, residuals: r, into: acc.vector) }
                if wantH && useKR {
                    blk.addKhatriRao(a, kr, scratch: extra, into: acc.matrix)
                } else if wantH {
                    blk.addClassBlocks(a, scratch: extra, into: acc.matrix)
                }
            }
                    }
                }
            }
        }
        let value = given?.value ?? (sums.scalars[0] + penalty(w))
        var gradient: [Double]?
        if wantG {
            var g = sums.vector
            for j in 0..<p where strengths[j] != 0 { for k in 0..<kk { g[k + kk * j] += strengths[j] * w[k + kk * j] } }
            gradient = g
        }
        var hessian: Matrix?
        if wantH {
            var h = useKR ? kr.hessian(sums.matrix) : classBlockHessian(sums.matrix, features: p, classes: kk)
            for j in 0..<p where strengths[j] != 0 { for k in 0..<kk { h[k + kk * j, k + kk * j] += strengths[j] } }
            hessian = h
        }
        return State(probabilities: probabilities, value: value, gradient: gradient, hessian: hessian)
    }
}

extension MultinomialBlock {
    /// R_b = S (P_b − Y_b) over the free classes into `r` (rb × K); ∇ += vec(R_bᵀ X̂_b).
    func addGradient(_ a: UnsafePointer<Double>, labels ys: UnsafePointer<Int>, residuals r: UnsafeMutablePointer<Double>,
                     into g: UnsafeMutablePointer<Double>) {
        for k in 0..<kk {
            let cls = k + c0
            for i in 0..<rb {
                r[i + k * rb] = weight(i) * (a[i + cls * rb] - (ys[r0 + i] == cls ? 1 : 0))
            }
            if off == 1 { g[k] += blockSum(r + k * rb, rb) }
        }
        blockGemm(transposeA: true, transposeB: false, m: kk, n: d, k: rb, 1, r, lda: rb,
                  x + r0, ldb: n, 1, g + kk * off, ldc: kk)
    }
}
