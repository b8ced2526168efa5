import HessianLinearAlgebra

/// When subsampled curvature ends, shared by ``Newton`` (subsampled Hessians) and ``TrustRegion``
/// (subsampled Hessian-vector products).
///
/// A step from subsampled curvature contracts like ε + C‖e‖ (ε ≈ 0.1 the sampling error;
/// Roosta-Khorasani & Mahoney, Math. Program. 174, 2019): as well as an exact step while the
/// quadratic term dominates, in the damped first iterations, and slower once the iterates near the
/// solution. The per-step reduction cannot tell the two phases apart (exact Newton also reduces ‖∇f‖
/// by only 0.2–0.9 per step in the first), so subsampling ends on the distance travelled: once
/// ‖∇f‖∞ ≤ `end`·‖∇f(x₀)‖∞ (``Newton/subsamplingEnd``, ``TrustRegion/subsamplingEnd``: measured per
/// solver, see Benchmarks/results/notes.md); or after two subsampled steps in a row that reduced
/// ‖∇f‖∞ by less than 10%.
struct SubsamplingSchedule {
    /// The fraction of ‖∇f(x₀)‖∞ at which subsampling ends.
    let end: Double
    /// Still subsampling.
    private(set) var active: Bool
    /// ‖∇f(x₀)‖∞.
    let initialGradientNorm: Double
    /// ‖∇f₊‖∞/‖∇f‖∞ of the last subsampled step.
    private var lastRatio: Double? = nil

    init(active: Bool, initialGradientNorm: Double, end: Double) {
        self.active = active
        self.initialGradientNorm = initialGradientNorm
        self.end = end
    }

    /// Whether curvature formed at the next point, whose gradient is not known yet, should still be
    /// subsampled: the last reduction, applied once more to ‖∇f‖∞ = `gradientNorm`, does not reach the end.
    func continues(after gradientNorm: Double) -> Bool {
        active && (lastRatio ?? 1) * gradientNorm > end * initialGradientNorm
    }

    /// Records a subsampled step from ‖∇f‖∞ = `from` to `to`; returns the note when subsampling ends.
    mutating func record(from: Double, to: Double, what: String) -> String? {
        guard active else { return nil }
        let ratio = to / from
        let stalled = ratio > 0.9 && (lastRatio ?? 0) > 0.9
        lastRatio = ratio
        guard to <= end * initialGradientNorm || stalled else { return nil }
        active = false
        return stalled ? "two subsampled steps reduced ‖∇f‖∞ by less than 10%: \(what) from every row from here"
                       : "‖∇f‖∞ fell below \(fmt(end))·‖∇f(x₀)‖∞: \(what) from every row from here"
    }

    /// Ends subsampling (the objective offers none).
    mutating func stop() { active = false }
}
