import ArgumentParser
import Hessian

// The typed choices of `fit`'s options. An unknown value is a usage error (exit 64) whose one line
// names the value and lists the canonical choices (swift-argument-parser's message for a value of an
// `ExpressibleByArgument & CaseIterable` type).

/// `--solver`: the library's names (``/HessianSolvers/SolverKind/init(name:)``: any case, "_" for "-", "l-bfgs").
extension SolverKind: ExpressibleByArgument {
    /// Parses a command-line value.
    public init?(argument: String) { self.init(name: argument) }
}

/// `--model`: the canonical names and the aliases of ``/HessianEstimation/ModelKind/init(name:)`` ("linear", "ols", …).
extension ModelKind: ExpressibleByArgument {
    /// Parses a command-line value.
    public init?(argument: String) { self.init(name: argument) }
}

/// `--format` of `fit`: the text report or the JSON document.
public enum OutputFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// The human-readable report.
    case text
    /// One JSON document (see docs/CLI.md).
    case json
}
