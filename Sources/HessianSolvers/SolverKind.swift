/// The solvers by name: the one list the library, the model file and the command line share.
///
/// Names: the raw values ("newton", "trust-region", "newton-cg", "bfgs", "lbfgs",
/// "gradient-descent"). ``init(name:)`` also accepts any letter case, "_" for "-", and "l-bfgs" for
/// "lbfgs"; nothing else.
///
/// ``make(stopping:)`` builds the solver with default options. Which solver `fit` picks when none is
/// named — `SolverKind.default(for:parameters:)`, declared in `HessianEstimation` because it depends
/// on the model kind — is Newton for least squares and logdet; Newton up to 1000 parameters and
/// L-BFGS beyond for logistic, Poisson and negative binomial; Newton up to 400 parameters and the
/// trust region beyond for multinomial (the measurements behind the thresholds are in
/// Benchmarks/results/notes.md).
public enum SolverKind: String, CaseIterable, Sendable {
    /// ``Newton``: Newton's method with a line search, the dense (or structured) Hessian each
    /// iteration; quadratic convergence near the optimum, O(n³) per iteration.
    case newton
    /// ``TrustRegion``: trust-region Newton, robust on indefinite Hessians (exact subproblem up to
    /// n = 400, Steihaug–Toint CG beyond).
    case trustRegion = "trust-region"
    /// ``NewtonCG``: truncated Newton with conjugate gradients, Hessian-vector products only; for
    /// large n where a dense Hessian does not fit.
    case newtonCG = "newton-cg"
    /// ``BFGS``: quasi-Newton with a dense n×n inverse-Hessian approximation; gradients only,
    /// superlinear convergence, O(n²) memory.
    case bfgs
    /// ``LBFGS``: limited-memory BFGS with m = 10 pairs; gradients only, O(mn) memory.
    case lbfgs
    /// ``GradientDescent``: steepest descent, linear convergence; a baseline.
    case gradientDescent = "gradient-descent"

    /// The solver called `name` (see the type's description for the spellings accepted), or nil.
    ///
    /// - Parameter name: a solver name as typed on the command line or in a model file, e.g.
    ///   "Newton", "trust_region", "L-BFGS".
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if key == "l-bfgs" { self = .lbfgs; return }
        self.init(rawValue: key)
    }

    /// The canonical names, in declaration order: "newton", "trust-region", "newton-cg", "bfgs",
    /// "lbfgs", "gradient-descent".
    public static var names: [String] { allCases.map(\.rawValue) }

    /// The solver with default options and the given stopping criteria.
    ///
    /// Every other option takes the default documented at the solver's properties (e.g.
    /// ``LBFGS/memory`` = 10, ``TrustRegion/exactMaxDimension`` = 400); build the solver type
    /// directly to change one.
    ///
    /// - Parameter stopping: when the run stops. Default `.init()`, the defaults of
    ///   ``StoppingCriteria`` (‖∇f‖∞ ≤ 1e-8, at most 1000 iterations).
    /// - Returns: the solver, ready for ``minimize(_:from:using:threads:trace:)``.
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
