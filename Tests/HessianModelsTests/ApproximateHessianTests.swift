import Foundation
import Testing
import HessianTestSupport
@testable import HessianModels
import HessianLinearAlgebra

/// The single-precision and subsampled Hessians of the linear-predictor models against their exact
/// ones, and the cache never handing an approximate Hessian to an exact request.
@Suite struct ApproximateHessianTests {
    /// Models on 70 000 rows (several chunks and many blocks), with and without weights and intercept.
    func models(weighted: Bool, intercept: Bool) throws -> [any Objective] {
        var g = SeededGenerator(seed: 11)
        let n = 70_000, d = 6
        let x = g.matrix(n, d)
        let s: [Double]? = weighted ? g.vector(n, in: 0.2..<2) : nil
        let design = try Design(x, intercept: intercept, weights: s, scaling: .none)
        let labels = g.vector(n).map { $0 > 0 ? 1.0 : 0.0 }
        let counts = g.vector(n, in: 0..<6).map { $0.rounded(.down) }
        return [try Logistic(design: design, labels: labels, l2: 0.5),
                try Poisson(design: design, counts: counts, l2: 0.5),
                try NegativeBinomial(design: design, counts: counts, l2: 0.5)]
    }

    @Test(arguments: [false, true], [false, true])
    func singlePrecisionHessianIsTheExactOneToFloat32Accuracy(weighted: Bool, intercept: Bool) throws {
        for f in try models(weighted: weighted, intercept: intercept) {
            let x = (0..<f.dimension).map { 0.05 * Double($0 % 5) - 0.1 }
            let single = f.evaluate(at: x, hessian: true, approximation: .singlePrecision)
            let double = f.evaluate(at: x, hessian: true, approximation: .exact)
            #expect(f.assemblesApproximateHessians)
            #expect(single.hessianApproximation == .singlePrecision)
            #expect(double.hessianApproximation == .exact)
            // Value and gradient do not depend on the Hessian's precision.
            expectClose(single.gradient, double.gradient, relative: 1e-12, "\(type(of: f))")
            expectClose(single.value, double.value, relative: 1e-12, "\(type(of: f))")
            // Blocks of ≈ 1300 rows summed in Float32: relative error ≤ rows·2⁻²⁴ ≈ 1e-4 at worst.
            let hs = single.hessian!, hd = double.hessian!
            expectClose(hs, hd, relative: 1e-4, "\(type(of: f))")
            var differs = false
            for j in 0..<hd.columns { for i in 0..<hd.rows where hs[i, j] != hd[i, j] { differs = true } }
            #expect(differs, "\(type(of: f)): the single-precision path was not taken")
            for j in 0..<hs.columns { for i in 0..<j { #expect(hs[i, j] == hs[j, i]) } }
        }
    }

    @Test func exactRequestNeverGetsTheCachedApproximateHessian() throws {
        for f in try models(weighted: false, intercept: true) {
            let x = (0..<f.dimension).map { 0.02 * Double($0) }
            let fresh = try models(weighted: false, intercept: true).first { type(of: $0) == type(of: f) }!
            let exact = fresh.evaluate(at: x, hessian: true).hessian!
            _ = f.evaluate(at: x, hessian: true, approximation: .singlePrecision)
            let again = f.evaluate(at: x, hessian: true)
            #expect(again.hessianApproximation == .exact)
            expectWithinULPs(again.hessian!, exact, ulps: 0, "\(type(of: f))")
            // A cached double Hessian serves a single-precision request.
            #expect(f.evaluate(at: x, hessian: true, approximation: .singlePrecision).hessianApproximation == .exact)
            #expect(f.evaluate(at: x, hessian: true, approximation: .subsampled).hessianApproximation == .exact)
        }
    }

    /// The subsampled Hessian is k·Σ over the rows i ≡ 0 (mod k) (k = 10 here) of sᵢσ′ᵢ x̂ᵢx̂ᵢᵀ, plus λD,
    /// built entry by entry in Float64.
    @Test(arguments: [false, true]) func subsampledHessianIsTheStridedSample(weighted: Bool) throws {
        let f = try models(weighted: weighted, intercept: true)[0] as! Logistic
        let w = (0..<f.dimension).map { 0.1 * Double($0 % 3) - 0.1 }
        let e = f.evaluate(at: w, hessian: true, approximation: .subsampled)
        #expect(e.hessianApproximation == .subsampled)
        let xh = augmented(f.design.data, intercept: true)
        let k = 10, p = f.dimension
        var expected = Matrix(rows: p, columns: p)
        for i in stride(from: 0, to: xh.rows, by: k) {
            var z = 0.0
            for a in 0..<p { z += xh[i, a] * w[a] }
            let sig = 1 / (1 + exp(-z))
            let c = Double(k) * (f.design.weights?[i] ?? 1) * sig * (1 - sig)
            for b in 0..<p { for a in 0..<p { expected[a, b] += c * xh[i, a] * xh[i, b] } }
        }
        let strengths = f.design.penaltyStrengths(f.l2)
        for j in 0..<p { expected[j, j] += strengths[j] }
        expectClose(e.hessian!, expected, relative: 1e-4)
        // The gradient is still the exact one over every row.
        expectClose(e.gradient, f.evaluate(at: w, hessian: false).gradient, relative: 1e-12)
    }

    /// The multinomial's subsampled products are k times the products of the model on rows 0, k, 2k, …
    /// with penalty λ/k (k = 10 here), so k·(Σ_S + (λ/k)I)v = kΣ_S v + λv.
    @Test func multinomialSubsampledProductsAreTheStridedSample() throws {
        var g = SeededGenerator(seed: 21)
        let n = 4000, k = 10, l2 = 0.7
        let x = g.matrix(n, 3)
        let labels = (0..<n).map { _ in Int(g.next() % 3) }
        let full = try Multinomial(design: try Design(x, scaling: .none), labels: labels, classes: 3, l2: l2,
                                   parametrization: .allClasses)
        let rows = Array(stride(from: 0, to: n, by: k))
        var xs = Matrix(rows: rows.count, columns: 3)
        for (t, i) in rows.enumerated() { for j in 0..<3 { xs[t, j] = x[i, j] } }
        let sample = try Multinomial(design: try Design(xs, scaling: .none), labels: rows.map { labels[$0] }, classes: 3,
                                     l2: l2 / Double(k), parametrization: .allClasses)
        let w = (0..<full.dimension).map { 0.1 * Double($0 % 4) - 0.15 }
        let v = (0..<full.dimension).map { Double(($0 * 7) % 5) - 2 }
        let op = full.curvature(at: w, approximation: .subsampled)
        #expect(op.approximation == .subsampled)
        let expected = try sample.hessianVectorProduct(at: w, v).map { Double(k) * $0 }
        expectClose(op(v), expected, relative: 1e-12)
        #expect(full.curvature(at: w, approximation: .exact).approximation == .exact)
        // Float32 products with X̃ (every row): the exact product to Float32 accuracy, not bitwise.
        let single = full.curvature(at: w, approximation: .singlePrecision)
        #expect(single.approximation == .singlePrecision)
        let exact = full.curvature(at: w)(v), rounded = single(v)
        expectClose(rounded, exact, relative: 1e-5)
        #expect(rounded != exact, "the single-precision path was not taken")
    }

    @Test func smallDataIsNotSubsampled() throws {
        var g = SeededGenerator(seed: 2)
        let f = try Logistic(design: try Design(g.matrix(300, 5)), labels: g.vector(300).map { $0 > 0 ? 1 : 0 }, l2: 1)
        let e = f.evaluate(at: [Double](repeating: 0, count: 6), hessian: true, approximation: .subsampled)
        #expect(e.hessianApproximation == .singlePrecision)
    }

    @Test func modelsWithoutApproximationsReturnExactHessians() throws {
        var g = SeededGenerator(seed: 3)
        let design = try Design(g.matrix(50, 3))
        let labels = (0..<50).map { $0 % 3 }
        let multinomial = try Multinomial(design: design, labels: labels, classes: 3, l2: 1, parametrization: .allClasses)
        // Least squares: a Float32 Gram would need extra Float64 gradient passes (iterative refinement)
        // that cost what ssyrk saves, and its covariance needs the Float64 Gram anyway.
        let leastSquares = try LeastSquares(design: design, targets: g.vector(50), l2: 1)
        for f in [multinomial, leastSquares] as [any Objective] {
            #expect(!f.assemblesApproximateHessians)
            let x = [Double](repeating: 0, count: f.dimension)
            #expect(f.evaluate(at: x, hessian: true, approximation: .singlePrecision).hessianApproximation == .exact)
            #expect(f.evaluate(at: x, hessian: true, approximation: .subsampled).hessianApproximation == .exact)
        }
    }
}
