import CLapacke

/// A = L Lᵀ computed in Float32 (spotrf, lower triangle) from a Float64 A, for inexact Newton steps:
/// about twice the rate of dpotrf and half its memory traffic. A solve returns the Float64 solution
/// of the Float32 system, whose relative error is ≈ κ(A)·2⁻²⁴; callers check
/// ``diagonalConditionBound`` before trusting it (see `Newton.approximateHessians`).
package struct SinglePrecisionCholesky {
    /// L (Float32, column-major) in the lower triangle.
    private var factor: [Float]
    /// n, the order of A.
    package let dimension: Int

    /// Factors A rounded to Float32. Throws `.notPositiveDefinite(leadingMinor:)` naming the first
    /// failing minor (rounding can make a nearly singular positive definite A fail here).
    /// - Parameter a: A, square (else a trap), symmetric and finite; only its lower triangle is read.
    package init(_ a: Matrix) throws {
        precondition(a.isSquare, "Cholesky of a \(a.rows)×\(a.columns) matrix")
        if !a.allFinite { throw LinearAlgebraError.nonFinite(routine: "spotrf") }
        let n = a.rows
        var f = a.storage.map { Float($0) }
        if n > 0 {
            let info = LAPACKE_spotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(blasInt(n)), &f, Int32(blasInt(n)))
            try checkInfo(info, "spotrf") { .notPositiveDefinite(leadingMinor: $0) }
        }
        factor = f
        dimension = n
    }

    /// (max Lᵢᵢ / min Lᵢᵢ)², a lower bound on κ₂(A).
    package var diagonalConditionBound: Double {
        var lo = Double.infinity, hi = 0.0
        for i in 0..<dimension {
            let d = Double(factor[i + i * dimension]) * Double(factor[i + i * dimension])
            lo = Swift.min(lo, d)
            hi = Swift.max(hi, d)
        }
        return lo > 0 ? hi / lo : .infinity
    }

    /// x with A x = b, solved in Float32 (spotrs) and returned in Float64.
    /// - Parameter b: b, n entries.
    package func solve(_ b: [Double]) throws -> [Double] {
        precondition(b.count == dimension, "Cholesky.solve: b has \(b.count) entries, expected \(dimension)")
        var x = b.map { Float($0) }
        if dimension > 0 {
            let n = Int32(blasInt(dimension))
            let info = LAPACKE_spotrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, 1, factor, n, &x, n)
            try checkInfo(info, "spotrs") { _ in .illegalArgument(routine: "spotrs", position: 0) }
        }
        return x.map { Double($0) }
    }
}
