import Foundation
import HessianTestSupport
import Testing
@testable import HessianData

/// `CSVReader.parse(_:source:rows:firstLine:)`: the header and then only the rows of a byte range,
/// with the line numbers of the whole file (the data-parallel fit's per-rank read).
@Suite struct CSVRowRangeTests {
    static let text = "a,b\n1,2\n3,4\n5,x\n7,8\n"

    func parse(_ rows: Range<Int>, firstLine: Int) throws -> Table {
        var s = Self.text
        return try s.withUTF8 { try CSVReader(threads: 1).parse($0, source: "t.csv", rows: rows, firstLine: firstLine) }
    }

    @Test func readsOnlyTheRange() throws {
        // Bytes 8..<12 are "3,4\n", line 3 of the file.
        let t = try parse(8..<12, firstLine: 3)
        #expect(t.names == ["a", "b"])
        #expect(t.rowCount == 1)
        #expect(try t.numbers(0) == [3])
        #expect(try t.numbers(1) == [4])
        #expect(t.lines == [3])
    }

    @Test func namesTheLineOfTheWholeFile() throws {
        // Bytes 12..<20 are "5,x\n7,8\n": the bad cell is on line 4 of the file.
        let t = try parse(12..<20, firstLine: 4)
        #expect(t.rowCount == 2)
        #expect(throws: DataError.notANumber(file: "t.csv", line: 4, column: "b", text: "x")) { try t.numbers(1) }
    }

    @Test func firstRangeStartsAfterTheHeader() throws {
        let t = try parse(4..<12, firstLine: 2)
        #expect(try t.numbers(0) == [1, 3])
        #expect(t.lines == [2, 3])
    }
}
