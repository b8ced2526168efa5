import Foundation

/// The solvers by command-line name.
public enum SolverKind: String, CaseIterable, Sendable {
    case newton
    case trustRegion = "trust-region"
    case newtonCG = "newton-cg"
    case bfgs
    case lbfgs
    case gradientDescent = "gradient-descent"

    /// The solver with default options and the given stopping criteria.
    public func make(stopping: StoppingCriteria = .init()) -> any Solver {
        switch self {
        case .newton: return Newton(stopping: stopping)
        case .trustRegion: return TrustRegion(stopping: stopping)
        case .newtonCG: return NewtonCG(stopping: stopping)
        case .bfgs: return BFGS(stopping: stopping)
        case .lbfgs: return LBFGS(stopping: stopping)
        case .gradientDescent: return GradientDescent(stopping: stopping)
        }
    }
}

/// An unknown solver name.
public struct UnknownSolverError: Error, Equatable, CustomStringConvertible {
    public let name: String
    public var description: String {
        "unknown solver '\(name)'; choose one of: " + SolverKind.allCases.map(\.rawValue).joined(separator: ", ")
    }
}

/// The solver called `name` ("newton", "trust-region", "newton-cg", "bfgs", "lbfgs",
/// "gradient-descent"; case-insensitive, "_" accepted for "-"), with default options.
public func makeSolver(named name: String, stopping: StoppingCriteria = .init()) throws -> any Solver {
    let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
    guard let kind = SolverKind(rawValue: key) else { throw UnknownSolverError(name: name) }
    return kind.make(stopping: stopping)
}
