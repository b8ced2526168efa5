import Foundation
import HessianData
import HessianSolvers

/// The largest block a fit may ask for at once, checked before the allocation: a design, class
/// probabilities or a Hessian larger than this is refused with ``MemoryLimitError`` naming what
/// made it large, instead of the process dying in the allocator.
///
/// The limit is half of physical memory, or `HESSIAN_MEMORY_LIMIT` (bytes, or a number with a
/// K, M, G or T suffix for powers of 1024, e.g. `64G`).
package enum MemoryBudget {
    package static let environmentVariable = "HESSIAN_MEMORY_LIMIT"

    /// The limit in bytes, and the override text when it comes from the environment.
    package static func limit() throws -> (bytes: Int, override: String?) {
        if let text = ProcessInfo.processInfo.environment[environmentVariable], !text.isEmpty {
            guard let bytes = parse(text) else { throw MemoryLimitError.invalidLimit(text: text) }
            return (bytes, text)
        }
        return (Int(clamping: ProcessInfo.processInfo.physicalMemory / 2), nil)
    }

    /// "123", "64K", "1.5G" … as bytes (powers of 1024); nil when not a size.
    static func parse(_ text: String) -> Int? {
        var digits = text.trimmingCharacters(in: .whitespaces)
        var factor = 1.0
        if let last = digits.last?.uppercased(), let i = ["K", "M", "G", "T"].firstIndex(of: last) {
            factor = pow(1024, Double(i + 1))
            digits.removeLast()
        }
        guard let v = Double(digits), v.isFinite, v >= 0, v * factor < 9.2e18 else { return nil }
        return Int(v * factor)
    }

    /// Throws when `allocation` needs more bytes than the limit.
    package static func require(_ allocation: Allocation, file: String) throws {
        let (limit, override) = try limit()
        let bytes = allocation.bytes
        guard bytes > limit else { return }
        throw MemoryLimitError.exceeded(file: file, allocation: allocation, bytes: bytes, limit: limit, override: override)
    }

    /// The dense p×p matrices the solver keeps: Newton and BFGS hold a Hessian (or its inverse),
    /// the trust region one too except for multinomial models, whose products need none.
    package static func requireSolver(_ spec: FitSpecification, parameters p: Int, factor: Allocation.LevelCount? = nil,
                                      file: String) throws {
        let kind = spec.solver ?? SolverKind.default(for: spec.model, parameters: p)
        let dense: Bool
        switch kind {
        case .newton, .bfgs: dense = true
        case .trustRegion: dense = spec.model != .multinomial
        default: dense = false
        }
        if dense { try require(.hessian(parameters: p, factor: factor), file: file) }
    }
}

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

/// A block larger than the memory limit, or an unreadable limit.
public enum MemoryLimitError: Error, Equatable, Sendable, CustomStringConvertible {
    case exceeded(file: String, allocation: Allocation, bytes: Int, limit: Int, override: String?)
    case invalidLimit(text: String)

    public var description: String {
        switch self {
        case .invalidLimit(let text):
            return "\(MemoryBudget.environmentVariable)=\"\(SafeText.excerpt(text))\" is not a size (bytes, or a number with K, M, G or T)"
        case .exceeded(let f, let allocation, let bytes, let limit, let override):
            let what: String
            switch allocation {
            case .design(let n, let c, let factor):
                let cause = factor.map { "; column \"\(SafeText.excerpt($0.column))\" has \($0.levels) levels" } ?? ""
                what = "the design matrix (\(n) rows × \(c) columns\(cause))"
            case .classProbabilities(let n, let k, let column):
                what = "the class probabilities (\(n) rows × \(k) classes in column \"\(SafeText.excerpt(column))\")"
            case .hessian(let p, let factor):
                let cause = factor.map { "; column \"\(SafeText.excerpt($0.column))\" has \($0.levels) levels" } ?? ""
                what = "the \(p) × \(p) Hessian (\(p) parameters\(cause))"
            }
            let source = override.map { "\(MemoryBudget.environmentVariable)=\(SafeText.excerpt($0))" }
                ?? "half of physical memory; set \(MemoryBudget.environmentVariable) to change it"
            return "\(SafeText.path(f)): \(what) would take \(Self.size(bytes)), more than the memory limit of \(Self.size(limit)) (\(source))"
        }
    }

    static func size(_ bytes: Int) -> String {
        let b = Double(bytes)
        if bytes == .max { return "more than 9.2 EB" }
        for (unit, scale) in [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] where b >= scale {
            return String(format: "%.1f", b / scale) + " " + unit
        }
        return "\(bytes) bytes"
    }
}
