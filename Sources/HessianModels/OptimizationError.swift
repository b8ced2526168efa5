import Foundation

/// Inputs to `minimize` (or to an objective's checked entry points) that cannot be used.
public enum OptimizationError: Error, Equatable, LocalizedError, CustomStringConvertible {
    /// The starting point's length differs from the objective's dimension.
    case startLength(expected: Int, got: Int)
    /// The starting point has a NaN or infinite entry (0-based index).
    case nonFiniteStart(index: Int, value: Double)
    /// A vector passed to an objective has the wrong length.
    case vectorLength(what: String, expected: Int, got: Int)
    /// The thread budget must be at least 1.
    case invalidThreadCount(Int)

    /// One sentence naming the input and what is wrong with it.
    public var description: String {
        switch self {
        case .startLength(let expected, let got):
            return "the starting point has \(got) entries, the objective has \(expected) parameters"
        case .nonFiniteStart(let i, let v):
            return "entry \(i) of the starting point is \(v); every entry must be finite"
        case .vectorLength(let what, let expected, let got):
            return "\(what) has \(got) entries, the objective has \(expected) parameters"
        case .invalidThreadCount(let n):
            return "the thread budget is \(n); it must be at least 1"
        }
    }

    /// The same sentence as `description`.
    public var errorDescription: String? { description }
}
