/// The solvers by name: the one list the library, the model file and the command line share.
///
/// Names: the raw values ("newton", "trust-region", "newton-cg", "bfgs", "lbfgs",
/// "gradient-descent"). ``init(name:)`` also accepts any letter case, "_" for "-", and "l-bfgs" for
/// "lbfgs"; nothing else.
public enum SolverKind: String, CaseIterable, Sendable {
    /// ``Newton``.
    case newton
    /// ``TrustRegion``.
    case trustRegion = "trust-region"
    /// ``NewtonCG``.
    case newtonCG = "newton-cg"
    /// ``BFGS``.
    case bfgs
    /// ``LBFGS``.
    case lbfgs
    /// ``GradientDescent``.
    case gradientDescent = "gradient-descent"

    /// The solver called `name` (see the type's description for the spellings accepted), or nil.
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if key == "l-bfgs" { self = .lbfgs; return }
        self.init(rawValue: key)
    }

    /// The canonical names, in declaration order.
    public static var names: [String] { allCases.map(\.rawValue) }

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
