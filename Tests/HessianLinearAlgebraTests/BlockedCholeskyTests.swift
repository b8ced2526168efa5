import Foundation
import Testing
@testable import HessianLinearAlgebra
import HessianTestSupport

/// The blocked, budget-parallel Cholesky (orders ≥ `BlockedCholesky.minimumOrder` on ≥ 2 threads).
@Suite struct BlockedCholeskyTests {
    /// An n×n SPD matrix B Bᵀ/n + I.
    static func spd(_ n: Int, seed: UInt64) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        let b = Matrix(rows: n, columns: n) { _, _ in Double.random(in: -1...1, using: &rng) }
        var a = product(b, b, transposeB: true)
        for i in 0..<n { for j in 0..<n { a[i, j] /= Double(n) } ; a[i, i] += 1 }
        return a
    }

    @Test(arguments: [400, 517])
    func theFactorReproducesTheMatrixAndSolves(n: Int) throws {
        let a = Self.spd(n, seed: UInt64(n))
        let chol = try ThreadBudget.withThreads(2) { try Cholesky(a) }
        var l = chol.factor
        for j in 0..<n { for i in 0..<j { l[i, j] = 0 } }
        let llt = product(l, l, transposeB: true)
        #expect(llt.maxAbsDifference(a) < 1e-12)
        let x = (0..<n).map { Double($0 % 7) - 3 }
        let b = a * x
        let solved = try chol.solve(b)
        for i in 0..<n { expectClose(solved[i], x[i], relative: 1e-10, absolute: 1e-10) }
        // dpotrf on one thread: the same factor up to rounding.
        let serial = try ThreadBudget.withThreads(1) { try Cholesky(a) }
        #expect(serial.factor.maxAbsDifference(chol.factor) < 1e-12)
    }

    @Test func theFailingLeadingMinorIsNamedAcrossBlocks() {
        // I with one negative diagonal entry at index 449: minors up to order 449 are 1, order 450 is −1.
        var a = Matrix.identity(600)
        a[449, 449] = -1
        #expect(throws: LinearAlgebraError.notPositiveDefinite(leadingMinor: 450)) {
            try ThreadBudget.withThreads(2) { try Cholesky(a) }
        }
    }

    @Test func theColumnSplitBalancesTheTriangle() {
        let m = 1000, parts = 4
        let bounds = (0...parts).map { BlockedCholesky.triangleSplit($0, of: parts, m) }
        #expect(bounds.first == 0 && bounds.last == m)
        // Entries of the lower triangle in columns j0..<j1: Σ (m − j).
        let areas = (0..<parts).map { c in (bounds[c]..<bounds[c + 1]).reduce(0) { $0 + (m - $1) } }
        let total = m * (m + 1) / 2
        for a in areas { #expect(abs(Double(a) / Double(total) - 0.25) < 0.01) }
    }
}
