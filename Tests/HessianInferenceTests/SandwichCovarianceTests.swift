import Foundation
import HessianTestSupport
import Testing
@testable import HessianInference
import HessianLinearAlgebra
import HessianCalculus
import HessianModels

/// Row scores, leverages and the sandwich meat against direct formulas and finite differences.
@Suite struct SandwichCovarianceTests {
    struct Data {
        var x: Matrix
        var y: [Double]
        var classes: [Int]
        var weights: [Double]
        var clusters: [Int]
    }

    /// N rows, 2 features on different scales (so `.automatic` standardizes), labels from noisy
    /// linear scores, integer weights 1…3 and 4 clusters.
    static func data(_ n: Int, seed: UInt64) -> Data {
        var g = SeededGenerator(seed: seed)
        var x = g.matrix(n, 2)
        for i in 0..<n { x[i, 1] = 300 + 200 * x[i, 1] }
        let noise = g.vector(n)
        let y = (0..<n).map { 1 + 2 * x[$0, 0] - 0.01 * (x[$0, 1] - 300) + noise[$0] }
        let classes = (0..<n).map { i in y[i] < 0.5 ? 0 : (y[i] < 1.5 ? 1 : 2) }
        let weights = (0..<n).map { _ in Double(1 + Int(g.next() % 3)) }
        let clusters = (0..<n).map { _ in Int(g.next() % 4) }
        return Data(x: x, y: y, classes: classes, weights: weights, clusters: clusters)
    }

    @Test(arguments: [Design.Scaling.none, .standardize])
    func rowScoresSumToTheUnpenalizedGradient(_ scaling: Design.Scaling) throws {
        let d = Self.data(40, seed: 1)
        let design = try Design(d.x, intercept: true, weights: d.weights, scaling: scaling)
        var g = SeededGenerator(seed: 2)
        let ls = try LeastSquares(design: design, targets: d.y)
        let lg = try Logistic(design: design, labels: d.classes.map { $0 == 2 ? 1 : 0 })
        let mn = try Multinomial(design: design, labels: d.classes, classes: 3, parametrization: .referenceClass)
        func check<F: RowScoring>(_ f: F) {
            let w = g.vector(f.dimension, in: -0.5..<0.5)
            let s = f.rowScores(at: w)
            #expect(s.rows == 40 && s.columns == f.dimension)
            let total = (0..<s.columns).map { j in (0..<s.rows).reduce(0.0) { $0 + s[$1, j] } }
            expectClose(total, f.gradient(at: w), relative: 1e-12, "\(F.self)")
        }
        check(ls)
        check(lg)
        check(mn)
    }

    /// Row i of G is the gradient of sᵢℓᵢ: central differences of the one-row model's loss.
    @Test func rowScoresMatchFiniteDifferencesOfEachRow() throws {
        var d = Self.data(6, seed: 3)
        // Unit-scale columns, so central differences are accurate to ≈ 1e-9.
        for i in 0..<6 { d.x[i, 1] /= 300 }
        let design = try Design(d.x, intercept: true, weights: d.weights, scaling: .none)
        var g = SeededGenerator(seed: 4)
        let w3 = g.vector(3, in: -0.5..<0.5), w6 = g.vector(6, in: -0.5..<0.5)
        let labels = d.classes.map { Double($0 == 2 ? 1 : 0) }
        let gl = try Logistic(design: design, labels: labels).rowScores(at: w3)
        let gm = try Multinomial(design: design, labels: d.classes, classes: 3, parametrization: .referenceClass).rowScores(at: w6)
        let gs = try LeastSquares(design: design, targets: d.y).rowScores(at: w3)
        for i in 0..<6 {
            let one = try Design(Matrix(rows: 1, columns: 2, storage: d.x.row(i)), intercept: true,
                                 weights: [d.weights[i]], scaling: .none)
            let l = try Logistic(design: one, labels: [labels[i]])
            let m = try Multinomial(design: one, labels: [d.classes[i]], classes: 3, parametrization: .referenceClass)
            let s = try LeastSquares(design: one, targets: [d.y[i]])
            expectClose(gl.row(i), FiniteDifference.gradient({ l.loss(at: $0) }, at: w3), relative: 1e-6)
            expectClose(gm.row(i), FiniteDifference.gradient({ m.loss(at: $0) }, at: w6), relative: 1e-6)
            expectClose(gs.row(i), FiniteDifference.gradient({ s.loss(at: $0) }, at: w3), relative: 1e-6)
        }
    }

