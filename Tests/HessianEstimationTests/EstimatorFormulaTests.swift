import Foundation
import HessianTestSupport
import Testing
@testable import HessianEstimation
import HessianData

/// The library path: `FitSpecification.formula` and `.missing` through `Estimator.fit`, against
/// the statsmodels references recorded by Tests/References/record_formula_references.py.
@Suite struct EstimatorFormulaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func reference(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("Tests/References/\(name).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func relative(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        let scale = max(b.map(abs).max() ?? 0, 1e-12)
        return zip(a, b).map { abs($0 - $1) }.max()! / scale
    }

    @Test(arguments: [("formula_grunfeld_ols_firm", "Datasets/grunfeld.csv", MissingPolicy.strict),
                      ("formula_grunfeld_ols_missing_drop", "Tests/References/Formula/grunfeld_missing.csv", .drop)])
    func leastSquaresWithATextCategorical(_ name: String, _ file: String, _ missing: MissingPolicy) throws {
        let r = try reference(name)
        let table = try CSVReader().read(file: Self.root.appendingPathComponent(file).path)
        var spec = FitSpecification(model: .leastSquares, summary: true)
        spec.formula = "invest ~ value + capital + firm"
        spec.missing = missing
        let fitted = try Estimator.fit(table, spec)
        #expect(fitted.features == r["features"] as? [String])
        #expect(fitted.rows == r["rows"] as? Int)
        #expect(relative(fitted.coefficients?.rows[0] ?? [], r["coefficients"] as! [Double]) < 1e-6)
        #expect(relative(fitted.standardErrors?.rows[0] ?? [], r["standardErrors"] as! [Double]) < 1e-6)
        #expect(fitted.design?.columns == Array(fitted.features.dropFirst()))
        if missing == .drop {
            #expect(fitted.rowsDropped == 6)
            #expect(fitted.rowsDroppedByColumn == ["value": 2, "firm": 1, "capital": 2, "invest": 1])
        } else {
            #expect(fitted.rowsDropped == nil)
        }
    }

    @Test func predictionsFromTheSavedPlanMatchTheFit() throws {
        let r = try reference("formula_grunfeld_ols_firm")
        let table = try CSVReader().read(file: Self.root.appendingPathComponent("Datasets/grunfeld.csv").path)
        var spec = FitSpecification(model: .leastSquares)
        spec.formula = "invest ~ value + capital + firm"
        let fitted = try Estimator.fit(table, spec)
        let saved = try JSONDecoder().decode(FittedModel.self, from: try JSONEncoder().encode(fitted))
        let p = try saved.predict(table)
        #expect(p.missing == nil)
        #expect(relative(p.numbers[0], r["fittedValues"] as! [Double]) < 1e-9)
    }

    @Test func formulaAndColumnListsAreAlternatives() throws {
        let table = try CSVReader().parse("a,y\n1,2\n2,3\n3,5\n", source: "t.csv")
        var spec = FitSpecification(model: .leastSquares, target: "y")
        spec.formula = "y ~ a"
        #expect(throws: SpecificationError.formulaWithColumns) { try Estimator.fit(table, spec) }
        var logdet = FitSpecification(model: .logdet)
        logdet.formula = "~ a + y"
        #expect(throws: SpecificationError.formulaForLogdet) { try Estimator.fit(table, logdet) }
        var noResponse = FitSpecification(model: .leastSquares)
        noResponse.formula = "~ a"
        #expect(throws: FormulaError.self) { try Estimator.fit(table, noResponse) }
    }

    @Test func noInterceptOptionActsAsMinusOne() throws {
        let table = try CSVReader().parse("g,y\na,1\nb,2\na,1.5\nb,2.5\nc,4\n", source: "t.csv")
        var spec = FitSpecification(model: .leastSquares, intercept: false)
        spec.formula = "y ~ g"
        let fitted = try Estimator.fit(table, spec)
        #expect(fitted.features == ["g[a]", "g[b]", "g[c]"])
        // Full-rank cell means: (1 + 1.5)/2, (2 + 2.5)/2, 4.
        let w = fitted.coefficients?.rows[0] ?? []
        #expect(w.count == 3 && abs(w[0] - 1.25) < 1e-12 && abs(w[1] - 2.25) < 1e-12 && abs(w[2] - 4) < 1e-12)
    }
}
