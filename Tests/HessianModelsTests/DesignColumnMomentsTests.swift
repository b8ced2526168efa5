import Foundation
import Testing
import HessianTestSupport
@testable import HessianLinearAlgebra
@testable import HessianModels

/// `Design.columnMoments`: the column scan split over the thread budget.
@Suite struct DesignColumnMomentsTests {
    @Test func momentsMatchTheTwoPassFormulasAndDoNotDependOnTheBudget() throws {
        var rng = SeededGenerator(seed: 31)
        let n = 3001, d = 37
        // Offsets up to 1e6 so that the shifted sums matter.
        let x = Matrix(rows: n, columns: d) { _, j in 1e6 * Double(j % 3) + Double.random(in: -2...2, using: &rng) }
        let one = try ThreadBudget.withThreads(1) { try Design.columnMoments(x) }
        let four = try ThreadBudget.withThreads(4) { try Design.columnMoments(x) }
        // Each column is summed the same way whatever the split: identical to the last bit.
        expectWithinULPs(four.mean, one.mean, ulps: 0)
        expectWithinULPs(four.std, one.std, ulps: 0)
        for j in 0..<d {
            let col = (0..<n).map { x[$0, j] }
            let mean = col.reduce(0, +) / Double(n)
            let variance = col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
            expectClose(one.mean[j], mean, relative: 1e-14, absolute: 1e-9)
            expectClose(one.std[j], variance.squareRoot(), relative: 1e-9)
        }
    }

    @Test func theFirstBadColumnIsNamedWhateverTheSplit() {
        var x = Matrix(rows: 5000, columns: 40, repeating: 1)
        x[17, 30] = .nan
        x[3, 12] = .infinity
        #expect(throws: ModelError.nonFiniteData(row: 3, column: 12)) {
            try ThreadBudget.withThreads(4) { try Design.columnMoments(x) }
        }
    }
}
