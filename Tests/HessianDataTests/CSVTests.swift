import Foundation
import Testing
import HessianTestSupport
@testable import HessianData

@Suite struct CSVTests {
    let reader = CSVReader()

    @Test func readsHeaderAndNumbersColumnMajor() throws {
        let t = try reader.parse("a,b,c\n1,2.5,-3\n4,5e-1,6E2\n", source: "t.csv")
        #expect(t.names == ["a", "b", "c"])
        #expect(t.rowCount == 2)
        #expect(try t.numbers(0) == [1, 4])
        #expect(try t.numbers(1) == [2.5, 0.5])
        #expect(try t.numbers(2) == [-3, 600])
        #expect(t.lines == [2, 3])
        let m = try t.matrix([2, 0])
        #expect(m.storage == [-3, 600, 1, 4])
    }

    @Test func noHeaderNamesColumnsX1X2() throws {
        let t = try CSVReader(hasHeader: false).parse("1,2\n3,4", source: "t.csv")
        #expect(t.names == ["x1", "x2"])
        #expect(t.rowCount == 2)
        #expect(t.lines == [1, 2])
        #expect(try t.numbers(1) == [2, 4])
    }

    @Test func otherDelimiterCRLFBOMBlankLinesAndSpaces() throws {
        let text = "\u{FEFF}x;y\r\n 1 ; 2\r\n\r\n3;4\r\n\n"
        let t = try CSVReader(delimiter: UInt8(ascii: ";")).parse(text, source: "t.csv")
        #expect(t.names == ["x", "y"])
        #expect(try t.numbers(0) == [1, 3])
        #expect(try t.numbers(1) == [2, 4])
        #expect(t.lines == [2, 4])
    }

    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let text = "\"name, full\",v\n\"a \"\"b\"\"\",\"1.5\"\n\"two\nlines\",2\nplain,3\n"
        let t = try reader.parse(text, source: "t.csv")
        #expect(t.names == ["name, full", "v"])
        #expect(t.text[0] == ["a \"b\"", "two\nlines", "plain"])
        #expect(try t.numbers(1) == [1.5, 2, 3])
        #expect(t.lines == [2, 3, 5])
    }

    @Test func textColumnKeepsEarlierNumericCellsAsText() throws {
        let t = try reader.parse("x,y\n1,1\n2,2\n3,cat\n4,10\n", source: "t.csv")
        #expect(t.text[1] == ["1", "2", "cat", "10"])
        let (classes, codes) = try t.categories(1)
        #expect(classes == ["1", "10", "2", "cat"])
        #expect(codes == [0, 2, 3, 1])
    }

    @Test func numericCategoriesSortNumerically() throws {
        let t = try reader.parse("x,y\n1,10\n2,2\n3,2.5\n4,10\n", source: "t.csv")
        let (classes, codes) = try t.categories(1)
        #expect(classes == ["2", "2.5", "10"])
        #expect(codes == [2, 0, 1, 2])
    }

    @Test func largeFileMatchesFoundationParsing() throws {
        // Values formatted independently by Swift's own description, parsed back by strtod.
        var rng = SystemRandomNumberGenerator()
        var text = "a,b,c\n"
        var expected: [[Double]] = []
        for _ in 0..<2000 {
            let row = (0..<3).map { _ in Double.random(in: -1e6...1e6, using: &rng) * pow(10, Double(Int.random(in: -30...30, using: &rng))) }
            expected.append(row)
            text += row.map { "\($0)" }.joined(separator: ",") + "\n"
        }
        let t = try reader.parse(text, source: "t.csv")
        for c in 0..<3 { #expect(try t.numbers(c) == expected.map { $0[c] }) }
    }

    // MARK: errors

    func error(_ text: String, reader: CSVReader = CSVReader()) -> DataError? {
        do { _ = try reader.parse(text, source: "data.csv"); return nil } catch let e as DataError { return e } catch { return nil }
    }

    @Test func missingFile() {
        #expect(throws: DataError.fileNotFound(file: "/nonexistent/x.csv")) {
            try CSVReader().read(file: "/nonexistent/x.csv")
        }
        #expect(DataError.fileNotFound(file: "x.csv").description == "x.csv: no such file")
    }

    @Test func emptyAndHeaderOnly() {
        #expect(error("") == .emptyFile(file: "data.csv"))
        #expect(error("\n\n") == .emptyFile(file: "data.csv"))
        #expect(error("a,b\n") == .noDataRows(file: "data.csv"))
        #expect(error("a,b\n\n") == .noDataRows(file: "data.csv"))
    }

    @Test func wrongFieldCountsNameTheLine() {
        #expect(error("a,b,c\n1,2,3\n4,5\n") == .fieldCount(file: "data.csv", line: 3, expected: 3, found: 2))
        #expect(error("a,b\n1,2\n3,4\n5,6,7,8\n") == .fieldCount(file: "data.csv", line: 4, expected: 2, found: 4))
        #expect(DataError.fieldCount(file: "d.csv", line: 3, expected: 3, found: 2).description
                == "d.csv: row 3 has too few fields: 2, expected 3 as in the header")
    }

    @Test func nonNumericCellNamesRowAndColumn() throws {
        let t = try reader.parse("id,age\n1,30\n2,31\n3,40\n4,41\n5,50\n6,abc\n", source: "data.csv")
        let e = #expect(throws: DataError.self) { try t.numbers(1) }
        #expect(e?.description == "data.csv: row 7, column \"age\": \"abc\" is not a number")
        #expect(throws: DataError.self) { try t.matrix([0, 1]) }
        #expect(try t.numbers(0) == [1, 2, 3, 4, 5, 6])
    }

    @Test func nanInfAndEmptyCellsAreRejectedAsNumbers() throws {
        let t = try reader.parse("a,b,c,d\n1,2,3,4\n5,NaN,-inf,\n7,8,1e999,9\n", source: "data.csv")
        #expect(t.problemError(1) == .nonFinite(file: "data.csv", line: 3, column: "b", text: "NaN"))
        #expect(t.problemError(2) == .nonFinite(file: "data.csv", line: 3, column: "c", text: "-inf"))
        #expect(t.problemError(3) == .missingValue(file: "data.csv", line: 3, column: "d"))
        #expect(t.problemError(0) == nil)
    }

    @Test func unknownColumnListsTheColumns() throws {
        let t = try reader.parse("a,b\n1,2\n", source: "data.csv")
        let e = #expect(throws: DataError.self) { try t.columnIndex("z") }
        #expect(e?.description == "data.csv: no column named \"z\" (columns: a, b)")
    }

    @Test func quotingErrorsAndDuplicateNames() {
        #expect(error("a,b\n\"1,2\n") == .unterminatedQuote(file: "data.csv", line: 2))
        #expect(error("a,b\n\"1\"x,2\n") == .malformedQuote(file: "data.csv", line: 2))
        #expect(error("a,a\n1,2\n") == .duplicateColumn(file: "data.csv", name: "a"))
    }

    @Test func readsAFileFromDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csvtest-\(UUID().uuidString).csv")
        try "u,v\n1,2\n3,4\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let t = try reader.read(file: url.path, source: "mine.csv")
        #expect(t.source == "mine.csv")
        #expect(try t.numbers(1) == [2, 4])
    }
}

@Suite struct CSVLineEndingTests {
    @Test func carriageReturnOnlyLineEnds() throws {
        let t = try CSVReader().parse("a,b\r1,2\r3,4\r", source: "t.csv")
        #expect(t.rowCount == 2)
        #expect(try t.numbers(1) == [2, 4])
        #expect(t.lines == [2, 3])
    }

    @Test func lastRowWithoutLineBreakAndEmptyLastField() throws {
        let t = try CSVReader().parse("a,b\n1,2\n3,", source: "t.csv")
        #expect(t.rowCount == 2)
        #expect(t.problemError(1) == .missingValue(file: "t.csv", line: 3, column: "b"))
    }
}

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
