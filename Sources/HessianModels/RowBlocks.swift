import Foundation
import HessianLinearAlgebra

/// Helpers for the models' passes over row blocks of a column-major N×d matrix.
enum RowBlocks {
    /// Rows per block: a block of `rows × p` doubles (≈ 1 MB) stays in cache while BLAS consumes it.
    static func blockRows(columns p: Int) -> Int {
        return max(256, min(2048, (1 << 17) / max(1, p)))
    }

    /// Lower triangle of C (p×p, leading dimension ldc) += α Σᵢ ωᵢ x̂ᵢ x̂ᵢᵀ over rows
    /// r0..<r0+rb of X (N×d), where x̂ᵢ = (1, xᵢ) with an intercept and xᵢ otherwise,
    /// and `root[i]` = √ωᵢ for the block's i-th row. The block is copied once, scaled,
    /// into `buffer` (rb×p) and accumulated with dsyrk: Σ (√ωᵢ x̂ᵢ)(√ωᵢ x̂ᵢ)ᵀ.
    static func scaledSyrk(x: UnsafePointer<Double>, n: Int, d: Int, r0: Int, rb: Int, intercept: Bool,
                           root: UnsafePointer<Double>, alpha: Double,
                           buffer: UnsafeMutablePointer<Double>, c: UnsafeMutablePointer<Double>, ldc: Int) {
        let off = intercept ? 1 : 0
        if intercept { buffer.update(from: root, count: rb) }
        for j in 0..<d {
            let src = x + j * n + r0
            let dst = buffer + (j + off) * rb
            for i in 0..<rb { dst[i] = src[i] * root[i] }
        }
        blockSyrkTransposed(n: d + off, k: rb, alpha, buffer, lda: rb, 1, c, ldc: ldc)
    }

    /// `scaledSyrk` in single precision (see `HessianApproximation`) over the block's rows
    /// r0 + i with i ≡ −r0 (mod `stride`), i.e. the global rows that are multiples of `stride`: the
    /// scaled rows x̂ᵢ√ωᵢ are rounded into `buffer` (m×p, Float32), their Gram formed by ssyrk into
    /// `gram` (p×p, Float32) and added, times α, to C's lower triangle in Float64, so the error is one
    /// block's Float32 sums whatever N is. `root` nil means ωᵢ = 1.
    static func scaledSyrkSingle(x: UnsafePointer<Double>, n: Int, d: Int, r0: Int, rb: Int, stride k: Int = 1,
                                 intercept: Bool, root: UnsafePointer<Double>?, alpha: Double,
                                 buffer: UnsafeMutablePointer<Float>, gram: UnsafeMutablePointer<Float>,
                                 c: UnsafeMutablePointer<Double>, ldc: Int) {
        let off = intercept ? 1 : 0, p = d + off
        let first = (k - r0 % k) % k
        guard first < rb else { return }
        let m = (rb - 1 - first) / k + 1
        // Roots beyond 2^±60 (weights of 2⁶⁰⁰ or 2⁻⁶⁰⁰) are divided by u, the power of two nearest
        // their largest, so that their Gram neither overflows nor underflows in Float32; it is
        // multiplied back by u² in Float64. Other blocks take the loops below unchanged (u = 1).
        var top = 0.0
        if let root { for t in 0..<m { top = Swift.max(top, root[first + t * k]) } }
        let u = root == nil || (top > 0x1p-60 && top < 0x1p60) ? 1 : ObjectiveScale.powerOfTwo(top), r = 1 / u
        if intercept {
            for t in 0..<m { buffer[t] = root.map { Float($0[first + t * k] * r) } ?? 1 }
        }
        for j in 0..<d {
            let src = x + j * n + r0 + first
            let dst = buffer + (j + off) * m
            // Contiguous rows (k = 1) get their own loops: with a variable stride they do not vectorize.
            switch (root, k) {
            case (let root?, 1) where u == 1: for t in 0..<m { dst[t] = Float(src[t] * root[t]) }
            case (let root?, 1): for t in 0..<m { dst[t] = Float(src[t] * (root[t] * r)) }
            case (nil, 1): for t in 0..<m { dst[t] = Float(src[t]) }
            case (let root?, _): let w = root + first; for t in 0..<m { dst[t] = Float(src[t * k] * (w[t * k] * r)) }
            case (nil, _): for t in 0..<m { dst[t] = Float(src[t * k]) }
            }
        }
        blockSyrkTransposed(n: p, k: m, Float(1), buffer, lda: m, Float(0), gram, ldc: p)
        let scale = alpha * u * u
        for j in 0..<p {
            let cj = c + j * ldc, gj = gram + j * p
            for i in j..<p { cj[i] += scale * Double(gj[i]) }
        }
    }

    /// The row stride k of a ``HessianApproximation/subsampled`` Hessian on N rows and p parameters:
    /// every k-th row, k ≤ 10, keeping at least 50 rows per parameter (so the sampling error
    /// √(p/m) stays ≲ 0.14 and the sample Gram is far from singular); 1 (every row) on small data.
    static func sampleStride(rows n: Int, parameters p: Int) -> Int {
        max(1, min(10, n / max(1, 50 * p)))
    }

    /// Copies the lower triangle of the n×n matrix at c (leading dimension ldc) into its upper one.
    static func fillUpper(_ c: UnsafeMutablePointer<Double>, n: Int, ldc: Int) {
        for j in 0..<n { for i in 0..<j { c[i + j * ldc] = c[j + i * ldc] } }
    }
}
