import Foundation
import Testing
import HessianTestSupport
@testable import HessianModels
import HessianLinearAlgebra
import HessianCalculus

@Suite struct MultinomialTests {
    func problem(_ intercept: Bool, _ l2: Double, _ weighted: Bool, _ param: Multinomial.Parametrization,
                 rows: Int = 30, features: Int = 3, classes: Int = 4, seed: UInt64 = 1,
                 scale: Double = 1) throws -> Multinomial {
        var g = SeededGenerator(seed: seed)
        let x = scale * g.matrix(rows, features)
        let y = (0..<rows).map { _ in Int.random(in: 0..<classes, using: &g) }
        let s: [Double]? = weighted ? g.vector(rows, in: 0.2..<2) : nil
        let design = try Design(x, intercept: intercept, weights: s, scaling: .none)
        return try Multinomial(design: design, labels: y, classes: classes, l2: l2, parametrization: param)
    }

    /// All (intercept, λ, weights) configurations; the all-classes model only with λ > 0.
    var cases: [(intercept: Bool, l2: Double, weighted: Bool, param: Multinomial.Parametrization)] {
        modelConfigurations.flatMap { c in
            Multinomial.Parametrization.allCases.compactMap { p in
                p == .allClasses && c.l2 == 0 ? nil : (c.intercept, c.l2, c.weighted, p)
            }
        }
    }

    @Test func derivativesMatchCentralDifferences() throws {
        for (k, c) in cases.enumerated() {
            let model = try problem(c.intercept, c.l2, c.weighted, c.param, seed: UInt64(k + 1))
            var g = SeededGenerator(seed: 5)
            let e = model.derivativeErrors(at: g.vector(model.dimension), direction: g.vector(model.dimension))
            #expect(e.worst <= 1e-6, "\(c): \(e)")
        }
    }

    /// H = Σᵢ sᵢ kron(x̂ᵢx̂ᵢᵀ, D_free(W x̂ᵢ)) + λ·(penalized diagonal), gradient (P − Y)ᵀX̂ explicitly;
    /// 40 000 rows exercise the multi-core path; 3 classes (K ≤ 2 free) the class-block dsyrk
    /// assembly, 4 classes the Khatri–Rao gemm.
    @Test(arguments: [(25, 3), (25, 4), (40_000, 3), (40_000, 4)]) func hessianIsExplicitKroneckerSum(rows: Int, classes: Int) throws {
        for c in cases where rows < 1000 || (c.weighted && c.intercept) {
            let model = try problem(c.intercept, c.l2, c.weighted, c.param, rows: rows, classes: classes)
            let xh = augmented(model.design.data, intercept: c.intercept)
            let s = model.design.weights ?? [Double](repeating: 1, count: rows)
            let m = model.classes, kk = model.freeClasses, c0 = model.firstFreeClass, p = xh.columns
            var g = SeededGenerator(seed: 8)
            let w = g.vector(model.dimension)
            let wFull = Matrix(rows: m, columns: p) { k, j in k < c0 ? 0 : w[(k - c0) + kk * j] }
            var expectedH = Matrix(rows: kk * p, columns: kk * p)
            var gradW = Matrix(rows: kk, columns: p)
            for i in 0..<rows {
                let xi = xh.row(i)
                let a = wFull * xi
                let mx = a.max()!
                let e = a.map { exp($0 - mx) }
                let prob = e.map { $0 / e.reduce(0, +) }
                let dFree = Matrix(rows: kk, columns: kk) { k, l in
                    prob[k + c0] * ((k == l ? 1 : 0) - prob[l + c0])
                }
                let outer = Matrix(rows: p, columns: p) { u, v in s[i] * xi[u] * xi[v] }
                expectedH = expectedH + kron(outer, dFree)
                for k in 0..<kk {
                    let r = prob[k + c0] - (model.labels[i] == k + c0 ? 1 : 0)
                    for j in 0..<p { gradW[k, j] += s[i] * r * xi[j] }
                }
            }
            for j in 0..<p where !(c.intercept && j == 0) {
                for k in 0..<kk {
                    expectedH[k + kk * j, k + kk * j] += c.l2
                    gradW[k, j] += c.l2 * w[k + kk * j]
                }
            }
            let ev = model.evaluate(at: w, hessian: true)
            expectClose(ev.hessian!, expectedH, relative: 1e-11, "\(c)")
            expectClose(ev.gradient, vec(gradW), relative: 1e-11, "\(c)")
            let v = g.vector(model.dimension)
            expectClose(try model.hessianVectorProduct(at: w, v), expectedH * v, relative: 1e-11, "\(c)")
        }
    }

