/// The syntax tree of a formula `lhs ~ rhs` (patsy/R notation).
public struct Formula: Sendable {
    /// The text as given.
    public let text: String
    /// The response (left of `~`), if any.
    let response: FactorExpression?
    let responsePosition: Int
    let rhs: FormulaNode

    /// Parses `text`; throws a ``FormulaError`` with the position of the first problem.
    /// - Parameter text: `y ~ terms` in patsy/R notation.
    public init(_ text: String) throws {
        self.text = text
        var parser = FormulaParser(tokens: try FormulaLexer.tokens(text))
        (response, responsePosition, rhs) = try parser.formula()
    }

    /// The response column named on the left of `~` (nil when it is absent).
    public var responseColumn: String? {
        if case .column(let name, _, _) = response { return name }
        return nil
    }
}

/// A term-level expression: the operators of the formula language over factors.
indirect enum FormulaNode: Sendable {
    /// A column, or a call such as `C(x)` or `log(x)`: one factor.
    case factor(FactorExpression, position: Int)
    /// `0` or `1` (intercept removed or added).
    case literal(Int, position: Int)
    /// `.`: every column other than the response.
    case all(position: Int)
    /// `first op₁ x₁ op₂ x₂ …` of the binary operators `+ - * / : **`, applied left to right
    /// (for `**` the operand is a `.literal` power). Kept flat so that a long chain is not a
    /// deep tree.
    case chain(FormulaNode, [Operation])
    /// Unary `+` or `-`.
    case unary(String, FormulaNode, position: Int)

    /// One binary operator of a chain with its right operand.
    struct Operation: Sendable {
        let op: String
        let operand: FormulaNode
        let position: Int
    }
}

/// An expression inside a factor: a column, a number or string, a call, arithmetic.
indirect enum FactorExpression: Sendable, Equatable {
    case column(String, quoted: Bool, position: Int)
    case number(Double, text: String)
    case string(String, quote: Character)
    case call(String, [Argument], position: Int)
    /// `first op₁ x₁ op₂ x₂ …` with operators of one precedence (`+ -` or `* /`), applied left
    /// to right; flat so that a long sum is not a deep tree.
    case chain(FactorExpression, [Operation])
    /// `base ** exponent` (right-associative).
    case power(FactorExpression, FactorExpression)
    case negate(FactorExpression)
    case parenthesized(FactorExpression)

    struct Argument: Sendable, Equatable {
        var label: String?
        var value: FactorExpression
    }

    /// One operator of a chain with its right operand.
    struct Operation: Sendable, Equatable {
        var op: String
        var operand: FactorExpression
    }

    /// The factor's name, spaced as patsy writes it (`I(x ** 2)`, `C(g, Treatment("b"))`);
    /// a back-quoted column is written bare (its column name).
    var code: String {
        switch self {
        case .column(let name, _, _): return name
        case .number(_, let text): return text
        case .string(let s, let q): return "\(q)\(s)\(q)"
        case .call(let f, let args, _):
            return f + "(" + args.map { ($0.label.map { "\($0)=" } ?? "") + $0.value.code }.joined(separator: ", ") + ")"
        case .chain(let first, let rest):
            var text = first.code
            for o in rest { text += " \(o.op) " + o.operand.code }
            return text
        case .power(let a, let b): return "\(a.code) ** \(b.code)"
        case .negate(let a): return "-" + a.code
        case .parenthesized(let a): return "(" + a.code + ")"
        }
    }

    /// Every column the expression reads, with the position of its first mention.
    var columns: [(name: String, position: Int)] {
        switch self {
        case .column(let name, _, let p): return [(name, p)]
        case .number, .string: return []
        // C(x, …): only x is data; the rest names the coding.
        case .call("C", let args, _): return args.first?.value.columns ?? []
        case .call(_, let args, _): return args.flatMap { $0.value.columns }
        case .chain(let first, let rest): return first.columns + rest.flatMap { $0.operand.columns }
        case .power(let a, let b): return a.columns + b.columns
        case .negate(let a), .parenthesized(let a): return a.columns
        }
    }
}

extension FactorExpression {
    /// The expression in formula syntax that reads back as itself: like ``code``, with
    /// back-quotes around column names that are not plain identifiers.
    var source: String {
        switch self {
        case .column(let name, _, _): return FactorExpression.isIdentifier(name) ? name : "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        case .number, .string: return code
        case .call(let f, let args, _):
            return f + "(" + args.map { ($0.label.map { "\($0)=" } ?? "") + $0.value.source }.joined(separator: ", ") + ")"
        case .chain(let first, let rest):
            var text = first.source
            for o in rest { text += " \(o.op) " + o.operand.source }
            return text
        case .power(let a, let b): return "\(a.source) ** \(b.source)"
        case .negate(let a): return "-" + a.source
        case .parenthesized(let a): return "(" + a.source + ")"
        }
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.first, first == "_" || first.isLetter else { return false }
        return s.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber || $0 == "." } && !s.hasSuffix(".") && !s.contains("..")
    }

    /// Reads an expression written by ``source``.
    static func parse(_ text: String) throws -> FactorExpression {
        var parser = FormulaParser(tokens: try FormulaLexer.tokens(text))
        let e = try parser.expression()
        guard case .end = parser.current.kind else {
            throw FormulaError("unexpected \(parser.describe(parser.current))", at: parser.current.position)
        }
        return e
    }
}
