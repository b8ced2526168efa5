import Foundation

// Every library error's `localizedDescription` is its one-line `description` (which names the
// file or "<array>", the row and the column), so apps can show it as is.

extension SandwichError: LocalizedError {
    /// ``description``.
    public var errorDescription: String? { description }
}

extension InferenceError: LocalizedError {
    /// ``description``.
    public var errorDescription: String? { description }
}
