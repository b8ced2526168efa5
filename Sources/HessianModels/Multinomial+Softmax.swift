import Foundation
import HessianLinearAlgebra

extension MultinomialBlock {
    /// The block's probabilities into `a` (rb × m, column-major) and its loss Σ sᵢ(−log p_{i,yᵢ}):
    /// logits a_k = X_b w_k + b_k for the free classes (the reference class has a = 0), then the
    /// stable softmax p = e^{a − max} / Σ e^{a − max}, with −log p_y = max + log Σ − a_y, so no
    /// exponential overflows and no logarithm sees 0. `scratch` holds 3·rb entries.
    func softmax(_ ws: UnsafePointer<Double>, labels ys: UnsafePointer<Int>, into a: UnsafeMutablePointer<Double>,
                 scratch: UnsafeMutablePointer<Double>) -> Double {
        let mx = scratch, sum = scratch + rb, ay = scratch + 2 * rb
        for k in 0..<m {
            let v = (k >= c0 && off == 1) ? ws[k - c0] : 0
            for i in 0..<rb { a[i + k * rb] = v }
        }
        blockGemm(transposeA: false, transposeB: true, m: rb, n: kk, k: d, 1, x + r0, lda: n,
                  ws + kk * off, ldb: kk, 1, a + c0 * rb, ldc: rb)
        for i in 0..<rb { mx[i] = a[i]; sum[i] = 0 }
        for k in 1..<m { for i in 0..<rb { mx[i] = max(mx[i], a[i + k * rb]) } }
        for i in 0..<rb { ay[i] = a[i + ys[r0 + i] * rb] }
        for k in 0..<m {
            for i in 0..<rb {
                let e = exp(a[i + k * rb] - mx[i])
                a[i + k * rb] = e
                sum[i] += e
            }
        }
        var loss = 0.0
        for i in 0..<rb {
            loss += weight(i) * (mx[i] + log(sum[i]) - ay[i])
            sum[i] = 1 / sum[i]
        }
        for k in 0..<m { for i in 0..<rb { a[i + k * rb] *= sum[i] } }
        return loss
    }
}
