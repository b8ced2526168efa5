import Foundation
import HessianTestSupport
import Testing
@testable import HessianData

/// Design matrices against patsy's `dmatrices` (recorded by
/// Tests/References/record_formula_references.py): names identical (patsy's "Intercept" is the
/// separate intercept here), values to 1e-12.
@Suite struct FormulaDesignTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("References/Formula")

    struct Reference: Decodable, Sendable, CustomTestStringConvertible {
        var formula: String
        var columns: [String]
        var matrix: [[Double]]
        var testDescription: String { formula }
    }

    static let references: [Reference] = {
        struct File: Decodable { var designs: [Reference] }
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("designs.json")),
              let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.designs
    }()

    @Test func referencesArePresent() { #expect(Self.references.count >= 40) }

    @Test(arguments: references)
    func agreesWithPatsy(_ reference: Reference) throws {
        let table = try CSVReader().read(file: Self.directory.appendingPathComponent("design_data.csv").path)
        let plan = try DesignPlan(formula: reference.formula, table: table)
        let patsyIntercept = reference.columns.first == "Intercept"
        #expect(plan.intercept == patsyIntercept)
        let expectedNames = Array(reference.columns.dropFirst(patsyIntercept ? 1 : 0))
        let expected = Array(reference.matrix.dropFirst(patsyIntercept ? 1 : 0))
        #expect(plan.columns == expectedNames)
        let (x, skipped) = try plan.build(table)
        #expect(skipped == nil)
        guard x.columns == expected.count else { return }
        var worst = 0.0
        for j in 0..<x.columns {
            for i in 0..<x.rows {
                let e = expected[j][i]
                worst = max(worst, abs(x[i, j] - e) / max(1, abs(e)))
            }
        }
        #expect(worst <= 1e-12, "\(reference.formula): largest relative difference \(worst)")
    }

    @Test func planSurvivesTheModelFileAndRebuildsFromNewRows() throws {
        let table = try CSVReader().read(file: Self.directory.appendingPathComponent("design_data.csv").path)
        let plan = try DesignPlan(formula: "y ~ C(g, ref='c')*x + C(k) + log(z)", table: table)
        let decoded = try JSONDecoder().decode(DesignPlan.self, from: try JSONEncoder().encode(plan))
        #expect(decoded == plan)
        // New rows, columns in another order, a subset of the levels: the same columns.
        let fresh = try CSVReader().parse("z,k,x,g,y\n1,10,2,c,0\n2.5,2,-1,a,0\n", source: "new.csv")
        let (x, _) = try decoded.build(fresh)
        let names = plan.columns
        func value(_ row: Int, _ name: String) -> Double { x[row, names.firstIndex(of: name)!] }
        #expect(x.rows == 2 && x.columns == names.count)
        #expect(value(0, "C(g, ref='c')[T.a]") == 0 && value(1, "C(g, ref='c')[T.a]") == 1)
        #expect(value(0, "C(k)[T.10]") == 1 && value(1, "C(k)[T.2]") == 1 && value(1, "C(k)[T.10]") == 0)
        #expect(value(1, "C(g, ref='c')[T.a]:x") == -1 && value(0, "C(g, ref='c')[T.a]:x") == 0)
        expectClose(value(1, "log(z)"), log(2.5), relative: 1e-15)
    }

    @Test func unseenLevelIsAnErrorOrASkippedRow() throws {
        let table = try CSVReader().parse("g,x,y\na,1,1\nb,2,2\nc,3,4\n", source: "train.csv")
        let plan = try DesignPlan(formula: "y ~ g + x", table: table)
        let fresh = try CSVReader().parse("g,x\nb,1\nzz,2\n", source: "new.csv")
        #expect(throws: DesignError.unknownLevel(file: "new.csv", line: 3, column: "g", value: "zz", known: ["a", "b", "c"])) {
            try plan.build(fresh)
        }
        let (x, skipped) = try plan.build(fresh, unknownLevels: .missing)
        #expect(skipped == [false, true])
        #expect(x.row(0) == [1, 0, 1])
    }

    @Test func numericFactorsMustBeFinite() throws {
        let table = try CSVReader().parse("x,y\n1,1\n0,2\n3,4\n", source: "t.csv")
        let plan = try DesignPlan(formula: "y ~ log(x)", table: table)
        #expect(throws: DesignError.nonFinite(file: "t.csv", line: 3, factor: "log(x)", value: -.infinity)) { try plan.build(table) }
        let text = try CSVReader().parse("g,y\na,1\nb,2\n", source: "t.csv")
        #expect(throws: DesignError.textInNumericFactor(file: "t.csv", line: 2, column: "g", factor: "I(g * 2)", text: "a")) {
            try DesignPlan(formula: "y ~ I(g*2)", table: text).build(text)
        }
    }

    @Test func textColumnsWithOnlyNumbersAndMissingMarkersAreNumeric() throws {
        let table = try CSVReader().parse("x,g,y\n1,a,1\n2,b,2\n3,a,3\n", source: "t.csv")
        let withNA = try CSVReader().parse("x,g,y\n1,a,1\nNA,b,2\n3,a,3\n", source: "t.csv")
        let (kept, dropped) = try withNA.applying(.drop, columns: [0, 1, 2])
        #expect(dropped == DroppedRows(total: 1, byColumn: ["x": 1]))
        let plan = try DesignPlan(formula: "y ~ x + g", table: kept)
        // Only "a" is left in g after dropping: one level, no contrast column.
        #expect(plan.columns == ["x"])
        #expect(plan.factors.first { $0.name == "x" }?.kind == .numeric)
        // patsy's order: terms without numeric factors first.
        #expect(try DesignPlan(formula: "y ~ x + g", table: table).columns == ["g[T.b]", "x"])
    }

    @Test func numericLevelsSortNumericallyAndReferenceMustExist() throws {
        let table = try CSVReader().parse("k,y\n10,1\n2,2\n1,3\n2,4\n", source: "t.csv")
        #expect(try DesignPlan(formula: "y ~ C(k)", table: table).columns == ["C(k)[T.2]", "C(k)[T.10]"])
        #expect(try DesignPlan(formula: "y ~ C(k, ref=10)", table: table).columns == ["C(k, ref=10)[T.1]", "C(k, ref=10)[T.2]"])
        #expect(throws: FormulaError.self) { try DesignPlan(formula: "y ~ C(k, ref=7)", table: table) }
    }
}
