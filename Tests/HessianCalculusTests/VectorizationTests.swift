import Testing
import HessianTestSupport
@testable import HessianCalculus
import HessianLinearAlgebra

/// The vec/Kronecker identities (Mathematics.md, "The identities that turn differentials into
/// derivatives") on random non-square sizes.
@Suite struct VectorizationTests {
    var rng = SeededGenerator(seed: 20)

    @Test mutating func linearity() {
        let a = rng.matrix(3, 4), b = rng.matrix(3, 4)
        expectClose(vec(a + b), add(vec(a), vec(b)), relative: 1e-15)
        #expect(unvec(vec(a), rows: 3, columns: 4) == a)
    }

    @Test mutating func productRule() {
        // vec(AXB) = (Bᵀ ⊗ A) vec(X), A 3×4, X 4×2, B 2×5
        let a = rng.matrix(3, 4), x = rng.matrix(4, 2), b = rng.matrix(2, 5)
        expectClose(vec(a * x * b), kron(b.transposed, a) * vec(x), relative: 1e-14)
    }

    @Test mutating func transposeRule() {
        let a = rng.matrix(3, 5)
        #expect(commutation(3, 5) * vec(a) == vec(a.transposed))
    }

    @Test mutating func elementwiseRule() {
        let a = rng.matrix(4, 3), x = rng.matrix(4, 3)
        expectClose(vec(a.hadamard(x)), diagonalOfVec(a) * vec(x), relative: 1e-15)
    }

    @Test mutating func kronTranspose() {
        let a = rng.matrix(2, 3), b = rng.matrix(4, 5)
        #expect(kron(a, b).transposed == kron(a.transposed, b.transposed))
    }

    @Test mutating func outerProduct() {
        let a = rng.vector(4), b = rng.vector(3)
        let outer = Matrix.column(a) * Matrix.column(b).transposed
        expectClose(vec(outer), kron(.column(b), .column(a)).storage, relative: 1e-15)
    }

    @Test mutating func mixedProduct() {
        let a = rng.matrix(2, 3), b = rng.matrix(4, 2), c = rng.matrix(3, 5), d = rng.matrix(2, 3)
        expectClose(kron(a, b) * kron(c, d), kron(a * c, b * d), relative: 1e-14)
    }

    @Test func commutationIdentities() {
        let kmn = commutation(3, 4), knm = commutation(4, 3)
        #expect(kmn == knm.transposed)
        #expect(kmn * knm == .identity(12))
    }

    @Test mutating func swapRule() {
        // K_pm (A ⊗ B) K_nq = B ⊗ A, A m×n, B p×q
        let (m, n, p, q) = (2, 3, 4, 5)
        let a = rng.matrix(m, n), b = rng.matrix(p, q)
        expectClose(commutation(p, m) * kron(a, b) * commutation(n, q), kron(b, a), relative: 1e-15)
    }

    @Test func aWrongFormulaIsCaught() {
        // The checks above can fail: (A ⊗ B) is not (B ⊗ A) in general, and vec(AXB) ≠ (B ⊗ Aᵀ)vec X.
        var rng = SeededGenerator(seed: 21)
        let a = rng.matrix(3, 3), x = rng.matrix(3, 3), b = rng.matrix(3, 3)
        #expect(!isClose(kron(a, b), kron(b, a), relative: 1e-2))
        #expect(!isClose(vec(a * x * b), kron(b, a.transposed) * vec(x), relative: 1e-2))
    }
}
