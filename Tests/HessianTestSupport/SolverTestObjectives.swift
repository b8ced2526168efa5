import Foundation
import HessianLinearAlgebra
import HessianModels

/// Rosenbrock f(x, y) = 100(y − x²)² + (1 − x)², minimum 0 at (1, 1).
public struct Rosenbrock: Objective {
    public init() {}
    public var dimension: Int { 2 }
    public func value(at p: [Double]) -> Double {
        let x = p[0], y = p[1]
        return 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x)
    }
    public func evaluate(at p: [Double], hessian: Bool) -> Evaluation {
        let x = p[0], y = p[1]
        let g = [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)]
        var h: Matrix? = nil
        if hessian { h = hessianMatrix(p) }
        return Evaluation(value: value(at: p), gradient: g, hessian: h)
    }
    public func hessianMatrix(_ p: [Double]) -> Matrix {
        let x = p[0], y = p[1]
        return [[1200 * x * x - 400 * y + 2, -400 * x], [-400 * x, 200]]
    }
    public func curvature(at p: [Double]) -> HessianOperator { HessianOperator(hessianMatrix(p)) }
}

/// f(x) = ½xᵀAx − bᵀx with symmetric A; ∇f = Ax − b, ∇²f = A.
public struct Quadratic: Objective {
    public let a: Matrix
    public let b: [Double]
    public init(a: Matrix, b: [Double]) { (self.a, self.b) = (a, b) }
    public var dimension: Int { b.count }
    public func value(at x: [Double]) -> Double { 0.5 * dot(x, a * x) - dot(b, x) }
    public func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        let ax = a * x
        return Evaluation(value: 0.5 * dot(x, ax) - dot(b, x), gradient: subtract(ax, b), hessian: hessian ? a : nil)
    }
    public func curvature(at x: [Double]) -> HessianOperator { HessianOperator(a) }

    /// A well-conditioned random SPD quadratic: A = MᵀM/n + I.
    public static func random(_ n: Int, seed: UInt64) -> Quadratic {
        var rng = SeededGenerator(seed: seed)
        let m = Matrix(rows: n, columns: n) { _, _ in rng.uniform() * 2 - 1 }
        var a = gram(m)
        a = (1.0 / Double(n)) * a
        a.addToDiagonal(1)
        return Quadratic(a: a, b: (0..<n).map { _ in rng.uniform() * 2 - 1 })
    }

    /// Badly scaled: A = S C S with C tridiagonal (1 on the diagonal, 0.45 beside it; κ(C) < 19), S = diag spanning
    /// 10⁻³…10³, so diag(A) spans 10⁻⁶…10⁶ and the off-diagonals couple them. b = A x* with
    /// x* = S⁻¹u, u = (1, −1, 2, …).
    public static func badlyScaled(_ n: Int) -> (Quadratic, [Double]) {
        let s = (0..<n).map { pow(10, -3 + 6 * Double($0) / Double(n - 1)) }
        let c = Matrix(rows: n, columns: n) { i, j in i == j ? 1 : (abs(i - j) == 1 ? 0.45 : 0) }
        let a = Matrix(rows: n, columns: n) { i, j in s[i] * c[i, j] * s[j] }
        let u: [Double] = (0..<n).map { i in
            let sign: Double = i % 2 == 0 ? 1 : -1
            return sign * Double(i % 3 + 1)
        }
        let xStar = (0..<n).map { u[$0] / s[$0] }
        return (Quadratic(a: a, b: a * xStar), xStar)
    }
}

/// f(X) = log|X| for a general (non-symmetric) 3×3 X, +∞ where det X ≤ 0.
/// ∇f = X⁻ᵀ, and ∂²f/∂Xᵢⱼ∂Xₖₗ = −(X⁻¹)ⱼₖ(X⁻¹)ₗᵢ, with (i, j) at index i + 3j (column-major vec).
public struct LogDet3: Objective {
    public init() {}
    public var dimension: Int { 9 }
    public func value(at x: [Double]) -> Double {
        guard let (sign, logAbs) = try? Matrix(rows: 3, columns: 3, storage: x).logAbsDeterminant(), sign > 0 else {
            return .infinity
        }
        return logAbs
    }
    public func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        let v = value(at: x)
        guard v.isFinite, let inv = try? Matrix(rows: 3, columns: 3, storage: x).inverse() else {
            return Evaluation(value: .infinity, gradient: [Double](repeating: .nan, count: 9))
        }
        let g = inv.transposed.storage
        var h: Matrix? = nil
        if hessian {
            var m = Matrix(rows: 9, columns: 9)
            for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 {
                m[i + 3 * j, k + 3 * l] = -inv[j, k] * inv[l, i]
            } } } }
            h = m
        }
        return Evaluation(value: v, gradient: g, hessian: h)
    }
    public func curvature(at x: [Double]) -> HessianOperator { HessianOperator(hessian(at: x)) }
}

/// Wraps an objective and corrupts it: `nanValueUnlessStart` makes f NaN everywhere except at the
/// starting point; `nanGradientBeyond` makes the gradient NaN once x₀ > the threshold.
public struct Corrupted<F: Objective>: Objective {
    public let base: F
    public var start: [Double]? = nil
    public var nanGradientBeyond: Double? = nil
    public init(base: F, start: [Double]? = nil, nanGradientBeyond: Double? = nil) {
        (self.base, self.start, self.nanGradientBeyond) = (base, start, nanGradientBeyond)
    }
    public var dimension: Int { base.dimension }
    public func value(at x: [Double]) -> Double {
        if let s = start, x != s { return .nan }
        return base.value(at: x)
    }
    public func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        var e = base.evaluate(at: x, hessian: hessian)
        e.value = value(at: x)
        if let t = nanGradientBeyond, x[0] > t { e.gradient[0] = .nan }
        return e
    }
    public func curvature(at x: [Double]) -> HessianOperator { base.curvature(at: x) }
}


/// x solving A x = b by LAPACK LU (an independent route from the solvers' Cholesky).
public func directSolve(_ a: Matrix, _ b: [Double]) -> [Double] { try! LU(a).solve(b) }
