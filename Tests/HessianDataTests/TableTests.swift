import HessianTestSupport
import Testing
@testable import HessianData

@Suite struct TableTests {
    let text = "a,b,c\n1,2,3\n4,5,6\n7,8,x\n"

    @Test func takeMatrixOfLeadingColumnsEqualsMatrix() throws {
        let t = try CSVReader().parse(text, source: "t.csv")
        let copied = try t.matrix([0, 1])
        let taken = try t.takeMatrix([0, 1])
        #expect(taken.rows == 3 && taken.columns == 2)
        #expect(taken.storage == [1, 4, 7, 2, 5, 8])
        #expect(taken.storage == copied.storage)
        // The table given up by a copy keeps its values (copy on write).
        #expect(t.values.storage.count == 9)
    }

    @Test func takeMatrixOfOtherColumnsAndErrors() throws {
        let t = try CSVReader().parse(text, source: "t.csv")
        #expect(try t.takeMatrix([1, 0]).storage == [2, 5, 8, 1, 4, 7])
        #expect(throws: DataError.notANumber(file: "t.csv", line: 4, column: "c", text: "x")) { try t.takeMatrix([0, 1, 2]) }
    }

    @Test func selectingKeepsTheColumnsTextsProblemsAndLines() throws {
        let t = try CSVReader().parse(text, source: "t.csv")
        let c = t.selecting(2)
        #expect(c.names == ["c"])
        #expect(c.text == [["3", "6", "x"]])
        #expect(c.lines == [2, 3, 4])
        #expect(c.problemError(0) == .notANumber(file: "t.csv", line: 4, column: "c", text: "x"))
        #expect(t.selecting(1).values.storage == [2, 5, 8])
    }
}
