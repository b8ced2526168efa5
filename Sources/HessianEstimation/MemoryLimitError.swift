import Foundation
import HessianData

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
