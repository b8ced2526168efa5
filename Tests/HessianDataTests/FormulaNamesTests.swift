import HessianTestSupport
import Testing
@testable import HessianData

/// A back-quoted column and an expression spelled alike are different factors: the column keeps
/// its back-quotes in its name whenever its name is not a plain identifier.
@Suite struct FormulaNamesTests {
    static let csv = "g,C(g),x,I(x),a,b,a:b,y\n"
        + "p,1,0.5,3,1,2,7,1\nq,2,1.5,1,2,1,3,2\nr,1,2.5,4,3,5,1,4\np,2,3.5,1,4,2,9,3\nq,1,4.5,5,5,3,2,6\n"

    @Test(arguments: [
        ("y ~ C(g) + `C(g)`", ["C(g)[T.q]", "C(g)[T.r]", "`C(g)`"]),
        ("y ~ I(x) + `I(x)`", ["I(x)", "`I(x)`"]),
        ("y ~ a:b + `a:b`", ["a:b", "`a:b`"]),
        ("y ~ `a:b` + a:b", ["`a:b`", "a:b"]),
        ("y ~ log(`I(x)`)", ["log(`I(x)`)"]),
        ("y ~ `x` + x", ["x"]),
    ])
    func backQuotedColumnsAndExpressionsHaveDistinctNames(_ formula: String, _ columns: [String]) throws {
        let table = try CSVReader().parse(Self.csv, source: "t.csv")
        #expect(try DesignPlan(formula: formula, table: table).columns == columns)
    }

    /// The column `` `I(x)` `` holds other numbers than I(x): both reach the design.
    @Test func backQuotedColumnReadsItsOwnCells() throws {
        let table = try CSVReader().parse(Self.csv, source: "t.csv")
        let x = try DesignPlan(formula: "y ~ I(x) + `I(x)`", table: table).build(table).matrix
        #expect(x.column(0) == [0.5, 1.5, 2.5, 3.5, 4.5])
        #expect(x.column(1) == [3, 1, 4, 1, 5])
    }

    @Test func dotKeepsEveryColumnDistinct() throws {
        let table = try CSVReader().parse("x,I(x),y\n1,4,1\n2,3,2\n3,1,4\n", source: "t.csv")
        #expect(try DesignPlan(formula: "y ~ . + I(x)", table: table).columns == ["x", "`I(x)`", "I(x)"])
    }
}
