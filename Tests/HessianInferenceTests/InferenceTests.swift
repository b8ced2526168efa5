import Foundation
import HessianTestSupport
import Testing
@testable import HessianInference
import HessianLinearAlgebra

@Suite struct InferenceTests {
    @Test func normalTailsMatchTabulatedValues() {
        // Tabulated: Φ(1.959964) = 0.975, Φ(−1) = 0.158655253931457, 2(1 − Φ(3)) = 0.00269979606326019.
        #expect(abs(StandardNormal.cdf(StandardNormal.z975) - 0.975) < 1e-12)
        #expect(abs(StandardNormal.cdf(-1) - 0.158655253931457) < 1e-14)
        #expect(abs(StandardNormal.twoSidedPValue(-3) - 0.00269979606326019) < 1e-15)
        // Far tail keeps relative accuracy: 1 − Φ(10) = 7.61985302416e-24.
        #expect(abs(StandardNormal.survival(10) / 7.61985302416e-24 - 1) < 1e-9)
    }

    @Test func waldTableFromCovariance() throws {
        // H = [[4, 2], [2, 3]] → H⁻¹ = [[3, −2], [−2, 4]] / 8.
        let c = try Covariance.inverseHessian(try Matrix([[4, 2], [2, 3]]))
        #expect(abs(c[0, 0] - 3.0 / 8) < 1e-15 && abs(c[0, 1] + 2.0 / 8) < 1e-15 && abs(c[1, 1] - 0.5) < 1e-15)
        let t = CoefficientInference.table(estimates: [1, -2], covariance: c)
        #expect(abs(t[1].standardError - 0.5.squareRoot()) < 1e-15)
        #expect(abs(t[1].z - (-2 / 0.5.squareRoot())) < 1e-14)
        #expect(abs(t[0].upper - (1 + 1.959963984540054 * (3.0 / 8).squareRoot())) < 1e-14)
    }

    @Test func singularHessianIsAnError() {
        #expect(throws: InferenceError.self) { try Covariance.inverseHessian(try Matrix([[1, 1], [1, 1]])) }
    }

    @Test func informationCriteria() {
        let s = FitStatistics(logLikelihood: -10, parameters: 3, observations: 100, nullLogLikelihood: -20)
        #expect(s.aic == 26)
        #expect(abs(s.bic - (3 * log(100.0) + 20)) < 1e-12)
        #expect(s.pseudoR2 == 0.5)
        #expect(abs(FitStatistics.nullLogLikelihood(classCounts: [1, 3]) - (log(0.25) + 3 * log(0.75))) < 1e-15)
        // Gaussian: N = 4, RSS = 8 → σ̂² = 2, ℓ = −2(log 4π + 1).
        #expect(abs(FitStatistics.gaussianLogLikelihood(residualSumOfSquares: 8, observations: 4) + 2 * (log(4 * Double.pi) + 1)) < 1e-14)
    }
}
