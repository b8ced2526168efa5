/// The rule for a column that is numeric except for a few cells: when at least 90 % of its
/// non-missing cells are numbers but some are not, the text cells are almost always typos
/// (`oops` in a column of measurements), and reading the column as categorical would give it
/// one level per distinct number. A formula's bare column is refused then, naming the first
/// text cells; `C(column)` declares it categorical on purpose.
public struct StrayText: Sendable {
    /// Non-missing cells that are numbers, and those that are not.
    public private(set) var numbers = 0, texts = 0
    /// The first text cells, in file order (at most ``shown``).
    public private(set) var examples: [StrayCell] = []
    /// How many text cells a message names.
    public static let shown = 3

    public init() {}

    /// The tally of several parts of a file (processes' shares), from their summed counts and the
    /// first ``shown`` text cells in file order.
    /// - Parameters:
    ///   - numbers: the numeric cells over all parts.
    ///   - texts: the text cells over all parts.
    ///   - examples: the parts' first text cells, in file order (only the first ``shown`` are kept).
    public init(numbers: Int, texts: Int, examples: [StrayCell]) {
        (self.numbers, self.texts, self.examples) = (numbers, texts, Array(examples.prefix(Self.shown)))
    }

    /// Counts column j of `table` (a chunk of the file, or all of it).
    public mutating func add(_ table: Table, _ j: Int) {
        let n = table.rowCount
        guard let cells = table.text[j] else {
            for r in 0..<n where !table.values.storage[j * n + r].isNaN { numbers += 1 }
            return
        }
        for r in 0..<n {
            if !table.values.storage[j * n + r].isNaN { numbers += 1; continue }
            if Table.isMissingText(cells[r]) { continue }
            texts += 1
            if examples.count < Self.shown { examples.append(StrayCell(line: Int(table.lines[r]), text: cells[r])) }
        }
    }

    /// Whether the text cells look like typos: some, and at most 10 % of the non-missing cells.
    public var looksLikeTypos: Bool { texts > 0 && numbers >= 9 * texts }

    /// The error for column `column` of `file` when ``looksLikeTypos``.
    public func error(file: String, column: String) -> DataError? {
        guard looksLikeTypos else { return nil }
        return .strayText(file: file, column: column, numbers: numbers, texts: texts, examples: examples)
    }
}
