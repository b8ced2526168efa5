import Foundation
import Testing
import PropertyBased
import HessianLinearAlgebra
import HessianEstimation
import HessianTestSupport

/// Metamorphic tests of units: multiplying the target by 2ᵃ, column j by 2^bⱼ and the frequency
/// weights by 2ᶜ (powers of two across the representable range, where the data stay finite) must
/// transform every estimate and standard error exactly as the algebra says, and leave the
/// termination unchanged. The algebra, with an intercept:
/// - least squares: intercept × 2ᵃ, coefficient j × 2^(a − bⱼ), standard errors likewise;
/// - logistic, multinomial, negative binomial: intercepts unchanged, coefficient j × 2^(−bⱼ),
///   standard errors × 2^(−c/2) (the information is Σ sᵢ…, so it scales by 2ᶜ);
/// - Poisson (a ≥ 0 keeps counts whole): intercept + a·log 2, coefficient j × 2^(−bⱼ), standard
///   errors × 2^(−(a + c)/2) (the information Σ sᵢμᵢxᵢxᵢᵀ scales by 2^(a + c));
/// - log-det: Θ → D⁻¹ΘD⁻¹ with D = diag(2^bⱼ).
/// Least squares' standard errors use σ̂² = RSS/(Σsᵢ − p), which is not homogeneous in the weights,
/// so its weight property checks the coefficients only; its column exponents are kept within 600 of
/// the target's, so that every coefficient 2^(a − bⱼ)·βⱼ is a normal Double (a subnormal one has lost
/// its digits in any algorithm).
struct ScaleInvarianceTests {
    static let features = ["a", "b", "c"]
    static let cases = 40

    /// n rows of three columns with different scales and offsets, positive weights, and a target
    /// drawn for `model` from a linear predictor of the columns.
    static func data(seed: Int, model: ModelKind, rows n: Int = 160) -> (x: Matrix, y: [Double], w: [Double]) {
        var rng = SeededGenerator(seed: UInt64(seed) &* 0x9E37_79B9 &+ 17)
        let scales = [1.0, 10.0, 0.1], shifts = [0.5, -20.0, 0.05]
        var x = Matrix(rows: n, columns: 3)
        for j in 0..<3 { for i in 0..<n { x[i, j] = shifts[j] + scales[j] * Double.random(in: -1.5..<1.5, using: &rng) } }
        let w = (0..<n).map { _ in Double.random(in: 0.5..<2, using: &rng) }
        let beta = [0.8, -0.04, 3.0]
        let y: [Double] = (0..<n).map { i in
            let eta = 0.3 + (0..<3).reduce(0.0) { $0 + beta[$1] * (x[i, $1] - shifts[$1]) }
            let u = Double.random(in: 0..<1, using: &rng)
            switch model {
            case .leastSquares: return 5 + eta + Double.random(in: -1..<1, using: &rng)
            case .logistic: return u < 1 / (1 + exp(-eta)) ? 1 : 0
            case .multinomial: return u < 1 / (1 + exp(-eta)) ? (u < 0.3 ? 2 : 1) : 0
            default:
                // A Poisson count by inversion (small means); NB draws add a gamma-like spread.
                var mean = exp(1 + 0.5 * eta)
                if model == .negativeBinomial { mean *= -log(Double.random(in: 1e-12..<1, using: &rng)) * 1.0 }
                var k = 0.0, p = exp(-mean), c = p
                while u > c && k < 1000 { k += 1; p *= mean / k; c += p }
                return k
            }
        }
        return (x, y, w)
    }

    static func scaled(_ x: Matrix, by b: [Int]) -> Matrix {
        var out = x
        for j in 0..<x.columns { for i in 0..<x.rows { out[i, j] = scalbn(x[i, j], b[j]) } }
        return out
    }

    static func fit(_ model: ModelKind, _ x: Matrix, _ y: [Double], weights: [Double]?, summary: Bool = true) throws -> FittedModel {
        let spec = FitSpecification(model: model, summary: summary)
        if model.isClassifier {
            return try Estimator.fit(x, labels: y.map { "k\(Int($0))" }, specification: spec, featureNames: features, weights: weights)
        }
        return try Estimator.fit(x, labels: y, specification: spec, featureNames: features, weights: weights)
    }

    /// Flattened coefficient rows (intercept first in each) and their standard errors.
    static func estimates(_ f: FittedModel) -> (coef: [[Double]], se: [[Double]]) {
        (f.coefficients?.rows ?? [], f.standardErrors?.rows ?? [])
    }

    /// Maps a scaled fit's rows back: row r's entry 0 (intercept) by `intercept`, entry j + 1 by factor(j).
    static func back(_ rows: [[Double]], intercept: (Double) -> Double, feature: (Int, Double) -> Double) -> [Double] {
        rows.flatMap { r in [intercept(r[0])] + (1..<r.count).map { feature($0 - 1, r[$0]) } }
    }

