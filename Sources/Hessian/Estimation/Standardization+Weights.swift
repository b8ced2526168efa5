extension Standardization {
    /// z-scoring of the replicated data: weighted mean Σsᵢxᵢ/Σsᵢ and population std
    /// (Σsᵢ(xᵢ − mean)²/Σsᵢ)^½ per column; a constant column is left as it is.
    init(_ x: Matrix, weights s: [Double]) {
        precondition(s.count == x.rows)
        let total = s.reduce(0, +)
        var means = [Double](), stds = [Double](), constant = [Int]()
        for j in 0..<x.columns {
            var mean = 0.0
            for i in 0..<x.rows { mean += s[i] * x[i, j] }
            mean /= total
            var ss = 0.0
            for i in 0..<x.rows { ss += s[i] * (x[i, j] - mean) * (x[i, j] - mean) }
            let std = (ss / total).squareRoot()
            if std > 0 && std > 1e-14 * abs(mean) {
                means.append(mean)
                stds.append(std)
            } else {
                means.append(0)
                stds.append(1)
                constant.append(j)
            }
        }
        self.init(means: means, stds: stds, constantColumns: constant)
    }
}