    /// All classes with an intercept: H is singular along u = (1 on the intercepts), the gradient is
    /// orthogonal to u, and the structured step solves H Δ = −g with uᵀΔ = 0 (minimum norm).
    @Test func allClassesInterceptNewtonStepIsMinimumNormSolution() throws {
        let model = try problem(true, 0.8, true, .allClasses, rows: 60)
        var g = SeededGenerator(seed: 4)
        let w = g.vector(model.dimension)
        let e = model.evaluate(at: w, hessian: true)
        let h = e.hessian!, kk = model.freeClasses
        var u = [Double](repeating: 0, count: model.dimension)
        for k in 0..<kk { u[k] = 1 }
        #expect(normInf(h * u) < 1e-12 * h.maxAbs)
        #expect(abs(dot(u, e.gradient)) < 1e-12 * normInf(e.gradient))
        let step = try #require(try model.newtonStep(at: w, gradient: e.gradient))
        expectClose(h * step, scaled(-1, e.gradient), relative: 1e-10)
        #expect(abs(dot(u, step)) < 1e-10 * normInf(step))
        // Elsewhere the dense Hessian is positive definite and no structured step is offered.
        let reference = try problem(true, 0.8, false, .referenceClass)
        let zero = [Double](repeating: 0, count: reference.dimension)
        #expect(try reference.newtonStep(at: zero, gradient: zero) == nil)
    }

    /// Intercept-only (d = 0), reference class: the MLE is b_k = log(n_k / n_0).
    @Test func interceptOnlyModel() throws {
        let y = [0, 1, 1, 2, 2, 2, 0, 1, 2, 2]
        let model = try Multinomial(design: Design(Matrix(rows: 10, columns: 0)), labels: y, classes: 3,
                                    parametrization: .referenceClass)
        let counts = [2.0, 3, 5]
        let b = [log(counts[1] / counts[0]), log(counts[2] / counts[0])]
        #expect(normInf(model.gradient(at: b)) < 1e-12)
        #expect(model.derivativeErrors(at: [0.1, -0.2], direction: [1, 2]).worst <= 1e-6)
    }

