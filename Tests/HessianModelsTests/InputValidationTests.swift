import Foundation
import HessianTestSupport
import Testing
@testable import HessianModels
import HessianLinearAlgebra
import HessianSolvers

/// Public entry points reject bad input with a thrown, descriptive error (a release build once
/// crashed with `free(): invalid size` on `minimize(model, from: [0])`).
@Suite struct InputValidationTests {
    static func smallLogistic() throws -> Logistic {
        let x: Matrix = [[0.5, 1.2], [1.5, -0.3], [-0.7, 0.8], [2.0, 1.0], [-1.2, -0.4], [0.3, 2.2]]
        return try Logistic(design: try Design(x), labels: [1, 0, 0, 1, 0, 1], l2: 1)
    }

    @Test func startOfTheWrongLengthThrows() throws {
        let model = try Self.smallLogistic()
        #expect(throws: OptimizationError.startLength(expected: 3, got: 1)) {
            try minimize(model, from: [0], using: Newton())
        }
        #expect(throws: OptimizationError.startLength(expected: 3, got: 4)) {
            try minimize(model, from: [0, 0, 0, 0], using: LBFGS())
        }
    }

    @Test func nonFiniteStartThrows() throws {
        let model = try Self.smallLogistic()
        #expect(throws: OptimizationError.nonFiniteStart(index: 1, value: .infinity)) {
            try minimize(model, from: [0, .infinity, 0], using: Newton())
        }
        do {
            _ = try minimize(model, from: [0, 0, .nan], using: TrustRegion())
            Issue.record("a NaN start was accepted")
        } catch let e as OptimizationError {
            guard case .nonFiniteStart(let i, let v) = e else { Issue.record("\(e)"); return }
            #expect(i == 2 && v.isNaN)
        }
    }

    @Test func threadBudgetBelowOneThrows() throws {
        let model = try Self.smallLogistic()
        #expect(throws: OptimizationError.invalidThreadCount(0)) {
            try minimize(model, from: [0, 0, 0], using: Newton(), threads: 0)
        }
    }

    @Test func raggedRowsThrow() {
        #expect(throws: MatrixError.raggedRows(row: 1, entries: 1, expected: 2)) { try Matrix([[1, 2], [3]]) }
        #expect(throws: MatrixError.raggedRows(row: 2, entries: 3, expected: 2)) { try Matrix([[1, 2], [3, 4], [5, 6, 7]]) }
    }

    @Test func rectangularRowsBuildTheMatrix() throws {
        let m = try Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.rows == 2 && m.columns == 3 && m.storage == [1, 4, 2, 5, 3, 6])
        let empty = try Matrix([])
        #expect(empty.rows == 0 && empty.columns == 0)
    }

    @Test func hessianVectorProductChecksBothLengths() throws {
        let model = try Self.smallLogistic()
        #expect(throws: OptimizationError.vectorLength(what: "the vector v", expected: 3, got: 2)) {
            try model.hessianVectorProduct(at: [0, 0, 0], [1, 2])
        }
        #expect(throws: OptimizationError.vectorLength(what: "the point x", expected: 3, got: 5)) {
            try model.hessianVectorProduct(at: [0, 0, 0, 0, 0], [1, 2, 3])
        }
        // The checked product agrees with the dense Hessian.
        let w = [0.1, -0.2, 0.3], v = [1.0, -1.0, 2.0]
        let hv = try model.hessianVectorProduct(at: w, v)
        expectClose(hv, model.hessian(at: w) * v, relative: 1e-12)
    }

    @Test func modelInitializersRejectMismatchedAndNonFiniteData() throws {
        let x: Matrix = [[1, 2], [3, 4], [5, 7]]
        let design = try Design(x)
        #expect(throws: ModelError.countMismatch(what: "labels", expected: 3, got: 2)) {
            try Logistic(design: design, labels: [0, 1])
        }
        #expect(throws: ModelError.countMismatch(what: "targets", expected: 3, got: 4)) {
            try LeastSquares(design: design, targets: [1, 2, 3, 4])
        }
        #expect(throws: ModelError.countMismatch(what: "labels", expected: 3, got: 1)) {
            try Multinomial(design: design, labels: [0], classes: 2, l2: 1, parametrization: .allClasses)
        }
        #expect(throws: ModelError.nonFiniteData(row: 1, column: 0)) { try Design([[1, 2], [.nan, 4], [5, 7]]) }
        #expect(throws: ModelError.countMismatch(what: "sample weights", expected: 3, got: 2)) {
            try Design(x, weights: [1, 1])
        }
        #expect(throws: ModelError.invalidLabel(index: 2, value: .infinity, allowed: "finite numbers")) {
            try LeastSquares(design: design, targets: [1, 2, .infinity])
        }
        #expect(throws: ModelError.invalidCovariance("it contains NaN or infinite entries")) {
            try PrecisionEstimation(covariance: [[1, 0], [0, .infinity]])
        }
    }

    @Test func errorsAreLocalized() {
        let errors: [any LocalizedError] = [
            OptimizationError.startLength(expected: 3, got: 1), MatrixError.raggedRows(row: 1, entries: 1, expected: 2),
            ModelError.countMismatch(what: "labels", expected: 3, got: 2),
        ]
        for e in errors {
            #expect(e.errorDescription == "\(e)")
            #expect((e as Error).localizedDescription == "\(e)")
        }
        #expect("\(OptimizationError.startLength(expected: 3, got: 1))" == "the starting point has 1 entries, the objective has 3 parameters")
    }
}
