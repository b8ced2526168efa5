import HessianTestSupport
import Testing
@testable import HessianData

/// The formula language: operators, precedence and associativity (as term lists), and errors
/// that name the position of the problem.
@Suite struct FormulaParserTests {
    let columns = ["y", "a", "b", "c", "d", "mean radius"]

    /// "1" for the intercept, then each term's factors joined by ":".
    func terms(_ formula: String) throws -> [String] {
        let r = try ResolvedFormula(try Formula(formula), names: columns)
        return (r.intercept ? ["1"] : []) + r.terms.map { $0.factors.map(\.code).joined(separator: ":") }
    }

    @Test(arguments: [
        ("y ~ a", ["1", "a"]),
        ("y ~ a + b", ["1", "a", "b"]),
        ("y ~ a:b", ["1", "a:b"]),
        ("y ~ a*b", ["1", "a", "b", "a:b"]),
        ("y ~ a/b", ["1", "a", "a:b"]),
        ("y ~ (a + b)/c", ["1", "a", "b", "a:b:c"]),
        ("y ~ a - 1", ["a"]),
        ("y ~ -1 + a", ["a"]),
        ("y ~ 0 + a", ["a"]),
        ("y ~ a + 0", ["a"]),
        ("y ~ a - 1 + 1", ["1", "a"]),
        ("y ~ a - 0", ["1", "a"]),
        ("y ~ 1", ["1"]),
        ("y ~ a + b - a", ["1", "b"]),
        ("y ~ a*b - a:b", ["1", "a", "b"]),
        // : binds tighter than *, which binds tighter than + and -.
        ("y ~ a + b:c", ["1", "a", "b:c"]),
        ("y ~ a:b*c", ["1", "a:b", "c", "a:b:c"]),
        ("y ~ a*b:c", ["1", "a", "b:c", "a:b:c"]),
        ("y ~ a*b + c", ["1", "a", "b", "a:b", "c"]),
        ("y ~ (a + b):c", ["1", "a:c", "b:c"]),
        ("y ~ a:(b + c)", ["1", "a:b", "a:c"]),
        // Left-associative: (a + b + c) - b - c, and (a*b)*c.
        ("y ~ a + b + c - b - c", ["1", "a"]),
        ("y ~ a*b*c", ["1", "a", "b", "a:b", "c", "a:c", "b:c", "a:b:c"]),
        ("y ~ (a + b + c)**2", ["1", "a", "b", "c", "a:b", "a:c", "b:c"]),
        ("y ~ (a + b)**2 - a:b", ["1", "a", "b"]),
        // Terms are sets of factors: repeats and reorderings are the same term.
        ("y ~ a + a", ["1", "a"]),
        ("y ~ a:b + b:a", ["1", "a:b"]),
        ("y ~ a:a", ["1", "a"]),
        ("y ~ .", ["1", "a", "b", "c", "d", "mean radius"]),
        ("y ~ . - d", ["1", "a", "b", "c", "mean radius"]),
        ("y ~ `mean radius` + a", ["1", "mean radius", "a"]),
        ("y ~ C(a) + C(b, ref='x')", ["1", "C(a)", "C(b, ref='x')"]),
        ("y ~ C(a,Treatment(reference=\"x\"))", ["1", "C(a, Treatment(reference=\"x\"))"]),
        ("y ~ I(a*b) + log(c) + np.exp(d)", ["1", "I(a * b)", "log(c)", "np.exp(d)"]),
        ("y ~ I(a**2 + -b/c)", ["1", "I(a ** 2 + -b / c)"]),
        ("y~a+b", ["1", "a", "b"]),
    ])
    func operators(_ formula: String, _ expected: [String]) throws {
        #expect(try terms(formula) == expected, "\(formula)")
    }

    @Test func pythonArithmeticInsideCalls() throws {
        // ** is right-associative and binds tighter than unary minus; * before +.
        let e = try FactorExpression.parse("-a ** b ** c + a * b")
        let a2 = FactorExpression.column("a", quoted: false, position: 2)
        let b7 = FactorExpression.column("b", quoted: false, position: 7), c12 = FactorExpression.column("c", quoted: false, position: 12)
        let a16 = FactorExpression.column("a", quoted: false, position: 16), b20 = FactorExpression.column("b", quoted: false, position: 20)
        #expect(e == .chain(.negate(.power(a2, .power(b7, c12))), [.init(op: "+", operand: .chain(a16, [.init(op: "*", operand: b20)]))]))
    }

    @Test func sourceReadsBackAsTheSameExpression() throws {
        for text in ["log(`mean radius`)", "I((a + 1) ** 2 / b)", "np.sqrt(-a)"] {
            let e = try FactorExpression.parse(text)
            #expect(try FactorExpression.parse(e.source).code == e.code)
        }
    }

    @Test(arguments: [
        ("y ~ a + agee", "unknown column \"agee\" at position 9"),
        ("y ~ a + log(agee)", "unknown column \"agee\" at position 13"),
        ("yy ~ a", "unknown column \"yy\" at position 1"),
        ("", "the formula is empty at position 1"),
        ("   ", "the formula is empty at position 1"),
        ("y a + b", "the formula has no \"~\""),
        ("y ~ a + y", "the response \"y\" also appears on the right side of \"~\" at position 9"),
        ("y ~ a:I(y * 2)", "the response \"y\" also appears on the right side"),
        ("y ~", "nothing to the right of \"~\" at position 4"),
        ("y ~ a +", "the formula ends where a term was expected at position 8"),
        ("y ~ a + * b", "expected a term, found \"*\" at position 9"),
        ("y ~ (a + b", "expected \")\", found the end of the formula at position 11"),
        ("y ~ a ~ b", "a formula has one \"~\" at position 7"),
        ("y ~ a b", "unexpected \"b\" at position 7"),
        ("y ~ 2", "a number term must be 0 or 1 (intercept), found 2 at position 5"),
        ("y ~ a ** 1.5", "\"**\" needs a positive whole power, found 1.5 at position 10"),
        ("y ~ `a", "unterminated backtick-quoted name at position 5"),
        ("y ~ a $ b", "unexpected character \"$\" at position 7"),
        ("y ~ foo(a)", "unknown function \"foo\""),
        ("y ~ -a", "unary \"-\" applies only to 0 or 1"),
        ("y ~ C(a, Sum)", "only treatment coding is supported"),
        ("y + a ~ b", "the left side of \"~\" must be one column at position 1"),
        ("y ~ a:1", "0 and 1 cannot be part of an interaction at position 6"),
    ])
    func errorsNameThePosition(_ formula: String, _ message: String) {
        do {
            _ = try terms(formula)
            Issue.record("\(formula): no error")
        } catch let e as FormulaError {
            #expect(e.description.contains(message), "\(formula): \(e.description)")
            #expect(!e.description.contains("\n"))
        } catch {
            Issue.record("\(formula): \(error)")
        }
    }

    @Test func responseIsOptionalAndNamed() throws {
        #expect(try Formula("y ~ a").responseColumn == "y")
        #expect(try Formula("~ a").responseColumn == nil)
        #expect(try Formula("`mean radius` ~ a").responseColumn == "mean radius")
    }
}