    @Test func cachedPathsAgreeWithFreshModel() throws {
        let a = try problem(true, 0.5, true, .referenceClass), b = try problem(true, 0.5, true, .referenceClass)
        var g = SeededGenerator(seed: 3)
        let w = g.vector(a.dimension)
        let v = a.value(at: w)
        let hv = try a.hessianVectorProduct(at: w, w)
        let ea = a.evaluate(at: w, hessian: false)
        let eaH = a.evaluate(at: w, hessian: true)
        let eb = b.evaluate(at: w, hessian: true)
        // Cached and fresh passes use different BLAS calls (kernels may round differently): 1e-12, not ==.
        expectClose(v, eb.value, relative: 1e-12)
        expectClose(ea.value, eb.value, relative: 1e-12)
        expectClose(try #require(eaH.hessian), try #require(eb.hessian), relative: 1e-12)
        expectClose(ea.gradient, eb.gradient, relative: 1e-14)
        expectClose(hv, eb.hessian! * w, relative: 1e-12)
    }

    /// Logits ~ 1e4: the softmax and log-sum-exp must not overflow.
    @Test func hugeLogitsStayFinite() throws {
        for param in Multinomial.Parametrization.allCases {
            let model = try problem(true, 0.1, false, param, scale: 1e4)
            let w = (0..<model.dimension).map { Double($0 % 5) - 2 }
            let e = model.evaluate(at: w, hessian: true)
            #expect(e.value.isFinite && e.gradient.allSatisfy(\.isFinite) && e.hessian!.allFinite)
            #expect(try model.hessianVectorProduct(at: w, w).allSatisfy { $0.isFinite })
        }
    }

    @Test func allClassesWithoutPenaltyIsRejected() throws {
        let design = try Design(Matrix(rows: 3, columns: 1, repeating: 1))
        #expect(throws: ModelError.self) {
            try Multinomial(design: design, labels: [0, 1, 2], classes: 3, parametrization: .allClasses)
        }
        #expect(throws: ModelError.self) {
            try Multinomial(design: design, labels: [0, 1, 3], classes: 3, parametrization: .referenceClass)
        }
        let ok = try Multinomial(design: design, labels: [0, 1, 2], classes: 3, parametrization: .referenceClass)
        #expect(ok.dimension == 2 * 2)
    }

    @Test func coefficientMatrixAndProbabilities() throws {
        let model = try problem(true, 0, false, .referenceClass, classes: 3)
        let w = (0..<model.dimension).map { 0.1 * Double($0) }
        let full = model.coefficientMatrix(w)
        #expect(full.rows == 3 && full.row(0).allSatisfy { $0 == 0 })
        #expect(full[2, 1] == w[1 + 2 * 1])
        let prob = Multinomial.probabilities(model.design.data, coefficients: full, intercept: true)
        // −Σ log p_{i,yᵢ} from the probabilities equals the model's loss.
        var nll = 0.0
        for i in 0..<prob.rows { nll -= log(prob[i, model.labels[i]]) }
        #expect(abs(nll - model.loss(at: w)) < 1e-12 * nll)
    }

    /// The standardized model is the same function of w_ext = (T ⊗ I) w_int.
    @Test func standardizedModelIsExactReparametrization() throws {
        var g = SeededGenerator(seed: 21)
        let base = g.matrix(30, 2)
        let x = Matrix(rows: 30, columns: 2) { i, j in j == 0 ? 1e5 * base[i, 0] + 1e7 : base[i, 1] }
        let y = (0..<30).map { $0 % 3 }
        for param in Multinomial.Parametrization.allCases {
            let raw = try Multinomial(design: Design(x, scaling: .none), labels: y, classes: 3, l2: 0.5, parametrization: param)
            let std = try Multinomial(design: Design(x, scaling: .standardize), labels: y, classes: 3, l2: 0.5, parametrization: param)
            let wInt = g.vector(std.dimension)
            let wExt = std.externalCoefficients(wInt)
            #expect(abs(raw.value(at: wExt) - std.value(at: wInt)) < 1e-9 * raw.value(at: wExt))
            expectClose(std.internalCoefficients(wExt), wInt, relative: 1e-10)
            let t = kron(std.design.transform, .identity(std.freeClasses))
            expectClose(std.gradient(at: wInt), transposeTimes(t, raw.gradient(at: wExt)), relative: 1e-8)
            // T H_int⁻¹ Tᵀ = H_ext⁻¹ (per-class block structure of the covariance map); with all
            // classes and an intercept H is singular (see newtonStep), so only the reference class.
            guard param == .referenceClass else { continue }
            let cInt = try Cholesky(std.hessian(at: wInt)).inverse()
            let cExt = try Cholesky(raw.hessian(at: wExt)).inverse()
            expectClose(std.externalCovariance(cInt), cExt, relative: 1e-6, "\(param)")
        }
    }
}
