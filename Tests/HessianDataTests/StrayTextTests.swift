import Testing
@testable import HessianData

/// The rule for text cells in a numeric column: typos when at least 90 % of the non-missing
/// cells are numbers and some are not.
@Suite struct StrayTextTests {
    /// A one-column table of the given cells (header "x").
    static func tally(_ cells: [String]) throws -> StrayText {
        let table = try CSVReader().parse("x\n" + cells.joined(separator: "\n") + "\n")
        var t = StrayText()
        t.add(table, 0)
        return t
    }

    @Test func oneTextCellInTenIsATypo() throws {
        let t = try Self.tally((1...9).map(String.init) + ["oops"])
        #expect(t.numbers == 9 && t.texts == 1)
        #expect(t.looksLikeTypos)
        #expect(t.examples == [StrayCell(line: 11, text: "oops")])
    }

    @Test func oneTextCellInNineIsACategory() throws {
        let t = try Self.tally((1...8).map(String.init) + ["other"])
        #expect(!t.looksLikeTypos)
    }

    @Test func missingCellsDoNotCount() throws {
        let t = try Self.tally(["1", "NA", "", "2", "3", "4", "5", "6", "7", "8", "9", "oops"])
        #expect(t.numbers == 9 && t.texts == 1 && t.looksLikeTypos)
    }

    @Test func allNumbersOrAllTextIsNoTypo() throws {
        #expect(!(try Self.tally(["1", "2", "3"])).looksLikeTypos)
        #expect(!(try Self.tally(["a", "b", "c"])).looksLikeTypos)
    }

    @Test func messageNamesTheFirstThreeCells() throws {
        var cells = (1...100).map(String.init)
        for (i, word) in [(4, "a"), (10, "b"), (20, "c"), (30, "d")] { cells[i] = word }
        let e = try #require(try Self.tally(cells).error(file: "f.csv", column: "x"))
        let text = e.description
        #expect(text.contains("column \"x\" holds numbers except in 4 of its 100 cells"))
        #expect(text.contains("row 6: \"a\", row 12: \"b\", row 22: \"c\", …"))
        #expect(!text.contains("\"d\""))
        #expect(text.contains("C(x)"))
    }
}
