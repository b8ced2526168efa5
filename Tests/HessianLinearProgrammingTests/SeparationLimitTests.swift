import Foundation
import HessianTestSupport
import Testing
@testable import HessianLinearProgramming
import HessianLinearAlgebra
import HessianSolvers
import HessianData
import HessianEstimation

@Suite struct SeparationLimitTests {
    @Test func aboveTheSizeLimitTheCheckIsSkippedWithAReason() {
        let x = Matrix(rows: Separation.sizeLimit / 10 + 1, columns: 9)
        guard case .skipped(let why) = Separation.logistic(x, intercept: true, labels: [Double](repeating: 0, count: x.rows)) else {
            Issue.record("not skipped")
            return
        }
        #expect(why.contains("separation was not checked") && why.contains("\(Separation.sizeLimit)"))
    }
}

extension SeparationLimitTests {
    /// Above the limit the fit still runs and its notes say the check was skipped:
    /// 30 classes, 2 parameters each, 2500 rows → 2500·29 rows × 2·29 parameters > 2·10⁶.
    @Test func fitNotesTheSkippedCheck() throws {
        var csv = "a,y\n"
        for i in 0..<2500 { csv += "\(sin(Double(i)) + 0.001 * Double(i % 7)),c\(i % 30)\n" }
        let t = try CSVReader().parse(csv, source: "t.csv")
        let f = try Estimator.fit(t, FitSpecification(model: .multinomial, maxIterations: 5))
        #expect(f.notes.contains { $0.hasPrefix("separation was not checked") }, "\(f.notes)")
    }
}
