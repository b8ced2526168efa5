import Foundation
import Testing
import HessianTestSupport
@testable import HessianModels
import HessianLinearAlgebra
import HessianCalculus
import HessianSolvers

@Suite struct PrecisionEstimationTests {
    func model(_ n: Int, l2: Double, seed: UInt64 = 1) throws -> PrecisionEstimation {
        var g = SeededGenerator(seed: seed)
        let data = g.matrix(3 * n + 5, n)
        return try PrecisionEstimation(covariance: PrecisionEstimation.sampleCovariance(data), l2: l2)
    }

    @Test(arguments: [0.0, 0.4]) func derivativesMatchCentralDifferences(l2: Double) throws {
        let m = try model(4, l2: l2)
        var g = SeededGenerator(seed: 3)
        let theta = g.spd(4, shift: 1.5)
        let e = m.derivativeErrors(at: theta.storage, direction: g.vector(16))
        #expect(e.worst <= 1e-6, "\(e)")
    }

    /// ∇²g = Θ⁻¹ ⊗ Θ⁻¹ + λI (kron from Calculus) and ∇g = S − Θ⁻¹ + λΘ.
    @Test func matchesKroneckerFormula() throws {
        let m = try model(3, l2: 0.7)
        var g = SeededGenerator(seed: 5)
        let theta = g.spd(3)
        let inv = try theta.inverse()
        var expected = kron(inv, inv)
        expected.addToDiagonal(0.7)
        let e = m.evaluate(at: theta.storage, hessian: true)
        expectClose(e.hessian!, expected, relative: 1e-12)
        expectClose(e.gradient, (m.covariance - inv + 0.7 * theta).storage, relative: 1e-12)
        let value = (m.covariance * theta).trace - (try theta.logAbsDeterminant().logAbs) + 0.35 * theta.frobeniusNorm * theta.frobeniusNorm
        #expect(abs(e.value - value) < 1e-12 * abs(value))
    }

    /// The structured O(n³) step equals the Cholesky solve of the dense n²×n² system and is symmetric.
    @Test(arguments: [0.0, 0.3]) func structuredNewtonStepEqualsDenseSolve(l2: Double) throws {
        let m = try model(5, l2: l2)
        var g = SeededGenerator(seed: 17)
        let theta = g.spd(5, shift: 0.5)
        let e = m.evaluate(at: theta.storage, hessian: true)
        let dense = try Cholesky(e.hessian!).solve(scaled(-1, e.gradient))
        let structured = try #require(try m.newtonStep(at: theta.storage, gradient: e.gradient))
        expectClose(structured, dense, relative: 1e-10)
        let delta = Matrix(rows: 5, columns: 5, storage: structured)
        #expect(delta.maxAbsDifference(delta.transposed) < 1e-12 * delta.maxAbs)
        if l2 == 0 {
            // Δ = Θ − ΘSΘ (Mathematics.md, "Precision-matrix estimation")
            let expected = theta - theta * m.covariance * theta
            expectClose(structured, expected.storage, relative: 1e-10)
        }
    }

    /// Θ* from the eigen formula of Mathematics.md θᵢ = (−sᵢ + √(sᵢ² + 4λ))/(2λ), computed here independently,
    /// has zero gradient and equals closedForm(); for λ = 0, Θ* = S⁻¹.
    /// Along a step that is diagonal in Θ's eigenbasis (Θ commuting with S, as after Newton's first
    /// step from I) the model answers values and the next step from that eigenbasis: they must equal
    /// a fresh model's (Cholesky log det, new eigendecomposition), and Newton must reach the closed form.
    @Test func eigenbasisReuseAlongStepsMatchesFreshEvaluation() throws {
        let n = 12, l2 = 0.6
        let m = try model(n, l2: l2, seed: 7)
        let fresh = { try PrecisionEstimation(covariance: m.covariance, l2: l2) }
        // Θ₁ = I − G(I)/(1 + λ) ∝ polynomial in S: commutes with S (the first Newton step from I).
        let identity = Matrix.identity(n).storage
        var theta = identity
        axpy(0.25, try m.newtonStep(at: identity, gradient: m.gradient(at: identity))!, &theta)
        let step = try m.newtonStep(at: theta, gradient: m.gradient(at: theta))!
        for alpha in [1.0, 0.5, 0.1] {
            var trial = theta
            axpy(alpha, step, &trial)
            let reference = try fresh()
            #expect(abs(m.value(at: trial) - reference.value(at: trial)) <= 1e-12 * abs(reference.value(at: trial)))
        }
        var next = theta
        axpy(0.5, step, &next)
        _ = m.value(at: next)
        let g = m.gradient(at: next)
        let reused = try m.newtonStep(at: next, gradient: g)!
        let direct = try fresh().newtonStep(at: next, gradient: g)!
        #expect(isClose(reused, direct, relative: 1e-9, scale: .entry) || isClose(reused, direct, relative: 1e-11))
        let r = try minimize(m, from: identity, using: Newton())
        #expect(r.converged)
        expectClose(r.solution, try m.closedForm().storage, relative: 1e-10)
    }

