import Foundation
import Testing
@testable import HessianData

/// Formulas that ask for unbounded nesting, terms or work: long flat chains are read in a fixed
/// stack; deep nesting, huge powers and too many terms are one-line errors with a position.
@Suite struct FormulaLimitsTests {
    /// The stack of the threads the chain checks run on: small, so that a recursion proportional
    /// to the formula's length would overflow it.
    static let stack = 512 * 1024
    /// The stack of the threads the nesting checks run on: a debug build's parser takes about
    /// 4 KB per nested call, so the nesting limit needs about 800 KB there (far less in release).
    static let nestingStack = 1024 * 1024

    /// "1" for the intercept, then each term's factor names joined by ":".
    static func terms(_ formula: String, names: [String] = ["y", "x", "a", "b"]) throws -> [String] {
        let r = try ResolvedFormula(try Formula(formula), names: names)
        return (r.intercept ? ["1"] : []) + r.terms.map { $0.factors.map(\.name).joined(separator: ":") }
    }

    /// The FormulaError `formula` raises (nil when none).
    static func error(_ formula: String, names: [String] = ["y", "x", "a", "b"]) -> FormulaError? {
        do {
            _ = try terms(formula, names: names)
            return nil
        } catch {
            return error as? FormulaError
        }
    }

    static func repeated(_ part: String, _ count: Int, separator: String) -> String {
        [String](repeating: part, count: count).joined(separator: separator)
    }

    @Test(arguments: ["+", ":", "*", "-"])
    func flatChainOf25000TermsIsReadWithoutDeepRecursion(_ op: String) throws {
        let formula = "y ~ x " + op + " " + Self.repeated("x", 25_000, separator: " \(op) ")
        let terms = try onThread(stack: Self.stack) { try Self.terms(formula) }
        #expect(terms == (op == "-" ? ["1"] : ["1", "x"]))
    }

    @Test func longPowerChainAndArithmeticChainAreFlat() throws {
        let powers = "y ~ (x + a)" + String(repeating: " ** 1", count: 25_000)
        #expect(try onThread(stack: Self.stack) { try Self.terms(powers) } == ["1", "x", "a"])
        let sum = "y ~ I(" + Self.repeated("x", 25_000, separator: " + ") + ")"
        let table = try CSVReader().parse("x,y\n1,1\n2,3\n4,4\n", source: "t.csv")
        let column = try onThread(stack: Self.stack) { () -> [Double] in
            let plan = try DesignPlan(formula: sum, table: table)
            return try plan.build(table).matrix.column(0)
        }
        #expect(column == [25_000, 50_000, 100_000])
    }

