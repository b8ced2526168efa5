import HessianSolvers

/// Solver names on the command line and the default per model and size.
///
/// Defaults (the fastest reliable choice measured for each case):
/// - least squares: Newton — one step lands on the minimizer (H = XᵀX + λI is constant).
/// - logistic: Newton for up to 1000 parameters (a handful of Hessian factorizations, each
///   O(Np² + p³)); L-BFGS beyond, where p³ and the p×p Hessian dominate.
/// - multinomial: Newton up to 400 parameters (m·p with m classes); trust-region Newton with
///   Steihaug–Toint CG (Hessian-vector products only) beyond. The dense Hessian costs
///   m(m+1)/2 · p(p+1) · N flops, ≈ mp/8 Hessian-vector products, so from a few hundred parameters
///   six Hessians cost more than the ≈ 100 products CG needs. Measured (hessian-bench run, same
///   session, 2 shared cores): digits (650 parameters) newton 168 ms, trust-region 65 ms;
///   synthetic 50 000×50, 10 classes (510) newton 1.85 s, trust-region 0.93 s; the λ = 0
///   reference-class fit (459) newton 1.44 s, trust-region 1.25 s. All converge to ‖∇f‖∞ ≤ 1e-8.
/// - logdet: Newton with the model's structured eigenbasis step (no n²×n² Hessian).
/// - poisson, negative-binomial: as logistic (the same Hessian structure X̂ᵀdiag(c)X̂).
public enum SolverChoice {
    /// The solvers' command-line names.
    public static let names = SolverKind.allCases.map(\.rawValue)

    /// The default solver for a model with `parameters` unknowns.
    public static func defaultKind(for model: ModelKind, parameters: Int) -> SolverKind {
        switch model {
        case .leastSquares, .logdet: return .newton
        case .logistic, .poisson, .negativeBinomial: return parameters <= 1000 ? .newton : .lbfgs
        case .multinomial: return parameters <= 400 ? .newton : .trustRegion
        }
    }

    /// The command-line name of ``defaultKind(for:parameters:)``.
    public static func defaultName(for model: ModelKind, parameters: Int) -> String {
        defaultKind(for: model, parameters: parameters).rawValue
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
