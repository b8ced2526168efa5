extension DataError {
    /// The same error with its line number moved by `offset`: a chunk parsed on its own counts lines
    /// from its start, the file counts them from the top.
    func shiftingLine(by offset: Int) -> DataError {
        switch self {
        case .fieldCount(let f, let l, let e, let n): return .fieldCount(file: f, line: l + offset, expected: e, found: n)
        case .notANumber(let f, let l, let c, let t): return .notANumber(file: f, line: l + offset, column: c, text: t)
        case .missingValue(let f, let l, let c): return .missingValue(file: f, line: l + offset, column: c)
        case .missingCell(let f, let l, let c, let t): return .missingCell(file: f, line: l + offset, column: c, text: t)
        case .nonFinite(let f, let l, let c, let t): return .nonFinite(file: f, line: l + offset, column: c, text: t)
        case .unterminatedQuote(let f, let l): return .unterminatedQuote(file: f, line: l + offset)
        case .malformedQuote(let f, let l): return .malformedQuote(file: f, line: l + offset)
        default: return self
        }
    }
}

extension Table {
    /// The same table with every row's line and every problem's line moved by `offset`.
    func shiftingLines(by offset: Int) -> Table {
        guard offset != 0 else { return self }
        let o = Int32(offset)
        return Table(source: source, names: names, values: values, text: text,
                     problems: problems.map { $0.map { CellProblem(row: $0.row, line: $0.line + offset, text: $0.text, kind: $0.kind) } },
                     lines: lines.map { $0 + o })
    }
}
