import HessianLinearAlgebra
import HessianCalculus

/// Relative errors of an objective's analytic derivatives against central differences.
public struct DerivativeErrors: Sendable, CustomStringConvertible {
    /// ∇f against central differences of f.
    public var gradient: Double
    /// ∇²f against central differences of ∇f (nil when not checked).
    public var hessian: Double?
    /// curvature(x)(v) against ∇²f(x) v (nil when not checked).
    public var hessianVectorProduct: Double?
    /// Largest |H − Hᵀ| relative to max |H|.
    public var asymmetry: Double?

    public var description: String {
        "gradient \(gradient), Hessian \(hessian.map { "\($0)" } ?? "–"), Hv \(hessianVectorProduct.map { "\($0)" } ?? "–"), asymmetry \(asymmetry.map { "\($0)" } ?? "–")"
    }

    public var worst: Double { max(gradient, hessian ?? 0, hessianVectorProduct ?? 0, asymmetry ?? 0) }
}

extension Objective {
    /// Checks the gradient, the dense Hessian (if `hessian`) and the Hessian-vector product
    /// along v (if given) at x, using the Calculus layer's `DerivativeChecker`.
    public func derivativeErrors(at x: [Double], hessian checkHessian: Bool = true,
                                 direction v: [Double]? = nil, step: Double? = nil) -> DerivativeErrors {
        let report = DerivativeChecker.check(
            value: { self.value(at: $0) },
            gradient: { self.gradient(at: $0) },
            hessian: checkHessian ? { self.hessian(at: $0) } : nil,
            at: x, step: step)
        var e = DerivativeErrors(gradient: report.gradientError, hessian: report.hessianError,
                                 asymmetry: report.hessianAsymmetry)
        if let v {
            let h = hessian(at: x)
            e.hessianVectorProduct = relativeError(curvature(at: x)(v), h * v)
        }
        return e
    }
}
