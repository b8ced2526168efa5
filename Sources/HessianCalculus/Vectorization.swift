import HessianLinearAlgebra

// Vectorization and the Kronecker algebra of matrix calculus (denominator layout,
// column-major vec). With A m×n, B p×q and K_mn defined by K_mn vec(A) = vec(Aᵀ):
//   vec(AXB) = (Bᵀ ⊗ A) vec(X)        vec(Aᵀ) = K_mn vec(A)
//   vec(A ⊙ X) = diag(vec A) vec(X)    vec(a bᵀ) = b ⊗ a
//   (A ⊗ B)(C ⊗ D) = AC ⊗ BD           K_pm (A ⊗ B) K_nq = B ⊗ A
// These dense constructions are for checking formulas on small sizes; the models
// never build a Kronecker product or a commutation matrix.

/// vec(X): the columns of X stacked, which is its storage.
/// - Parameter x: X, m×n.
public func vec(_ x: Matrix) -> [Double] { x.storage }

/// The inverse of vec: the m×n matrix whose columns are consecutive slices of v.
/// - Parameters:
///   - v: m·n entries.
///   - m: the rows.
///   - n: the columns.
public func unvec(_ v: [Double], rows m: Int, columns n: Int) -> Matrix {
    Matrix(rows: m, columns: n, storage: v)
}

/// A ⊗ B, the (mp)×(nq) block matrix [aᵢⱼ B].
/// - Parameters:
///   - a: A, m×n.
///   - b: B, p×q.
public func kron(_ a: Matrix, _ b: Matrix) -> Matrix {
    let m = a.rows, n = a.columns, p = b.rows, q = b.columns
    var k = Matrix(rows: m * p, columns: n * q)
    for j in 0..<n {
        for i in 0..<m {
            let aij = a[i, j]
            if aij == 0 { continue }
            for l in 0..<q {
                for r in 0..<p { k[i * p + r, j * q + l] = aij * b[r, l] }
            }
        }
    }
    return k
}

/// The commutation matrix K_mn (mn×mn): the permutation with K_mn vec(A) = vec(Aᵀ) for A m×n.
/// Entry A[i,j] sits at i + m·j in vec(A) and at j + n·i in vec(Aᵀ).
/// - Parameters:
///   - m: the rows of A.
///   - n: the columns of A.
public func commutation(_ m: Int, _ n: Int) -> Matrix {
    var k = Matrix(rows: m * n, columns: m * n)
    for j in 0..<n {
        for i in 0..<m { k[j + n * i, i + m * j] = 1 }
    }
    return k
}

/// diag(vec A): the mn×mn diagonal matrix that turns elementwise products into products,
/// vec(A ⊙ X) = diag(vec A) vec(X).
/// - Parameter a: A, m×n.
public func diagonalOfVec(_ a: Matrix) -> Matrix { Matrix.diagonal(a.storage) }
