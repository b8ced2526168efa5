import HessianData

/// One large block a fit is about to allocate.
public enum Allocation: Equatable, Sendable {
    /// A design (or one chunk of it) of `rows` × `columns` doubles; `factor` is its categorical
    /// factor with the most levels, when it has one.
    case design(rows: Int, columns: Int, factor: LevelCount?)
    /// Multinomial class probabilities, `rows` × `classes` doubles.
    case classProbabilities(rows: Int, classes: Int, column: String)
    /// A dense Hessian of `parameters`² doubles; `factor`: the categorical column (or class
    /// column) with the most levels, when it is what makes p large.
    case hessian(parameters: Int, factor: LevelCount?)

    /// A categorical column and its number of levels.
    public struct LevelCount: Equatable, Sendable {
        public var column: String
        public var levels: Int
        public init(column: String, levels: Int) { (self.column, self.levels) = (column, levels) }
    }

    /// Bytes needed (saturating at Int.max).
    public var bytes: Int {
        func product(_ a: Int, _ b: Int) -> Int {
            let (r, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? .max : r
        }
        switch self {
        case .design(let n, let c, _): return product(product(n, c), 8)
        case .classProbabilities(let n, let k, _): return product(product(n, k), 8)
        case .hessian(let p, _): return product(product(p, p), 8)
        }
    }
}

extension DesignPlan {
    /// The categorical factor with the most levels, if any.
    package var widestFactor: Allocation.LevelCount? {
        factors.filter { $0.kind == .categorical }
            .map { Allocation.LevelCount(column: $0.expression, levels: $0.levels?.count ?? 0) }
            .max { $0.levels < $1.levels }
    }
}
