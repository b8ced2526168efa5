import HessianLinearAlgebra

/// A precedence-climbing parser for formulas. Operator binding, loosest first, as in patsy:
/// `~`; binary `+ -` and unary `+ -` (100); `* /` (200); `:` (300); `**` (500). Binary
/// operators are left-associative. Inside calls (`I(…)`, `log(…)`, `C(…)`) arithmetic follows
/// Python: `+ -` < `* /` < unary `-` < `**` (right-associative).
struct FormulaParser {
    let tokens: [FormulaToken]
    var k = 0
    /// Open parentheses, calls and unary operators around the current token.
    var depth = 0

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

    /// The operators binding at least `minimum`, as one flat left-to-right chain: each operand
    /// is parsed at the next tighter binding, so the recursion depth is bounded by the number of
    /// binding levels, not by the length of the chain.
    mutating func node(_ minimum: Int) throws -> FormulaNode {
        let first = try prefix()
        var operations: [FormulaNode.Operation] = []
        while case .symbol(let op) = current.kind, let p = Self.binding[op], p >= minimum {
            let position = current.position
            k += 1
            let operand = op == "**" ? try power() : try node(p + 1)
            operations.append(.init(op: op, operand: operand, position: position))
        }
        return operations.isEmpty ? first : .chain(first, operations)
    }

    /// The power after `**`: a whole number from 1 to ``FormulaLimits/power``.
    mutating func power() throws -> FormulaNode {
        guard case .number(let v, let text) = current.kind, v >= 1, v == v.rounded() else {
            throw FormulaError("\"**\" needs a positive whole power, found \(describe(current))", at: current.position)
        }
        guard v <= Double(FormulaLimits.power) else {
            throw FormulaError("\"**\" power \(text) is larger than \(FormulaLimits.power)", at: current.position)
        }
        defer { k += 1 }
        return .literal(Int(v), position: current.position)
    }

    /// Opens one level of nesting at token `t`; the caller closes it with ``leave()``.
    mutating func enter(_ t: FormulaToken) throws {
        depth += 1
        guard depth <= FormulaLimits.nesting else {
            throw FormulaError("the formula nests deeper than \(FormulaLimits.nesting) levels (parentheses, calls, signs)", at: t.position)
        }
    }

    mutating func leave() { depth -= 1 }

    mutating func prefix() throws -> FormulaNode {
        let t = current
        switch t.kind {
        case .symbol(let op) where op == "+" || op == "-":
            try enter(t)
            defer { leave() }
            k += 1
            return .unary(op, try node(101), position: t.position)
        case .symbol("("):
            try enter(t)
            defer { leave() }
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

    /// A sum: products joined by `+ -`, as one flat chain applied left to right.
    mutating func expression() throws -> FactorExpression {
        let first = try product()
        var operations: [FactorExpression.Operation] = []
        while case .symbol(let op) = current.kind, op == "+" || op == "-" {
            k += 1
            operations.append(.init(op: op, operand: try product()))
        }
        return operations.isEmpty ? first : .chain(first, operations)
    }

    /// A product: signed powers joined by `* /`, as one flat chain applied left to right.
    mutating func product() throws -> FactorExpression {
        let first = try unary()
        var operations: [FactorExpression.Operation] = []
        while case .symbol(let op) = current.kind, op == "*" || op == "/" {
            k += 1
            operations.append(.init(op: op, operand: try unary()))
        }
        return operations.isEmpty ? first : .chain(first, operations)
    }

    /// Unary signs, then a power; `-` and `**` nest (`**` is right-associative).
    mutating func unary() throws -> FactorExpression {
        while isSymbol("+") { k += 1 }
        if isSymbol("-") {
            try enter(current)
            defer { leave() }
            k += 1
            return .negate(try unary())
        }
        let base = try primary()
        guard isSymbol("**") else { return base }
        try enter(current)
        defer { leave() }
        k += 1
        return .power(base, try unary())
    }

    mutating func primary() throws -> FactorExpression {
        let t = current
        switch t.kind {
        case .name(let name, let quoted):
            k += 1
            guard !quoted, isSymbol("(") else { return .column(name, quoted: quoted, position: t.position) }
            try enter(current)
            defer { leave() }
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
            try enter(t)
            defer { leave() }
            k += 1
            let inner = try expression()
            try expect(")", "\")\"")
            return .parenthesized(inner)
        default:
            throw FormulaError("expected a column name, number or call, found \(describe(t))", at: t.position)
        }
    }
}
