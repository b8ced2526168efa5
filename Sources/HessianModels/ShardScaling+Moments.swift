extension ShardScaling {
    /// The scaling `Design` would choose for data with these global (population) column means and
    /// standard deviations, when they come from elsewhere than a `ColumnStatistics` (HessianPartitioned) merge (e.g.
    /// summed across MPI ranks in rank order).
    /// - Parameters:
    ///   - mean: the column means.
    ///   - std: the population standard deviations (the same count).
    ///   - intercept: whether the design has an intercept.
    ///   - scaling: the `Design` scaling rule (default automatic).
    public init(means mean: [Double], standardDeviations std: [Double], intercept: Bool,
                scaling: Design.Scaling = .automatic) {
        precondition(mean.count == std.count)
        let d = mean.count
        let standardize: Bool
        switch scaling {
        case .none: standardize = false
        case .standardize: standardize = d > 0
        case .automatic: standardize = Design.needsStandardizing(mean: mean, std: std, intercept: intercept)
        }
        guard standardize else {
            self.init(center: [Double](repeating: 0, count: d), scale: [Double](repeating: 1, count: d), isStandardized: false,
                      units: Design.columnUnits(mean: mean, std: std, standardized: false))
            return
        }
        // As in Design: a constant column keeps s = 1; centring only with an intercept.
        self.init(center: intercept ? mean : [Double](repeating: 0, count: d),
                  scale: std.map { $0 > 0 ? $0 : 1 }, isStandardized: true)
    }
}
