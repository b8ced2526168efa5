/// A text cell in a numeric column: its file line and text.
public struct StrayCell: Equatable, Sendable {
    public var line: Int
    public var text: String
    public init(line: Int, text: String) { (self.line, self.text) = (line, text) }
}
