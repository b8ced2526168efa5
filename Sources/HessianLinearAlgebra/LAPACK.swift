import CLapacke
import Foundation

// Thin, safe wrappers over LAPACKE (column-major). Every `info` is checked and
// becomes a `LinearAlgebraError`; no LAPACK call appears outside LinearAlgebra/.

@inline(__always) private func lapackInt(_ n: Int) -> Int32 { Int32(blasInt(n)) }
private let lower = Int8(UInt8(ascii: "L"))
private let noTrans = Int8(UInt8(ascii: "N"))
private let vectorsWanted = Int8(UInt8(ascii: "V"))
private let valuesOnly = Int8(UInt8(ascii: "N"))

private func requireFinite(_ a: Matrix, _ routine: String) throws {
    if !a.allFinite { throw LinearAlgebraError.nonFinite(routine: routine) }
}

// MARK: - Cholesky

/// A = L Lᵀ for symmetric positive definite A (dpotrf, lower triangle).
public struct Cholesky: Sendable {
    /// L in the lower triangle; the strict upper triangle holds whatever A had there.
    public let factor: Matrix

    /// Factors A. Throws `.notPositiveDefinite(leadingMinor:)` naming the first failing minor.
    /// - Parameter a: A, square (else a trap), symmetric and finite; dpotrf reads its lower triangle.
    public init(_ a: Matrix) throws {
        precondition(a.isSquare, "Cholesky of a \(a.rows)×\(a.columns) matrix")
        try requireFinite(a, "dpotrf")
        var f = a
        let n = a.rows
        let chunks = ParallelFor.maximumChunks
        if n >= BlockedCholesky.minimumOrder && chunks > 1 {
            let info = f.storage.withUnsafeMutableBufferPointer { blockedCholesky($0.baseAddress!, n: n, chunks: chunks) }
            try checkInfo(info, "dpotrf") { .notPositiveDefinite(leadingMinor: $0) }
        } else if n > 0 {
            let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, lower, lapackInt(n), &f.storage, lapackInt(n))
            try checkInfo(info, "dpotrf") { .notPositiveDefinite(leadingMinor: $0) }
        }
        factor = f
    }

    /// n, the order of A.
    public var dimension: Int { factor.rows }

    /// Solves A X = B (dpotrs).
    /// - Parameter b: B, n rows.
    public func solve(_ b: Matrix) throws -> Matrix {
        precondition(b.rows == dimension, "Cholesky.solve: B has \(b.rows) rows, expected \(dimension)")
        var x = b
        if dimension > 0 && b.columns > 0 {
            let info = LAPACKE_dpotrs(LAPACK_COL_MAJOR, lower, lapackInt(dimension), lapackInt(b.columns),
                                      factor.storage, lapackInt(dimension), &x.storage, lapackInt(dimension))
            try checkInfo(info, "dpotrs") { _ in .illegalArgument(routine: "dpotrs", position: 0) }
        }
        return x
    }

    /// Solves A x = b.
    /// - Parameter b: b, n entries.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix.column(b)).storage
    }

    /// A⁻¹ (dpotri), both triangles filled. Used for covariance estimates, not for solving.
    public func inverse() throws -> Matrix {
        var inv = factor
        let n = dimension
        if n > 0 {
            let info = LAPACKE_dpotri(LAPACK_COL_MAJOR, lower, lapackInt(n), &inv.storage, lapackInt(n))
            try checkInfo(info, "dpotri") { .singular(pivot: $0) }
        }
        inv.fillUpperFromLower()
        return inv
    }

    /// log|A| = 2 Σ log Lᵢᵢ.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<dimension { s += log(factor[i, i]) }
        return 2 * s
    }

    /// Reciprocal condition estimate in the 1-norm is not needed here; the ratio of the
    /// extreme diagonal entries of L squared is a cheap lower bound on κ₂(A).
    public var diagonalConditionBound: Double {
        let d = factor.diagonal.map { $0 * $0 }
        guard let lo = d.min(), let hi = d.max(), lo > 0 else { return .infinity }
        return hi / lo
    }
}

// MARK: - LU

/// P A = L U with partial pivoting (dgetrf), for general square A.
public struct LU: Sendable {
    /// The packed L and U from dgetrf.
    public let factor: Matrix
    /// dgetrf's row interchanges (1-based).
    public let pivots: [Int32]

