import Foundation

extension CSVParser {
    /// The merged parse of all chunks: rows in file order, their lines, each column's first
    /// problem and texts, and where each chunk's rows sit in the output (for closing up).
    struct MergedChunks {
        var rows: Int
        var lines: [Int32]
        var problems: [Table.CellProblem?]
        var text: [[String]?]
        var pieces: [(offset: Int, rows: Int)]
    }

    /// What one chunk's parse produced (rows, lines and problems counted within the chunk).
    enum ChunkResult {
        case rows(count: Int, lines: [Int32], rowStarts: [Int], problems: [Table.CellProblem?], text: [[String]?])
        case failed(Error)
        case notRun
    }

    /// Parses the chunks concurrently, each into rows offset… of `out` (column stride `stride`),
    /// and merges: rows, lines, each column's first problem (in file order), texts and the pieces
    /// to close up. A column that turned to text in some chunk gets the texts of the other
    /// chunks' rows by re-reading them. Rethrows the first failing chunk's error in file order:
    /// the error the serial parse would meet first, since the chunks before it parsed cleanly.
    func parseChunks(_ chunks: [Chunk], into out: UnsafeMutablePointer<Double>, stride: Int, columns k: Int) throws -> MergedChunks {
        let results = UnsafeMutablePointer<ChunkResult>.allocate(capacity: chunks.count)
        results.initialize(repeating: .notRun, count: chunks.count)
        defer { results.deinitialize(count: chunks.count); results.deallocate() }
        // Each iteration writes only its own rows of `out` and its own result slot.
        nonisolated(unsafe) let base = self, output = out, slots = results
        DispatchQueue.concurrentPerform(iterations: chunks.count) { t in
            let chunk = chunks[t]
            var parser = CSVParser(bytes: UnsafeBufferPointer(start: base.b, count: chunk.end),
                                delimiter: base.delimiter, source: base.source)
            parser.i = chunk.start
            parser.line = chunk.line
            let capacity = (t + 1 < chunks.count ? chunks[t + 1].offset : stride) - chunk.offset
            var rows = 0
            var lines = [Int32](), rowStarts = [Int]()
            lines.reserveCapacity(capacity)
            rowStarts.reserveCapacity(capacity)
            var text = [[String]?](repeating: nil, count: k)
            for c in base.keptText { text[c] = [] }
            var problems = [Table.CellProblem?](repeating: nil, count: k)
            do {
                parser.skipBlankLines()
                try parser.readRows(into: output + chunk.offset, stride: stride, capacity: capacity, columns: k,
                                    rows: &rows, lines: &lines, rowStarts: &rowStarts, text: &text, problems: &problems)
                slots[t] = .rows(count: rows, lines: lines, rowStarts: rowStarts, problems: problems, text: text)
            } catch {
                slots[t] = .failed(error)
            }
        }
        var textColumns = Set<Int>()
        for t in 0..<chunks.count {
            switch results[t] {
            case .failed(let error): throw error
            case .notRun: preconditionFailure("CSV chunk \(t) was not parsed")
            case .rows(_, _, _, _, let text):
                for c in 0..<k where text[c] != nil { textColumns.insert(c) }
            }
        }
        var total = 0
        var lines = [Int32]()
        var problems = [Table.CellProblem?](repeating: nil, count: k)
        var text = [[String]?](repeating: nil, count: k)
        for c in textColumns { text[c] = [] }
        var pieces: [(offset: Int, rows: Int)] = []
        lines.reserveCapacity(stride)
        for t in 0..<chunks.count {
            guard case .rows(let count, let chunkLines, let rowStarts, let chunkProblems, let chunkText) = results[t] else { continue }
            for c in 0..<k where problems[c] == nil {
                if let p = chunkProblems[c] {
                    problems[c] = Table.CellProblem(row: p.row + total, line: p.line, text: p.text, kind: p.kind)
                }
            }
            for c in textColumns.sorted() {
                text[c]! += try chunkText[c] ?? backfill(column: c, rowStarts: rowStarts, lines: chunkLines)
            }
            lines.append(contentsOf: chunkLines)
            pieces.append((chunks[t].offset, count))
            total += count
        }
        return MergedChunks(rows: total, lines: lines, problems: problems, text: text, pieces: pieces)
    }
}
