import HessianLinearAlgebra

/// A factor of a term: one expression of the data (a column, `C(x)`, `log(x)`, …),
/// identified, as in patsy, by its code.
struct TermFactor: Hashable, Sendable {
    let expression: FactorExpression
    let position: Int
    var code: String { expression.code }

    static func == (a: TermFactor, b: TermFactor) -> Bool { a.code == b.code }
    func hash(into h: inout Hasher) { h.combine(code) }
}

/// A term: the interaction of its factors (none: the intercept), kept in the order first
/// written, compared as a set (`a:b` is `b:a`).
struct Term: Hashable, Sendable {
    let factors: [TermFactor]

    init(_ factors: [TermFactor]) {
        var seen = Set<TermFactor>()
        self.factors = factors.filter { seen.insert($0).inserted }
    }

    static func == (a: Term, b: Term) -> Bool { Set(a.factors) == Set(b.factors) }
    func hash(into h: inout Hasher) { h.combine(Set(factors)) }

    /// The product term: this term's factors followed by the other's new ones.
    func interacting(with other: Term) -> Term { Term(factors + other.factors) }
}

/// The terms a formula expression stands for and what it says about the intercept.
struct TermList: Sendable {
    var terms: [Term] = []
    /// true: `+ 1` or `- 0`; false: `+ 0` or `- 1`; nil: not mentioned (the default, present).
    var intercept: Bool? = nil

    mutating func add(_ t: Term) { if !terms.contains(t) { terms.append(t) } }
}

/// Evaluates the operators of a formula into terms, following patsy's rules:
/// `a + b` is the union (in order of first appearance), `a - b` removes b's terms,
/// `a:b` is every product of a term of a with a term of b, `a*b = a + b + a:b`,
/// `a/b = a + (all factors of a):b`, `(…)**n` is `…` interacted with itself up to n times.
/// `1`/`0` add/remove the intercept (`-1` and `+0` remove it, `-0` adds it).
enum FormulaTerms {
    /// `others`: the columns `.` stands for (every column but the response).
    static func evaluate(_ node: FormulaNode, others: [String]) throws -> TermList {
        switch node {
        case .factor(let e, let p):
            return TermList(terms: [Term([TermFactor(expression: e, position: p)])])
        case .all(let p):
            var list = TermList()
            for name in others {
                list.add(Term([TermFactor(expression: .column(name, quoted: true, position: p), position: p)]))
            }
            return list
        case .literal(let v, _):
            return TermList(terms: [], intercept: v == 1)
        case .unary(let op, let operand, let p):
            let inner = try evaluate(operand, others: others)
            if op == "+" { return inner }
            guard inner.terms.isEmpty, let i = inner.intercept else {
                throw FormulaError("unary \"-\" applies only to 0 or 1 (write 'a - b' to remove a term)", at: p)
            }
            return TermList(terms: [], intercept: !i)
        case .binary(let op, let l, let r, let p):
            let a = try evaluate(l, others: others)
            if op == "**" {
                guard case .literal(let n, _) = r else { fatalError("the parser gives ** a literal power") }
                var all = a, power = a
                if n > 1 {
                    for _ in 2...n {
                        power = try interact(a, power, at: p)
                        for t in power.terms { all.add(t) }
                    }
                }
                return all
            }
            let b = try evaluate(r, others: others)
            switch op {
            case "+":
                var out = a
                for t in b.terms { out.add(t) }
                if let i = b.intercept { out.intercept = i }
                return out
            case "-":
                var out = a
                out.terms.removeAll { b.terms.contains($0) }
                if let i = b.intercept { out.intercept = !i }
                return out
            case ":":
                return try interact(a, b, at: p)
            case "*":
                var out = a
                for t in b.terms { out.add(t) }
                for t in try interact(a, b, at: p).terms { out.add(t) }
                return out
            case "/":
                var out = a
                let left = Term(a.terms.flatMap(\.factors))
                for t in b.terms { out.add(left.interacting(with: t)) }
                return out
            default:
                fatalError("unknown operator \(op)")
            }
        }
    }

    static func interact(_ a: TermList, _ b: TermList, at p: Int) throws -> TermList {
        if a.intercept != nil || b.intercept != nil {
            throw FormulaError("0 and 1 cannot be part of an interaction", at: p)
        }
        var out = TermList()
        for s in a.terms { for t in b.terms { out.add(s.interacting(with: t)) } }
        return out
    }
}