    static func expectSameFit(_ base: FittedModel, _ t: FittedModel, coef: [Double], se: [Double]?, _ what: String) {
        #expect(t.termination == base.termination, "\(what): \(t.message)")
        expectClose(coef, estimates(base).coef.flatMap { $0 }, relative: 1e-10, "\(what): coefficients")
        if let se { expectClose(se, estimates(base).se.flatMap { $0 }, relative: 1e-10, "\(what): standard errors") }
    }

    @Test func leastSquaresTargetAndColumns() async throws {
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...100_000), Gen.int(in: -600...600),
                            Gen.int(in: -600...600).array(of: 3)) { seed, a, b in
            let b = b.map { Swift.min(a + 600, Swift.max(a - 600, $0)) }
            let d = Self.data(seed: seed, model: .leastSquares)
            let base = try Self.fit(.leastSquares, d.x, d.y, weights: d.w)
            let t = try Self.fit(.leastSquares, Self.scaled(d.x, by: b), d.y.map { scalbn($0, a) }, weights: d.w)
            let unscale = { (rows: [[Double]]) in
                Self.back(rows, intercept: { scalbn($0, -a) }, feature: { scalbn($1, b[$0] - a) })
            }
            Self.expectSameFit(base, t, coef: unscale(Self.estimates(t).coef), se: unscale(Self.estimates(t).se),
                               "least squares, y × 2^\(a), columns × 2^\(b)")
        }
    }

    @Test func leastSquaresWeights() async throws {
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...100_000), Gen.int(in: -600...600)) { seed, c in
            let d = Self.data(seed: seed, model: .leastSquares)
            let base = try Self.fit(.leastSquares, d.x, d.y, weights: d.w, summary: false)
            let t = try Self.fit(.leastSquares, d.x, d.y, weights: d.w.map { scalbn($0, c) }, summary: false)
            Self.expectSameFit(base, t, coef: Self.estimates(t).coef.flatMap { $0 }, se: nil, "least squares, w × 2^\(c)")
        }
    }

    /// Classifiers and NB: columns and weights; intercepts unchanged.
    func checkColumnsAndWeights(_ model: ModelKind) async {
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...100_000), Gen.int(in: -600...600).array(of: 3),
                            Gen.int(in: -600...600)) { seed, b, c in
            let d = Self.data(seed: seed, model: model)
            let base = try Self.fit(model, d.x, d.y, weights: d.w)
            let t = try Self.fit(model, Self.scaled(d.x, by: b), d.y, weights: d.w.map { scalbn($0, c) })
            let half = pow(2, Double(c) / 2)
            let coef = Self.back(Self.estimates(t).coef, intercept: { $0 }, feature: { scalbn($1, b[$0]) })
            let se = Self.back(Self.estimates(t).se, intercept: { $0 * half }, feature: { scalbn($1, b[$0]) * half })
            Self.expectSameFit(base, t, coef: coef, se: se, "\(model), columns × 2^\(b), w × 2^\(c)")
            if let a0 = base.alpha, let a1 = t.alpha { expectClose(a1, a0, relative: 1e-10, "\(model): α") }
        }
    }

    @Test func logisticColumnsAndWeights() async { await checkColumnsAndWeights(.logistic) }
    @Test func multinomialColumnsAndWeights() async { await checkColumnsAndWeights(.multinomial) }
    @Test func negativeBinomialColumnsAndWeights() async { await checkColumnsAndWeights(.negativeBinomial) }

    @Test func poissonCountsColumnsAndWeights() async throws {
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...100_000), Gen.int(in: 0...30),
                            Gen.int(in: -600...600).array(of: 3), Gen.int(in: -600...600)) { seed, a, b, c in
            let d = Self.data(seed: seed, model: .poisson)
            let base = try Self.fit(.poisson, d.x, d.y, weights: d.w)
            let t = try Self.fit(.poisson, Self.scaled(d.x, by: b), d.y.map { scalbn($0, a) }, weights: d.w.map { scalbn($0, c) })
            let half = pow(2, Double(a + c) / 2)
            let coef = Self.back(Self.estimates(t).coef, intercept: { $0 - Double(a) * log(2) }, feature: { scalbn($1, b[$0]) })
            let se = Self.back(Self.estimates(t).se, intercept: { $0 * half }, feature: { scalbn($1, b[$0]) * half })
            Self.expectSameFit(base, t, coef: coef, se: se, "poisson, y × 2^\(a), columns × 2^\(b), w × 2^\(c)")
        }
    }

    @Test func precisionMatrixColumns() async throws {
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...100_000), Gen.int(in: -500...500).array(of: 3)) { seed, b in
            let d = Self.data(seed: seed, model: .leastSquares)
            let spec = FitSpecification(model: .logdet)
            let base = try Estimator.fit(d.x, specification: spec, featureNames: Self.features)
            let t = try Estimator.fit(Self.scaled(d.x, by: b), specification: spec, featureNames: Self.features)
            #expect(t.termination == base.termination)
            let theta = (t.precision ?? []).enumerated().flatMap { i, row in row.enumerated().map { j, v in scalbn(v, b[i] + b[j]) } }
            expectClose(theta, (base.precision ?? []).flatMap { $0 }, relative: 1e-10, "log-det, columns × 2^\(b)")
        }
    }
}
