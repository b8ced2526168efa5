import Foundation
import HessianTestSupport
import Testing
@testable import HessianModels
import HessianLinearAlgebra
import HessianSolvers

/// Poisson and NB2: derivatives against central differences (with offset, weights and λ), the
/// explicit Hessian formula, row scores, bad counts and exp overflow.
@Suite struct CountModelTests {
    /// Counts drawn from a rough Poisson-like law so that the likelihood is well posed.
    func data(_ rows: Int, seed: UInt64, scale: Double = 1) -> (Matrix, [Double], [Double], [Double]) {
        var g = SeededGenerator(seed: seed)
        let x = scale * g.matrix(rows, 3)
        let y = g.vector(rows, in: 0..<1).map { floor(-2.5 * log(1 - $0)) }
        let offset = g.vector(rows, in: -0.5..<0.5)
        let s = g.vector(rows, in: 0.2..<2)
        return (x, y, offset, s)
    }

    func poisson(_ c: (intercept: Bool, l2: Double, weighted: Bool), seed: UInt64, rows: Int = 40) throws -> Poisson {
        let (x, y, o, s) = data(rows, seed: seed)
        let design = try Design(x, intercept: c.intercept, weights: c.weighted ? s : nil, scaling: .none)
        return try Poisson(design: design, counts: y, offset: seed % 2 == 0 ? o : nil, l2: c.l2)
    }

    func negativeBinomial(_ c: (intercept: Bool, l2: Double, weighted: Bool), seed: UInt64, rows: Int = 40) throws -> NegativeBinomial {
        let (x, y, o, s) = data(rows, seed: seed)
        let design = try Design(x, intercept: c.intercept, weights: c.weighted ? s : nil, scaling: .none)
        return try NegativeBinomial(design: design, counts: y, offset: seed % 2 == 0 ? o : nil, l2: c.l2)
    }

    @Test func poissonDerivativesMatchCentralDifferences() throws {
        for (k, c) in modelConfigurations.enumerated() {
            for seed in [UInt64(2 * k + 2), UInt64(2 * k + 3)] {
                let model = try poisson(c, seed: seed)
                var g = SeededGenerator(seed: 11)
                let e = model.derivativeErrors(at: g.vector(model.dimension, in: -0.8..<0.8), direction: g.vector(model.dimension))
                #expect(e.worst <= 1e-6, "\(c), seed \(seed): \(e)")
            }
        }
    }

    @Test func negativeBinomialDerivativesMatchCentralDifferences() throws {
        for (k, c) in modelConfigurations.enumerated() {
            for seed in [UInt64(2 * k + 2), UInt64(2 * k + 3)] {
                let model = try negativeBinomial(c, seed: seed)
                var g = SeededGenerator(seed: 13)
                for theta in [-2.0, 0.3, 1.5] {
                    let x = g.vector(model.dimension - 1, in: -0.8..<0.8) + [theta]
                    let e = model.derivativeErrors(at: x, direction: g.vector(model.dimension))
                    #expect(e.worst <= 1e-6, "\(c), seed \(seed), θ = \(theta): \(e)")
                }
            }
        }
    }

    /// H = X̂ᵀ diag(s μ) X̂ + λD and ∇ = X̂ᵀ s(μ − y) + λDw built entry by entry, on 40 rows and on
    /// 70 000 rows (the multi-chunk path); the row scores sum to the unpenalized gradient.
    @Test(arguments: [40, 70_000]) func poissonHessianIsExplicitWeightedGram(rows: Int) throws {
        for c in modelConfigurations {
            let model = try poisson(c, seed: 4, rows: rows)
            let xh = augmented(model.design.data, intercept: c.intercept)
            let s = model.design.weights ?? [Double](repeating: 1, count: xh.rows)
            let w = (0..<model.dimension).map { 0.2 * Double($0) - 0.3 }
            let z = xh * w
            var expected = Matrix(rows: xh.columns, columns: xh.columns)
            var grad = [Double](repeating: 0, count: xh.columns)
            for i in 0..<xh.rows {
                let mu = exp(z[i] + (model.offset?[i] ?? 0))
                for a in 0..<xh.columns {
                    grad[a] += s[i] * (mu - model.counts[i]) * xh[i, a]
                    for b in 0..<xh.columns { expected[a, b] += s[i] * mu * xh[i, a] * xh[i, b] }
                }
            }
            let scores = model.rowScores(at: w)
            var summed = [Double](repeating: 0, count: xh.columns)
            for a in 0..<xh.columns { for i in 0..<xh.rows { summed[a] += scores[i, a] } }
            expectClose(summed, grad, relative: 1e-10, "\(c)")
            try expectPenalizedDerivatives(model, at: w, gram: expected, gradient: grad, l2: c.l2, intercept: c.intercept, "\(c)")
        }
    }

