import Foundation
import HessianLinearAlgebra

/// Wald inference for one coefficient: estimate w, standard error se = √Cⱼⱼ,
/// z = w/se, two-sided p = 2(1 − Φ(|z|)), 95 % interval w ± 1.959964·se.
public struct CoefficientInference: Sendable, Equatable, Codable {
    /// The estimate w.
    public var estimate: Double
    /// se = √Cⱼⱼ.
    public var standardError: Double
    /// z = w/se (NaN when se = 0).
    public var z: Double
    /// Two-sided p = 2(1 − Φ(|z|)).
    public var pValue: Double
    /// w − 1.959964·se.
    public var lower: Double
    /// w + 1.959964·se.
    public var upper: Double

    /// The inference for an estimate and its standard error.
    /// - Parameters:
    ///   - estimate: the coefficient wⱼ.
    ///   - standardError: seⱼ > 0.
    public init(estimate: Double, standardError: Double) {
        self.estimate = estimate
        self.standardError = standardError
        z = standardError > 0 ? estimate / standardError : .nan
        pValue = standardError > 0 ? StandardNormal.twoSidedPValue(z) : .nan
        lower = estimate - StandardNormal.z975 * standardError
        upper = estimate + StandardNormal.z975 * standardError
    }

    /// One entry per coefficient, from the estimates and their covariance matrix C.
    public static func table(estimates w: [Double], covariance c: Matrix) -> [CoefficientInference] {
        precondition(c.isSquare && c.rows == w.count, "covariance is \(c.rows)×\(c.columns) for \(w.count) coefficients")
        return w.indices.map { CoefficientInference(estimate: w[$0], standardError: Swift.max(0, c[$0, $0]).squareRoot()) }
    }
}

/// Errors from estimating a covariance.
public enum InferenceError: Error, Equatable, CustomStringConvertible {
    /// H is not positive definite at the optimum, so H⁻¹ is not a covariance.
    case singularHessian(String)

    /// The problem, in one line.
    public var description: String {
        switch self {
        case .singularHessian(let why): return "standard errors unavailable: the Hessian is singular (\(why))"
        }
    }
}

/// The model-based covariance of maximum-likelihood estimates (for robust and cluster-robust
/// covariances see ``SandwichCovariance``).
public enum Covariance {
    /// C = H⁻¹ by Cholesky (dpotrf + dpotri): at an unpenalized maximum-likelihood optimum the
    /// inverse Hessian of the negative log-likelihood estimates the covariance of the estimates.
    /// H is symmetrized first.
    /// - Parameter h: the Hessian of the negative log-likelihood at the optimum, p×p.
    /// - Returns: C = H⁻¹, p×p.
    /// - Throws: ``InferenceError/singularHessian(_:)`` when H is not positive definite.
    public static func inverseHessian(_ h: Matrix) throws -> Matrix {
        do {
            return try Cholesky(h.symmetrized).inverse()
        } catch let e as LinearAlgebraError {
            throw InferenceError.singularHessian(e.description)
        }
    }
}
