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