    /// NB2 on many rows (multi-chunk): the row scores sum to the gradient and Hv = H v.
    @Test func negativeBinomialRowScoresAndParallelPass() throws {
        for c in modelConfigurations {
            let model = try negativeBinomial(c, seed: 6, rows: 70_000)
            let x = (0..<(model.dimension - 1)).map { 0.1 * Double($0) - 0.2 } + [-0.4]
            let e = model.evaluate(at: x, hessian: true)
            let scores = model.rowScores(at: x)
            var summed = [Double](repeating: 0, count: model.dimension)
            for a in 0..<model.dimension { for i in 0..<scores.rows { summed[a] += scores[i, a] } }
            var expected = e.gradient
            for a in 0..<(model.dimension - 1) where !(c.intercept && a == 0) { expected[a] -= c.l2 * x[a] }
            expectClose(summed, expected, relative: 1e-10, "\(c)")
            let v = (0..<model.dimension).map { Double($0 % 3) - 1 }
            expectClose(try model.hessianVectorProduct(at: x, v), e.hessian! * v, relative: 1e-12)
            let small = try negativeBinomial(c, seed: 6, rows: 40)
            #expect(small.derivativeErrors(at: x, direction: v).worst <= 1e-6)
        }
    }

    @Test func loglikelihoodMatchesClosedForm() throws {
        // One row, no features: y = 3, μ = e^b. Poisson: −ℓ = μ − 3b + log 3!;
        // NB2 with α: −ℓ = −log[Γ(3 + r)/(Γ(r) 3!)] − r log(r/(r + μ)) − 3 log(μ/(r + μ)).
        let design = try Design(Matrix(rows: 1, columns: 0), intercept: true)
        let b = 0.4, mu = exp(b)
        let p = try Poisson(design: design, counts: [3])
        #expect(abs(p.value(at: [b]) - (mu - 3 * b + log(6.0))) < 1e-14)
        let nb = try NegativeBinomial(design: design, counts: [3])
        let alpha = 0.6, r = 1 / alpha
        let logPMFConstant: Double = lgamma(3 + r) - lgamma(r) - log(6.0)
        let expected: Double = -logPMFConstant - r * log(r / (r + mu)) - 3 * log(mu / (r + mu))
        #expect(abs(nb.value(at: [b, log(alpha)]) - expected) < 1e-13)
    }

    @Test func rejectsBadCounts() throws {
        let design = try Design(Matrix(rows: 3, columns: 1, repeating: 1), intercept: false)
        for bad in [[0.0, -1, 2], [0, 1.5, 2], [0, .nan, 1]] {
            #expect(throws: ModelError.self) { try Poisson(design: design, counts: bad) }
            #expect(throws: ModelError.self) { try NegativeBinomial(design: design, counts: bad) }
        }
        #expect(throws: ModelError.self) { try Poisson(design: design, counts: [1, 2, 3], offset: [0, .infinity, 0]) }
        #expect(throws: ModelError.self) { try Poisson(design: design, counts: [1, 2]) }
    }

    /// ηᵢ ≈ 1e4: e^η overflows; the value is +∞ and no derivative is NaN. A Newton run from a start
    /// whose first full step overflows backs off and ends at a finite optimum.
    @Test func expOverflowIsInfiniteNotNaN() throws {
        let (x, y, _, _) = data(60, seed: 9, scale: 1)
        let design = try Design(x, intercept: true, scaling: .none)
        let model = try Poisson(design: design, counts: y)
        let far = [1e4, 0, 0, 0]
        let e = model.evaluate(at: far, hessian: true)
        #expect(e.value == .infinity)
        #expect(!e.gradient.contains { $0.isNaN } && !e.hessian!.storage.contains { $0.isNaN })
        #expect(try !model.hessianVectorProduct(at: far, [1, 0, 0, 0]).contains { $0.isNaN })
        let r = try minimize(model, from: [-30, 20, -20, 20], using: Newton(stopping: StoppingCriteria(maxIterations: 200)))
        #expect(r.converged, "\(r.message)")
        #expect(r.value.isFinite && r.solution.allSatisfy(\.isFinite))
        let nb = try NegativeBinomial(design: design, counts: y)
        let enb = nb.evaluate(at: [1e4, 0, 0, 0, 0.2], hessian: true)
        #expect(enb.value.isFinite && enb.gradient.allSatisfy(\.isFinite))
        #expect(nb.value(at: [0, 0, 0, 0, -800]) == .infinity)
    }
}
