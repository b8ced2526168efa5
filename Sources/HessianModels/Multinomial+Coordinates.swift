import Foundation
import HessianLinearAlgebra
import HessianCalculus

// The maps between the solver's internal coordinates and the user's, and predictions.
extension Multinomial {
    /// Maps each free class's row through `f` (one output's coefficient map of the design).
    private func mapRows(_ w: [Double], _ f: ([Double]) -> [Double]) -> [Double] {
        precondition(w.count == dimension)
        let kk = freeClasses, p = design.parametersPerOutput
        var out = w
        for k in 0..<kk {
            let row = f((0..<p).map { w[k + kk * $0] })
            for j in 0..<p { out[k + kk * j] = row[j] }
        }
        return out
    }

    /// vec(W_ext) = (T ⊗ I_K) vec(W_int): each class's row mapped by the design's T.
    public func externalCoefficients(_ w: [Double]) -> [Double] { mapRows(w, design.externalCoefficients) }
    /// The solver's internal coefficients from user units.
    public func internalCoefficients(_ w: [Double]) -> [Double] { mapRows(w, design.internalCoefficients) }

    /// (T ⊗ I_K) C (T ⊗ I_K)ᵀ for an internal covariance C in vec(W) order; with `inUnits`, T is
    /// U⁻¹T (`Design.externalCovariance(_:inUnits:)`).
    public func externalCovariance(_ c: Matrix, inUnits: Bool = false) -> Matrix {
        precondition(c.rows == dimension && c.isSquare)
        guard design.isStandardized else { return c }
        let t = kron(design.transform(inUnits: inUnits), .identity(freeClasses))
        return product(t * c, t, transposeB: true)
    }

    /// The full m×p coefficient matrix W in user units (the reference class's row is zero)
    /// from external parameters vec(W_free).
    public func coefficientMatrix(_ external: [Double]) -> Matrix {
        precondition(external.count == dimension)
        let kk = freeClasses, p = design.parametersPerOutput
        var w = Matrix(rows: classes, columns: p)
        for j in 0..<p { for k in 0..<kk { w[k + firstFreeClass, j] = external[k + kk * j] } }
        return w
    }

    /// P = rowwise softmax(X Wᵀ + 1bᵀ) (N×m) for W m×p in user units (intercept column first when `intercept`).
    public static func probabilities(_ x: Matrix, coefficients w: Matrix, intercept: Bool) -> Matrix {
        let off = intercept ? 1 : 0
        precondition(w.columns == x.columns + off, "probabilities: W has \(w.columns) columns for \(x.columns) features")
        let m = w.rows, n = x.rows
        let wf = Matrix(rows: m, columns: x.columns, storage: Array(w.storage[(m * off)...]))
        var a = product(x, wf, transposeB: true)
        for i in 0..<n {
            var mx = -Double.infinity
            for k in 0..<m {
                if intercept { a[i, k] += w[k, 0] }
                mx = max(mx, a[i, k])
            }
            var s = 0.0
            for k in 0..<m { a[i, k] = exp(a[i, k] - mx); s += a[i, k] }
            for k in 0..<m { a[i, k] /= s }
        }
        return a
    }
}
