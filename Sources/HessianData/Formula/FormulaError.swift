/// A formula that cannot be read or does not fit the table, with the 1-based character
/// position in the formula text where the problem starts.
public struct FormulaError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    /// 1-based position in the formula (characters, not bytes).
    public let position: Int

    public init(_ message: String, at position: Int) {
        self.message = message
        self.position = position
    }

    public var description: String { "\(message) at position \(position)" }
}
