import Foundation

/// An error thrown by the library. Its `localizedDescription` is its one-line `description`, which
/// names the data problem — the file (or "<array>" for in-memory data), the row and the column —
/// so an app can show it as is; `catch let error as any HessianError` handles every library error
/// in one place.
public protocol HessianError: LocalizedError, CustomStringConvertible {}

extension HessianError {
    /// The one-line `description`.
    public var errorDescription: String? { description }
}

extension DataError: HessianError {}
extension DesignError: HessianError {}
extension FormulaError: HessianError {}
extension ModelFileError: HessianError {}
extension SandwichError: HessianError {}
extension InferenceError: HessianError {}
extension LinearAlgebraError: HessianError {}
// These implement `errorDescription` themselves, with the same meaning.
extension MatrixError: HessianError {}
extension ModelError: HessianError {}
extension SpecificationError: HessianError {}
extension EstimationError: HessianError {}
extension OptimizationError: HessianError {}
