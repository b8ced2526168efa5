/// A parsed formula checked against a table's column names: its terms, the intercept, and per
/// factor what it is (a column, a categorical `C(…)`, or a numeric expression). Needs only the
/// column names, so the columns to check for missing cells are known before the data are used.
package struct ResolvedFormula: Sendable {
    enum Role: Sendable {
        /// A bare column: numeric, or categorical if the column holds text.
        case column(String)
        /// `C(column)` with an optional reference level (as written).
        case categorical(String, reference: String?)
        /// A numeric expression over columns.
        case numeric(FactorExpression)
    }
    let formula: Formula
    package let response: String?
    let intercept: Bool
    let terms: [Term]
    /// Unique factors in order of first appearance, with their roles.
    let factors: [(factor: TermFactor, role: Role)]

    /// `names`: the table's columns. `intercept false` forces the intercept off (as `- 1`).
    /// `excluded`: columns with another role in the fit (weights, cluster, offset, exposure),
    /// left out of `.`.
    package init(_ formula: Formula, names: [String], intercept keep: Bool = true, excluded: Set<String> = []) throws {
        self.formula = formula
        let known = Set(names)
        func check(_ name: String, _ p: Int) throws {
            guard known.contains(name) else { throw FormulaError("unknown column \"\(name)\"", at: p) }
        }
        let response = formula.responseColumn
        self.response = response
        if let r = response { try check(r, formula.responsePosition) }
        let list = try FormulaTerms.evaluate(formula.rhs, others: names.filter { $0 != response && !excluded.contains($0) })
        intercept = keep && (list.intercept ?? true)
        terms = list.terms
        var seen = Set<TermFactor>()
        var factors: [(TermFactor, Role)] = []
        for term in list.terms {
            for f in term.factors where seen.insert(f).inserted {
                for (name, p) in f.expression.columns {
                    try check(name, p)
                    if name == response {
                        throw FormulaError("the response \"\(name)\" also appears on the right side of \"~\"", at: p)
                    }
                }
                factors.append((f, try Self.role(f)))
            }
        }
        self.factors = factors
    }

    static func role(_ f: TermFactor) throws -> Role {
        switch f.expression {
        case .column(let name, _, _):
            return .column(name)
        case .call("C", let args, let p):
            guard let first = args.first, first.label == nil, case .column(let name, _, _) = first.value else {
                throw FormulaError("C(…) takes a column name first", at: p)
            }
            var reference: String? = nil
            for a in args.dropFirst() {
                switch (a.label, a.value) {
                case (nil, _), ("ref", _), ("reference", _), ("contrast", _):
                    reference = try Self.reference(a.value, at: p)
                default:
                    throw FormulaError("C(…) accepts a reference level (ref='level' or Treatment('level')), not \"\(a.label!)=\"", at: p)
                }
            }
            return .categorical(name, reference: reference)
        case .call(let name, _, let p):
            guard FactorEvaluation.function(name) != nil else {
                throw FormulaError("unknown function \"\(name)\" (known: C, I, log, log10, exp, sqrt, abs)", at: p)
            }
            return .numeric(f.expression)
        default:
            throw FormulaError("expected a column, C(…) or a function", at: f.position)
        }
    }

    /// The level in `ref='b'`, `ref=2`, `Treatment('b')`, `Treatment(reference='b')`.
    static func reference(_ e: FactorExpression, at p: Int) throws -> String? {
        switch e {
        case .string(let s, _): return s
        case .number(let v, _): return Table.label(v)
        case .column("Treatment", _, _): return nil
        case .call("Treatment", let args, _) where args.isEmpty: return nil
        case .call("Treatment", let args, _) where args.count == 1 && (args[0].label == nil || args[0].label == "reference"):
            return try reference(args[0].value, at: p)
        default:
            throw FormulaError("only treatment coding is supported: write C(x, ref='level') or C(x, Treatment('level'))", at: p)
        }
    }

    /// The table columns the design reads, response first.
    package var sourceColumns: [String] {
        var out: [String] = response.map { [$0] } ?? []
        for (f, _) in factors { for (c, _) in f.expression.columns where !out.contains(c) { out.append(c) } }
        return out
    }
}

extension ResolvedFormula {
    /// The columns a factor may read as categorical, in order of first appearance: bare columns
    /// (categorical when they hold text) and `C(…)` columns (`forced`).
    package var categoricalColumns: [(name: String, forced: Bool)] {
        var out: [(name: String, forced: Bool)] = []
        for (_, role) in factors {
            switch role {
            case .column(let c): if !out.contains(where: { $0.name == c }) { out.append((c, false)) }
            case .categorical(let c, _):
                if let i = out.firstIndex(where: { $0.name == c }) { out[i].forced = true } else { out.append((c, true)) }
            case .numeric: break
            }
        }
        return out
    }
}
