import CLapacke
import COpenBLAS

/// A = L Lᵀ in place (lower triangle of the n×n column-major `a`) by the right-looking blocked
/// algorithm, with the work of each step split over the thread budget: for each diagonal block
/// A₁₁ (nb columns), L₁₁ = chol(A₁₁) (dpotrf), L₂₁ = A₂₁ L₁₁⁻ᵀ (dtrsm, rows split over the chunks),
/// A₂₂ ← A₂₂ − L₂₁ L₂₁ᵀ (lower triangle; column blocks of equal triangle area, each a dsyrk on its
/// diagonal part and a dgemm below it). OpenBLAS runs on one thread, so a plain dpotrf uses one
/// core; here the O(n³) updates use all of the budget. Every entry is written by exactly one chunk
/// and the split depends only on n and the budget, so the factor is reproducible for a budget.
/// Returns LAPACK's info: 0, or the order of the first leading minor that is not positive.
func blockedCholesky(_ a: UnsafeMutablePointer<Double>, n: Int, chunks: Int) -> Int32 {
    let nb = BlockedCholesky.blockSize
    let lda = blasInt(n)
    var k = 0
    while k < n {
        let kb = Swift.min(nb, n - k)
        let a11 = a + k + k * n
        let info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(kb), a11, lda)
        if info != 0 { return info > 0 ? info + Int32(k) : info }
        let m = n - k - kb
        if m > 0 {
            let a21 = a11 + kb
            ParallelFor.run(m, chunks: Swift.min(chunks, Swift.max(1, m / 64))) { _, rows in
                cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit,
                            blasInt(rows.count), blasInt(kb), 1, a11, lda, a21 + rows.lowerBound, lda)
            }
            let a22 = a21 + kb * n
            let parts = Swift.min(chunks, Swift.max(1, m / 64))
            ParallelFor.run(parts, chunks: parts) { c, _ in
                let j0 = BlockedCholesky.triangleSplit(c, of: parts, m), j1 = BlockedCholesky.triangleSplit(c + 1, of: parts, m)
                if j1 <= j0 { return }
                cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, blasInt(j1 - j0), blasInt(kb), -1,
                            a21 + j0, lda, 1, a22 + j0 + j0 * n, lda)
                if m > j1 {
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, blasInt(m - j1), blasInt(j1 - j0), blasInt(kb),
                                -1, a21 + j1, lda, a21 + j0, lda, 1, a22 + j1 + j0 * n, lda)
                }
            }
        }
        k += kb
    }
    return 0
}

/// Sizes of the blocked Cholesky.
enum BlockedCholesky {
    /// Columns per diagonal block.
    static let blockSize = 128
    /// Below this order (or on one thread) a plain dpotrf is used: the split does not pay.
    static let minimumOrder = 384

    /// Column boundary c of `parts` over an m×m lower triangle such that each part holds about
    /// the same number of entries: column j has m − j of them, so the boundary is m(1 − √(1 − c/parts)).
    static func triangleSplit(_ c: Int, of parts: Int, _ m: Int) -> Int {
        if c >= parts { return m }
        let f = 1 - (1 - Double(c) / Double(parts)).squareRoot()
        return Swift.min(m, Int((Double(m) * f).rounded()))
    }
}
