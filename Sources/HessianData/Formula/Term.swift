/// A factor of a term: one expression of the data (a column, `C(x)`, `log(x)`, …), identified
/// by its name: the expression in formula syntax (``FactorExpression/source``). A column whose
/// name is not a plain identifier keeps its back-quotes, so the column `` `C(g)` `` and the
/// call `C(g)` are different factors with different names.
struct TermFactor: Hashable, Sendable {
    let expression: FactorExpression
    let position: Int
    /// The identity and output name of the factor, computed once (terms hash it often).
    let name: String

    init(expression: FactorExpression, position: Int) {
        self.expression = expression
        self.position = position
        name = expression.source
    }

    /// patsy's code of the expression (a back-quoted column bare).
    var code: String { expression.code }

    static func == (a: TermFactor, b: TermFactor) -> Bool { a.name == b.name }
    func hash(into h: inout Hasher) { h.combine(name) }
}

/// A term: the interaction of its factors (none: the intercept), kept in the order first
/// written, compared as a set (`a:b` is `b:a`).
struct Term: Hashable, Sendable {
    let factors: [TermFactor]
    /// The factors as a set: the term's identity.
    let members: Set<TermFactor>

    init(_ factors: [TermFactor]) {
        var seen = Set<TermFactor>()
        self.factors = factors.filter { seen.insert($0).inserted }
        members = seen
    }

    private init(factors: [TermFactor], members: Set<TermFactor>) {
        self.factors = factors
        self.members = members
    }

    static func == (a: Term, b: Term) -> Bool { a.members == b.members }
    func hash(into h: inout Hasher) { h.combine(members) }

    /// The product term: this term's factors followed by the other's new ones.
    func interacting(with other: Term) -> Term {
        var factors = self.factors, members = self.members
        for f in other.factors where members.insert(f).inserted { factors.append(f) }
        return Term(factors: factors, members: members)
    }
}
