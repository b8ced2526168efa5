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
