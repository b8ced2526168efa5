/// Bounds on the work a formula may ask for. Each is checked before the work it bounds is done,
/// so any formula is read, expanded and planned in bounded time and stack, or refused with a
/// ``FormulaError`` naming the position of the construct that exceeds the bound.
public enum FormulaLimits {
    /// Nesting depth: each parenthesis, call, unary sign, and `**` inside a call opens one level.
    /// Chains of left-associative operators (`a + b + …`, `a:b:…`) do not nest.
    public static let nesting = 200
    /// Terms a formula, or any part of it, may expand to.
    public static let terms = 10_000
    /// Pairs of terms one interaction may combine (|a| × |b| for `a:b`, each step of `**`).
    public static let products = 100_000
    /// The largest power after `**` (a power above the number of factors adds no terms).
    public static let power = 1_000
    /// Categorical factors in one term: its coding considers all 2ᵏ subsets of them.
    public static let categoricalFactorsPerTerm = 10
}
