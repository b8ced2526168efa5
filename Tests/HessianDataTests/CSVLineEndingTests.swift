import Foundation
import Testing
import HessianTestSupport
@testable import HessianData

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
