import HessianLinearAlgebra

extension Standardization {
    /// z-scoring of the replicated data: weighted mean Σsᵢxᵢ/Σsᵢ and population std
    /// (Σsᵢ(xᵢ − mean)²/Σsᵢ)^½ per column; a constant column is left as it is.
    init(_ x: Matrix, weights s: [Double]) {
        precondition(s.count == x.rows)
        let total = s.reduce(0, +)
        self.init(columnMoments: (0..<x.columns).map { j in
            var mean = 0.0
            for i in 0..<x.rows { mean += s[i] * x[i, j] }
            mean /= total
            var ss = 0.0
            for i in 0..<x.rows { ss += s[i] * (x[i, j] - mean) * (x[i, j] - mean) }
            return (mean, (ss / total).squareRoot())
        })
    }
}
