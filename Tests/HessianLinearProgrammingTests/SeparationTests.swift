import Foundation
import HessianTestSupport
import Testing
@testable import HessianLinearProgramming
import HessianLinearAlgebra
import HessianSolvers
import HessianData
import HessianEstimation

/// Konis' separation LP against scipy.optimize.linprog (HiGHS) on the same constraint rows,
/// recorded by Tests/References/record_separation_references.py, and the simplex method on
/// LPs with known optima.
@Suite struct SeparationTests {
    struct Case: @unchecked Sendable, CustomTestStringConvertible {
        var record: [String: Any]
        var testDescription: String { record["name"] as! String }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let cases: [Case] = {
        let url = root.appendingPathComponent("Tests/References/Checks/separation_lp.json")
        guard let data = try? Data(contentsOf: url), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = object["cases"] as? [[String: Any]] else { return [] }
        return cases.map { Case(record: $0) }
    }()

    /// The case's constraint rows, built by the code under test from the CSV.
    func rows(_ c: [String: Any]) throws -> Matrix {
        let table: Table
        if let csv = c["csv"] as? String {
            table = try CSVReader().parse(csv, source: "case.csv")
        } else {
            table = try CSVReader().read(file: Self.root.appendingPathComponent(c["dataset"] as! String).path)
        }
        let features = try (c["features"] as! [String]).map { try table.columnIndex($0) }
        let x = try table.matrix(features)
        let (classes, codes) = try table.categories(try table.columnIndex(c["target"] as! String))
        if c["model"] as! String == "logistic" {
            return Separation.logisticRows(x, intercept: true, labels: codes.map(Double.init))
        }
        return Separation.multinomialRows(x, intercept: true, codes: codes, classes: classes.count)
    }

    @Test func referencesAreThere() { #expect(Self.cases.count == 13) }

    @Test(arguments: cases)
    func optimumAgreesWithScipy(_ c: Case) throws {
        let a = try rows(c.record)
        let (value, beta) = try #require(Separation.optimum(a))
        let reference = c.record["optimum"] as! Double, bound = c.record["bound"] as! Double
        #expect(abs(value - reference) <= 1e-9 * bound, "\(c.testDescription): \(value) vs scipy \(reference)")
        // β is a certificate on its own: |βⱼ| ≤ 1, Aβ ≥ 0 and 1ᵀAβ equal to the optimum.
        #expect(beta.allSatisfy { abs($0) <= 1 })
        let ab = a * beta
        #expect(ab.allSatisfy { $0 >= -1e-9 }, "\(c.testDescription): min aᵢᵀβ = \(ab.min() ?? 0)")
        #expect(abs(ab.reduce(0, +) - value) <= 1e-9 * bound)
        let separable = c.record["separable"] as! Bool
        switch Separation.check(a) {
        case .notSeparated: #expect(!separable, "\(c.testDescription)")
        case .separated(let diverging): #expect(separable && !diverging.isEmpty, "\(c.testDescription)")
        case .skipped(let why): Issue.record("\(c.testDescription): \(why)")
        }
    }

    @Test func simplexSolvesAKnownLP() {
        // min −x₁ − 2x₂  s.t.  x₁ + x₂ + s₁ = 4,  x₁ + 3x₂ + s₂ = 6: optimum at (3, 1), value −5,
        // multipliers y = (−1/2, −1/2) read from the slack columns (cost 0): yⱼ = 0 − r(sⱼ).
        let m = Matrix(rows: 2, columns: 4, storage: [1, 1, 1, 3, 1, 0, 0, 1])
        let r = DenseSimplex.minimize(cost: [-1, -2, 0, 0], constraints: m, rhs: [4, 6], basis: [2, 3], maxIterations: 100)
        #expect(r.status == .optimal)
        #expect(abs(r.value + 5) <= 1e-12)
        #expect(abs(r.solution[0] - 3) <= 1e-12 && abs(r.solution[1] - 1) <= 1e-12)
        #expect(abs(-r.reducedCosts[2] + 0.5) <= 1e-12 && abs(-r.reducedCosts[3] + 0.5) <= 1e-12)
    }

    @Test func simplexReportsUnboundedness() {
        // min −x₁  s.t.  x₁ − x₂ + s = 1: x₁ = 1 + x₂ grows without bound.
        let m = Matrix(rows: 1, columns: 3, storage: [1, -1, 1])
        let r = DenseSimplex.minimize(cost: [-1, 0, 0], constraints: m, rhs: [1], basis: [2], maxIterations: 100)
        #expect(r.status == .unbounded)
    }

    @Test func degenerateLPTerminates() {
        // Beale's cycling example (as in Chvátal, ch. 3, in equality form with slacks): degenerate
        // at the start, where Dantzig's rule with a poor tie-break cycles. Optimum x₄ = x₆ = 1,
        // s₁ = 3/4: value −3/4 − 1/2 = −5/4 (the dual y = (0, −3/2, −5/4) certifies it).
        let rows: [[Double]] = [[0.25, -8, -1, 9, 1, 0, 0], [0.5, -12, -0.5, 3, 0, 1, 0], [0, 0, 1, 0, 0, 0, 1]]
        let m = Matrix(rows: 3, columns: 7) { i, j in rows[i][j] }
        let r = DenseSimplex.minimize(cost: [-0.75, 20, -0.5, 6, 0, 0, 0], constraints: m, rhs: [0, 0, 1],
                                      basis: [4, 5, 6], maxIterations: 1000)
        #expect(r.status == .optimal)
        #expect(abs(r.value + 1.25) <= 1e-12, "\(r.value)")
        #expect(abs(r.solution[0] - 1) <= 1e-12 && abs(r.solution[2] - 1) <= 1e-12)
    }
}
