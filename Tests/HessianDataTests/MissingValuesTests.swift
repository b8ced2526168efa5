import HessianTestSupport
import Testing
@testable import HessianData

/// Missing cells: the markers, strict reporting, listwise deletion.
@Suite struct MissingValuesTests {
    @Test func markers() {
        for s in ["", "NA", "NaN", "nan", "NAN", "null", "NULL"] { #expect(Table.isMissingText(s), "\(s)") }
        for s in ["na", "N/A", "0", "none", "nulls", " "] { #expect(!Table.isMissingText(s), "\(s)") }
    }

    let csv = "a,b,c\n1,x,1\n,y,2\n3,NA,3\n4,z,nan\n5,x,5\n6,null,6\n"

    @Test func strictNamesTheFirstMissingCellInFileOrder() throws {
        let t = try CSVReader().parse(csv, source: "t.csv")
        #expect(throws: DataError.missingCell(file: "t.csv", line: 3, column: "a", text: "")) { try t.applying(.strict, columns: [2, 1, 0]) }
        #expect(throws: DataError.missingCell(file: "t.csv", line: 4, column: "b", text: "NA")) { try t.applying(.strict, columns: [1, 2]) }
        #expect(throws: DataError.missingCell(file: "t.csv", line: 5, column: "c", text: "nan")) { try t.applying(.strict, columns: [2]) }
    }

    @Test func dropLeavesOutIncompleteRowsOfTheUsedColumnsOnly() throws {
        let t = try CSVReader().parse(csv, source: "t.csv")
        let (kept, dropped) = try t.applying(.drop, columns: [0, 2])
        #expect(dropped == DroppedRows(total: 2, byColumn: ["a": 1, "c": 1]))
        #expect(kept.rowCount == 4)
        #expect(kept.lines == [2, 4, 6, 7])
        #expect(try kept.numbers(0) == [1, 3, 5, 6])
        #expect(kept.text[1] == ["x", "NA", "x", "null"])
        #expect(kept.problems[0] == nil && kept.problems[2] == nil)
        let (all, d) = try t.applying(.drop, columns: [0, 1, 2])
        #expect(d?.total == 4 && all.rowCount == 2 && all.text[1] == ["x", "x"])
    }

    @Test func aNonMissingBadCellIsStillReportedAfterDropping() throws {
        let t = try CSVReader().parse("a,y\n,1\ninf,2\n3,3\n", source: "t.csv")
        let (kept, _) = try t.applying(.drop, columns: [0, 1])
        #expect(throws: DataError.nonFinite(file: "t.csv", line: 3, column: "a", text: "inf")) { try kept.numbers(0) }
    }
}
