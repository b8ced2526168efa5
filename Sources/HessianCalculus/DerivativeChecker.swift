import HessianLinearAlgebra

/// Compares analytic derivatives with central differences — the public tool for
/// checking a new model's gradient and Hessian before trusting a solver with it.
///
///     let report = DerivativeChecker.check(value: f, gradient: g, hessian: h, at: x)
///     assert(report.gradientError < 1e-6 && report.hessianError! < 1e-6)
public struct DerivativeChecker {
    /// The result of one check; errors are relative (see `relativeError`).
    public struct Report: Sendable, CustomStringConvertible {
        /// Analytic gradient against central differences of the value.
        public var gradientError: Double
        /// Analytic Hessian against central differences of the analytic gradient.
        public var hessianError: Double?
        /// Largest |H − Hᵀ| relative to max |H|: an analytic Hessian must be symmetric.
        public var hessianAsymmetry: Double?
        /// A Hessian-vector product H v against the dense H times v (nil when not checked).
        public var hessianVectorProductError: Double?

        public var description: String {
            var s = "gradient relative error \(gradientError)"
            if let h = hessianError { s += ", Hessian relative error \(h)" }
            if let a = hessianAsymmetry { s += ", Hessian asymmetry \(a)" }
            if let v = hessianVectorProductError { s += ", Hessian-vector product relative error \(v)" }
            return s
        }

        /// The largest available error.
        public var worst: Double {
            max(gradientError, hessianError ?? 0, hessianAsymmetry ?? 0, hessianVectorProductError ?? 0)
        }

        /// True when every available error is at most `tolerance`.
        public func passes(tolerance: Double = 1e-6) -> Bool { worst <= tolerance }
    }

    /// Checks ∇f (and ∇²f when given) at x.
    public static func check(value f: ([Double]) -> Double,
                             gradient g: ([Double]) -> [Double],
                             hessian h: (([Double]) -> Matrix)? = nil,
                             at x: [Double], step: Double? = nil) -> Report {
        let gradientError = relativeError(g(x), FiniteDifference.gradient(f, at: x, step: step))
        var report = Report(gradientError: gradientError)
        if let h {
            let analytic = h(x)
            report.hessianError = relativeError(analytic, FiniteDifference.hessian(gradient: g, at: x, step: step))
            report.hessianAsymmetry = analytic.maxAbsDifference(analytic.transposed) / max(analytic.maxAbs, 1e-300)
        }
        return report
    }

    /// Checks a derivative ∂F/∂x of a vector function (denominator layout, n×p).
    public static func checkJacobian(_ f: ([Double]) -> [Double], derivative: Matrix,
                                     at x: [Double], step: Double? = nil) -> Double {
        relativeError(derivative, FiniteDifference.jacobian(f, at: x, step: step))
    }
}
