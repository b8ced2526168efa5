/// How a dense Hessian's data sum H = Σᵢ ωᵢ x̂ᵢx̂ᵢᵀ (+ λI) is formed, from exact to cheapest.
///
/// - ``exact``: Float64 throughout, the Hessian of ``Objective/evaluate(at:hessian:)``.
/// - ``singlePrecision``: each row block's Gram (√ω ⊙ X̂_b)ᵀ(√ω ⊙ X̂_b) is formed by `ssyrk` from a
///   Float32 copy of the block and added to the Float64 sum. The relative error of H is that of one
///   block's Float32 sums (≤ rows-per-block · 2⁻²⁴ ≈ 1e-4, ≈ 1e-6 in practice), independent of N.
/// - ``subsampled``: as ``singlePrecision`` from every k-th row only, scaled by k (k chosen by the
///   model so that at least ≈ 50 rows per parameter remain; k = 1, the full sum, on small data). The
///   relative error is then the sampling error, ≈ √(p/m) for m sampled rows.
///
/// A Newton step from an approximate Hessian H̃ = H + E is an inexact Newton step: the error
/// contracts as e₊ = H̃⁻¹E e + O(‖e‖²), q-linearly with rate ≈ ‖H̃⁻¹E‖ on top of the quadratic term,
/// and the limit is still the zero of the Float64 gradient (Kelley, "Newton's method in mixed
/// precision", SIAM Review 64, 2022; for row subsamples Byrd, Chin, Neveitt & Nocedal, SIAM J. Optim.
/// 21, 2011, and Roosta-Khorasani & Mahoney, Math. Program. 174, 2019). Value, gradient and the
/// stopping test stay exact Float64, so the accuracy of the answer does not change; covariances are
/// always computed from an ``exact`` Hessian.
public enum HessianApproximation: Int, Sendable, Equatable, Comparable {
    /// Every row in Float64.
    case exact = 2
    /// Every row, row-block Grams in Float32 summed in Float64.
    case singlePrecision = 1
    /// Every k-th row (scaled by k), row-block Grams in Float32 summed in Float64.
    case subsampled = 0

    /// Orders by accuracy: `.subsampled < .singlePrecision < .exact`.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// Whether a Hessian formed this way serves a request for `requested` (one at least as accurate does).
    public func serves(_ requested: HessianApproximation) -> Bool { self >= requested }
}
