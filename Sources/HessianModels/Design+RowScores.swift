import HessianLinearAlgebra

// The per-row score matrix of a model whose loss depends on x̂ᵢ only through K linear
// predictors aᵢₖ = wₖᵀx̂ᵢ: ∇_w ℓᵢ = rᵢ ⊗ x̂ᵢ with rᵢₖ = ∂ℓᵢ/∂aᵢₖ, and the leverages of least squares.

extension Design {
    /// G (N × K·p) with G[i, k + K·j] = R[i, k] · x̂ᵢⱼ, x̂ᵢ = (1, x̃ᵢ) with an intercept — the vec(W)
    /// order of a K×p coefficient matrix (K = 1: a vector). R is N×K (the weighted residuals
    /// sᵢ ∂ℓᵢ/∂aᵢₖ). Column by column: an elementwise product with a column of X̃, no N×p copy of X̂.
    func rowScores(residuals r: Matrix) -> Matrix {
        precondition(r.rows == rows)
        let n = rows, kk = r.columns, p = parametersPerOutput, off = intercept ? 1 : 0
        var g = Matrix(rows: n, columns: kk * p)
        g.storage.withUnsafeMutableBufferPointer { gs in
            matrix.storage.withUnsafeBufferPointer { xs in
                r.storage.withUnsafeBufferPointer { rs in
                    for j in 0..<p {
                        for k in 0..<kk {
                            let dst = gs.baseAddress! + (k + kk * j) * n, rk = rs.baseAddress! + k * n
                            if off == 1 && j == 0 {
                                dst.update(from: rk, count: n)
                            } else {
                                let xj = xs.baseAddress! + (j - off) * n
                                for i in 0..<n { dst[i] = rk[i] * xj[i] }
                            }
                        }
                    }
                }
            }
        }
        return g
    }

    /// hᵢ = x̂ᵢᵀ C x̂ᵢ for a symmetric p×p C, e.g. the leverages hᵢ = x̂ᵢᵀ(X̂ᵀSX̂)⁻¹x̂ᵢ of
    /// (weighted) least squares with C the inverse Gram. One gemm Z = X̃ C_ff per row block
    /// (C_ff the feature block), then hᵢ = c₀₀ + 2 Σⱼ c₀ⱼ x̃ᵢⱼ + Σⱼ zᵢⱼ x̃ᵢⱼ with an intercept.
    /// Leverages are invariant under the internal rescaling (X̂ → X̂T⁻¹ maps C → TCTᵀ), so
    /// internal coordinates give the user's leverages.
    /// - Parameter c: C, p×p symmetric, in internal coordinates.
    public func quadraticForms(_ c: Matrix) -> [Double] {
        precondition(c.isSquare && c.rows == parametersPerOutput)
        let n = rows, d = features, off = intercept ? 1 : 0, p = parametersPerOutput
        var h = [Double](repeating: off == 1 ? c[0, 0] : 0, count: n)
        guard d > 0 else { return h }
        var cff = Matrix(rows: d, columns: d)
        for j in 0..<d { for i in 0..<d { cff[i, j] = c[off + i, off + j] } }
        let c0 = off == 1 ? (0..<d).map { 2 * c[0, 1 + $0] } : []
        let b = RowBlocks.blockRows(columns: p)
        let z = UnsafeMutablePointer<Double>.allocate(capacity: b * d)
        defer { z.deallocate() }
        matrix.storage.withUnsafeBufferPointer { xsb in
            cff.storage.withUnsafeBufferPointer { csb in
                let xs = xsb.baseAddress!
                var r0 = 0
                while r0 < n {
                    let rb = min(b, n - r0)
                    blockGemm(transposeA: false, transposeB: false, m: rb, n: d, k: d, 1, xs + r0, lda: n,
                              csb.baseAddress!, ldb: d, 0, z, ldc: rb)
                    for j in 0..<d {
                        let xj = xs + j * n + r0, zj = z + j * rb
                        let cj = off == 1 ? c0[j] : 0
                        for i in 0..<rb { h[r0 + i] += (zj[i] + cj) * xj[i] }
                    }
                    r0 += rb
                }
            }
        }
        return h
    }
}
