/// The terms a formula expression stands for and what it says about the intercept. Terms are
/// unique, in order of first appearance, at most ``FormulaLimits/terms`` of them.
struct TermList: Sendable {
    private(set) var terms: [Term] = []
    private var members: Set<Term> = []
    /// true: `+ 1` or `- 0`; false: `+ 0` or `- 1`; nil: not mentioned (the default, present).
    var intercept: Bool? = nil

    init(intercept: Bool? = nil) { self.intercept = intercept }

    /// Appends `t` unless present; `p` is the position blamed when the list would grow past
    /// the limit.
    mutating func add(_ t: Term, at p: Int) throws {
        guard !members.contains(t) else { return }
        guard terms.count < FormulaLimits.terms else {
            throw FormulaError("the formula expands to more than \(FormulaLimits.terms) terms", at: p)
        }
        members.insert(t)
        terms.append(t)
    }

    mutating func add(_ other: TermList, at p: Int) throws {
        for t in other.terms { try add(t, at: p) }
    }

    func contains(_ t: Term) -> Bool { members.contains(t) }

    mutating func remove(_ other: TermList) {
        terms.removeAll { other.contains($0) }
        members.subtract(other.members)
    }
}
