import Foundation
import HessianTestSupport
import Testing
@testable import HessianEstimation
import HessianInference
import HessianData

/// `FitSpecification.weights` (frequency weights) against the same fit of the data with row i
/// repeated sᵢ times: estimates, every covariance type's standard errors and the likelihood
/// statistics agree to 1e-10.
@Suite struct FrequencyWeightTests {
    /// CSV text: a, b (different scales), a cluster code (text), a weight 0…3 and three targets.
    /// `replicated`: row i written sᵢ times and the weight column set to 1.
    static func csv(replicated: Bool) -> String {
        var g = SeededGenerator(seed: 21)
        var text = "a,b,site,w,y,label,cls,cnt\n"
        for i in 0..<80 {
            let a = 2 * g.uniform() - 1, b = 50 + 30 * g.uniform(), e = 2 * g.uniform() - 1
            let score = 0.5 + 1.5 * a - 0.04 * (b - 65) + e
            let site = "s\(Int(g.next() % 5))"
            let w = i < 3 ? 2 : Int(g.next() % 4)
            // An overdispersed count: exp(0.4 + 0.8a) times the factor 4u² (mean 4/3, variance 1.42).
            let u = g.uniform()
            let count = Int((exp(0.4 + 0.8 * a) * 4 * u * u).rounded())
            let row = "\(a),\(b),\(site),\(replicated ? 1 : w),\(score),\(score > 0.5 ? "yes" : "no"),\(score < 0 ? "p" : (score < 1 ? "q" : "r")),\(count)\n"
            for _ in 0..<(replicated ? w : 1) { text += row }
        }
        return text
    }

    static let cases: [(ModelKind, String, CovarianceType)] = [
        (.leastSquares, "y", .nonrobust), (.leastSquares, "y", .hc0), (.leastSquares, "y", .hc1),
        (.leastSquares, "y", .hc2), (.leastSquares, "y", .hc3), (.leastSquares, "y", .cluster),
        (.logistic, "label", .nonrobust), (.logistic, "label", .hc1), (.logistic, "label", .cluster),
        (.multinomial, "cls", .nonrobust), (.multinomial, "cls", .hc0), (.multinomial, "cls", .cluster),
        (.poisson, "cnt", .nonrobust), (.poisson, "cnt", .hc1), (.poisson, "cnt", .cluster),
        (.negativeBinomial, "cnt", .nonrobust), (.negativeBinomial, "cnt", .hc0), (.negativeBinomial, "cnt", .cluster),
    ]

    func fit(_ model: ModelKind, _ target: String, _ covariance: CovarianceType, replicated: Bool) throws -> FittedModel {
        let table = try CSVReader().parse(Self.csv(replicated: replicated), source: "t.csv")
        var spec = FitSpecification(model: model, target: target, features: ["a", "b"], tolerance: 1e-11, summary: true)
        spec.covariance = covariance
        spec.cluster = covariance == .cluster ? "site" : nil
        spec.weights = replicated ? nil : "w"
        return try Estimator.fit(table, spec)
    }

    @Test(arguments: 0..<cases.count)
    func weightsEqualReplicatedRows(_ k: Int) throws {
        let (model, target, covariance) = Self.cases[k]
        let weighted = try fit(model, target, covariance, replicated: false)
        let replicated = try fit(model, target, covariance, replicated: true)
        #expect(weighted.converged && replicated.converged)
        let w = try #require(weighted.coefficients?.rows.flatMap { $0 })
        let r = try #require(replicated.coefficients?.rows.flatMap { $0 })
        expectClose(w, r, relative: 1e-10, "\(model) \(covariance): coefficients")
        let sw = try #require(weighted.standardErrors?.rows.flatMap { $0 })
        let sr = try #require(replicated.standardErrors?.rows.flatMap { $0 })
        expectClose(sw, sr, relative: 1e-10, "\(model) \(covariance): standard errors")
        for (a, b) in [(weighted.logLikelihood, replicated.logLikelihood), (weighted.aic, replicated.aic),
                       (weighted.bic, replicated.bic), (weighted.pseudoR2, replicated.pseudoR2),
                       (weighted.accuracy, replicated.accuracy), (weighted.deviance, replicated.deviance),
                       (weighted.pearsonChi2, replicated.pearsonChi2), (weighted.alpha, replicated.alpha),
                       (weighted.alphaStandardError, replicated.alphaStandardError)] {
            #expect((a == nil) == (b == nil))
            if let a, let b { expectClose([a], [b], relative: 1e-10, "\(model) \(covariance) \(a) \(b)") }
        }
        if model == .negativeBinomial { #expect((weighted.alpha ?? 0) > 0.05, "α off the boundary, so its SE is meaningful") }
        #expect(weighted.covariance == covariance && replicated.covariance == covariance)
        #expect(weighted.observations == Double(try CSVReader().parse(Self.csv(replicated: true), source: "r").rowCount))
        #expect(weighted.notes.contains { $0.contains("frequency weight 0 left out") })
        if covariance == .cluster { #expect(weighted.clusters == replicated.clusters) }
    }

    @Test func weightedStandardizationIsTheReplicatedOne() throws {
        let t = try CSVReader().parse(Self.csv(replicated: false), source: "t.csv")
        let r = try CSVReader().parse(Self.csv(replicated: true), source: "r.csv")
        var spec = FitSpecification(model: .logistic, target: "label", features: ["a", "b"], l2: 0.5, standardize: true,
                                    tolerance: 1e-11)
        let replicated = try Estimator.fit(r, spec)
        spec.weights = "w"
        let weighted = try Estimator.fit(t, spec)
        expectClose(weighted.means!, replicated.means!, relative: 1e-12)
        expectClose(weighted.stds!, replicated.stds!, relative: 1e-12)
        expectClose(weighted.coefficients!.rows[0], replicated.coefficients!.rows[0], relative: 1e-10)
    }

    @Test func optionsThatDoNotApplyAreRejected() throws {
        let t = try CSVReader().parse(Self.csv(replicated: false), source: "t.csv")
        var spec = FitSpecification(model: .logistic, target: "label", features: ["a", "b"], summary: true)
        spec.covariance = .hc3
        #expect(throws: SpecificationError.leverageCovariance(.hc3)) { try Estimator.fit(t, spec) }
        spec.covariance = .cluster
        #expect(throws: SpecificationError.clusterCovarianceWithoutColumn) { try Estimator.fit(t, spec) }
        spec = FitSpecification(model: .logdet, features: ["a", "b"])
        spec.weights = "w"
        #expect(throws: SpecificationError.samplingForLogdet) { try Estimator.fit(t, spec) }
    }
}
