import HessianSolvers
import HessianInference
import HessianData

/// Everything `fit` reports, and everything `predict` needs: the JSON object written by
/// `fit --format json` and saved by `fit --output`.
///
/// Coefficients are in user units: for the raw features, or — with `standardize` — for the
/// z-scored features (xⱼ − meanⱼ)/stdⱼ, whose means and stds are stored here.
public struct FittedModel: Codable, Sendable {
    /// The model that was fitted.
    public var model: ModelKind
    /// The solver that minimized the objective; nil for a result wrapped from a custom solver.
    public var solver: SolverKind?
    /// Whether the solver met a convergence criterion (see ``/HessianSolvers/Termination/converged``).
    public var converged: Bool
    /// Why the solver stopped.
    public var termination: Termination
    /// The solver's sentence with the figures behind `termination`.
    public var message: String
    /// Solver iterations taken.
    public var iterations: Int
    /// The minimized objective (loss + penalty) at the solution, in user units.
    public var objective: Double
    /// ‖∇f‖∞ at the solution.
    public var gradientNorm: Double
    /// The penalty λ of the objective.
    public var l2: Double
    /// Whether the model has an intercept (first in `features`).
    public var intercept: Bool
    /// Whether the features were z-scored (see `means`, `stds`).
    public var standardize: Bool
    /// Coefficient names: "intercept" first when present, then the feature columns.
    /// For logdet: the variables.
    public var features: [String]
    /// The target column (nil for logdet).
    public var target: String?
    /// Class labels in sorted order (classifiers). For logistic, the second is the positive class.
    public var classes: [String]?
    /// The coefficients in user units, aligned with `features` (one row per class for multinomial); nil for logdet.
    public var coefficients: Coefficients?
    /// logdet: the estimated precision matrix Θ, n rows of n.
    public var precision: [[Double]]?
    /// Column means and population standard deviations used for --standardize (feature order).
    public var means: [Double]?
    /// The population standard deviations (see `means`).
    public var stds: [Double]?
    /// The number of data rows fitted.
    public var rows: Int
    /// --summary, unpenalized fits only: same shape as `coefficients`.
    public var standardErrors: Coefficients?
    /// z = estimate / standard error (NaN for a reference class's fixed zeros).
    public var zValues: Coefficients?
    /// Two-sided p-values 2(1 − Φ(|z|)).
    public var pValues: Coefficients?
    /// Lower ends of the 95 % Wald intervals.
    public var lower95: Coefficients?
    /// Upper ends of the 95 % Wald intervals.
    public var upper95: Coefficients?
    /// The maximized log-likelihood (summary fits).
    public var logLikelihood: Double?
    /// Akaike's criterion 2k − 2ℓ.
    public var aic: Double?
    /// Schwarz's criterion k log N − 2ℓ.
    public var bic: Double?
    /// McFadden's pseudo-R² 1 − ℓ/ℓ₀ (classifiers and count models).
    public var pseudoR2: Double?
    /// The share of rows whose most probable class is their class (classifiers).
    public var accuracy: Double?
    // Count models (poisson, negative-binomial).
    /// The offset column and the exposure column (offset log t) that predict applies.
    public var offset: String? = nil
    /// The exposure column (see `offset`).
    public var exposure: String? = nil
    /// negative-binomial: α in Var(y) = μ + αμ², and its delta-method standard error α·se(log α) (--summary).
    public var alpha: Double? = nil
    /// The delta-method standard error of α (see `alpha`).
    public var alphaStandardError: Double? = nil
    /// poisson --summary: deviance 2Σ[y log(y/μ) − (y − μ)] and Pearson χ² Σ(y − μ)²/μ.
    public var deviance: Double? = nil
    /// Pearson's χ² (see `deviance`).
    public var pearsonChi2: Double? = nil
    /// negative-binomial --summary: likelihood-ratio test of α = 0 (the Poisson model): the Poisson
    /// log-likelihood, LR = 2(ℓ_NB − ℓ_Poisson) and its p-value ½P(χ²₁ > LR) (α = 0 is on the boundary).
    public var poissonLogLikelihood: Double? = nil
    /// LR = 2(ℓ_NB − ℓ_Poisson) (see `poissonLogLikelihood`).
    public var likelihoodRatio: Double? = nil
    /// ½P(χ²₁ > LR) (see `poissonLogLikelihood`).
    public var likelihoodRatioPValue: Double? = nil
    /// How many values, gradients, Hessians and Hessian-vector products the solver computed
    /// (absent in model files written before it was recorded).
    public var evaluations: EvaluationCounts? = nil
    /// Fallbacks and remarks (e.g. a constant column left unscaled, solver notes).
    public var notes: [String]
    /// Wall-clock seconds of the fit.
    public var elapsed: Double
    /// With a formula: how its design was built (factors, levels, reference levels, columns).
    public var design: DesignPlan? = nil
    /// With `--missing drop`: the rows left out, in all and per column with a missing cell.
    public var rowsDropped: Int? = nil
    /// Per column: the rows left out for a missing cell there (see `rowsDropped`).
    public var rowsDroppedByColumn: [String: Int]? = nil

    // Robust covariances and frequency weights; absent in older model files.
    /// The covariance behind `standardErrors` (saved by statsmodels' cov_type name: "nonrobust", "HC0"…"HC3", "cluster").
    public var covariance: CovarianceType? = nil
    /// The cluster column and the number of clusters (cluster covariance).
    public var clusterColumn: String? = nil
    /// The number of clusters (see `clusterColumn`).
    public var clusters: Int? = nil
    /// The frequency-weight column and N = Σ sᵢ, the number of observations the statistics use.
    public var weights: String? = nil
    /// N = Σ sᵢ (see `weights`).
    public var observations: Double? = nil

    /// Names of the feature columns (without "intercept").
    public var featureColumns: [String] {
        intercept && model != .logdet ? Array(features.dropFirst()) : features
    }
}
