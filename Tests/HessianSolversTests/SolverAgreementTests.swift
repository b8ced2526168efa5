import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra
import HessianModels

/// Every solver on the four models: the same minimizer, closed forms where they exist, and
/// Newton's quadratic convergence on logistic regression.
@Suite struct SolverAgreementTests {
    /// Every solver, with iteration budgets that suit it (gradient descent is linear-rate).
    static func allSolvers(gradientTolerance: Double = 1e-8) -> [any Solver] {
        SolverKind.allCases.map { kind in
            kind.make(stopping: .init(gradientTolerance: gradientTolerance,
                                      maxIterations: kind == .gradientDescent ? 100_000 : 1000))
        }
    }

    /// Runs every solver and checks they agree with `reference` (relative ∞-norm error ≤ tol).
    static func expectAgreement<F: Objective>(_ f: F, from x0: [Double], reference: [Double], tolerance: Double = 1e-6,
                                              solvers: [any Solver] = allSolvers(),
                                              map: ([Double]) -> [Double] = { $0 },
                                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        for s in solvers {
            let r = try minimize(f, from: x0, using: s)
            let converged = r.converged
            #expect(converged, "\(s.name): \(r.message)", sourceLocation: sourceLocation)
            expectClose(map(r.solution), reference, relative: tolerance, "\(s.name): \(r.message)", sourceLocation: sourceLocation)
        }
    }

    @Test func leastSquaresMatchesNormalEquations() throws {
        var rng = SeededGenerator(seed: 21)
        let n = 300, d = 4
        // Badly scaled columns: the design standardizes internally; the answer is external.
        var x = rng.matrix(n, d)
        for i in 0..<n { x[i, 1] *= 1000; x[i, 3] = x[i, 3] * 0.01 + 5 }
        let y = (0..<n).map { i in 1 + x[i, 0] - 0.002 * x[i, 1] + 30 * x[i, 3] + 0.1 * Double.random(in: -1..<1, using: &rng) }
        for l2 in [0.0, 2.5] {
            let model = try LeastSquares(design: try Design(x, intercept: true), targets: y, l2: l2)
            // Normal equations on X̂ = [1 X]: (X̂ᵀX̂ + λ diag(0, 1, …, 1)) w = X̂ᵀy, by LU.
            let xh = augmented(x, intercept: true)
            var a = gram(xh)
            for j in 1...d { a[j, j] += l2 }
            let exact = directSolve(a, transposeTimes(xh, y))
            let x0 = [Double](repeating: 0, count: model.dimension)
            try Self.expectAgreement(model, from: x0, reference: exact, map: model.externalCoefficients)
            // Newton: one step from any point.
            let r = try minimize(model, from: x0, using: Newton())
            let iterations = r.iterations
            #expect(iterations == 1, "\(r.message)")
        }
    }

    @Test func logisticAllSolversAgree() throws {
        let (x, y) = SimulatedData.logistic(n: 2000, d: 5, seed: 4)
        for l2 in [0.0, 1.0] {
            let model = try Logistic(design: try Design(x, intercept: true), labels: y, l2: l2)
            let x0 = [Double](repeating: 0, count: model.dimension)
            let reference = try minimize(model, from: x0, using: Newton(stopping: .init(gradientTolerance: 1e-10)))
            let referenceConverged = reference.converged
            #expect(referenceConverged, "\(reference.message)")
            try Self.expectAgreement(model, from: x0, reference: reference.solution)
        }
    }

    /// Exact Newton (approximate Hessians off: those add a linear term to the rate by design).
    @Test func newtonConvergesQuadraticallyOnLogistic() throws {
        let (x, y) = SimulatedData.logistic(n: 5000, d: 6, seed: 8)
        let model = try Logistic(design: try Design(x, intercept: true), labels: y, l2: 0)
        let r = try minimize(model, from: [Double](repeating: 0, count: model.dimension),
                         using: Newton(stopping: .init(gradientTolerance: 1e-11), approximateHessians: false))
        let converged = r.converged
        #expect(converged, "\(r.message)")
        let g = r.trace.map(\.gradientNorm)
        // Observed order q = log(gₖ₊₁/g₀)/log(gₖ/g₀) over consecutive iterations once gₖ/g₀ < 1e-2
        // and gₖ₊₁ is above the rounding floor of a sum of N terms (1e-9 here): quadratic ⇒ q ≈ 2.
        let g0 = max(r.trace.first.map { $0.gradientNorm } ?? 1, 1)
        var orders: [Double] = []
        for k in 0..<(g.count - 1) where g[k] / g0 < 1e-2 && g[k + 1] > 1e-9 {
            orders.append(log(g[k + 1] / g0) / log(g[k] / g0))
        }
        #expect(!orders.isEmpty, "no iterations in the asymptotic regime: \(g)")
        for q in orders { #expect(q >= 1.8, "observed order \(q); gradient norms \(g)") }
        // Full steps near the solution (the Newton step is accepted as is).
        #expect(r.trace.suffix(3).allSatisfy { $0.stepLength == 1 })
    }

    @Test func multinomialAllSolversAgree() throws {
        let (x, y) = SimulatedData.multinomial(n: 1500, d: 3, classes: 3, seed: 12)
        let design = try Design(x, intercept: true)
        for (param, l2) in [(Multinomial.Parametrization.allClasses, 0.5), (.referenceClass, 0.0)] {
            let model = try Multinomial(design: design, labels: y, classes: 3, l2: l2, parametrization: param)
            let x0 = [Double](repeating: 0, count: model.dimension)
            let reference = try minimize(model, from: x0, using: Newton(stopping: .init(gradientTolerance: 1e-10)))
            let referenceConverged = reference.converged
            #expect(referenceConverged, "\(reference.message)")
            // Over all classes the intercepts are unpenalized, so adding one constant to every class's
            // intercept (entries k + m·0 of vec W) changes nothing: the minimizer is unique only
            // up to that shift. Compare with the intercepts centred.
            let m = param == .allClasses ? 3 : 0
            let centred: ([Double]) -> [Double] = { w in
                guard m > 0 else { return w }
                var c = w
                let mean = w[0..<m].reduce(0, +) / Double(m)
                for k in 0..<m { c[k] -= mean }
                return c
            }
            try Self.expectAgreement(model, from: x0, reference: centred(reference.solution), map: centred)
        }
    }

    @Test func precisionMatchesEigenClosedForm() throws {
        var rng = SeededGenerator(seed: 33)
        let data = rng.matrix(200, 4)
        let s = PrecisionEstimation.sampleCovariance(data)
        for l2 in [0.0, 0.8] {
            let model = try PrecisionEstimation(covariance: s, l2: l2)
            // Independent closed form: S = Q diag(s) Qᵀ, θᵢ = (−sᵢ + √(sᵢ² + 4λ))/(2λ), or S⁻¹ for λ = 0.
            let eig = try SymmetricEigen(s)
            let exact = l2 > 0
                ? eig.reconstruct { (-$0 + ($0 * $0 + 4 * l2).squareRoot()) / (2 * l2) }
                : try LU(s).inverse()
            let x0 = Matrix.identity(4).storage
            try Self.expectAgreement(model, from: x0, reference: exact.storage)
        }
    }
}
