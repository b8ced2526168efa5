import Foundation
import Testing
import HessianTestSupport
@testable import HessianModels
import HessianLinearAlgebra

@Suite struct LogisticTests {
    func problem(_ intercept: Bool, _ l2: Double, _ weighted: Bool, seed: UInt64 = 1,
                 rows: Int = 40, scale: Double = 1) throws -> Logistic {
        var g = SeededGenerator(seed: seed)
        let x = scale * g.matrix(rows, 4)
        let y = g.vector(rows).map { $0 > 0 ? 1.0 : 0.0 }
        let s: [Double]? = weighted ? g.vector(rows, in: 0.2..<2) : nil
        let design = try Design(x, intercept: intercept, weights: s, scaling: .none)
        return try Logistic(design: design, labels: y, l2: l2)
    }

    @Test func derivativesMatchCentralDifferences() throws {
        try expectDerivativesMatchCentralDifferences(pointSeed: 7, in: -1.5..<1.5) { c, k in
            try problem(c.intercept, c.l2, c.weighted, seed: UInt64(k + 3))
        }
    }

    /// H = X̂ᵀ diag(s σ′(X̂w)) X̂ + λD built entry by entry; also exercises the
    /// multi-chunk (parallel) path with many rows.
    @Test(arguments: [40, 70_000]) func hessianIsExplicitWeightedGram(rows: Int) throws {
        for c in modelConfigurations {
            let model = try problem(c.intercept, c.l2, c.weighted, rows: rows)
            let xh = augmented(model.design.data, intercept: c.intercept)
            let s = model.design.weights ?? [Double](repeating: 1, count: xh.rows)
            let w = (0..<model.dimension).map { 0.3 * Double($0) - 0.4 }
            let z = xh * w
            let dsig = z.map { 1 / (1 + exp(-$0)) }.map { $0 * (1 - $0) }
            var expected = Matrix(rows: xh.columns, columns: xh.columns)
            var grad = [Double](repeating: 0, count: xh.columns)
            for i in 0..<xh.rows {
                let r = s[i] * (1 / (1 + exp(-z[i])) - model.labels[i])
                for a in 0..<xh.columns {
                    grad[a] += r * xh[i, a]
                    for b in 0..<xh.columns { expected[a, b] += s[i] * dsig[i] * xh[i, a] * xh[i, b] }
                }
            }
            try expectPenalizedDerivatives(model, at: w, gram: expected, gradient: grad, l2: c.l2, intercept: c.intercept, "\(c)")
        }
    }

    /// Cached and uncached paths agree: value then evaluate at the same point, and a fresh model.
    @Test func cacheDoesNotChangeResults() throws {
        let a = try problem(true, 0.5, true), b = try problem(true, 0.5, true)
        let w = [0.1, -0.2, 0.3, 0.4, -0.5]
        let v = a.value(at: w)
        let ea = a.evaluate(at: w, hessian: true)
        let eb = b.evaluate(at: w, hessian: true)
        // The cached z (from value) and the fused pass's own z come from different BLAS calls, whose
        // kernels may round differently: equal to 1e-12 relative, not bit for bit.
        expectClose(v, eb.value, relative: 1e-12)
        expectClose(ea.value, eb.value, relative: 1e-12)
        expectClose(ea.gradient, eb.gradient, relative: 1e-12)
        expectClose(try #require(ea.hessian), try #require(eb.hessian), relative: 1e-12)
        expectClose(a.evaluate(at: [0, 0, 0, 0, 0], hessian: false).value, b.value(at: [0, 0, 0, 0, 0]), relative: 1e-12)
    }

    /// |xᵢᵀw| ~ 1e4: log(1 + eᶻ) and σ must not overflow.
    @Test func hugeLinearPredictorsStayFinite() throws {
        let model = try problem(true, 0, false, scale: 1e4)
        let w = [3.0, 1, -1, 1, 1]
        let e = model.evaluate(at: w, hessian: true)
        #expect(e.value.isFinite && e.value > 0)
        #expect(e.gradient.allSatisfy(\.isFinite) && e.hessian!.allFinite)
        #expect(model.value(at: scaled(-1, w)).isFinite)
    }

    @Test func probabilitiesAreSigmoidOfLinearPredictor() throws {
        let x = try Matrix([[1, 2], [-3, 0.5]])
        let p = Logistic.probabilities(x, coefficients: [0.5, 1, -2], intercept: true)
        #expect(abs(p[0] - 1 / (1 + exp(-(0.5 + 1 - 4)))) < 1e-15)
        #expect(abs(p[1] - 1 / (1 + exp(-(0.5 - 3 - 1)))) < 1e-15)
    }

    /// An intercept-only model (d = 0): the MLE is logit(ȳ) (weighted mean of the labels).
    @Test func interceptOnlyModel() throws {
        let y: [Double] = [1, 0, 0, 1, 1, 1, 0, 1]
        let s: [Double] = [1, 2, 1, 1, 0.5, 1, 1, 3]
        let model = try Logistic(design: Design(Matrix(rows: 8, columns: 0), weights: s), labels: y)
        let mean = zip(y, s).reduce(0) { $0 + $1.0 * $1.1 } / s.reduce(0, +)
        #expect(abs(model.gradient(at: [log(mean / (1 - mean))])[0]) < 1e-12)
        #expect(model.derivativeErrors(at: [0.3], direction: [1]).worst <= 1e-6)
    }

    @Test func separationIsDetected() throws {
        let x = try Matrix([[-2], [-1], [1], [3]])
        let model = try Logistic(design: Design(x, intercept: true, scaling: .none), labels: [0, 0, 1, 1])
        #expect(model.separates([0, 1]))
        #expect(!model.separates([0, -1]))
        #expect(!model.separates([1.5, 1]))     // z = −0.5 for x = −2 is fine, but x = −1 gives z = 0.5 > 0 with y = 0
    }

    @Test func rejectsLabelsOtherThanZeroOne() throws {
        let design = try Design(Matrix(rows: 2, columns: 1, repeating: 1), intercept: false)
        #expect(throws: ModelError.self) { try Logistic(design: design, labels: [0, 2]) }
        #expect(throws: ModelError.self) { try Logistic(design: design, labels: [0]) }
    }
}
