extension DesignPlan {
    /// Why a plan read from a model file cannot be used (nil when it can): every block names an existing
    /// factor with a coding its kind allows, categoricals have levels containing their reference,
    /// numeric expressions parse, and the blocks give exactly `columns`.
    package func inconsistency() -> String? {
        for f in factors {
            switch f.kind {
            case .numeric:
                if (try? FactorExpression.parse(f.expression)) == nil { return "factor \"\(f.name)\" has an unreadable expression" }
            case .categorical:
                guard let levels = f.levels, !levels.isEmpty, let r = f.reference, levels.contains(r), Set(levels).count == levels.count else {
                    return "categorical factor \"\(f.name)\" needs distinct levels that include its reference"
                }
            }
        }
        for block in blocks {
            for u in block.uses {
                guard factors.indices.contains(u.factor) else { return "a block names factor \(u.factor) of \(factors.count)" }
                guard (factors[u.factor].kind == .numeric) == (u.coding == .numeric) else {
                    return "factor \"\(factors[u.factor].name)\" has coding \(u.coding.rawValue)"
                }
            }
        }
        guard columnNames() == columns else { return "its blocks do not give its \(columns.count) columns" }
        return nil
    }
}
