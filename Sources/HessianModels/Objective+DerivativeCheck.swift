import HessianLinearAlgebra
import HessianCalculus

extension Objective {
    /// Checks the gradient, the dense Hessian (if `hessian`) and the Hessian-vector product
    /// along v (if given) at x against central differences, with the Calculus layer's
    /// `DerivativeChecker`; the Hessian-vector product is compared with the dense H v.
    /// - Parameters:
    ///   - x: the point.
    ///   - checkHessian: whether to compare the dense Hessian with differences of the gradient.
    ///   - v: a direction for the Hessian-vector product check, or nil to skip it.
    ///   - step: the relative difference step; nil for ε^(1/3) (`FiniteDifference.defaultRelativeStep`).
    public func derivativeErrors(at x: [Double], hessian checkHessian: Bool = true,
                                 direction v: [Double]? = nil, step: Double? = nil) -> DerivativeChecker.Report {
        var report = DerivativeChecker.check(
            value: { self.value(at: $0) },
            gradient: { self.gradient(at: $0) },
            hessian: checkHessian ? { self.hessian(at: $0) } : nil,
            at: x, step: step)
        if let v {
            report.hessianVectorProductError = relativeError(curvature(at: x)(v), hessian(at: x) * v)
        }
        return report
    }
}
