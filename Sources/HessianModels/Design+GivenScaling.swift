import HessianLinearAlgebra

extension Design {
    /// A design whose internal scaling is given instead of computed from `x`: X̃ = (X − 1μᵀ) diag(1/s)
    /// with μ = `scaling.center`, s = `scaling.scale` (X̃ = X when not standardized). Every shard of a
    /// partitioned fit uses the one scaling decided from the global column statistics, so their
    /// internal parameters coincide. Throws `ModelError` for non-finite X or invalid weights.
    /// - Parameters:
    ///   - x: X, N×d, finite.
    ///   - intercept: prepend a column of ones.
    ///   - weights: frequency weights sᵢ > 0, or nil for 1.
    ///   - scaling: μ and s shared by every shard.
    public init(_ x: Matrix, intercept: Bool, weights: [Double]?, scaling: ShardScaling) throws {
        precondition(scaling.center.count == x.columns && scaling.scale.count == x.columns)
        let n = x.rows, d = x.columns
        if let w = weights {
            if w.count != n { throw ModelError.countMismatch(what: "sample weights", expected: n, got: w.count) }
            for (i, v) in w.enumerated() where !(v.isFinite && v > 0) { throw ModelError.invalidWeight(index: i, value: v) }
        }
        for j in 0..<d { for i in 0..<n where !x.storage[j * n + i].isFinite { throw ModelError.nonFiniteData(row: i, column: j) } }
        var xt = x
        if scaling.isStandardized {
            xt.storage.withUnsafeMutableBufferPointer { b in
                for j in 0..<d {
                    let col = b.baseAddress! + j * n
                    Design.standardize(col, n, center: scaling.center[j], scale: scaling.scale[j])
                }
            }
        }
        self.data = x
        self.matrix = xt
        self.intercept = intercept
        self.weights = weights
        self.center = scaling.center
        self.scale = scaling.scale
        self.isStandardized = scaling.isStandardized
        self.units = scaling.units
    }
}
