import COpenBLAS

// Symmetric level-2 BLAS (symv, syr, syr2) on the lower triangle: products with, and
// rank-one/rank-two updates of, a symmetric matrix such as a dense BFGS inverse Hessian.

/// y ← α A x + β y for symmetric A, reading only A's lower triangle (dsymv).
package func symmetricTimes(_ alpha: Double, _ a: Matrix, _ x: [Double], _ beta: Double, _ y: inout [Double]) {
    precondition(a.isSquare && x.count == a.rows && y.count == a.rows,
                 "symv: A is \(a.rows)×\(a.columns), x has \(x.count), y has \(y.count)")
    if a.rows == 0 { return }
    cblas_dsymv(CblasColMajor, CblasLower, blasInt(a.rows), alpha, a.storage, blasInt(a.rows), x, 1, beta, &y, 1)
}

/// A ← A + α (x yᵀ + y xᵀ) on the lower triangle of symmetric A (dsyr2).
package func symmetricRank2Update(_ alpha: Double, _ x: [Double], _ y: [Double], _ a: inout Matrix) {
    precondition(a.isSquare && x.count == a.rows && y.count == a.rows, "syr2: shape mismatch")
    if a.rows == 0 { return }
    cblas_dsyr2(CblasColMajor, CblasLower, blasInt(a.rows), alpha, x, 1, y, 1, &a.storage, blasInt(a.rows))
}

/// A ← A + α x xᵀ on the lower triangle of symmetric A (dsyr).
package func symmetricRank1Update(_ alpha: Double, _ x: [Double], _ a: inout Matrix) {
    precondition(a.isSquare && x.count == a.rows, "syr: shape mismatch")
    if a.rows == 0 { return }
    cblas_dsyr(CblasColMajor, CblasLower, blasInt(a.rows), alpha, x, 1, &a.storage, blasInt(a.rows))
}
