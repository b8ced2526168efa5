import COpenBLAS

// Pointer-level BLAS kernels for fused row-block passes (used by the models). A row block
// X[r0..<r0+rb, :] of a column-major N×d matrix is the submatrix starting at
// x + r0 with leading dimension N, so these wrappers take a base pointer and a
// leading dimension instead of a `Matrix`. Callers guarantee the shapes.

/// y ← α op(A) x + β y for an m×n block A with leading dimension lda.
@inline(__always)
package func blockGemv(transpose: Bool, rows m: Int, columns n: Int, _ alpha: Double,
               _ a: UnsafePointer<Double>, lda: Int, _ x: UnsafePointer<Double>,
               _ beta: Double, _ y: UnsafeMutablePointer<Double>) {
    if m == 0 || n == 0 { return }
    cblas_dgemv(CblasColMajor, transpose ? CblasTrans : CblasNoTrans, blasInt(m), blasInt(n), alpha,
                a, blasInt(lda), x, 1, beta, y, 1)
}

/// C ← α op(A) op(B) + β C with explicit leading dimensions (op(A) m×k, op(B) k×n).
@inline(__always)
package func blockGemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, _ alpha: Double,
               _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
               _ beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int) {
    if m == 0 || n == 0 || k == 0 { return }
    cblas_dgemm(CblasColMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                blasInt(m), blasInt(n), blasInt(k), alpha, a, blasInt(lda), b, blasInt(ldb), beta, c, blasInt(ldc))
}

/// `blockGemm` in single precision (sgemm).
@inline(__always)
package func blockGemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, _ alpha: Float,
               _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
               _ beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
    if m == 0 || n == 0 || k == 0 { return }
    cblas_sgemm(CblasColMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                blasInt(m), blasInt(n), blasInt(k), alpha, a, blasInt(lda), b, blasInt(ldb), beta, c, blasInt(ldc))
}

/// Lower triangle of C (n×n, leading dimension ldc) ← α AᵀA + β C for A k×n with leading dimension lda.
@inline(__always)
package func blockSyrkTransposed(n: Int, k: Int, _ alpha: Double, _ a: UnsafePointer<Double>, lda: Int,
                         _ beta: Double, _ c: UnsafeMutablePointer<Double>, ldc: Int) {
    if n == 0 || k == 0 { return }
    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, blasInt(n), blasInt(k), alpha, a, blasInt(lda),
                beta, c, blasInt(ldc))
}

/// Lower triangle of C (n×n, leading dimension ldc) ← α AᵀA + β C in single precision (ssyrk), for
/// A k×n with leading dimension lda.
@inline(__always)
package func blockSyrkTransposed(n: Int, k: Int, _ alpha: Float, _ a: UnsafePointer<Float>, lda: Int,
                         _ beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
    if n == 0 || k == 0 { return }
    cblas_ssyrk(CblasColMajor, CblasLower, CblasTrans, blasInt(n), blasInt(k), alpha, a, blasInt(lda),
                beta, c, blasInt(ldc))
}

/// Σ x over a contiguous range (BLAS has no plain sum; dasum is Σ|x|).
@inline(__always)
package func blockSum(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
    var s = 0.0
    for i in 0..<n { s += x[i] }
    return s
}
