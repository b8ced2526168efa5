/// A formula that cannot be read or does not fit the table, with the 1-based character
/// position in the formula text where the problem starts.
public struct FormulaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, without the position (e.g. `unknown column "agee"`).
    public let message: String
    /// 1-based position in the formula (characters, not bytes).
    public let position: Int

    /// An error with a message and a 1-based character position in the formula.
    /// - Parameters:
    ///   - message: what is wrong, without the position.
    ///   - position: 1-based character (not byte) position where the problem starts.
    public init(_ message: String, at position: Int) {
        self.message = message
        self.position = position
    }

    public var description: String { "\(message) at position \(position)" }
}
