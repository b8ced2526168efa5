import Foundation
import HessianData

/// Finite cells whose values are beyond what the model can compute with in doubles: a count
/// above 2⁵³, an offset whose exponential overflows, weights or exposures whose sum overflows.
/// Each names the file, and the row and column where one cell is to blame.
public enum ValueRangeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A count above 2⁵³ (9007199254740992), where doubles stop holding every integer.
    case countTooLarge(file: String, line: Int, column: String, value: Double)
    /// An offset (plus log exposure) whose exponential e^o overflows a double (o > log(max double) ≈ 709.78).
    case offsetOverflow(file: String, line: Int, column: String, value: Double)
    /// Σ sᵢ e^{oᵢ} over the rows overflows although every term is finite.
    case exposureTotalOverflow(file: String, columns: [String])
    /// Σ sᵢ of the frequency weights overflows although every weight is finite.
    case weightTotalOverflow(file: String, column: String)

    /// The largest exact count, 2⁵³.
    public static let largestCount = 9_007_199_254_740_992.0
    /// The largest offset whose exponential is finite, log of the largest double.
    public static let largestOffset = log(Double.greatestFiniteMagnitude)

    public var description: String {
        switch self {
        case .countTooLarge(let f, let line, let column, let value):
            return "\(SafeText.path(f)): row \(line), column \"\(SafeText.excerpt(column))\": \(value) is not a count: counts must be integers from 0 to 2^53 = 9007199254740992 (above it a double does not hold every integer)"
        case .offsetOverflow(let f, let line, let column, let value):
            return "\(SafeText.path(f)): row \(line), column \"\(SafeText.excerpt(column))\": offset \(value) is too large: its exponential, the expected count's factor e^offset, overflows a double (offsets must be at most \(String(format: "%.2f", Self.largestOffset)))"
        case .exposureTotalOverflow(let f, let columns):
            return "\(SafeText.path(f)): the total exposure Σ e^offset over the rows of column\(columns.count > 1 ? "s" : "") \(columns.map { "\"\(SafeText.excerpt($0))\"" }.joined(separator: " and ")) overflows a double; rescale the offsets"
        case .weightTotalOverflow(let f, let column):
            return "\(SafeText.path(f)): column \"\(SafeText.excerpt(column))\": the sum of the frequency weights overflows a double (above \(Double.greatestFiniteMagnitude)); rescale the weights"
        }
    }
}
