import Foundation
import Testing
@testable import Hessian
@testable import HessianEstimation

/// Every library error is a ``HessianError`` (the protocol lives in HessianLinearAlgebra).
@Suite struct HessianErrorTests {
    /// One catch clause, `any HessianError`, covers every error type the library throws, and each
    /// one's localized description is its one-line description (not Foundation's generic text).
    @Test func everyLibraryErrorIsAHessianError() {
        let errors: [any HessianError] = [
            DataError.fileNotFound(file: "a.csv"), FormulaError("unknown column \"x\"", at: 3),
            DesignError.unknownLevel(file: "a.csv", line: 2, column: "g", value: "z", known: ["a"]),
            ModelFileError(description: "a.json: 3 coefficients for 2 features"),
            SandwichError.oneCluster, InferenceError.singularHessian("pivot 2"), LinearAlgebraError.singular(pivot: 2),
            MatrixError.raggedRows(row: 1, entries: 1, expected: 2), ModelError.countMismatch(what: "labels", expected: 3, got: 2),
            SpecificationError.formulaForLogdet, EstimationError.invalidOption("chunk rows must be ≥ 1"),
            OptimizationError.startLength(expected: 3, got: 1),
        ]
        for e in errors {
            #expect((e as Error).localizedDescription == e.description)
            #expect(!e.description.isEmpty && !e.description.contains("The operation couldn"))
        }
    }
}
