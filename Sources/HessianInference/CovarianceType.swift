/// Which covariance of the estimates to report, named as statsmodels' `cov_type`.
///
/// With H the Hessian of the unpenalized loss at the optimum, gᵢ row i's score (gradient of its
/// loss), N = Σ sᵢ the (frequency-weighted) number of observations and p the free parameters:
/// - `nonrobust`: the model-based H⁻¹ (least squares: σ̂²(X̂ᵀSX̂)⁻¹, σ̂² = RSS/(N − p));
/// - `hc0`: H⁻¹ B H⁻¹ with B = Σ gᵢgᵢᵀ (least squares: gᵢ = x̂ᵢeᵢ and H = X̂ᵀX̂, no σ²);
/// - `hc1`: HC0 · N/(N − p);
/// - `hc2`, `hc3`: row i's term divided by (1 − hᵢ) or (1 − hᵢ)², hᵢ = x̂ᵢᵀ(X̂ᵀX̂)⁻¹x̂ᵢ — least
///   squares only (statsmodels defines them only there; its GLM and discrete models silently
///   return HC0 under these names);
/// - `cluster`: B = Σ_g s_g s_gᵀ with s_g = Σ_{i∈g} gᵢ, times G/(G − 1) · (N − 1)/(N − p)
///   (statsmodels' default `use_correction=True`, the same factor for OLS, GLM and discrete models).
public enum CovarianceType: String, Sendable, CaseIterable, Codable {
    /// The model-based H⁻¹ (least squares: σ̂²(X̂ᵀSX̂)⁻¹).
    case nonrobust
    /// White's sandwich H⁻¹ B H⁻¹.
    case hc0
    /// HC0 · N/(N − p).
    case hc1
    /// Row terms divided by 1 − hᵢ (least squares).
    case hc2
    /// Row terms divided by (1 − hᵢ)² (least squares).
    case hc3
    /// Cluster-robust, with statsmodels' small-sample factor.
    case cluster

    /// statsmodels' name, as reported in summaries ("Covariance Type:") and JSON.
    public var label: String {
        switch self {
        case .nonrobust: return "nonrobust"
        case .hc0: return "HC0"
        case .hc1: return "HC1"
        case .hc2: return "HC2"
        case .hc3: return "HC3"
        case .cluster: return "cluster"
        }
    }

    /// Parses a name case-insensitively ("hc1", "HC1", "cluster", …).
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// True for HC2 and HC3, which need the leverages hᵢ (least squares).
    public var needsLeverages: Bool { self == .hc2 || self == .hc3 }

    /// True for every sandwich form (all but `nonrobust`).
    public var isSandwich: Bool { self != .nonrobust }
}
