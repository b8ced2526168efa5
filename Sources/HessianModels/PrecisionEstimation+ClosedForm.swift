import HessianLinearAlgebra

// The two closed forms beside the iterative fit: the sample covariance the model is built from
// and the minimizer itself (the reference every solver run is checked against).
extension PrecisionEstimation {
    /// S = (1/N) Σ (xᵢ − x̄)(xᵢ − x̄)ᵀ, the maximum-likelihood covariance of the rows of an N×n
    /// data matrix (centred, divided by N), by one dsyrk of the centred data.
    public static func sampleCovariance(_ data: Matrix) -> Matrix {
        let n = data.rows
        precondition(n >= 1, "sample covariance of no samples")
        var centred = data
        for j in 0..<data.columns {
            let col = data.column(j)
            let mean = col.reduce(0, +) / Double(n)
            for i in 0..<n { centred[i, j] -= mean }
        }
        var s = Matrix(rows: data.columns, columns: data.columns)
        syrk(1 / Double(n), centred, 0, &s)
        return s
    }

    /// The minimizer. λ > 0: with S = Q diag(s) Qᵀ, Θ* = Q diag(θ) Qᵀ where θᵢ solves
    /// λθ² + sθ − 1 = 0, θᵢ = (−sᵢ + √(sᵢ² + 4λ))/(2λ), evaluated as 2/(sᵢ + √(sᵢ² + 4λ)) to avoid
    /// cancellation. λ = 0: Θ* = S⁻¹; throws `ModelError.noMinimizer` if S is not positive definite.
    public func closedForm() throws -> Matrix {
        if l2 == 0 {
            guard let chol = try? Cholesky(covariance) else {
                throw ModelError.noMinimizer(
                    "the sample covariance is not positive definite, so without a penalty (λ = 0) "
                    + "the precision model has no minimizer; use λ > 0 or more samples than variables")
            }
            return try chol.inverse()
        }
        let eig = try SymmetricEigen(covariance)
        let l2 = self.l2
        return eig.reconstruct { s in 2 / (s + (s * s + 4 * l2).squareRoot()) }
    }
}
