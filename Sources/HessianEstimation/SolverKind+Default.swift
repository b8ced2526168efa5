import HessianSolvers

extension SolverKind {
    /// The solver `fit` uses for a model with `parameters` unknowns when none is named (the fastest
    /// reliable choice measured for each case; the measurements are in Benchmarks/results/notes.md):
    /// - least squares: Newton — one step lands on the minimizer (H = XᵀX + λI is constant).
    /// - logdet: Newton with the model's structured eigenbasis step (no n²×n² Hessian).
    /// - logistic, poisson, negative binomial: Newton up to 1000 parameters (a handful of Hessian
    ///   factorizations, each O(Np² + p³)); L-BFGS beyond, where p³ and the p×p Hessian dominate.
    /// - multinomial: Newton up to 400 parameters (m·p with m classes); trust region beyond, which
    ///   there solves its subproblem by Steihaug–Toint CG with Hessian-vector products only: the dense
    ///   Hessian costs m(m+1)/2 · p(p+1) · N flops, ≈ mp/8 Hessian-vector products, so from a few
    ///   hundred parameters six Hessians cost more than the ≈ 100 products CG needs.
    ///
    /// - Parameters:
    ///   - model: the model being fitted.
    ///   - parameters: the number of unknowns (coefficients, with intercepts and, for negative
    ///     binomial, log α).
    /// - Returns: the solver `fit` and ``Estimator`` use when the specification names none.
    public static func `default`(for model: ModelKind, parameters: Int) -> SolverKind {
        switch model {
        case .leastSquares, .logdet: return .newton
        case .logistic, .poisson, .negativeBinomial: return parameters <= 1000 ? .newton : .lbfgs
        case .multinomial: return parameters <= 400 ? .newton : .trustRegion
        }
    }
}
