/// Data that a formula's design cannot be built from, naming the file, row and column.
public enum DesignError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A categorical cell whose level was not seen when the model was fitted.
    case unknownLevel(file: String, line: Int, column: String, value: String, known: [String])
    /// A numeric factor (e.g. `log(x)`) that is not finite in a row.
    case nonFinite(file: String, line: Int, factor: String, value: Double)
    /// A text column used where numbers are needed.
    case textInNumericFactor(file: String, line: Int, column: String, factor: String, text: String)

    public var description: String {
        switch self {
        case .unknownLevel(let f, let line, let column, let value, let known):
            let shown = known.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ") + (known.count > 20 ? ", … (\(known.count) in all)" : "")
            return "\(f): row \(line), column \"\(column)\": level \"\(value)\" was not seen when the model was fitted (known levels: \(shown))"
        case .nonFinite(let f, let line, let factor, let value):
            return "\(f): row \(line): \(factor) is \(value), not a finite number"
        case .textInNumericFactor(let f, let line, let column, let factor, let text):
            return "\(f): row \(line), column \"\(column)\": \"\(text)\" is not a number (needed by \(factor))"
        }
    }
}
