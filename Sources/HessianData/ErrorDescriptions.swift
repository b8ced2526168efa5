import Foundation

// Every library error's `localizedDescription` is its one-line `description` (which names the
// file or "<array>", the row and the column), so apps can show it as is.

extension DataError: LocalizedError {
    /// ``description``.
    public var errorDescription: String? { description }
}

extension DesignError: LocalizedError {
    /// ``description``.
    public var errorDescription: String? { description }
}

extension FormulaError: LocalizedError {
    /// ``description``.
    public var errorDescription: String? { description }
}
