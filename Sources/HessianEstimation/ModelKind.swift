/// The models `fit` can estimate, by their command-line names.
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    /// Least squares (linear regression), `least-squares`.
    case leastSquares = "least-squares"
    /// Binary logistic regression.
    case logistic
    /// Multinomial (softmax) logistic regression.
    case multinomial
    /// The precision matrix Θ minimizing tr(SΘ) − log|Θ| + (λ/2)‖Θ‖²_F.
    case logdet
    /// Poisson regression with log link.
    case poisson
    /// NB2 negative binomial regression (α estimated jointly), `negative-binomial`.
    case negativeBinomial = "negative-binomial"

    /// Accepts the canonical names and `linear` for least squares.
    public init?(name: String) {
        switch name.lowercased() {
        case "least-squares", "leastsquares", "linear", "ols": self = .leastSquares
        case "logistic": self = .logistic
        case "multinomial": self = .multinomial
        case "logdet", "log-det", "precision": self = .logdet
        case "poisson": self = .poisson
        case "negative-binomial", "negativebinomial", "negbin", "nb2": self = .negativeBinomial
        default: return nil
        }
    }

    /// Whether the model has a target column (all but logdet).
    public var needsTarget: Bool { self != .logdet }

    /// Whether the model predicts a class (and so reads its target as labels).
    public var isClassifier: Bool { self == .logistic || self == .multinomial }

    /// Whether the model's target is a count (and it accepts an offset or exposure).
    public var isCountModel: Bool { self == .poisson || self == .negativeBinomial }
}
