import Foundation
import HessianTestSupport
import Testing
@testable import HessianLinearAlgebra

@Suite struct PivotedQRTests {
    @Test func factorsWithNonIncreasingDiagonal() throws {
        var rng = SeededGenerator(seed: 9)
        let a = rng.matrix(12, 5)
        let qr = try PivotedQR(a)
        #expect(Set(qr.permutation) == Set(0..<5))
        // (AP)ᵀ(AP) = RᵀR since Q has orthonormal columns.
        for i in 0..<5 {
            for j in 0..<5 {
                var lhs = 0.0, rhs = 0.0
                for k in 0..<12 { lhs += a[k, qr.permutation[i]] * a[k, qr.permutation[j]] }
                for k in 0..<5 { rhs += qr.r[k, i] * qr.r[k, j] }
                #expect(abs(lhs - rhs) <= 1e-12 * 12, "\(i), \(j): \(lhs) vs \(rhs)")
            }
        }
        let d = qr.diagonal
        for k in 1..<5 { #expect(d[k] <= d[k - 1] * (1 + 1e-12)) }
        #expect(qr.rank(tolerance: 1e-7) == 5)
    }

    @Test func revealsRank() throws {
        // Column 2 = column 0 − 2·column 1: rank 2 of 3, and |R₃₃| is at rounding level.
        let x = Matrix(rows: 6, columns: 3) { i, j in
            let u = Double(i + 1), v = Double((i * i) % 5)
            return j == 0 ? u : j == 1 ? v : u - 2 * v
        }
        let qr = try PivotedQR(x)
        #expect(qr.rank(tolerance: 1e-7) == 2)
        #expect(qr.diagonal[2] <= 1e-13 * qr.diagonal[0])
        #expect(try PivotedQR(Matrix(rows: 3, columns: 2)).rank(tolerance: 1e-7) == 0)
    }

    @Test func nonFiniteInputThrows() {
        var x = Matrix(rows: 3, columns: 2)
        x[1, 1] = .nan
        #expect(throws: LinearAlgebraError.nonFinite(routine: "dgeqp3")) { try PivotedQR(x) }
    }
}
