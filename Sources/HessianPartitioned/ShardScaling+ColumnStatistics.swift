import HessianModels

/// The scaling decided from column statistics accumulated chunk by chunk.
extension ShardScaling {
    /// The scaling `Design` would choose for data with these (population) column statistics.
    /// - Parameters:
    ///   - statistics: the column statistics of all rows.
    ///   - intercept: whether the design has an intercept.
    ///   - scaling: the `Design` scaling rule (default automatic).
    public init(_ statistics: ColumnStatistics, intercept: Bool, scaling: Design.Scaling = .automatic) {
        self.init(means: statistics.means, standardDeviations: statistics.standardDeviations,
                  intercept: intercept, scaling: scaling)
    }
}
