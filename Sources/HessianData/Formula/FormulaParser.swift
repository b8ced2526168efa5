import HessianLinearAlgebra

/// A precedence-climbing parser for formulas. Operator binding, loosest first, as in patsy:
/// `~`; binary `+ -` and unary `+ -` (100); `* /` (200); `:` (300); `**` (500). Binary
/// operators are left-associative. Inside calls (`I(…)`, `log(…)`, `C(…)`) arithmetic follows
/// Python: `+ -` < `* /` < unary `-` < `**` (right-associative).
struct FormulaParser {
    let tokens: [FormulaToken]
    var k = 0

    init(tokens: [FormulaToken]) { self.tokens = tokens }

    var current: FormulaToken { tokens[k] }

    func isSymbol(_ s: String) -> Bool {
        if case .symbol(let t) = current.kind { return t == s }
        return false
    }

    mutating func expect(_ s: String, _ what: String) throws {
        guard isSymbol(s) else { throw FormulaError("expected \(what), found \(describe(current))", at: current.position) }
        k += 1
    }

    func describe(_ t: FormulaToken) -> String {
        switch t.kind {
        case .name(let n, _): return "\"\(n)\""
        case .number(_, let text): return text
        case .string(let s, let q): return "\(q)\(s)\(q)"
        case .symbol(let s): return "\"\(s)\""
        case .end: return "the end of the formula"
        }
    }

    mutating func formula() throws -> (FactorExpression?, Int, FormulaNode) {
        if case .end = current.kind { throw FormulaError("the formula is empty", at: 1) }
        var response: FactorExpression? = nil
        let responsePosition = current.position
        if !isSymbol("~") {
            guard let tilde = tokens.firstIndex(where: { $0.kind == .symbol("~") }) else {
                throw FormulaError("the formula has no \"~\" (write it as 'y ~ x1 + x2')", at: current.position)
            }
            response = try expression()
            guard case .column = response else {
                throw FormulaError("the left side of \"~\" must be one column", at: responsePosition)
            }
            if k != tilde { throw FormulaError("the left side of \"~\" must be one column, found \(describe(current))", at: current.position) }
        }
        try expect("~", "\"~\"")
        if case .end = current.kind { throw FormulaError("nothing to the right of \"~\"", at: current.position) }
        let rhs = try node(0)
        if isSymbol("~") { throw FormulaError("a formula has one \"~\"", at: current.position) }
        guard case .end = current.kind else { throw FormulaError("unexpected \(describe(current))", at: current.position) }
        return (response, responsePosition, rhs)
    }

    static let binding: [String: Int] = ["+": 100, "-": 100, "*": 200, "/": 200, ":": 300, "**": 500]

    mutating func node(_ minimum: Int) throws -> FormulaNode {
        var left = try prefix()
        while case .symbol(let op) = current.kind, let p = Self.binding[op], p >= minimum {
            let position = current.position
            k += 1
            if op == "**" {
                guard case .number(let v, let text) = current.kind, v >= 1, v == v.rounded() else {
                    throw FormulaError("\"**\" needs a positive whole power, found \(describe(current))", at: current.position)
                }
                _ = text
                left = .binary(op, left, .literal(Int(v), position: current.position), position: position)
                k += 1
                continue
            }
            left = .binary(op, left, try node(p + 1), position: position)
        }
        return left
    }

    mutating func prefix() throws -> FormulaNode {
        let t = current
        switch t.kind {
        case .symbol("+"), .symbol("-"):
            k += 1
            guard case .symbol(let op) = t.kind else { fatalError() }
            return .unary(op, try node(101), position: t.position)
        case .symbol("("):
            k += 1
            let inner = try node(0)
            try expect(")", "\")\"")
            return inner
        case .symbol("."):
            k += 1
            return .all(position: t.position)
        case .number(let v, let text):
            k += 1
            guard v == 0 || v == 1 else {
                throw FormulaError("a number term must be 0 or 1 (intercept), found \(text)", at: t.position)
            }
            return .literal(Int(v), position: t.position)
        case .name:
            return .factor(try primary(), position: t.position)
        case .end:
            throw FormulaError("the formula ends where a term was expected", at: t.position)
        default:
            throw FormulaError("expected a term, found \(describe(t))", at: t.position)
        }
    }

    // MARK: Python-style expressions inside calls

    mutating func expression() throws -> FactorExpression {
        var left = try product()
        while isSymbol("+") || isSymbol("-") {
            guard case .symbol(let op) = current.kind else { break }
            k += 1
            left = .binary(op, left, try product())
        }
        return left
    }

    mutating func product() throws -> FactorExpression {
        var left = try unary()
        while isSymbol("*") || isSymbol("/") {
            guard case .symbol(let op) = current.kind else { break }
            k += 1
            left = .binary(op, left, try unary())
        }
        return left
    }

    mutating func unary() throws -> FactorExpression {
        if isSymbol("-") { k += 1; return .negate(try unary()) }
        if isSymbol("+") { k += 1; return try unary() }
        let base = try primary()
        if isSymbol("**") { k += 1; return .binary("**", base, try unary()) }
        return base
    }

    mutating func primary() throws -> FactorExpression {
        let t = current
        switch t.kind {
        case .name(let name, let quoted):
            k += 1
            guard !quoted, isSymbol("(") else { return .column(name, quoted: quoted, position: t.position) }
            k += 1
            var arguments: [FactorExpression.Argument] = []
            while !isSymbol(")") {
                var label: String? = nil
                if case .name(let l, false) = current.kind, tokens[k + 1].kind == .symbol("=") {
                    label = l
                    k += 2
                }
                arguments.append(.init(label: label, value: try expression()))
                if isSymbol(",") { k += 1; continue }
                guard isSymbol(")") else { throw FormulaError("expected \",\" or \")\" in \(name)(…), found \(describe(current))", at: current.position) }
            }
            k += 1
            return .call(name, arguments, position: t.position)
        case .number(let v, let text):
            k += 1
            return .number(v, text: text)
        case .string(let s, let q):
            k += 1
            return .string(s, quote: q)
        case .symbol("("):
            k += 1
            let inner = try expression()
            try expect(")", "\")\"")
            return .parenthesized(inner)
        default:
            throw FormulaError("expected a column name, number or call, found \(describe(t))", at: t.position)
        }
    }
}
