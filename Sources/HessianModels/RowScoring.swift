import HessianLinearAlgebra

/// An objective that is a sum of per-row losses, f(x) = Σᵢ sᵢ ℓᵢ(x) (+ a penalty), and can
/// report each row's contribution to the gradient: what a sandwich (robust or cluster)
/// covariance needs.
public protocol RowScoring: Objective {
    /// G (N × n): row i is ∇(sᵢ ℓᵢ)(x) = sᵢ ∇ℓᵢ(x), the gradient of row i's unpenalized, weighted
    /// loss at x in internal coordinates, so that Σᵢ Gᵢ is the unpenalized gradient.
    ///
    /// With frequency weights sᵢ (row i stands for sᵢ identical rows) the meat of the
    /// replicated data is Σᵢ sᵢ ∇ℓᵢ∇ℓᵢᵀ = Gᵀ diag(1/s) G, and a cluster's score sum is Σ_{i∈g} Gᵢ.
    /// - Parameter x: the point, in internal coordinates.
    func rowScores(at x: [Double]) -> Matrix
}
