/// Solver names on the command line and the default per model and size.
///
/// Defaults (the fastest reliable choice measured for each case):
/// - least squares: Newton — one step lands on the minimizer (H = XᵀX + λI is constant).
/// - logistic: Newton for up to 1000 parameters (a handful of Hessian factorizations, each
///   O(Np² + p³)); L-BFGS beyond, where p³ and the p×p Hessian dominate.
/// - multinomial: Newton up to 1000 parameters (m·p with m classes), L-BFGS beyond.
/// - logdet: Newton with the model's structured eigenbasis step (no n²×n² Hessian).
public enum SolverChoice {
    public static let names = SolverKind.allCases.map(\.rawValue)

    /// The default solver for a model with `parameters` unknowns.
    public static func defaultName(for model: ModelKind, parameters: Int) -> String {
        switch model {
        case .leastSquares, .logdet: return "newton"
        case .logistic, .multinomial: return parameters <= 1000 ? "newton" : "lbfgs"
        }
    }

    /// Builds the named solver with these stopping criteria; throws for an unknown name.
    public static func make(_ name: String, stopping: StoppingCriteria) throws -> any Solver {
        do {
            return try makeSolver(named: name, stopping: stopping)
        } catch let e as UnknownSolverError {
            throw EstimationError.invalidOption(e.description)
        }
    }
}