    /// Nesting up to the limit is read, planned, built and compared in the small stack.
    @Test(arguments: ["(", "-", "+", "I(", "abs("])
    func nestingUpToTheLimitWorks(_ opener: String) throws {
        let depth = FormulaLimits.nesting
        let formula: String
        switch opener {
        case "(": formula = "y ~ " + String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth)
        case "-", "+": formula = "y ~ x " + String(repeating: "\(opener) ", count: depth) + "1"
        default: formula = "y ~ I(" + String(repeating: opener, count: depth - 1) + "x" + String(repeating: ")", count: depth)
        }
        let table = try CSVReader().parse("x,y\n1,1\n2,3\n4,4\n", source: "t.csv")
        let (column, equal) = try onThread(stack: Self.nestingStack) { () -> ([Double], Bool) in
            let plan = try DesignPlan(formula: formula, table: table)
            let inner = String(formula.dropFirst(4))
            return (try plan.build(table).matrix.column(0), try FactorExpression.parse(inner) == FactorExpression.parse(inner))
        }
        #expect(column == [1, 2, 4])
        #expect(equal)
    }

    /// 20,000 levels of one kind of nesting, and the position of the first level too deep.
    static let deep: [(kind: String, formula: String, position: Int)] = [
        ("parentheses", "y ~ " + String(repeating: "(", count: 20_000) + "x" + String(repeating: ")", count: 20_000),
         4 + FormulaLimits.nesting + 1),
        ("unary minus", "y ~ " + String(repeating: "- ", count: 20_000) + "1", 4 + 2 * FormulaLimits.nesting + 1),
        ("calls", "y ~ " + String(repeating: "I(", count: 20_000) + "x" + String(repeating: ")", count: 20_000),
         6 + 2 * FormulaLimits.nesting),
        ("minus in a call", "y ~ I(" + String(repeating: "-", count: 20_000) + "x)", 6 + FormulaLimits.nesting),
        ("** in a call", "y ~ I(x" + String(repeating: "**1", count: 20_000) + ")", 8 + 3 * (FormulaLimits.nesting - 1)),
    ]

    @Test(arguments: 0..<5)
    func deepNestingIsAnErrorAtTheFirstLevelTooDeep(_ index: Int) throws {
        let (kind, formula, position) = Self.deep[index]
        let e = try onThread(stack: Self.nestingStack) { Self.error(formula) }
        #expect(e == FormulaError("the formula nests deeper than \(FormulaLimits.nesting) levels (parentheses, calls, signs)",
                                  at: position), "\(kind)")
    }

    @Test(arguments: [
        ("y ~ (a + b)**1e300", "\"**\" power 1e300 is larger than 1000", 14),
        ("y ~ x**1e19", "\"**\" power 1e19 is larger than 1000", 8),
        ("y ~ x**1001", "\"**\" power 1001 is larger than 1000", 8),
        ("y ~ x**2.5", "\"**\" needs a positive whole power, found 2.5", 8),
        ("y ~ x**0", "\"**\" needs a positive whole power, found 0", 8),
    ])
    func powerMustBeASmallWholeNumber(_ formula: String, _ message: String, _ position: Int) {
        #expect(Self.error(formula) == FormulaError(message, at: position))
    }

    @Test func largePowerOfFewFactorsStopsWhenNoTermIsAdded() throws {
        #expect(try Self.terms("y ~ (x + a)**1000") == ["1", "x", "a", "x:a"])
    }

    static let wide = ["y"] + (0..<24).map { "c\($0)" }

    @Test(.timeLimit(.minutes(1)))
    func powerOfAllColumnsBeyondTheTermLimitIsRefusedEarly() {
        let e = Self.error("y ~ (.)**24", names: Self.wide)
        #expect(e == FormulaError("the formula expands to more than \(FormulaLimits.terms) terms", at: 8))
    }

    @Test(.timeLimit(.minutes(1)))
    func interactionOfTooManyPairsIsRefusedBeforeFormingThem() {
        let names = ["y"] + (0..<800).map { "c\($0)" }
        let left = names[1...400].joined(separator: " + "), right = names[401...].joined(separator: " + ")
        let e = Self.error("y ~ (\(left)):(\(right))", names: names)
        #expect(e == FormulaError("an interaction would form 160000 products of terms, more than \(FormulaLimits.products)",
                                  at: left.count + 7))
    }

    /// Expansion is linear in the terms: 9,000 columns through `.` and the 2,324 terms of
    /// `(.)**3` over 24 columns expand within the time limit, to the right counts.
    @Test(.timeLimit(.minutes(1)))
    func manyTermsExpandQuickly() throws {
        let names = ["y"] + (0..<9_000).map { "c\($0)" }
        #expect(try Self.terms("y ~ .", names: names).count == 9_001)
        let cubic = try Self.terms("y ~ (.)**3", names: Self.wide)
        #expect(cubic.count == 1 + 24 + 276 + 2_024)
        #expect(Set(cubic).count == cubic.count)
    }

    @Test(.timeLimit(.minutes(1)))
    func termWithTooManyCategoricalFactorsIsRefused() throws {
        let names = (0..<12).map { "g\($0)" }
        let csv = (names + ["y"]).joined(separator: ",") + "\n"
            + (0..<4).map { r in (0..<12).map { ["p", "q"][($0 + r) % 2] }.joined(separator: ",") + ",\(r)" }.joined(separator: "\n") + "\n"
        let table = try CSVReader().parse(csv, source: "t.csv")
        let formula = "y ~ " + names.joined(separator: ":")
        #expect(throws: FormulaError("a term interacts 12 categorical factors, more than 10", at: 5 + 3 * 10)) {
            try DesignPlan(formula: formula, table: table)
        }
    }
}
