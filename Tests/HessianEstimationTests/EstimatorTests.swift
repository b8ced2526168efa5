import Foundation
import Testing
import HessianTestSupport
@testable import HessianEstimation
import HessianLinearAlgebra
import HessianModels
import HessianData

@Suite struct EstimatorTests {
    func table(_ text: String) throws -> Table { try CSVReader().parse(text, source: "t.csv") }

    @Test func leastSquaresRecoversExactCoefficients() throws {
        // y = 3 − 2a + 0.5b exactly: one Newton step lands on it.
        var csv = "a,b,y\n"
        for i in 0..<20 { let a = Double(i), b = Double((i * i) % 11); csv += "\(a),\(b),\(3 - 2 * a + 0.5 * b)\n" }
        let f = try Estimator.fit(try table(csv), FitSpecification(model: .leastSquares))
        guard case .vector(let w) = f.coefficients else { Issue.record("no coefficients"); return }
        expectClose(w, [3, -2, 0.5], relative: 1e-12)
        #expect(f.features == ["intercept", "a", "b"])
        #expect(f.converged)
    }

    @Test func separationIsDetectedOnlyWithoutPenalty() throws {
        let t = try table("a,y\n1,0\n2,0\n3,0\n4,1\n5,1\n6,1\n")
        #expect(throws: EstimationError.separation(file: "t.csv", coefficients: ["intercept", "a"])) {
            try Estimator.fit(t, FitSpecification(model: .logistic))
        }
        let penalized = try Estimator.fit(t, FitSpecification(model: .logistic, l2: 1))
        #expect(penalized.converged)
    }

    @Test func overlappingClassesAreNotSeparation() throws {
        let t = try table("a,y\n1,0\n2,1\n3,0\n4,1\n5,1\n6,0\n7,1\n")
        let f = try Estimator.fit(t, FitSpecification(model: .logistic, summary: true))
        #expect(f.converged)
        #expect(f.standardErrors != nil)
        // Intercept-only null model: 3 zeros and 4 ones.
        let null = 3 * log(3.0 / 7) + 4 * log(4.0 / 7)
        #expect(abs(f.pseudoR2! - (1 - f.logLikelihood! / null)) < 1e-12)
    }

    @Test func standardizationRoundTrip() throws {
        let x = try Matrix([[1, 5], [2, 5], [4, 5]])
        let z = Standardization(x)
        #expect(z.constantColumns == [1])
        #expect(z.stds[1] == 1 && z.means[1] == 0)
        let y = z.apply(x)
        let col = y.column(0)
        #expect(abs(col.reduce(0, +)) < 1e-12)
        #expect(abs(col.map { $0 * $0 }.reduce(0, +) / 3 - 1) < 1e-12)
        #expect(y.column(1) == [5, 5, 5])
        // In place: the same numbers; the copying form leaves its argument alone.
        var w = x
        z.apply(to: &w)
        #expect(w.storage == y.storage)
        #expect(x.storage == [1, 2, 4, 5, 5, 5])
        #expect(abs(y[2, 0] - (4 - 7.0 / 3) / (14.0 / 9).squareRoot()) < 1e-15)
    }

    @Test func logdetMatchesClosedForm() throws {
        var csv = "a,b,c\n"
        for i in 0..<30 { csv += "\(sin(Double(i))),\(cos(Double(i) * 1.3)),\(Double(i % 5) + 0.1 * Double(i))\n" }
        let t = try table(csv)
        let f = try Estimator.fit(t, FitSpecification(model: .logdet, l2: 0.5))
        let s = PrecisionEstimation.sampleCovariance(try t.matrix([0, 1, 2]))
        let expected = try PrecisionEstimation(covariance: s, l2: 0.5).closedForm()
        expectClose(try Matrix(f.precision!), expected, relative: 1e-9)
    }
}
