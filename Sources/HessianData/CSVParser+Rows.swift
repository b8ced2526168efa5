import Foundation

extension CSVParser {
    /// The data rows: cell (r, c) goes to out[r + c·stride], for at most `capacity` rows.
    mutating func readRows(into out: UnsafeMutablePointer<Double>, stride: Int, capacity cap: Int, columns k: Int,
                           rows: inout Int, lines: inout [Int32], rowStarts: inout [Int],
                           text: inout [[String]?], problems: inout [Table.CellProblem?]) throws {
        // Columns that switched to text take the general path; kept as flags so the hot loop
        // does not touch the array of optional arrays.
        var isText = text.map { $0 != nil }
        while i < n {
            let rowStart = i
            let rowLine = line
            precondition(rows < cap, "CSV row count exceeded the line count")
            for c in 0..<k {
                // Fast path: an unquoted finite number followed directly by its field end.
                if fastCells, i < n, b[i] != quote, !isText[c], let (v, j) = DecimalParser.fast(b, i, n, powers), j == n || isFieldEnd(b[j]) {
                    out[rows + c * stride] = v
                    i = j
                } else {
                    out[rows + c * stride] = try cell(column: c, row: rows, rowStart: rowStart, rowLine: rowLine,
                                                      text: &text, problems: &problems,
                                                      rowStarts: rowStarts, lines: lines)
                    if text[c] != nil { isText[c] = true }
                }
                // After the field: a delimiter (more fields expected) or the end of the record.
                if i < n && b[i] == delimiter {
                    if c == k - 1 {
                        throw DataError.fieldCount(file: source, line: rowLine, expected: k, found: countFields(from: rowStart))
                    }
                    i += 1
                } else if c < k - 1 {
                    throw DataError.fieldCount(file: source, line: rowLine, expected: k, found: c + 1)
                }
            }
            endRecord()
            lines.append(Int32(truncatingIfNeeded: rowLine))
            rowStarts.append(rowStart)
            rows += 1
            skipBlankLines()
        }
    }

    /// The general path for one cell: quoted, padded, unusual or non-numeric. Returns the
    /// number (NaN for text), keeps the texts of text columns and the column's first problem.
    mutating func cell(column c: Int, row: Int, rowStart: Int, rowLine: Int,
                       text: inout [[String]?], problems: inout [Table.CellProblem?],
                       rowStarts: [Int], lines: [Int32]) throws -> Double {
        let (start, end, quoted) = try field()
        let parsed: Double?
        let tokenText: String
        if quoted {
            tokenText = String(decoding: scratch, as: UTF8.self)
            var t = tokenText.trimmingCharacters(in: .whitespaces)
            parsed = t.isEmpty ? nil : t.withUTF8 { DecimalParser.parse($0) }
        } else {
            tokenText = String(decoding: UnsafeBufferPointer(start: b + start, count: end - start), as: UTF8.self)
            parsed = end > start ? DecimalParser.parse(UnsafeBufferPointer(start: b + start, count: end - start)) : nil
        }
        var value = Double.nan
        var problem: Table.CellProblem.Kind? = nil
        if let v = parsed {
            value = v
            if !v.isFinite { problem = .nonFinite }
        } else {
            problem = tokenText.isEmpty ? .missing : .notANumber
            if !tokenText.isEmpty && text[c] == nil {
                // First text cell in this column: recover the earlier cells' texts.
                text[c] = try backfill(column: c, rowStarts: rowStarts, lines: lines)
            }
        }
        if let kind = problem, problems[c] == nil {
            problems[c] = Table.CellProblem(row: row, line: rowLine, text: tokenText, kind: kind)
        }
        if text[c] != nil { text[c]!.append(tokenText) }
        return value
    }

    /// The texts of column c in the rows read so far.
    func backfill(column c: Int, rowStarts: [Int], lines: [Int32]) throws -> [String] {
        var copy = self
        var out = [String]()
        out.reserveCapacity(rowStarts.count)
        for (r, start) in rowStarts.enumerated() {
            copy.i = start
            copy.line = Int(lines[r])
            let fields = try copy.record()
            out.append(c < fields.count ? fields[c] : "")
        }
        return out
    }

    /// How many fields the record starting at rowStart has.
    func countFields(from rowStart: Int) -> Int {
        var copy = self
        copy.i = rowStart
        return (try? copy.record().count) ?? 0
    }
}
