/// The internal scaling every shard's ``Design`` must share: centre μ, scale s and whether X̃ ≠ X,
/// decided once from global column statistics exactly as `Design(_:scaling:)` decides it for the
/// whole matrix, so a partitioned fit solves the same internal problem as the in-memory one.
public struct ShardScaling: Sendable, Equatable {
    public let center: [Double]
    public let scale: [Double]
    public let isStandardized: Bool

    /// X̃ = X.
    public static func identity(features d: Int) -> ShardScaling {
        ShardScaling(center: [Double](repeating: 0, count: d), scale: [Double](repeating: 1, count: d), isStandardized: false)
    }

    public init(center: [Double], scale: [Double], isStandardized: Bool) {
        precondition(center.count == scale.count)
        self.center = center
        self.scale = scale
        self.isStandardized = isStandardized
    }

    /// ½ Σ λₖ wₖ² strengths for one output: 0 for the intercept, λ/sⱼ² for feature j (as
    /// `Design.penaltyFactors`), so the penalty is (λ/2)‖w_ext‖² without the intercept.
    public func penaltyStrengths(_ l2: Double, intercept: Bool) -> [Double] {
        (intercept ? [0] : []) + scale.map { l2 / ($0 * $0) }
    }
}
