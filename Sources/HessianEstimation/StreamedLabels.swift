import HessianLinearAlgebra
import HessianData

/// The class labels of a streamed target column, discovered chunk by chunk and ordered exactly as
/// `Table.categories` orders them for the whole column: numeric labels (every cell a finite number)
/// grouped by exact decimal value, sorted by value and written as their first spelling in the file;
/// otherwise the distinct texts sorted by UTF-8 bytes.
struct StreamedLabels: Sendable {
    private var spellings: [String] = []
    private var seen: [String: Int] = [:]
    /// The class code of each spelling, in order of first appearance (after ``finish()``).
    private(set) var spellingCodes: [Double] = []
    private var numeric = true
    private(set) var classes: [String] = []
    private var numericIndex: [NumericLabel: Int] = [:]
    private var textIndex: [String: Int] = [:]

    /// The target cells of one chunk as texts (numbers written as `Table.label` when the texts were
    /// not kept). Throws for a missing cell, naming its line.
    static func cells(_ t: Table, _ j: Int) throws -> [String] {
        if let p = t.problems[j], p.kind == .missing { throw DataError.missingValue(file: t.source, line: p.line, column: t.names[j]) }
        if let cells = t.text[j] { return cells }
        return try t.numbers(j).map(Table.label)
    }

    /// Records the chunk's labels; returns each row's spelling index (order of first appearance),
    /// which ``spellingCodes`` maps to the class code once every chunk was seen.
    @discardableResult
    mutating func add(_ t: Table, _ j: Int) throws -> [Double] {
        let cells = try StreamedLabels.cells(t, j)
        if t.problems[j] != nil { numeric = false }
        return cells.map { c in
            if let i = seen[c] { return Double(i) }
            seen[c] = spellings.count
            spellings.append(c)
            return Double(spellings.count - 1)
        }
    }

    private func code(_ c: String) -> Int? {
        numeric ? (NumericLabel(c) ?? Double(c).flatMap { NumericLabel("\($0)") }).flatMap { numericIndex[$0] } : textIndex[c]
    }

    /// Fixes the class order once every chunk was seen.
    mutating func finish() {
        if numeric {
            var first: [NumericLabel: String] = [:]
            var keys: [NumericLabel] = []
            for s in spellings {
                guard let k = NumericLabel(s) ?? Double(s).flatMap({ NumericLabel("\($0)") }) else { numeric = false; break }
                if first[k] == nil { first[k] = s; keys.append(k) }
            }
            if numeric {
                let sorted = keys.sorted()
                classes = sorted.map { first[$0]! }
                for (i, k) in sorted.enumerated() { numericIndex[k] = i }
                spellingCodes = spellings.map { Double(code($0)!) }
                return
            }
        }
        classes = spellings.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for (i, c) in classes.enumerated() { textIndex[c] = i }
        spellingCodes = spellings.map { Double(code($0)!) }
    }

    /// Each row's class index in a chunk (after ``finish()``).
    func codes(_ t: Table, _ j: Int) throws -> [Double] {
        try StreamedLabels.cells(t, j).map { c in
            guard let k = code(c) else { throw DataError.unreadable(file: t.source, reason: "the file changed while it was read (label \"\(SafeText.excerpt(c))\" is new)") }
            return Double(k)
        }
    }
}
