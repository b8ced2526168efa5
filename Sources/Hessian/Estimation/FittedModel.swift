/// Everything `fit` reports, and everything `predict` needs: the JSON object written by
/// `fit --format json` and saved by `fit --output`.
///
/// Coefficients are in user units: for the raw features, or — with `standardize` — for the
/// z-scored features (xⱼ − meanⱼ)/stdⱼ, whose means and stds are stored here.
public struct FittedModel: Codable, Sendable {
    public var model: ModelKind
    public var solver: String
    public var converged: Bool
    public var termination: String
    public var message: String
    public var iterations: Int
    /// The minimized objective (loss + penalty) at the solution, in user units.
    public var objective: Double
    public var gradientNorm: Double
    public var l2: Double
    public var intercept: Bool
    public var standardize: Bool
    /// Coefficient names: "intercept" first when present, then the feature columns.
    /// For logdet: the variables.
    public var features: [String]
    /// The target column (nil for logdet).
    public var target: String?
    /// Class labels in sorted order (classifiers). For logistic, the second is the positive class.
    public var classes: [String]?
    public var coefficients: Coefficients?
    /// logdet: the estimated precision matrix Θ, n rows of n.
    public var precision: [[Double]]?
    /// Column means and population standard deviations used for --standardize (feature order).
    public var means: [Double]?
    public var stds: [Double]?
    public var rows: Int
    /// --summary, unpenalized fits only: same shape as `coefficients`.
    public var standardErrors: Coefficients?
    public var zValues: Coefficients?
    public var pValues: Coefficients?
    public var lower95: Coefficients?
    public var upper95: Coefficients?
    public var logLikelihood: Double?
    public var aic: Double?
    public var bic: Double?
    public var pseudoR2: Double?
    public var accuracy: Double?
    /// Fallbacks and remarks (e.g. a constant column left unscaled, solver notes).
    public var notes: [String]
    public var elapsed: Double
    /// With a formula: how its design was built (factors, levels, reference levels, columns).
    public var design: DesignPlan? = nil
    /// With `--missing drop`: the rows left out, in all and per column with a missing cell.
    public var rowsDropped: Int? = nil
    public var rowsDroppedByColumn: [String: Int]? = nil

    /// Names of the feature columns (without "intercept").
    public var featureColumns: [String] {
        intercept && model != .logdet ? Array(features.dropFirst()) : features
    }
}
