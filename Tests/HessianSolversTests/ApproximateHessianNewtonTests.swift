import Foundation
import Testing
import HessianTestSupport
import HessianModels
import HessianSolvers
import HessianLinearAlgebra

/// Newton with approximate Hessians (``Newton/approximateHessians``): subsampled, then single-precision
/// ones give the same answer as exact Hessians, and exact ones are used where the system is too
/// ill-conditioned for Float32.
@Suite struct ApproximateHessianNewtonTests {
    func logistic(n: Int, d: Int, collinear: Double? = nil, l2: Double) throws -> Logistic {
        var (x, y) = SimulatedData.logistic(n: n, d: d, seed: 5)
        if let eps = collinear {
            // Column 1 ≈ column 0: the equilibrated Hessian's condition grows like 1/eps².
            var g = SeededGenerator(seed: 9)
            for i in 0..<n { x[i, 1] = x[i, 0] + eps * (2 * g.uniform() - 1) }
        }
        return try Logistic(design: try Design(x, scaling: .none), labels: y, l2: l2)
    }

    @Test func sameSolutionAsFloat64Hessians() throws {
        let f = try logistic(n: 60_000, d: 12, l2: 1)
        let x0 = [Double](repeating: 0, count: f.dimension)
        let mixed = try minimize(f, from: x0, using: Newton())
        let exact = try minimize(f, from: x0, using: Newton(approximateHessians: false))
        #expect(mixed.converged && exact.converged, "\(mixed.message) / \(exact.message)")
        #expect(mixed.gradientNorm <= 1e-8)
        // Both stop at ‖∇f‖∞ ≤ 1e-8; the Hessian's condition bounds the coefficients' distance.
        expectClose(mixed.solution, exact.solution, relative: 1e-9)
        #expect(mixed.notes.contains { $0.contains("approximate Hessians") }, "\(mixed.notes)")
        #expect(exact.notes.isEmpty, "\(exact.notes)")
        // 60 000 rows, 13 parameters: every 10th row is sampled; the sampling and the Float32 sums
        // cost at most two iterations here, and the subsampled phase ends (the local phase uses every row).
        #expect(mixed.iterations <= exact.iterations + 2, "\(mixed.iterations) vs \(exact.iterations)")
        #expect(mixed.notes.contains { $0.contains("Hessians from every row from here") }, "\(mixed.notes)")
    }

    @Test func illConditionedSystemSwitchesToExactHessians() throws {
        let f = try logistic(n: 20_000, d: 4, collinear: 1e-4, l2: 0)
        let x0 = [Double](repeating: 0, count: f.dimension)
        let r = try minimize(f, from: x0, using: Newton())
        #expect(r.converged, "\(r.message)")
        #expect(r.notes.contains { $0.contains("exact Hessians from here") }, "\(r.notes)")
        let exact = try minimize(f, from: x0, using: Newton(approximateHessians: false))
        #expect(exact.converged, "\(exact.message)")
        // The coefficients along the near-null direction are ill-determined; the minimum is not.
        expectClose(r.value, exact.value, relative: 1e-12)
    }

    /// The trust region's Steihaug–Toint models from subsampled products first, exact ones after.
    @Test func trustRegionWithSubsampledProductsReachesTheSameMinimizer() throws {
        let (x, y) = SimulatedData.multinomial(n: 40_000, d: 4, classes: 3, seed: 13)
        let f = try Multinomial(design: try Design(x), labels: y, classes: 3, l2: 1, parametrization: .allClasses)
        let x0 = [Double](repeating: 0, count: f.dimension)
        let steihaug = TrustRegion(subproblem: .steihaug)
        let sampled = try minimize(f, from: x0, using: steihaug)
        let exact = try minimize(f, from: x0, using: TrustRegion(subproblem: .steihaug, approximateCurvature: false))
        #expect(sampled.converged && exact.converged, "\(sampled.message) / \(exact.message)")
        #expect(sampled.gradientNorm <= 1e-8)
        expectClose(sampled.solution, exact.solution, relative: 1e-8)
        #expect(sampled.notes.contains { $0.contains("row subsample") }, "\(sampled.notes)")
        #expect(sampled.notes.contains { $0.contains("from every row from here") }, "\(sampled.notes)")
        #expect(exact.notes.isEmpty, "\(exact.notes)")
    }

    /// Float32 factorization of a 300-parameter system (order ≥ 256): the same minimizer as Float64
    /// factorizations, and the note saying so; a system with condition bound > 1e4 goes back to Float64.
    @Test func singlePrecisionFactorization() throws {
        let (x, y) = SimulatedData.logistic(n: 6_000, d: 299, seed: 17)
        let f = try Logistic(design: try Design(x), labels: y, l2: 10)
        let x0 = [Double](repeating: 0, count: f.dimension)
        let mixed = try minimize(f, from: x0, using: Newton())
        let exact = try minimize(f, from: x0, using: Newton(approximateHessians: false))
        #expect(mixed.converged && exact.converged, "\(mixed.message) / \(exact.message)")
        expectClose(mixed.solution, exact.solution, relative: 1e-8)
        #expect(mixed.notes.contains { $0.contains("factored in Float32") }, "\(mixed.notes)")

        // Columns 0 and 1 of M nearly equal: MᵀM is positive definite with condition ≳ 1e8, which
        // Jacobi scaling cannot remove, so the Float32 factor's bound exceeds 1e4 and Float64 is used.
        var g = SeededGenerator(seed: 3)
        var m = g.matrix(400, 300)
        for i in 0..<400 { m[i, 1] = m[i, 0] + 1e-4 * (2 * g.uniform() - 1) }
        let b = g.vector(300)
        let ill = try NewtonDirection.solve(hessian: gram(m), gradient: b, singlePrecision: true)
        #expect(ill.method == .cholesky)
        #expect(ill.conditionBound > NewtonDirection.singlePrecisionConditionLimit)
        let well = try NewtonDirection.solve(hessian: g.spd(300, shift: 300), gradient: b, singlePrecision: true)
        #expect(well.method == .singlePrecisionCholesky)
    }
}

