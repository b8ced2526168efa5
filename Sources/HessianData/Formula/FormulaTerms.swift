/// Evaluates the operators of a formula into terms, following patsy's rules:
/// `a + b` is the union (in order of first appearance), `a - b` removes b's terms,
/// `a:b` is every product of a term of a with a term of b, `a*b = a + b + a:b`,
/// `a/b = a + (all factors of a):b`, `(…)**n` is `…` interacted with itself up to n times.
/// `1`/`0` add/remove the intercept (`-1` and `+0` remove it, `-0` adds it).
///
/// Chains are folded left to right in a loop; the recursion follows only the nesting, which the
/// parser bounds. Term lists use hash sets, so a union or difference is linear in its terms, and
/// every interaction is checked against ``FormulaLimits`` before its products are formed.
enum FormulaTerms {
    /// `others`: the columns `.` stands for (every column but the response).
    static func evaluate(_ node: FormulaNode, others: [String]) throws -> TermList {
        switch node {
        case .factor(let e, let p):
            var list = TermList()
            try list.add(Term([TermFactor(expression: e, position: p)]), at: p)
            return list
        case .all(let p):
            var list = TermList()
            for name in others {
                try list.add(Term([TermFactor(expression: .column(name, quoted: true, position: p), position: p)]), at: p)
            }
            return list
        case .literal(let v, _):
            return TermList(intercept: v == 1)
        case .unary(let op, let operand, let p):
            let inner = try evaluate(operand, others: others)
            if op == "+" { return inner }
            guard inner.terms.isEmpty, let i = inner.intercept else {
                throw FormulaError("unary \"-\" applies only to 0 or 1 (write 'a - b' to remove a term)", at: p)
            }
            return TermList(intercept: !i)
        case .chain(let first, let operations):
            var list = try evaluate(first, others: others)
            for o in operations {
                if o.op == "**" {
                    guard case .literal(let n, _) = o.operand else { fatalError("the parser gives ** a literal power") }
                    list = try power(list, n, at: o.position)
                } else {
                    list = try combine(list, o.op, try evaluate(o.operand, others: others), at: o.position)
                }
            }
            return list
        }
    }

    /// `a op b` for `+ - : * /`.
    static func combine(_ a: TermList, _ op: String, _ b: TermList, at p: Int) throws -> TermList {
        var out = a
        switch op {
        case "+":
            try out.add(b, at: p)
            if let i = b.intercept { out.intercept = i }
        case "-":
            out.remove(b)
            if let i = b.intercept { out.intercept = !i }
        case ":":
            out = try interact(a, b, at: p)
        case "*":
            try out.add(b, at: p)
            try out.add(try interact(a, b, at: p), at: p)
        case "/":
            let left = Term(a.terms.flatMap(\.factors))
            try check(products: b.terms.count, at: p)
            for t in b.terms { try out.add(left.interacting(with: t), at: p) }
        default:
            fatalError("unknown operator \(op)")
        }
        return out
    }

    /// `a ** n`: the union of a, a:a, …, n-fold. Since t:t = t, each power contains the one
    /// before, so the loop stops as soon as a power adds no term.
    static func power(_ a: TermList, _ n: Int, at p: Int) throws -> TermList {
        var all = a, power = a
        var k = 1
        while k < n {
            power = try interact(a, power, at: p)
            let before = all.terms.count
            try all.add(power, at: p)
            if all.terms.count == before { break }
            k += 1
        }
        return all
    }

    static func interact(_ a: TermList, _ b: TermList, at p: Int) throws -> TermList {
        if a.intercept != nil || b.intercept != nil {
            throw FormulaError("0 and 1 cannot be part of an interaction", at: p)
        }
        try check(products: a.terms.count * b.terms.count, at: p)
        var out = TermList()
        for s in a.terms { for t in b.terms { try out.add(s.interacting(with: t), at: p) } }
        return out
    }

    /// Refuses an interaction of `count` pairs of terms beyond ``FormulaLimits/products``.
    static func check(products count: Int, at p: Int) throws {
        guard count <= FormulaLimits.products else {
            throw FormulaError("an interaction would form \(count) products of terms, more than \(FormulaLimits.products)", at: p)
        }
    }
}
