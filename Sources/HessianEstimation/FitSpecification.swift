import HessianSolvers
import HessianInference
import HessianData

/// What to fit: the model, which columns, the penalty and the solver options.
public struct FitSpecification: Sendable {
    /// The model to fit.
    public var model: ModelKind
    /// The target column; nil = the last column (ignored for logdet).
    public var target: String?
    /// The feature columns; nil = every column but the target (logdet: every column).
    public var features: [String]?
    /// λ in Σ loss + (λ/2)‖w‖² (intercept unpenalized); scikit-learn's C = 1/λ.
    public var l2: Double
    /// Fit an intercept (unpenalized); ignored for logdet.
    public var intercept: Bool
    /// Fit on z-scored features (population std); coefficients then refer to them.
    public var standardize: Bool
    /// The solver, or nil for the default for the model and size (see `SolverKind.default(for:parameters:)`).
    public var solver: SolverKind?
    /// Gradient tolerance ‖∇f‖∞ (default 1e-8 in internal coordinates).
    public var tolerance: Double?
    /// The solver's iteration limit (default 1000).
    public var maxIterations: Int?
    /// Compute standard errors and likelihood statistics (unpenalized fits).
    public var summary: Bool
    /// Count models: a column added to the linear predictor (offset), and a column t > 0 whose
    /// log is added (exposure). Both are left out of the default features.
    public var offset: String? = nil
    /// Count models: the exposure column (see `offset`).
    public var exposure: String? = nil

    // Robust covariances and frequency weights.
    /// The covariance behind the standard errors (with `summary`); see `CovarianceType`.
    public var covariance: CovarianceType = .nonrobust
    /// The cluster column for `covariance == .cluster` (any column: numbers or text codes).
    public var cluster: String? = nil
    /// A frequency-weight column: row i counts as sᵢ identical rows (finite, ≥ 0, not all 0).
    public var weights: String? = nil

    /// A formula `y ~ terms` (patsy/R notation) instead of `target`/`features` (see ``/HessianData/Formula``).
    public var formula: String? = nil
    /// Rows with a missing cell in a used column: an error (strict) or left out (drop).
    public var missing: MissingPolicy = .strict

    /// A specification with the common options; the others are set as properties.
    /// - Parameters:
    ///   - model: the model to fit.
    ///   - target: the target column; nil for the last column.
    ///   - features: the feature columns; nil for every column but the target.
    ///   - l2: λ ≥ 0 (default 0: maximum likelihood, needed for standard errors).
    ///   - intercept: fit an unpenalized intercept (default true).
    ///   - standardize: fit on z-scored features (default false).
    ///   - solver: the solver; nil for the default for the model and size.
    ///   - tolerance: the gradient tolerance ‖∇f‖∞; nil for 1e-8.
    ///   - maxIterations: the iteration limit; nil for 1000.
    ///   - summary: compute standard errors and likelihood statistics (default false).
    public init(model: ModelKind, target: String? = nil, features: [String]? = nil, l2: Double = 0,
                intercept: Bool = true, standardize: Bool = false, solver: SolverKind? = nil,
                tolerance: Double? = nil, maxIterations: Int? = nil, summary: Bool = false) {
        self.model = model
        self.target = target
        self.features = features
        self.l2 = l2
        self.intercept = intercept
        self.standardize = standardize
        self.solver = solver
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.summary = summary
    }
}
