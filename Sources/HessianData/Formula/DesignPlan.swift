/// How a formula turns a table into a model matrix: its factors (with the levels of every
/// categorical one) and the column blocks in order. Fitted on the training table and saved in
/// the model file, so `predict` builds the identical columns from a new table.
public struct DesignPlan: Codable, Sendable, Equatable {
    /// The formula as written.
    public var formula: String
    /// The response column (left of `~`).
    public var response: String?
    /// Whether the model has an intercept (its column is not part of `columns`).
    public var intercept: Bool
    /// Every factor the blocks refer to (by index), in the order the formula first mentions them.
    public var factors: [DesignFactor]
    /// Column blocks in order; each block is one patsy subterm.
    public var blocks: [DesignBlock]
    /// The design's column names (without the intercept), in patsy's spelling.
    public var columns: [String]

    /// The source columns the design reads (response first, when present).
    public var sourceColumns: [String] {
        var out: [String] = response.map { [$0] } ?? []
        for f in factors { for c in f.sources where !out.contains(c) { out.append(c) } }
        return out
    }
}

/// One factor: a numeric expression (a column, `log(x)`, `I(a*b)`) or a categorical column.
public struct DesignFactor: Codable, Sendable, Equatable {
    /// Whether a factor contributes its value or indicator columns of its levels.
    public enum Kind: String, Codable, Sendable {
        /// A numeric expression: one column per use, its value.
        case numeric
        /// A categorical column: indicator columns of its levels (``DesignBlock/Coding``).
        case categorical
    }
    /// The factor's name (patsy's code, e.g. `C(grade)`, `log(x)`, `region`).
    public var name: String
    /// Categorical for `C(column)` and for a column holding text; numeric otherwise (a numeric
    /// column with few distinct values stays numeric unless wrapped in `C(…)`).
    public var kind: Kind
    /// Numeric: the expression, in formula syntax (re-read at predict time).
    /// Categorical: the column name.
    public var expression: String
    /// The table columns read.
    public var sources: [String]
    /// Categorical: the levels in order (sorted: numbers numerically, text by bytes).
    public var levels: [String]?
    /// Categorical: the reference level (the first level unless set).
    public var reference: String?
    /// Categorical: whether the levels were read as numbers (then cells are matched as numbers).
    public var numericLevels: Bool?
}

/// One block of columns: the product of its factors' columns, the left-most varying fastest.
public struct DesignBlock: Codable, Sendable, Equatable {
    /// How a factor's columns enter a block. As in patsy, a categorical factor gets reduced
    /// (treatment) coding when the terms before it already span the constant its indicators would
    /// add, and full coding otherwise, so that the design has full column rank.
    public enum Coding: String, Codable, Sendable {
        /// A numeric factor: one column, its value.
        case numeric
        /// k indicator columns, one per level.
        case full
        /// k − 1 indicator columns: every level but the reference.
        case reduced
    }
    /// One factor of a block with its coding.
    public struct Use: Codable, Sendable, Equatable {
        /// The factor's index in ``DesignPlan/factors``.
        public var factor: Int
        /// How its columns enter the block.
        public var coding: Coding
    }
    /// The block's factors; its columns are the products of their columns (an interaction when
    /// there are several), ``DesignPlan/columns`` lists their names.
    public var uses: [Use]
}

extension DesignPlan {
    /// The number of columns of a factor under a coding.
    func width(_ use: DesignBlock.Use) -> Int {
        let f = factors[use.factor]
        switch use.coding {
        case .numeric: return 1
        case .full: return f.levels?.count ?? 0
        case .reduced: return max(0, (f.levels?.count ?? 0) - 1)
        }
    }

    /// The column labels a factor contributes under a coding: `x`, `g[a]`, `g[T.b]`.
    func labels(_ use: DesignBlock.Use) -> [String] {
        let f = factors[use.factor]
        switch use.coding {
        case .numeric: return [f.name]
        case .full: return (f.levels ?? []).map { "\(f.name)[\($0)]" }
        case .reduced: return (f.levels ?? []).filter { $0 != f.reference }.map { "\(f.name)[T.\($0)]" }
        }
    }

    /// Column names of every block, the left-most factor varying fastest (as patsy and R).
    package func columnNames() -> [String] { blocks.flatMap(names) }

    /// Names with the first factor varying fastest: index = Σ iₖ · Πₗ<ₖ widthₗ.
    func names(_ block: DesignBlock) -> [String] {
        let labels = block.uses.map(labels)
        let total = labels.reduce(1) { $0 * $1.count }
        return (0..<total).map { index in
            var rest = index
            var parts: [String] = []
            for l in labels {
                parts.append(l[rest % l.count])
                rest /= l.count
            }
            return parts.joined(separator: ":")
        }
    }
}
