import Testing
import HessianTestSupport
@testable import HessianModels
import HessianLinearAlgebra
import HessianCalculus

@Suite struct LogDeterminantTests {
    /// A random n×n matrix with positive determinant (near 2I, not symmetric).
    func point(_ n: Int, seed: UInt64) -> Matrix {
        var g = SeededGenerator(seed: seed)
        var x = 0.6 * g.matrix(n, n)
        x.addToDiagonal(2)
        return x
    }

    @Test(arguments: [1, 3, 4]) func derivativesMatchCentralDifferences(n: Int) {
        let f = LogDeterminant(size: n)
        var g = SeededGenerator(seed: 12)
        let x = point(n, seed: UInt64(n))
        let e = f.derivativeErrors(at: x.storage, direction: g.vector(n * n))
        #expect(e.worst <= 1e-6, "\(e)")
    }

    /// ∇f = X⁻ᵀ and ∇²f = −K_nn (X⁻ᵀ ⊗ X⁻¹), built from the Calculus layer's kron and commutation.
    @Test func matchesKroneckerFormula() throws {
        let n = 3
        let x = point(n, seed: 4)
        let inv = try x.inverse()
        let f = LogDeterminant(size: n)
        let e = f.evaluate(at: x.storage, hessian: true)
        let expected = -(commutation(n, n) * kron(inv.transposed, inv))
        expectClose(e.hessian!, expected, relative: 1e-13)
        expectClose(e.gradient, inv.transposed.storage, relative: 1e-13)
        #expect(abs(e.value - (try x.logAbsDeterminant().logAbs)) < 1e-13)
        let v = (0..<(n * n)).map { Double($0) - 4 }
        expectClose(try f.hessianVectorProduct(at: x.storage, v), expected * v, relative: 1e-13)
    }

    /// The structured step X Gᵀ X solves the dense system (LU of the indefinite dense Hessian).
    @Test func structuredNewtonStepSolvesDenseSystem() throws {
        let n = 4
        let x = point(n, seed: 9)
        let f = LogDeterminant(size: n)
        var g = SeededGenerator(seed: 1)
        let grad = g.vector(n * n)
        let dense = try LU(f.hessian(at: x.storage)).solve(scaled(-1, grad))
        let structured = try #require(try f.newtonStep(at: x.storage, gradient: grad))
        expectClose(structured, dense, relative: 1e-10)
    }

    @Test func valueIsInfiniteWhereDeterminantIsNotPositive() {
        let f = LogDeterminant(size: 3)
        #expect(f.value(at: Matrix.diagonal([-1, 1, 1]).storage) == .infinity)
        #expect(f.value(at: Matrix.diagonal([0, 1, 1]).storage) == .infinity)
        #expect(f.value(at: Matrix.diagonal([-1, -1, 1]).storage) == 0)   // det = 1 > 0
    }
}