    /// B = Σ ωᵢ gᵢgᵢᵀ and Σ_g s_g s_gᵀ by explicit loops of outer products.
    @Test func meatEqualsNaiveSumsOfOuterProducts() throws {
        var g = SeededGenerator(seed: 5)
        let n = 9, p = 3
        let scores = g.matrix(n, p)
        let s = (0..<n).map { Double(1 + $0 % 3) }
        let h = g.vector(n, in: 0.05..<0.6)
        let labels = [7, 3, 7, 1, 3, 3, 1, 7, 7]
        for power in [0.0, 1, 2] {
            var naive = Matrix(rows: p, columns: p)
            for i in 0..<n {
                let omega = pow(1 - h[i], -power) / s[i]
                for a in 0..<p { for b in 0..<p { naive[a, b] += omega * scores[i, a] * scores[i, b] } }
            }
            let meat = try SandwichCovariance.meat(scores: scores, weights: s, leverages: h, leveragePower: power)
            expectClose(meat, naive, relative: 1e-14)
        }
        let clusters = ClusterAssignment(labels: labels)
        #expect(clusters.count == 3 && clusters.codes == [0, 1, 0, 2, 1, 1, 2, 0, 0])
        var naive = Matrix(rows: p, columns: p)
        for label in [1, 3, 7] {
            var sum = [Double](repeating: 0, count: p)
            for i in 0..<n where labels[i] == label { for a in 0..<p { sum[a] += scores[i, a] } }
            for a in 0..<p { for b in 0..<p { naive[a, b] += sum[a] * sum[b] } }
        }
        expectClose(SandwichCovariance.clusterMeat(scores: scores, clusters: clusters), naive, relative: 1e-14)
        // The cluster covariance is that meat in the sandwich times G/(G − 1)·(N − 1)/(N − p).
        let bread = g.spd(p)
        let c = try SandwichCovariance.covariance(.cluster, inverseHessian: bread, scores: scores, weights: nil,
                                                  observations: Double(n), clusters: clusters)
        let expected = (3.0 / 2 * Double(n - 1) / Double(n - p)) * (bread * naive * bread)
        expectClose(c, expected, relative: 1e-13)
    }

    @Test func leveragesAreTheDiagonalOfTheWeightedHatMatrix() throws {
        let d = Self.data(30, seed: 6)
        let design = try Design(d.x, intercept: true, weights: d.weights, scaling: .standardize)
        #expect(design.isStandardized)
        let model = try LeastSquares(design: design, targets: d.y)
        let internalInverse = try Covariance.inverseHessian(model.hessian(at: [0, 0, 0]))
        let h = model.leverages(inverseHessian: internalInverse)
        // Direct: x̂ᵢᵀ (X̂ᵀSX̂)⁻¹ x̂ᵢ in the user's units.
        let xh = Matrix(rows: 30, columns: 3) { i, j in j == 0 ? 1 : d.x[i, j - 1] }
        var xtsx = Matrix(rows: 3, columns: 3)
        for i in 0..<30 { for a in 0..<3 { for b in 0..<3 { xtsx[a, b] += d.weights[i] * xh[i, a] * xh[i, b] } } }
        let c = try Cholesky(xtsx).inverse()
        let direct = (0..<30).map { i in (0..<3).reduce(0.0) { s, a in s + (0..<3).reduce(0.0) { $0 + xh[i, a] * c[a, $1] * xh[i, $1] } } }
        expectClose(h, direct, relative: 1e-10)
        // tr(S X̂(X̂ᵀSX̂)⁻¹X̂ᵀ) = p.
        let trace = (0..<30).reduce(0.0) { $0 + d.weights[$1] * h[$1] }
        #expect(abs(trace - 3) < 1e-12)
    }

    @Test func leverageOneIsAnError() throws {
        // The last row alone determines the coefficient of the indicator column: h = 1.
        let scores = try Matrix([[1, 0], [1, 0], [1, 1]])
        #expect(throws: SandwichError.leverageOne(row: 2)) {
            try SandwichCovariance.meat(scores: scores, weights: nil, leverages: [0.5, 0.5, 1], leveragePower: 1)
        }
        #expect(throws: SandwichError.oneCluster) {
            try SandwichCovariance.covariance(.cluster, inverseHessian: .identity(2), scores: scores, weights: nil,
                                              observations: 3, clusters: ClusterAssignment(labels: [4, 4, 4]))
        }
    }
}
