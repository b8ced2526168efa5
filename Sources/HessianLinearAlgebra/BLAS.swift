import COpenBLAS

// Thin, safe wrappers over CBLAS. These, with LAPACK.swift, are the only places
// that call OpenBLAS directly: shapes are checked here, once, and callers work
// with `Matrix` and `[Double]`.

@inline(__always) func blasInt(_ n: Int) -> Int32 {
    _ = SingleThreadedBLAS.configured
    precondition(n <= Int(Int32.max), "dimension \(n) exceeds the 32-bit BLAS interface")
    return Int32(n)
}

// MARK: - Threads

/// The number of threads OpenBLAS uses for level-3 and large level-2 operations, process-wide.
/// The library sets it to 1 once (see `ThreadBudget`) and never changes it; only the benchmarks
/// change it, to compare against OpenBLAS's own threading.
package enum BLASThreads {
    package static var count: Int { _ = SingleThreadedBLAS.configured; return Int(openblas_get_num_threads()) }
    package static func set(_ n: Int) { openblas_set_num_threads(blasInt(Swift.max(1, n))) }
}

// MARK: - Level 1 (vectors)

/// xᵀy
@inlinable package func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "dot: lengths \(x.count) and \(y.count) differ")
    return blasDot(x, y)
}

@usableFromInline func blasDot(_ x: [Double], _ y: [Double]) -> Double {
    cblas_ddot(blasInt(x.count), x, 1, y, 1)
}

/// y ← αx + y
package func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
    precondition(x.count == y.count, "axpy: lengths \(x.count) and \(y.count) differ")
    cblas_daxpy(blasInt(x.count), alpha, x, 1, &y, 1)
}

/// x ← αx
package func scal(_ alpha: Double, _ x: inout [Double]) {
    cblas_dscal(blasInt(x.count), alpha, &x, 1)
}

/// ‖x‖₂, computed by BLAS with scaling so that it neither overflows nor underflows.
package func norm2(_ x: [Double]) -> Double {
    x.isEmpty ? 0 : cblas_dnrm2(blasInt(x.count), x, 1)
}

/// ‖x‖∞ = maxᵢ |xᵢ| (NaN if any entry is NaN, so a non-finite gradient is never "small").
package func normInf(_ x: [Double]) -> Double {
    var m = 0.0
    for v in x {
        if v.isNaN { return .nan }
        m = Swift.max(m, abs(v))
    }
    return m
}

/// x + y, x − y and αx for plain vectors.
package func add(_ x: [Double], _ y: [Double]) -> [Double] { var z = y; axpy(1, x, &z); return z }
package func subtract(_ x: [Double], _ y: [Double]) -> [Double] { var z = x; axpy(-1, y, &z); return z }
package func scaled(_ alpha: Double, _ x: [Double]) -> [Double] { var z = x; scal(alpha, &z); return z }

// MARK: - Level 2

/// y ← α op(A) x + β y, op(A) = A or Aᵀ.
package func gemv(transpose: Bool = false, _ alpha: Double, _ a: Matrix, _ x: [Double],
                 _ beta: Double, _ y: inout [Double]) {
    let (m, n) = transpose ? (a.columns, a.rows) : (a.rows, a.columns)
    precondition(x.count == n && y.count == m,
                 "gemv: op(A) is \(m)×\(n), x has \(x.count), y has \(y.count)")
    if m == 0 { return }
    if n == 0 { scal(beta, &y); return }
    cblas_dgemv(CblasColMajor, transpose ? CblasTrans : CblasNoTrans,
                blasInt(a.rows), blasInt(a.columns), alpha, a.storage, blasInt(Swift.max(1, a.rows)),
                x, 1, beta, &y, 1)
}

/// A x (dgemv).
/// - Parameters:
///   - a: A, m×n.
///   - x: n entries (another count traps).
public func * (a: Matrix, x: [Double]) -> [Double] {
    var y = [Double](repeating: 0, count: a.rows)
    gemv(1, a, x, 0, &y)
    return y
}

/// Aᵀ x without forming Aᵀ.
package func transposeTimes(_ a: Matrix, _ x: [Double]) -> [Double] {
    var y = [Double](repeating: 0, count: a.columns)
    gemv(transpose: true, 1, a, x, 0, &y)
    return y
}

// MARK: - Level 3

/// C ← α op(A) op(B) + β C.
package func gemm(transposeA: Bool = false, transposeB: Bool = false, _ alpha: Double,
                 _ a: Matrix, _ b: Matrix, _ beta: Double, _ c: inout Matrix) {
    let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
    let (k2, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
    precondition(k == k2 && c.rows == m && c.columns == n,
                 "gemm: op(A) is \(m)×\(k), op(B) is \(k2)×\(n), C is \(c.rows)×\(c.columns)")
    if m == 0 || n == 0 { return }
    if k == 0 { scal(beta, &c.storage); return }
    // Columns of C split over the thread budget, one single-threaded dgemm per chunk:
    // C[:, J] = α op(A) op(B)[:, J] + β C[:, J], where op(B)[:, j] starts at column j of B
    // (row j when transposed). No reduction: each chunk owns its columns.
    let chunks = ParallelFor.chunks(n, budget: ThreadBudget.current, flopsPerRow: 2 * m * k)
    let lda = blasInt(Swift.max(1, a.rows)), ldb = Swift.max(1, b.rows), ldc = Swift.max(1, c.rows)
    a.storage.withUnsafeBufferPointer { ap in
        b.storage.withUnsafeBufferPointer { bp in
            c.storage.withUnsafeMutableBufferPointer { cp in
                let aBase = ap.baseAddress!, bBase = bp.baseAddress!, cBase = cp.baseAddress!
                ParallelFor.run(n, chunks: chunks) { _, cols in
                    cblas_dgemm(CblasColMajor, transposeA ? CblasTrans : CblasNoTrans,
                                transposeB ? CblasTrans : CblasNoTrans,
                                blasInt(m), blasInt(cols.count), blasInt(k), alpha, aBase, lda,
                                bBase + (transposeB ? cols.lowerBound : cols.lowerBound * ldb), blasInt(ldb),
                                beta, cBase + cols.lowerBound * ldc, blasInt(ldc))
                }
            }
        }
    }
}

/// A B (dgemm).
/// - Parameters:
///   - a: A, m×k.
///   - b: B, k×n (another inner dimension traps).
public func * (a: Matrix, b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, columns: b.columns)
    gemm(1, a, b, 0, &c)
    return c
}

