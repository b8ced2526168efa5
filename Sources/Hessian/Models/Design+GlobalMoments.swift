extension Design {
    /// The design of one shard of a larger data set whose column means and population standard
    /// deviations over all rows are given (e.g. summed across processes), so that every shard
    /// uses the same internal coordinates X̃ = (X − 1μᵀ) diag(1/s) and the shards' gradients and
    /// Hessians add up to those of the whole data. The scaling decision is made from the global
    /// moments exactly as ``init(_:intercept:weights:scaling:)`` makes it from the local ones.
    /// Throws `ModelError.nonFiniteData` for a non-finite entry (row index within the shard).
    public init(shard x: Matrix, intercept: Bool, globalMean mean: [Double], globalStd std: [Double],
                scaling: Scaling = .automatic) throws {
        precondition(mean.count == x.columns && std.count == x.columns, "one mean and std per column")
        let n = x.rows, d = x.columns
        try x.storage.withUnsafeBufferPointer { xs in
            for j in 0..<d {
                let col = xs.baseAddress! + j * n
                for i in 0..<n where !col[i].isFinite { throw ModelError.nonFiniteData(row: i, column: j) }
            }
        }
        let standardize: Bool
        switch scaling {
        case .none: standardize = false
        case .standardize: standardize = d > 0
        case .automatic: standardize = Design.needsStandardizing(mean: mean, std: std, intercept: intercept)
        }
        self.data = x
        self.intercept = intercept
        self.weights = nil
        self.isStandardized = standardize
        if standardize {
            let mu = intercept ? mean : [Double](repeating: 0, count: d)
            let s = std.map { $0 > 0 ? $0 : 1 }
            var xt = x
            xt.storage.withUnsafeMutableBufferPointer { b in
                for j in 0..<d {
                    let col = b.baseAddress! + j * n
                    let m = mu[j], inv = 1 / s[j]
                    for i in 0..<n { col[i] = (col[i] - m) * inv }
                }
            }
            self.center = mu
            self.scale = s
            self.matrix = xt
        } else {
            self.center = [Double](repeating: 0, count: d)
            self.scale = [Double](repeating: 1, count: d)
            self.matrix = x
        }
    }
}
