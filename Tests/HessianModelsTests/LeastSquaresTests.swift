import Testing
import HessianTestSupport
@testable import HessianModels
import HessianLinearAlgebra

@Suite struct LeastSquaresTests {
    func problem(_ intercept: Bool, _ l2: Double, _ weighted: Bool, seed: UInt64 = 1) throws -> LeastSquares {
        var g = SeededGenerator(seed: seed)
        let x = g.matrix(30, 4)
        let y = g.vector(30, in: -3..<3)
        let s: [Double]? = weighted ? g.vector(30, in: 0.2..<2) : nil
        let design = try Design(x, intercept: intercept, weights: s, scaling: .none)
        return try LeastSquares(design: design, targets: y, l2: l2)
    }

    @Test func derivativesMatchCentralDifferences() throws {
        try expectDerivativesMatchCentralDifferences(pointSeed: 99, in: -2..<2) { c, k in
            try problem(c.intercept, c.l2, c.weighted, seed: UInt64(k + 1))
        }
    }

    @Test func hessianIsWeightedGramPlusPenalty() throws {
        for c in modelConfigurations {
            let model = try problem(c.intercept, c.l2, c.weighted)
            let xh = augmented(model.design.data, intercept: c.intercept)
            let s = model.design.weights ?? [Double](repeating: 1, count: xh.rows)
            let expected = Matrix(rows: xh.columns, columns: xh.columns) { a, b in
                var v = 0.0
                for i in 0..<xh.rows { v += s[i] * xh[i, a] * xh[i, b] }
                let penalized = !(c.intercept && a == 0)
                return v + (a == b && penalized ? c.l2 : 0)
            }
            expectClose(model.hessian(at: [Double](repeating: 0.3, count: model.dimension)), expected, relative: 1e-13)
        }
    }

    /// The normal-equation solution (X̂ᵀSX̂ + λD) w = X̂ᵀSy, solved here directly, has zero gradient,
    /// and one Newton step from anywhere lands on it.
    @Test func normalEquationSolutionIsStationary() throws {
        for c in modelConfigurations {
            let model = try problem(c.intercept, c.l2, c.weighted)
            let xh = augmented(model.design.data, intercept: c.intercept)
            let s = model.design.weights ?? [Double](repeating: 1, count: xh.rows)
            let p = xh.columns
            var a = Matrix(rows: p, columns: p)
            var rhs = [Double](repeating: 0, count: p)
            for i in 0..<xh.rows {
                for u in 0..<p {
                    rhs[u] += s[i] * xh[i, u] * model.targets[i]
                    for v in 0..<p { a[u, v] += s[i] * xh[i, u] * xh[i, v] }
                }
            }
            for u in 0..<p where !(c.intercept && u == 0) { a[u, u] += c.l2 }
            let w = try Cholesky(a).solve(rhs)
            let grad = model.gradient(at: w)
            #expect(normInf(grad) < 1e-12 * max(1, normInf(rhs)), "\(c): \(grad)")

            let x0 = [Double](repeating: 1.5, count: p)
            let e = model.evaluate(at: x0, hessian: true)
            let step = try Cholesky(e.hessian!).solve(e.gradient)
            expectClose(subtract(x0, step), w, relative: 1e-10)
        }
    }

    /// Enough rows for several row blocks and (on ≥ 2 cores) two chunks: value, gradient and Hessian
    /// of the fused pass, at zero (no product) and elsewhere, against sums written out here.
    @Test(arguments: [false, true])
    func fusedPassOverManyBlocksMatchesExplicitSums(weighted: Bool) throws {
        var g = SeededGenerator(seed: 5)
        let n = 9000, d = 20
        let x = g.matrix(n, d)
        let y = g.vector(n, in: -3..<3)
        let s: [Double]? = weighted ? g.vector(n, in: 0.2..<2) : nil
        for intercept in [true, false] {
            let model = try LeastSquares(design: try Design(x, intercept: intercept, weights: s, scaling: .none),
                                         targets: y, l2: 0.7)
            let xh = augmented(x, intercept: intercept)
            let p = xh.columns
            for w in [[Double](repeating: 0, count: p), g.vector(p)] {
                var value = 0.0
                var grad = [Double](repeating: 0, count: p)
                var h = Matrix(rows: p, columns: p)
                for i in 0..<n {
                    var r = -y[i]
                    for j in 0..<p { r += xh[i, j] * w[j] }
                    let si = s?[i] ?? 1
                    value += 0.5 * si * r * r
                    for j in 0..<p {
                        grad[j] += si * r * xh[i, j]
                        for k in 0..<p { h[j, k] += si * xh[i, j] * xh[i, k] }
                    }
                }
                for j in 0..<p where !(intercept && j == 0) {
                    value += 0.35 * w[j] * w[j]
                    grad[j] += 0.7 * w[j]
                    h[j, j] += 0.7
                }
                let e = model.evaluate(at: w, hessian: true)
                #expect(abs(e.value - value) <= 1e-12 * value)
                expectClose(e.gradient, grad, relative: 1e-11, scale: .entry)
                expectClose(e.hessian!, h, relative: 1e-13)
                expectClose(model.value(at: w), e.value, relative: 1e-13)
            }
        }
    }

    @Test func lossExcludesPenaltyAndPredictAddsIntercept() throws {
        let model = try problem(true, 2, false)
        let w = [0.5, 1, -1, 2, 0.25]
        let yhat = LeastSquares.predict(model.design.data, coefficients: w, intercept: true)
        let rss = zip(yhat, model.targets).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        #expect(abs(model.loss(at: w) - 0.5 * rss) < 1e-12 * rss)
        #expect(abs(model.value(at: w) - 0.5 * rss - 0.5 * 2 * (1 + 1 + 4 + 0.0625)) < 1e-12 * rss)
    }

    @Test func rejectsBadTargetsAndPenalty() throws {
        let design = try Design(Matrix(rows: 3, columns: 1, repeating: 1), intercept: false)
        #expect(throws: ModelError.self) { try LeastSquares(design: design, targets: [1, 2]) }
        #expect(throws: ModelError.self) { try LeastSquares(design: design, targets: [1, 2, .nan]) }
        #expect(throws: ModelError.self) { try LeastSquares(design: design, targets: [1, 2, 3], l2: -1) }
    }
}
