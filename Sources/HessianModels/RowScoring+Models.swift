import HessianLinearAlgebra

// RowScoring conformances of the regression models: G = R ⊗ X̂ row by row (`Design.rowScores`),
// with R the weighted derivative of each row's loss with respect to its linear predictor(s).

extension LeastSquares: RowScoring {
    /// Row i: sᵢ eᵢ x̂ᵢ with eᵢ = x̂ᵢᵀw − yᵢ, the gradient of ½ sᵢ eᵢ² (statsmodels OLS's score xᵢeᵢ
    /// for unit weights: no σ², whose bread is (X̂ᵀSX̂)⁻¹).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func rowScores(at w: [Double]) -> Matrix {
        precondition(w.count == dimension)
        var r = design.linearPredictor(w)
        let s = design.weights
        for i in 0..<r.count { r[i] = (s?[i] ?? 1) * (r[i] - targets[i]) }
        return design.rowScores(residuals: .column(r))
    }

    /// hᵢ = x̂ᵢᵀ(X̂ᵀSX̂)⁻¹x̂ᵢ from the inverse of the unpenalized Hessian X̂ᵀSX̂ (internal coordinates):
    /// the leverage of each of row i's sᵢ replicated copies.
    /// - Parameter c: (X̂ᵀSX̂)⁻¹, p×p, in internal coordinates.
    public func leverages(inverseHessian c: Matrix) -> [Double] { design.quadraticForms(c) }
}

extension Logistic: RowScoring {
    /// Row i: sᵢ (σ(zᵢ) − yᵢ) x̂ᵢ.
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func rowScores(at w: [Double]) -> Matrix {
        precondition(w.count == dimension)
        var r = design.linearPredictor(w)
        let s = design.weights
        for i in 0..<r.count { r[i] = (s?[i] ?? 1) * (LogisticFunctions.sigmoid(r[i]).value - labels[i]) }
        return design.rowScores(residuals: .column(r))
    }
}

extension Multinomial: RowScoring {
    /// Row i: vec(rᵢ x̂ᵢᵀ) with rᵢₖ = sᵢ (pᵢₖ − [yᵢ = k]) over the free classes, in the parameter
    /// order k + K·j. P comes from the stable softmax of `probabilities` at the same point in user
    /// units (the reparametrization leaves the linear predictors unchanged).
    /// - Parameter w: the coefficients in the design's internal coordinates, `dimension` entries.
    public func rowScores(at w: [Double]) -> Matrix {
        precondition(w.count == dimension)
        let external = coefficientMatrix(externalCoefficients(w))
        let p = Multinomial.probabilities(design.data, coefficients: external, intercept: design.intercept)
        let n = design.rows, kk = freeClasses, c0 = firstFreeClass
        var r = Matrix(rows: n, columns: kk)
        let s = design.weights
        for k in 0..<kk {
            for i in 0..<n { r[i, k] = (s?[i] ?? 1) * (p[i, k + c0] - (labels[i] == k + c0 ? 1 : 0)) }
        }
        return design.rowScores(residuals: r)
    }
}

// Poisson's and NB2's `rowScores(at:)` rows are sᵢ∇ℓᵢ (NB2 with the θ = log α column last).
extension Poisson: RowScoring {}
extension NegativeBinomial: RowScoring {}
