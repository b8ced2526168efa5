import Foundation
import HessianTestSupport
import Testing
@testable import HessianEstimation
import HessianLinearAlgebra
import HessianData

@Suite struct CollinearityTests {
    func column(_ n: Int, _ f: (Int) -> Double) -> [Double] { (0..<n).map(f) }

    @Test func independentColumnsPass() {
        let n = 50
        let x = Matrix(rows: n, columns: 3) { i, j in sin(Double(i * (j + 1)) + Double(j)) }
        #expect(Collinearity.dependentColumns(x, intercept: true) == nil)
        #expect(Collinearity.dependentColumns(x, intercept: false) == nil)
    }

    @Test func exactCombinationIsNamed() {
        // c = 2a − 3b (+ 5 with an intercept): columns 0, 1, 2 dependent; column 3 independent.
        let n = 40
        let a = column(n) { sin(Double($0)) }, b = column(n) { cos(Double($0) * 0.7) }, d = column(n) { Double($0 % 7) }
        let c = (0..<n).map { 2 * a[$0] - 3 * b[$0] + 5 }
        let x = Matrix(rows: n, columns: 4, storage: a + b + c + d)
        let group = Collinearity.dependentColumns(x, intercept: true)
        #expect(group.map { Set($0) } == Set([0, 1, 2]))
        // Without an intercept the constant 5 breaks the dependence.
        #expect(Collinearity.dependentColumns(x, intercept: false) == nil)
    }

    @Test func constantColumnIsDependentOnTheIntercept() {
        let x = Matrix(rows: 5, columns: 2, storage: [1, 2, 3, 4, 6, 7, 7, 7, 7, 7])
        #expect(Collinearity.dependentColumns(x, intercept: true) == [1])
        #expect(Collinearity.dependentColumns(x, intercept: false) == nil)
    }

    @Test func badlyScaledButIndependentLongleyPasses() throws {
        // Longley's columns are nearly collinear (κ(X) ≈ 10⁹ unscaled) yet independent.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Datasets/longley.csv")
        let t = try CSVReader().read(file: url.path)
        let x = try t.matrix(Array(0..<6))
        #expect(Collinearity.dependentColumns(x, intercept: true) == nil)
    }
}