    @Test(arguments: [0.0, 0.05, 2.0]) func closedFormIsStationary(l2: Double) throws {
        let m = try model(4, l2: l2)
        let expected: Matrix
        if l2 > 0 {
            let eig = try SymmetricEigen(m.covariance)
            expected = eig.reconstruct { s in (-s + (s * s + 4 * l2).squareRoot()) / (2 * l2) }
        } else {
            expected = try LU(m.covariance).inverse()
        }
        let grad = m.gradient(at: expected.storage)
        #expect(normInf(grad) < 1e-10 * max(1, expected.maxAbs), "\(grad)")
        expectClose(try m.closedForm(), expected, relative: 1e-10)
    }

    @Test func valueIsInfiniteOutsidePositiveDefiniteCone() throws {
        let m = try model(3, l2: 0.1)
        for bad in [Matrix.diagonal([1, -1, 1]), -Matrix.identity(3), Matrix(rows: 3, columns: 3), try Matrix([[1, 2, 0], [2, 1, 0], [0, 0, 1]])] {
            let v = m.value(at: bad.storage)
            #expect(v == .infinity)
            #expect(m.evaluate(at: bad.storage, hessian: false).value == .infinity)
        }
        #expect(throws: LinearAlgebraError.self) { try m.newtonStep(at: (-Matrix.identity(3)).storage, gradient: Matrix.identity(3).storage) }
    }

    /// S = (1/N) Σ (xᵢ − x̄)(xᵢ − x̄)ᵀ computed here with explicit loops.
    @Test func sampleCovarianceIsCentredAndDividedByN() {
        var g = SeededGenerator(seed: 2)
        let data = g.matrix(20, 3, in: 5..<9)
        let mean = (0..<3).map { j in data.column(j).reduce(0, +) / 20 }
        let expected = Matrix(rows: 3, columns: 3) { a, b in
            (0..<20).reduce(0) { $0 + (data[$1, a] - mean[a]) * (data[$1, b] - mean[b]) } / 20
        }
        expectClose(PrecisionEstimation.sampleCovariance(data), expected, relative: 1e-12)
    }

    @Test func rejectsBadInput() throws {
        #expect(throws: ModelError.self) { try PrecisionEstimation(covariance: Matrix(rows: 2, columns: 3)) }
        #expect(throws: ModelError.self) { try PrecisionEstimation(covariance: try Matrix([[1, 0.5], [0, 1]])) }
        #expect(throws: ModelError.self) { try PrecisionEstimation(covariance: .identity(2), l2: -1) }
        let singular = try PrecisionEstimation(covariance: try Matrix([[1, 1], [1, 1]]))
        #expect(throws: ModelError.self) { try singular.closedForm() }
        #expect(try model(41, l2: 1).structuredNewtonOnly)
        #expect(try !model(3, l2: 1).structuredNewtonOnly)
    }

    @Test(arguments: [0.0, 0.7]) func suggestedStartIsTheIsotropicMinimizer(l2: Double) throws {
        // For S = cI the isotropic problem is the problem itself, so the start must be the minimizer
        // of Mathematics.md's closed form, θ = (−c + √(c² + 4λ))/(2λ) (1/c for λ = 0), times I.
        let c = 2.5, n = 4
        let m = try PrecisionEstimation(covariance: c * Matrix.identity(n), l2: l2)
        let theta = l2 > 0 ? (-c + (c * c + 4 * l2).squareRoot()) / (2 * l2) : 1 / c
        expectClose(m.suggestedStart, (theta * Matrix.identity(n)).storage, relative: 1e-14)
        #expect(normInf(m.gradient(at: m.suggestedStart)) < 1e-14)
        // On a general S it is positive definite and Newton reaches the closed form from it.
        var rng = SeededGenerator(seed: 91)
        let general = try PrecisionEstimation(covariance: rng.spd(6, shift: 0.5), l2: l2)
        let r = try minimize(general, from: general.suggestedStart, using: Newton())
        #expect(r.converged)
        expectClose(r.solution, try general.closedForm().storage, relative: 1e-8)
    }
}
