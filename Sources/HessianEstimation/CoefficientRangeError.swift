import HessianData

/// An estimate that a Double cannot hold: a column of magnitude 1e-310 (subnormal) whose effect on
/// the target needs a coefficient near 1e310 fits fine in its own units, but its coefficient in the
/// user's units exceeds the largest Double. Reported instead of an infinite coefficient.
public enum CoefficientRangeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The coefficient (or its standard error) named `coefficient` is beyond ±1.8e308.
    case notRepresentable(file: String, coefficient: String, what: String)

    public var description: String {
        switch self {
        case .notRepresentable(let f, let name, let what):
            return "\(SafeText.path(f)): the \(what) of \"\(SafeText.excerpt(name))\" exceeds the largest Double (1.8e308): its column's values are too small for their effect on the target; rescale the column (e.g. multiply it by 1e300)"
        }
    }
}

extension FittedModel {
    /// Throws for the first coefficient or standard error that is not finite (the solver's own
    /// coordinates were finite, so only the map to the user's units overflowed).
    /// - Parameter file: the data file, for the message.
    package func checkRepresentable(file: String) throws {
        let names = features
        func check(_ c: Coefficients?, _ what: String) throws {
            for row in c?.rows ?? [] {
                if let j = row.firstIndex(where: { !$0.isFinite }) {
                    throw CoefficientRangeError.notRepresentable(file: file, coefficient: j < names.count ? names[j] : "#\(j)", what: what)
                }
            }
        }
        try check(coefficients, "coefficient")
        try check(standardErrors, "standard error")
    }
}
