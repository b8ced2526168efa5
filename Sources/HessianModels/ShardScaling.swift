/// The internal scaling every shard's ``Design`` must share: centre μ, scale s and whether X̃ ≠ X,
/// decided once from global column statistics exactly as `Design(_:scaling:)` decides it for the
/// whole matrix, so a partitioned fit solves the same internal problem as the in-memory one.
public struct ShardScaling: Sendable, Equatable {
    /// μ, subtracted from each column when standardized (zeros otherwise).
    public let center: [Double]
    /// s, each column divided by sⱼ when standardized (ones otherwise).
    public let scale: [Double]
    /// Whether X̃ = (X − 1μᵀ) diag(s)⁻¹ differs from X.
    public let isStandardized: Bool
    /// The unit of each internal column's coefficient (`Design.columnUnits(mean:std:standardized:)`).
    public let units: [Double]

    /// X̃ = X.
    public static func identity(features d: Int) -> ShardScaling {
        ShardScaling(center: [Double](repeating: 0, count: d), scale: [Double](repeating: 1, count: d), isStandardized: false)
    }

    /// A scaling given explicitly (e.g. agreed between processes).
    /// - Parameters:
    ///   - center: μ, one entry per feature.
    ///   - scale: s, one positive entry per feature (the same count as `center`, else a trap).
    ///   - isStandardized: whether the scaling is applied at all.
    ///   - units: the unit of each internal column's coefficient, or nil for ones.
    public init(center: [Double], scale: [Double], isStandardized: Bool, units: [Double]? = nil) {
        precondition(center.count == scale.count && (units?.count ?? scale.count) == scale.count)
        self.center = center
        self.scale = scale
        self.isStandardized = isStandardized
        self.units = units ?? [Double](repeating: 1, count: scale.count)
    }

    /// ½ Σ λₖ wₖ² strengths for one output: 0 for the intercept, λ/sⱼ² for feature j (as
    /// `Design.penaltyFactors`), so the penalty is (λ/2)‖w_ext‖² without the intercept.
    public func penaltyStrengths(_ l2: Double, intercept: Bool) -> [Double] {
        (intercept ? [0] : []) + scale.map { ridgeStrength(l2, scale: $0) }
    }
}
