import HessianLinearAlgebra

/// f(X) = log|X| for a general square n×n X, parameter vec(X) (n² entries):
///     ∇f = X⁻ᵀ,   ∇²f = −K_nn (X⁻ᵀ ⊗ X⁻¹),
/// i.e. ∂²f/∂X_ab∂X_cd = −(X⁻¹)_bc (X⁻¹)_da, from d²f = −tr(X⁻¹ dX X⁻¹ dX).
/// f is defined where det X > 0; elsewhere the value is +∞ (and, where X is singular,
/// the gradient and Hessian are NaN: they do not exist there).
public struct LogDeterminant: Objective, Sendable {
    /// n (X is n×n).
    public let size: Int

    /// The log-determinant over n×n matrices; the parameter has n² entries, vec(X) column-major.
    /// - Parameter n: the matrix size, ≥ 1 (a programmer's choice: a smaller size traps).
    public init(size n: Int) {
        precondition(n >= 1, "log-determinant of a \(n)×\(n) matrix")
        size = n
    }

    public var dimension: Int { size * size }

    private func matrix(_ x: [Double]) -> Matrix {
        precondition(x.count == dimension, "log-determinant: \(x.count) entries for a \(size)×\(size) matrix")
        return Matrix(rows: size, columns: size, storage: x)
    }

    /// (log|X| or +∞, X⁻¹ when X is invertible)
    private func factor(_ x: [Double]) -> (value: Double, inverse: Matrix?) {
        guard let lu = try? LU(matrix(x)) else { return (.infinity, nil) }
        let (sign, logAbs) = lu.logAbsDeterminant
        let inverse = try? lu.inverse()
        return (sign > 0 && logAbs.isFinite ? logAbs : .infinity, inverse)
    }

    public func value(at x: [Double]) -> Double { factor(x).value }

    public func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        let (v, inverse) = factor(x)
        let n = size
        guard let b = inverse else {
            let nan = [Double](repeating: .nan, count: dimension)
            return Evaluation(value: v, gradient: nan,
                              hessian: hessian ? Matrix(rows: dimension, columns: dimension, repeating: .nan) : nil)
        }
        var h: Matrix?
        if hessian {
            var hm = Matrix(rows: n * n, columns: n * n)
            for dd in 0..<n {
                for c in 0..<n {
                    let col = c + n * dd
                    for bb in 0..<n {
                        let bbc = b[bb, c]
                        for a in 0..<n { hm[a + n * bb, col] = -bbc * b[dd, a] }
                    }
                }
            }
            h = hm
        }
        return Evaluation(value: v, gradient: b.transposed.storage, hessian: h)
    }

    /// v ↦ −vec((X⁻¹ V X⁻¹)ᵀ), the directional derivative of X⁻ᵀ along V.
    /// - Parameter x: vec(X), n² entries.
    public func curvature(at x: [Double]) -> HessianOperator {
        let b = factor(x).inverse ?? Matrix(rows: size, columns: size, repeating: .nan)
        let n = size
        return HessianOperator(dimension: dimension) { v in
            let bvb = b * Matrix(rows: n, columns: n, storage: v) * b
            return (-bvb).transposed.storage
        }
    }

    /// Solves ∇²f vec Δ = −vec G without the n²×n² Hessian: −vec((X⁻¹ΔX⁻¹)ᵀ) = −vec G gives
    /// Δ = X Gᵀ X (two products). For G = ∇f = X⁻ᵀ this is Δ = X. (f is not convex, so the
    /// Newton step is a step to a stationary point of the quadratic model, not a descent direction.)
    /// - Parameters:
    ///   - x: vec(X), n² entries.
    ///   - gradient: ∇f at the point, as `evaluate` returned it.
    public func newtonStep(at x: [Double], gradient: [Double]) throws -> [Double]? {
        precondition(gradient.count == dimension)
        let xm = matrix(x)
        return (xm * Matrix(rows: size, columns: size, storage: gradient).transposed * xm).storage
    }
}
