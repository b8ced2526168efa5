import Foundation
import HessianLinearAlgebra

/// Central-difference derivatives, for checking analytic ones.
///
/// Central differences have truncation error O(h²) and rounding error O(ε/h);
/// the default step h = ε^(1/3)·max(1, |xᵢ|) balances the two, giving about
/// 10 correct digits for smooth functions of moderate scale. The step is
/// rounded so that xᵢ ± h are exactly representable apart from xᵢ.
public enum FiniteDifference {
    /// ε^(1/3) ≈ 6.1e-6
    public static let defaultRelativeStep = pow(Double.ulpOfOne, 1.0 / 3.0)

    private static func step(_ xi: Double, _ h: Double?) -> Double {
        let raw = (h ?? defaultRelativeStep) * max(1, abs(xi))
        // (xᵢ + h) − xᵢ is the step actually taken; use it so the quotient has no representation error.
        return (xi + raw) - xi
    }

    /// ∂f/∂xᵢ ≈ (f(x + hᵢeᵢ) − f(x − hᵢeᵢ)) / (2hᵢ): the n×1 derivative of a scalar function.
    public static func gradient(_ f: ([Double]) -> Double, at x: [Double], step h: Double? = nil) -> [Double] {
        jacobian({ [f($0)] }, at: x, step: h).storage
    }

    /// ∂F/∂x for F: ℝⁿ → ℝᵖ in the denominator layout: an n×p matrix whose row i is
    /// ∂F/∂xᵢ (the transpose of the Jacobian), so that dF = (∂F/∂x)ᵀ dx.
    /// For a matrix function, pass vec(X) ↦ vec(F(X)) to get ∂F/∂X = ∂vec F / ∂vec X.
    public static func jacobian(_ f: ([Double]) -> [Double], at x: [Double], step h: Double? = nil) -> Matrix {
        let n = x.count
        var xp = x
        var rowsOfDerivative: [[Double]] = []
        rowsOfDerivative.reserveCapacity(n)
        for i in 0..<n {
            let hi = step(x[i], h)
            xp[i] = x[i] + hi
            let fp = f(xp)
            xp[i] = x[i] - hi
            let fm = f(xp)
            xp[i] = x[i]
            precondition(fp.count == fm.count, "function output changed length")
            rowsOfDerivative.append(zip(fp, fm).map { ($0 - $1) / (2 * hi) })
        }
        let p = rowsOfDerivative.first?.count ?? 0
        return Matrix(rows: n, columns: p) { i, k in rowsOfDerivative[i][k] }
    }

    /// ∇²f ≈ ∂(∇f)/∂x by central differences of an analytic gradient, then (H + Hᵀ)/2.
    /// (The derivative of ∇f in the denominator layout is already the Hessian.)
    public static func hessian(gradient g: ([Double]) -> [Double], at x: [Double], step h: Double? = nil) -> Matrix {
        jacobian(g, at: x, step: h).symmetrized
    }

    /// ∇²f from values only, by the four-point formula
    /// ∂²f/∂xᵢ∂xⱼ ≈ [f(x+hᵢ+hⱼ) − f(x+hᵢ−hⱼ) − f(x−hᵢ+hⱼ) + f(x−hᵢ−hⱼ)] / (4hᵢhⱼ),
    /// with step ε^(1/4) (error O(h²) + O(ε/h²)). Costs O(n²) evaluations: small n only.
    public static func hessian(_ f: ([Double]) -> Double, at x: [Double], step h: Double? = nil) -> Matrix {
        let n = x.count
        let rel = h ?? pow(Double.ulpOfOne, 0.25)
        let steps = x.map { step($0, rel) }
        var hm = Matrix(rows: n, columns: n)
        var xp = x
        func f2(_ i: Int, _ si: Double, _ j: Int, _ sj: Double) -> Double {
            xp[i] += si * steps[i]
            xp[j] += sj * steps[j]
            let v = f(xp)
            xp[i] = x[i]
            xp[j] = x[j]
            return v
        }
        for i in 0..<n {
            for j in 0...i {
                let v = (f2(i, 1, j, 1) - f2(i, 1, j, -1) - f2(i, -1, j, 1) + f2(i, -1, j, -1))
                    / (4 * steps[i] * steps[j])
                hm[i, j] = v
                hm[j, i] = v
            }
        }
        return hm
    }
}

/// ‖a − b‖∞ / max(‖b‖∞, 1e-12): the error of `computed` relative to the size of `reference`.
/// - Parameters:
///   - computed: a, the value to judge.
///   - reference: b, of the same length.
public func relativeError(_ computed: [Double], _ reference: [Double]) -> Double {
    precondition(computed.count == reference.count, "relativeError: lengths \(computed.count) and \(reference.count) differ")
    var diff = 0.0, size = 0.0
    for i in 0..<computed.count {
        let d = abs(computed[i] - reference[i])
        if d.isNaN { return .nan }
        diff = max(diff, d)
        size = max(size, abs(reference[i]))
    }
    return diff / max(size, 1e-12)
}

/// Entrywise relative error of two matrices of the same shape.
/// - Parameters:
///   - computed: the matrix to judge.
///   - reference: the reference, of the same shape.
public func relativeError(_ computed: Matrix, _ reference: Matrix) -> Double {
    precondition(computed.rows == reference.rows && computed.columns == reference.columns,
                 "relativeError: shapes \(computed.rows)×\(computed.columns) and \(reference.rows)×\(reference.columns) differ")
    return relativeError(computed.storage, reference.storage)
}
