import Foundation
import HessianLinearAlgebra

extension CSVParser {
    mutating func run(hasHeader: Bool, threads: Int, minimumChunkBytes: Int) throws -> Table {
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
        skipBlankLines()
        guard i < n else { throw DataError.emptyFile(file: source) }

        var names: [String]
        if hasHeader {
            names = try record()
            if let (rows, firstLine) = shard, rows.lowerBound >= i { (i, n, line) = (rows.lowerBound, rows.upperBound, firstLine) }
            for (k, name) in names.enumerated() where name.isEmpty { names[k] = "column\(k + 1)" }
            var seen = Set<String>()
            for name in names where !seen.insert(name).inserted {
                throw DataError.duplicateColumn(file: source, name: name)
            }
            skipBlankLines()
            guard i < n else { throw DataError.noDataRows(file: source) }
        } else {
            let save = (i, line)
            let count = try record().count
            (i, line) = save
            if let (rows, firstLine) = shard, rows.lowerBound >= i { (i, n, line) = (rows.lowerBound, rows.upperBound, firstLine) }
            names = (1...count).map { "x\($0)" }
        }
        let k = names.count
        keptText = (0..<k).filter { textColumns.contains(names[$0]) || (textOfLastColumn && $0 == k - 1) }
        let dataStart = i, dataLine = line

        // Every data row but the last ends with its own \n, \r\n or lone \r (quoted line breaks
        // only merge rows), so the rows are at most the \n and lone \r bytes left, plus one if
        // the last byte is neither: numbers go straight into their column-major place (vec of
        // the N×k matrix) and the columns are closed up at the end if rows < cap.
        let newlines = countBytes(newline, from: dataStart, to: n)
        let loneReturns = countLoneReturns(from: dataStart)
        let cap = newlines + loneReturns + ((b[n - 1] == newline || b[n - 1] == carriageReturn) ? 0 : 1)
        // With no lone \r a cut just after a \n is a line start whose number is one more than
        // the \n bytes before it.
        let plan = loneReturns == 0 ? chunkPlan(threads: threads, minimumChunkBytes: minimumChunkBytes) : nil

        var rows = 0
        var lines = [Int32]()
        var text = [[String]?](repeating: nil, count: k)
        for c in keptText { text[c] = [] }
        var problems = [Table.CellProblem?](repeating: nil, count: k)
        let storage = try [Double](unsafeUninitializedCapacity: cap * k) { buffer, count in
            let out = buffer.baseAddress!
            HugePages.advise(out, bytes: cap * k * 8)
            // (chunk's first row in `out`, rows read) for closing up; one piece when serial.
            var pieces: [(offset: Int, rows: Int)]
            if let plan {
                let merged = try parseChunks(plan, into: out, stride: cap, columns: k)
                (rows, lines, problems, text, pieces) = (merged.rows, merged.lines, merged.problems, merged.text, merged.pieces)
            } else {
                (i, line) = (dataStart, dataLine)
                var rowStarts = [Int]()
                lines.reserveCapacity(cap)
                rowStarts.reserveCapacity(cap)
                try readRows(into: out, stride: cap, capacity: cap, columns: k, rows: &rows,
                             lines: &lines, rowStarts: &rowStarts, text: &text, problems: &problems)
                pieces = [(0, rows)]
            }
            // Column j's rows move from j·cap + offset to j·rows + (rows before the piece). In this
            // order every destination lies at or before its source and after every source still
            // to be read, so moving forward is safe.
            if rows < cap {
                for c in 0..<k {
                    var destination = c * rows
                    for piece in pieces {
                        let source = c * cap + piece.offset
                        if source != destination { memmove(out + destination, out + source, piece.rows * 8) }
                        destination += piece.rows
                    }
                }
            }
            count = rows * k
        }
        return Table(source: source, names: names, values: Matrix(rows: rows, columns: k, storage: storage),
                     text: text, problems: problems, lines: lines)
    }
}
