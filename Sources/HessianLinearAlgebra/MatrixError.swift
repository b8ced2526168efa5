import Foundation

/// Row arrays that do not form a matrix.
public enum MatrixError: Error, Equatable, LocalizedError, CustomStringConvertible {
    /// Row `row` (0-based) has `entries` entries where every row must have `expected` (those of row 0).
    case raggedRows(row: Int, entries: Int, expected: Int)

    public var description: String {
        switch self {
        case .raggedRows(let row, let entries, let expected):
            return "row \(row) has \(entries) entries but row 0 has \(expected); every row must have the same length"
        }
    }

    public var errorDescription: String? { description }
}
