/// Fits a ``DesignPlan`` to a table: reads each factor's kind and levels, then picks, term by
/// term, which categorical factors get full-rank (k columns) or reduced (k − 1, treatment)
/// coding, exactly as patsy does (patsy's docs, "How formulas work" / "Coding categorical data").
package enum DesignPlanner {
    package static func plan(_ resolved: ResolvedFormula, table: Table) throws -> DesignPlan {
        var factors: [DesignFactor] = []
        for (f, role) in resolved.factors {
            switch role {
            case .column(let name):
                let j = try table.columnIndex(name)
                if table.isTextColumn(j) {
                    factors.append(try categorical(f.name, column: j, table: table, reference: nil, position: f.position))
                } else {
                    factors.append(DesignFactor(name: f.name, kind: .numeric, expression: f.expression.source, sources: [name]))
                }
            case .categorical(let name, let reference):
                factors.append(try categorical(f.name, column: try table.columnIndex(name), table: table,
                                               reference: reference, position: f.position))
            case .numeric(let e):
                factors.append(DesignFactor(name: f.name, kind: .numeric, expression: e.source,
                                            sources: unique(e.columns.map(\.name))))
            }
        }
        let index = Dictionary(uniqueKeysWithValues: resolved.factors.enumerated().map { ($1.factor, $0) })
        let terms = (resolved.intercept ? [Term([])] : []) + resolved.terms
        try checkCategoricalFactors(resolved.terms, factors: factors, index: index)
        let blocks = codings(terms.map { $0.factors.map { index[$0]! } }, numeric: factors.map { $0.kind == .numeric })
        var plan = DesignPlan(formula: resolved.formula.text, response: resolved.response, intercept: resolved.intercept,
                              factors: factors, blocks: blocks.filter { !$0.uses.isEmpty }, columns: [])
        plan.columns = plan.columnNames()
        return plan
    }

    /// Refuses a term with more than ``FormulaLimits/categoricalFactorsPerTerm`` categorical
    /// factors: its coding considers every subset of them.
    static func checkCategoricalFactors(_ terms: [Term], factors: [DesignFactor], index: [TermFactor: Int]) throws {
        let limit = FormulaLimits.categoricalFactorsPerTerm
        for t in terms {
            let categorical = t.factors.filter { factors[index[$0]!].kind == .categorical }
            if categorical.count > limit {
                throw FormulaError("a term interacts \(categorical.count) categorical factors, more than \(limit)",
                                   at: categorical[limit].position)
            }
        }
    }

    static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// A categorical factor's levels: numbers sorted numerically (written as ``Table/label(_:)``),
    /// text sorted by UTF-8 bytes; missing cells are not levels.
    static func categorical(_ name: String, column j: Int, table: Table, reference: String?, position: Int) throws -> DesignFactor {
        let numeric = !table.isTextColumn(j)
        var levels: [String]
        let n = table.rowCount
        if numeric {
            var set = Set<Double>()
            for r in 0..<n { let v = table.values.storage[j * n + r]; if !v.isNaN { set.insert(v) } }
            levels = set.sorted().map(Table.label)
        } else {
            var set = Set<String>()
            for cell in table.text[j]! where !Table.isMissingText(cell) { set.insert(cell) }
            levels = set.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        }
        if let reference, !levels.contains(reference) {
            let shown = levels.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ")
            throw FormulaError("reference level \"\(reference)\" is not a level of column \"\(table.names[j])\" (levels: \(shown))", at: position)
        }
        return DesignFactor(name: name, kind: .categorical, expression: table.names[j], sources: [table.names[j]],
                            levels: levels, reference: reference ?? levels.first, numericLevels: numeric)
    }

    /// patsy's rule. Terms are grouped by their set of numeric factors (the group without any
    /// first, then in order of first appearance) and sorted by degree within a group. Within a
    /// group, a term's categorical factors C span the subsets S ⊆ C; the subsets already spanned
    /// by earlier terms are dropped, and the rest — each S coded with every factor reduced
    /// (k − 1 contrasts) — are merged greedily: a subterm S absorbs S ∖ {f} by turning f
    /// full-rank (its k indicators span the contrasts and the constant). The result spans exactly
    /// the new subsets, so the columns stay linearly independent and nothing spanned is lost.
    static func codings(_ terms: [[Int]], numeric: [Bool]) -> [DesignBlock] {
        var groups: [Set<Int>] = []
        var members: [Set<Int>: [[Int]]] = [:]
        for t in terms {
            let key = Set(t.filter { numeric[$0] })
            if members[key] == nil { groups.append(key) }
            members[key, default: []].append(t)
        }
        if let empty = groups.firstIndex(of: []) { groups.insert(groups.remove(at: empty), at: 0) }
        var blocks: [DesignBlock] = []
        for g in groups {
            let sorted = members[g]!.enumerated().sorted { ($0.element.count, $0.offset) < ($1.element.count, $1.offset) }.map(\.element)
            var used = Set<Set<Int>>()
            for t in sorted {
                let categorical = t.filter { !numeric[$0] }
                var subterms: [[Int: Bool]] = []
                for s in subsets(categorical.count) {
                    let set = Set(s.map { categorical[$0] })
                    if used.insert(set).inserted {
                        subterms.append(Dictionary(uniqueKeysWithValues: set.map { ($0, false) }))
                    }
                }
                simplify(&subterms)
                for coding in subterms {
                    blocks.append(DesignBlock(uses: t.compactMap { f in
                        if numeric[f] { return .init(factor: f, coding: .numeric) }
                        guard let full = coding[f] else { return nil }
                        return .init(factor: f, coding: full ? .full : .reduced)
                    }))
                }
            }
        }
        return blocks
    }

    /// Index subsets of 0..<n, by size, then lexicographically (patsy's `_subsets_sorted`).
    static func subsets(_ n: Int) -> [[Int]] {
        var all: [[Int]] = [[]]
        for i in 0..<n { all += all.map { $0 + [i] } }
        return all.sorted { a, b in a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b) }
    }

    /// Repeatedly: the first (short, long) pair, in list order, with long = short + one reduced
    /// factor f becomes short with f full-rank, in long's place; short is removed.
    static func simplify(_ subterms: inout [[Int: Bool]]) {
        outer: while true {
            for i in subterms.indices {
                for j in (i + 1)..<subterms.count where subterms[j].count == subterms[i].count + 1 {
                    let short = subterms[i], long = subterms[j]
                    guard short.allSatisfy({ long[$0.key] == $0.value }) else { continue }
                    let extra = long.first { short[$0.key] == nil }!
                    guard !extra.value else { continue }
                    var merged = short
                    merged[extra.key] = true
                    subterms[j] = merged
                    subterms.remove(at: i)
                    continue outer
                }
            }
            return
        }
    }
}

extension DesignPlan {
    /// The plan of `formula` fitted to `table`: factor kinds from its columns (text columns are
    /// categorical), levels from its cells. `intercept: false` removes the intercept as `- 1`
    /// would. Missing cells are not levels; apply a ``MissingPolicy`` to the table first.
    /// - Parameters:
    ///   - formula: `y ~ terms`.
    ///   - table: the training table (levels of categorical factors are read from it).
    ///   - intercept: whether the design has an intercept unless the formula removes it (default true).
    /// - Throws: ``FormulaError`` with the position of the first problem, or ``DataError`` for an unknown column.
    public init(formula: String, table: Table, intercept: Bool = true) throws {
        let resolved = try ResolvedFormula(try Formula(formula), names: table.names, intercept: intercept)
        self = try DesignPlanner.plan(resolved, table: table)
    }
}
