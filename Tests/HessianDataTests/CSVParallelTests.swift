import Foundation
import Testing
import HessianTestSupport
@testable import HessianData

/// The multi-threaded path: chunks cut at line breaks must give exactly the serial table.
@Suite struct CSVParallelTests {
    func reader(threads: Int) -> CSVReader {
        var r = CSVReader(threads: threads)
        r.minimumChunkBytes = 1
        return r
    }

    func expectSameTable(_ a: Table, _ b: Table) {
        #expect(a.names == b.names)
        #expect(a.values.rows == b.values.rows && a.values.columns == b.values.columns)
        #expect(a.values.storage.map(\.bitPattern) == b.values.storage.map(\.bitPattern))
        #expect(a.lines == b.lines)
        #expect(a.problems == b.problems)
        #expect(a.text == b.text)
    }

    /// Random numeric files with blank lines, missing, NaN and infinite cells, with and without a
    /// final line break; values checked against the serial parse and against strtod.
    @Test func randomFilesMatchTheSerialParse() throws {
        var rng = SeededGenerator(seed: 61)
        for trial in 0..<40 {
            let k = Int.random(in: 1...6, using: &rng)
            let rowCount = Int.random(in: 1...300, using: &rng)
            let eol = trial % 3 == 2 ? "\r\n" : "\n"
            var text = (0..<k).map { "c\($0)" }.joined(separator: ",") + eol
            var expected: [[Double]] = []
            for _ in 0..<rowCount {
                if Int.random(in: 0..<10, using: &rng) == 0 { text += eol }
                var row: [Double] = []
                var cells: [String] = []
                for _ in 0..<k {
                    switch Int.random(in: 0..<40, using: &rng) {
                    case 0 where k > 1: cells.append(""); row.append(.nan)   // alone it would be a blank line
                    case 1: cells.append("nan"); row.append(.nan)
                    case 2: cells.append("-inf"); row.append(-.infinity)
                    default:
                        let x = Double.random(in: -1...1, using: &rng) * pow(10, Double(Int.random(in: -8...8, using: &rng)))
                        let cell = Bool.random(using: &rng) ? String(format: "%.5f", x) : "\(x)"
                        cells.append(cell)
                        row.append(strtod(cell, nil))
                    }
                }
                expected.append(row)
                text += cells.joined(separator: ",")
                if Int.random(in: 0..<4, using: &rng) > 0 || expected.count < rowCount { text += eol }
            }
            let serial = try reader(threads: 1).parse(text, source: "r.csv")
            for threads in [2, 3, 7] {
                let parallel = try reader(threads: threads).parse(text, source: "r.csv")
                expectSameTable(parallel, serial)
            }
            for c in 0..<k {
                let column = serial.values.column(c)
                for r in 0..<rowCount where !expected[r][c].isNaN {
                    #expect(column[r] == expected[r][c], "trial \(trial) row \(r) column \(c)")
                }
            }
        }
    }

    /// A quoted field holding a line break right where the cut would fall: the quote sends the
    /// whole file to the serial parser, so the record is kept whole.
    @Test func quotedLineBreakAtTheCut() throws {
        var text = "a,b\n"
        for r in 0..<50 { text += "\(r),\(r)\n" }
        text += "\"x\ny\",1\n"
        for r in 0..<50 { text += "\(r),\(r)\n" }
        let parallel = try reader(threads: 2).parse(text, source: "q.csv")
        #expect(parallel.rowCount == 101)
        #expect(parallel.text[0]?[50] == "x\ny")
        #expect(parallel.lines[51] == 54)
        expectSameTable(parallel, try reader(threads: 1).parse(text, source: "q.csv"))
    }

    /// Old Mac line ends (lone \r) are not cut: the serial parse reads them; \r\n files are cut.
    @Test func loneCarriageReturnsAndCRLF() throws {
        var mac = "a,b\r", windows = "a,b\r\n"
        for r in 0..<200 { mac += "\(r),\(r * 2)\r"; windows += "\(r),\(r * 2)\r\n" }
        for text in [mac, windows] {
            let t = try reader(threads: 3).parse(text, source: "m.csv")
            #expect(t.rowCount == 200)
            #expect(try t.numbers(1) == (0..<200).map { Double($0 * 2) })
            #expect(t.lines == (2...201).map(Int32.init))
            expectSameTable(t, try reader(threads: 1).parse(text, source: "m.csv"))
        }
    }

    /// Errors found by a later chunk name the file's line; the earliest error in the file wins.
    @Test func errorsInLaterChunksNameTheirLine() {
        func rows(_ count: Int, badAt bad: Set<Int>) -> String {
            var text = "a,b,c\n"
            for line in 2...(count + 1) { text += bad.contains(line) ? "1,2\n" : "\(line),0.5,-1\n" }
            return text
        }
        for threads in [2, 4] {
            let late = #expect(throws: DataError.self) { try reader(threads: threads).parse(rows(1000, badAt: [950]), source: "e.csv") }
            #expect(late == .fieldCount(file: "e.csv", line: 950, expected: 3, found: 2))
            let both = #expect(throws: DataError.self) { try reader(threads: threads).parse(rows(1000, badAt: [10, 950]), source: "e.csv") }
            #expect(both == .fieldCount(file: "e.csv", line: 10, expected: 3, found: 2))
        }
    }

    /// A text cell late in the file: earlier chunks cannot see it, so their cells of that
    /// column are re-read as text at the merge.
    @Test func textCellInALaterChunk() throws {
        var text = "x,label\n"
        for r in 0..<500 { text += "\(r),\(r % 2)\n" }
        text += "500,maybe\n"
        let t = try reader(threads: 2).parse(text, source: "t.csv")
        #expect(t.text[1]?.count == 501)
        #expect(t.text[1]?[3] == "1")
        #expect(t.text[1]?[500] == "maybe")
        #expect(t.problemError(1) == .notANumber(file: "t.csv", line: 502, column: "label", text: "maybe"))
        expectSameTable(t, try reader(threads: 1).parse(text, source: "t.csv"))
    }

    /// String labels everywhere, plus a column that is text only in the first rows.
    @Test func textColumnsInEveryChunk() throws {
        var text = "x,mixed,label\n"
        for r in 0..<600 { text += "\(Double(r) / 8),\(r < 3 ? "n/a" : "\(r)"),\(r % 3 == 0 ? "yes" : "no")\n" }
        for threads in [2, 5] {
            let t = try reader(threads: threads).parse(text, source: "t.csv")
            #expect(t.text[0] == nil)
            #expect(t.text[1]?[0] == "n/a" && t.text[1]?[599] == "599")
            #expect(t.text[2]?.count == 600 && t.text[2]?[597] == "yes" && t.text[2]?[598] == "no")
            #expect(try t.categories(2).classes == ["no", "yes"])
            #expect(t.problemError(1) == .notANumber(file: "t.csv", line: 2, column: "mixed", text: "n/a"))
            expectSameTable(t, try reader(threads: 1).parse(text, source: "t.csv"))
        }
    }
}