/// op(A) op(B) with transposes taken by BLAS, not by copying.
package func product(_ a: Matrix, _ b: Matrix, transposeA ta: Bool = false, transposeB tb: Bool = false) -> Matrix {
    let m = ta ? a.columns : a.rows
    let n = tb ? b.rows : b.columns
    var c = Matrix(rows: m, columns: n)
    gemm(transposeA: ta, transposeB: tb, 1, a, b, 0, &c)
    return c
}

/// C ← α AᵀA + β C (transpose: true) or α AAᵀ + β C (transpose: false); both triangles of C are valid on return.
package func syrk(transpose: Bool = true, _ alpha: Double, _ a: Matrix, _ beta: Double, _ c: inout Matrix) {
    let n = transpose ? a.columns : a.rows
    let k = transpose ? a.rows : a.columns
    precondition(c.rows == n && c.columns == n, "syrk: C is \(c.rows)×\(c.columns), expected \(n)×\(n)")
    if n == 0 { return }
    if k > 0 {
        cblas_dsyrk(CblasColMajor, CblasLower, transpose ? CblasTrans : CblasNoTrans,
                    blasInt(n), blasInt(k), alpha, a.storage, blasInt(Swift.max(1, a.rows)),
                    beta, &c.storage, blasInt(n))
    } else {
        scal(beta, &c.storage)
    }
    c.fillUpperFromLower()
}

/// AᵀA
package func gram(_ a: Matrix) -> Matrix {
    var c = Matrix(rows: a.columns, columns: a.columns)
    syrk(1, a, 0, &c)
    return c
}

/// Row-block size for the weighted Gram products: a block of `rows × d` doubles
/// (copied and scaled) stays in cache while BLAS consumes it.
package let weightedGramBlockRows = 4096

/// C ← Xᵀ diag(w) X + β C, computed in row blocks so that no N×d copy of X is made.
///
/// When all weights have one sign (w ≥ 0, or w ≤ 0 as in the multinomial off-diagonal
/// class blocks −p_k ⊙ p_l) each block is scaled as √|wᵢ| xᵢᵀ and accumulated with
/// dsyrk, ±Σᵢ (√|wᵢ|xᵢ)(√|wᵢ|xᵢ)ᵀ, which is exactly symmetric and half the flops of
/// dgemm. Mixed signs fall back to X_bᵀ (diag(w_b) X_b) with dgemm, symmetrized at the
/// end. Only a `blockRows × d` buffer is allocated.
package func weightedGram(_ x: Matrix, weights w: [Double], beta: Double = 0, into c: inout Matrix,
                         blockRows: Int = weightedGramBlockRows) {
    let n = x.rows, d = x.columns
    precondition(w.count == n, "weightedGram: \(w.count) weights for \(n) rows")
    precondition(c.rows == d && c.columns == d, "weightedGram: C is \(c.rows)×\(c.columns), expected \(d)×\(d)")
    if beta != 1 { scal(beta, &c.storage) }
    if n == 0 || d == 0 { return }
    let nonNegative = w.allSatisfy { $0 >= 0 }
    let nonPositive = !nonNegative && w.allSatisfy { $0 <= 0 }
    let oneSign = nonNegative || nonPositive
    let sign: Double = nonPositive ? -1 : 1
    let b = Swift.max(1, Swift.min(blockRows, n))
    var buffer = [Double](repeating: 0, count: b * d)
    var r0 = 0
    x.storage.withUnsafeBufferPointer { xs in
        w.withUnsafeBufferPointer { ws in
            while r0 < n {
                let rb = Swift.min(b, n - r0)
                buffer.withUnsafeMutableBufferPointer { buf in
                    for j in 0..<d {
                        let src = xs.baseAddress! + j * n + r0
                        let dst = buf.baseAddress! + j * rb
                        if oneSign {
                            for i in 0..<rb { dst[i] = src[i] * abs(ws[r0 + i]).squareRoot() }
                        } else {
                            for i in 0..<rb { dst[i] = src[i] * ws[r0 + i] }
                        }
                    }
                }
                if oneSign {
                    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, blasInt(d), blasInt(rb), sign,
                                buffer, blasInt(rb), 1, &c.storage, blasInt(d))
                } else {
                    // C += X_bᵀ (diag(w_b) X_b): the left factor is read in place with
                    // leading dimension N, starting at row r0.
                    c.storage.withUnsafeMutableBufferPointer { cs in
                        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, blasInt(d), blasInt(d), blasInt(rb), 1,
                                    xs.baseAddress! + r0, blasInt(n), buffer, blasInt(rb), 1, cs.baseAddress!, blasInt(d))
                    }
                }
                r0 += rb
            }
        }
    }
    if oneSign { c.fillUpperFromLower() } else { c = c.symmetrized }
}

/// Xᵀ diag(w) X as a new d×d matrix.
package func weightedGram(_ x: Matrix, weights w: [Double]) -> Matrix {
    var c = Matrix(rows: x.columns, columns: x.columns)
    weightedGram(x, weights: w, into: &c)
    return c
}
