/// Fitted coefficients as they appear in JSON: one array aligned with the features
/// (least squares, logistic) or one such array per class (multinomial).
public enum Coefficients: Codable, Sendable, Equatable {
    /// One coefficient per feature.
    case vector([Double])
    /// One row of coefficients per class.
    case matrix([[Double]])

    /// Reads an array of numbers or an array of arrays.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode([Double].self) { self = .vector(v) } else { self = .matrix(try c.decode([[Double]].self)) }
    }

    /// Writes the array (of arrays).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .vector(let v): try c.encode(v)
        case .matrix(let m): try c.encode(m)
        }
    }

    /// The rows: one for a vector, one per class for a matrix.
    public var rows: [[Double]] {
        switch self {
        case .vector(let v): return [v]
        case .matrix(let m): return m
        }
    }
}
