import Foundation

/// Bad input to a model, reported as a sentence the user can act on.
public enum ModelError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// Two inputs that must describe the same samples have different lengths.
    case countMismatch(what: String, expected: Int, got: Int)
    /// A sample weight is zero, negative, NaN or infinite.
    case invalidWeight(index: Int, value: Double)
    /// The data matrix holds NaN or ±∞ (row and column are 0-based).
    case nonFiniteData(row: Int, column: Int)
    /// A data column's entries are too large to square without overflow.
    case dataTooLarge(column: Int)
    /// A target or label is not allowed for this model.
    case invalidLabel(index: Int, value: Double, allowed: String)
    /// The L2 strength λ must be finite and ≥ 0.
    case invalidPenalty(Double)
    /// The all-classes multinomial model has a singular Hessian without a penalty.
    case needsPenalty(String)
    /// The number of classes must be at least 2.
    case tooFewClasses(Int)
    /// A matrix has the wrong shape.
    case shape(String)
    /// A covariance matrix is not symmetric, not finite, or not usable.
    case invalidCovariance(String)
    /// The model has no minimizer (e.g. a singular covariance with λ = 0).
    case noMinimizer(String)

    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case .countMismatch(let what, let expected, let got):
            return "\(what): expected \(expected) entries (one per sample), got \(got)"
        case .invalidWeight(let i, let v):
            return "sample weight \(i) is \(v); weights must be finite and > 0"
        case .nonFiniteData(let r, let c):
            return "data entry at row \(r), column \(c) is not finite (NaN or infinity)"
        case .dataTooLarge(let c):
            return "data column \(c) has entries too large to square without overflow; rescale it"
        case .invalidLabel(let i, let v, let allowed):
            return "label \(i) is \(v); allowed values are \(allowed)"
        case .invalidPenalty(let l):
            return "L2 strength λ = \(l) is invalid; it must be finite and ≥ 0"
        case .needsPenalty(let why):
            return why
        case .tooFewClasses(let m):
            return "multinomial regression needs at least 2 classes, got \(m)"
        case .shape(let s):
            return s
        case .invalidCovariance(let s):
            return "invalid covariance matrix: \(s)"
        case .noMinimizer(let s):
            return s
        }
    }
}
