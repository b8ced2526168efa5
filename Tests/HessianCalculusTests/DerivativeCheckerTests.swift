import Foundation
import Testing
import HessianTestSupport
@testable import HessianCalculus
import HessianLinearAlgebra

/// The seed's worked examples, checked with the public derivative checker.
@Suite struct DerivativeCheckerTests {
    @Test func linearMapFIsAX() {
        // F = AX (A m×n, X n×p): ∂F/∂X = I_p ⊗ Aᵀ, an (np)×(mp) matrix in the denominator layout
        var rng = SeededGenerator(seed: 30)
        let (m, n, p) = (3, 4, 2)
        let a = rng.matrix(m, n), x = rng.matrix(n, p)
        let analytic = kron(.identity(p), a.transposed)
        let error = DerivativeChecker.checkJacobian({ vec(a * unvec($0, rows: n, columns: p)) },
                                                    derivative: analytic, at: vec(x))
        #expect(error < 1e-9)
    }

    @Test func exponentialMapFIsAExpXB() {
        // F = A exp(XB), A l×m, X m×n, B n×p: ∂F/∂X = (B ⊗ I_m) diag(vec exp(XB)) (I_p ⊗ Aᵀ)
        var rng = SeededGenerator(seed: 31)
        let (l, m, n, p) = (2, 3, 4, 2)
        let a = rng.matrix(l, m), x = rng.matrix(m, n), b = rng.matrix(n, p)
        let e = (x * b).map { exp($0) }
        let analytic = kron(b, .identity(m)) * diagonalOfVec(e) * kron(.identity(p), a.transposed)
        let f: ([Double]) -> [Double] = { v in vec(a * (unvec(v, rows: m, columns: n) * b).map { exp($0) }) }
        #expect(DerivativeChecker.checkJacobian(f, derivative: analytic, at: vec(x)) < 1e-8)
        // A wrong formula (the diagonal factor left out) is rejected by the same check.
        let wrong = kron(b, .identity(m)) * kron(.identity(p), a.transposed)
        #expect(DerivativeChecker.checkJacobian(f, derivative: wrong, at: vec(x)) > 1e-3)
    }

    @Test func logDeterminantOfNonSymmetricMatrix() throws {
        // f = log|X|: ∇f = X⁻ᵀ, ∇²f = −K_nn (X⁻ᵀ ⊗ X⁻¹)
        var rng = SeededGenerator(seed: 32)
        let n = 4
        var x = rng.matrix(n, n)
        x.addToDiagonal(3)            // det > 0 and well conditioned
        let value: ([Double]) -> Double = { v in
            guard let (sign, logAbs) = try? unvec(v, rows: n, columns: n).logAbsDeterminant(), sign > 0 else { return .nan }
            return logAbs
        }
        let gradient: ([Double]) -> [Double] = { v in
            vec((try! unvec(v, rows: n, columns: n).inverse()).transposed)
        }
        let hessian: ([Double]) -> Matrix = { v in
            let inv = try! unvec(v, rows: n, columns: n).inverse()
            return -(commutation(n, n) * kron(inv.transposed, inv))
        }
        let report = DerivativeChecker.check(value: value, gradient: gradient, hessian: hessian, at: vec(x))
        #expect(report.passes(tolerance: 1e-7), "\(report)")
        #expect(report.hessianAsymmetry! < 1e-14)
        // Without the commutation matrix the Hessian is wrong for a non-symmetric X.
        let wrong = DerivativeChecker.check(value: value, gradient: gradient,
                                            hessian: { v in let inv = try! unvec(v, rows: n, columns: n).inverse()
                                                       return -kron(inv.transposed, inv) }, at: vec(x))
        #expect(wrong.hessianError! > 1e-2)
    }

    @Test func finiteDifferenceHessianFromValues() throws {
        // f(x, y) = x²y + sin y: H = [[2y, 2x], [2x, −sin y]]
        let f: ([Double]) -> Double = { $0[0] * $0[0] * $0[1] + sin($0[1]) }
        let x = [0.7, -1.3]
        let h = FiniteDifference.hessian(f, at: x)
        let exact = try Matrix([[2 * x[1], 2 * x[0]], [2 * x[0], -sin(x[1])]])
        expectClose(h, exact, relative: 1e-6)
    }

    @Test func gradientCheckCatchesASignError() {
        let f: ([Double]) -> Double = { 0.5 * $0[0] * $0[0] + 3 * $0[1] }
        let good = DerivativeChecker.check(value: f, gradient: { [$0[0], 3] }, at: [1.5, 2])
        let bad = DerivativeChecker.check(value: f, gradient: { [$0[0], -3] }, at: [1.5, 2])
        #expect(good.gradientError < 1e-9)
        #expect(bad.gradientError > 1)
    }
}
