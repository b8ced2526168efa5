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