    /// Factors square A; throws when A is exactly singular.
    public init(_ a: Matrix) throws {
        precondition(a.isSquare, "LU of a \(a.rows)×\(a.columns) matrix")
        try requireFinite(a, "dgetrf")
        var f = a
        let n = a.rows
        var ipiv = [Int32](repeating: 0, count: n)
        if n > 0 {
            let info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, lapackInt(n), lapackInt(n), &f.storage, lapackInt(n), &ipiv)
            try checkInfo(info, "dgetrf") { .singular(pivot: $0) }
        }
        factor = f
        pivots = ipiv
    }

    /// n, the order of A.
    public var dimension: Int { factor.rows }

    /// Solves A X = B (dgetrs).
    /// - Parameters:
    ///   - b: B, n rows.
    ///   - transposed: solve Aᵀ X = B instead (default false).
    public func solve(_ b: Matrix, transposed: Bool = false) throws -> Matrix {
        precondition(b.rows == dimension)
        var x = b
        if dimension > 0 && b.columns > 0 {
            let info = LAPACKE_dgetrs(LAPACK_COL_MAJOR, transposed ? Int8(UInt8(ascii: "T")) : noTrans,
                                      lapackInt(dimension), lapackInt(b.columns), factor.storage, lapackInt(dimension),
                                      pivots, &x.storage, lapackInt(dimension))
            try checkInfo(info, "dgetrs") { _ in .illegalArgument(routine: "dgetrs", position: 0) }
        }
        return x
    }

    /// x with A x = b.
    public func solve(_ b: [Double]) throws -> [Double] { try solve(Matrix.column(b)).storage }

    /// A⁻¹ = solve(A, I). Only for small matrices where the explicit inverse is the answer
    /// (e.g. the gradient X⁻ᵀ of log|X|).
    public func inverse() throws -> Matrix { try solve(.identity(dimension)) }

    /// (sign of |A|, log||A||): the product of U's diagonal with the permutation's sign.
    public var logAbsDeterminant: (sign: Double, logAbs: Double) {
        var sign = 1.0, s = 0.0
        for i in 0..<dimension {
            let u = factor[i, i]
            if u < 0 { sign = -sign }
            if Int(pivots[i]) != i + 1 { sign = -sign }
            s += log(abs(u))
        }
        return (sign, s)
    }
}

// MARK: - Symmetric eigendecomposition

/// A = Q diag(λ) Qᵀ for symmetric A (dsyevd, divide and conquer), λ ascending.
public struct SymmetricEigen: Sendable {
    /// The eigenvalues λ, ascending.
    public let values: [Double]
    /// Orthonormal eigenvectors in the columns (empty 0×0 when only values were asked for).
    public let vectors: Matrix

    /// Decomposes symmetric A; with `vectors` false only λ is computed.
    /// - Parameters:
    ///   - a: A, square and symmetric.
    ///   - wantVectors: whether to compute Q as well (default true).
    public init(_ a: Matrix, vectors wantVectors: Bool = true) throws {
        precondition(a.isSquare, "eigendecomposition of a \(a.rows)×\(a.columns) matrix")
        try requireFinite(a, "dsyevd")
        var q = a
        let n = a.rows
        var w = [Double](repeating: 0, count: n)
        if n > 0 {
            let info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, wantVectors ? vectorsWanted : valuesOnly, lower,
                                      lapackInt(n), &q.storage, lapackInt(n), &w)
            try checkInfo(info, "dsyevd") { .eigenNoConvergence(info: $0) }
        }
        values = w
        vectors = wantVectors ? q : Matrix(rows: 0, columns: 0)
    }

    /// Q diag(f(λ)) Qᵀ: a spectral function of A.
    /// - Parameter f: applied to each eigenvalue (default the identity, which gives A back).
    public func reconstruct(_ f: (Double) -> Double = { $0 }) -> Matrix {
        let n = values.count
        var scaledQ = vectors
        for j in 0..<n {
            let s = f(values[j])
            for i in 0..<n { scaledQ[i, j] *= s }
        }
        return product(scaledQ, vectors, transposeB: true)
    }
}

// MARK: - Conveniences

extension Matrix {
    /// log|A| for symmetric positive definite A, via Cholesky; throws if A is not positive definite.
    public func logDeterminantSPD() throws -> Double { try Cholesky(self).logDeterminant }

    /// (sign, log|det A|) for a general square matrix, via LU.
    public func logAbsDeterminant() throws -> (sign: Double, logAbs: Double) { try LU(self).logAbsDeterminant }

    /// A⁻¹ for a general square matrix via LU (for small matrices whose inverse is itself wanted).
    public func inverse() throws -> Matrix { try LU(self).inverse() }
}
