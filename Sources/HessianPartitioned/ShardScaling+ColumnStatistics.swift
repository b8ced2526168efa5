import HessianModels

extension ShardScaling {
    /// The scaling `Design` would choose for data with these (population) column statistics.
    public init(_ statistics: ColumnStatistics, intercept: Bool, scaling: Design.Scaling = .automatic) {
        self.init(means: statistics.means, standardDeviations: statistics.standardDeviations,
                  intercept: intercept, scaling: scaling)
    }
}
