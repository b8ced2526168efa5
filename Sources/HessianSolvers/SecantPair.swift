import HessianLinearAlgebra

/// The secant pair of a quasi-Newton step, s = xₖ₊₁ − xₖ and y = ∇fₖ₊₁ − ∇fₖ, shared by BFGS and
/// L-BFGS so that both apply the same curvature test before updating.
struct SecantPair {
    let s: [Double]
    let y: [Double]
    /// yᵀs and yᵀy.
    let sy: Double
    let yy: Double

    init(from x: [Double], _ g: [Double], to xNew: [Double], _ gNew: [Double]) {
        s = subtract(xNew, x)
        y = subtract(gNew, g)
        sy = dot(s, y)
        yy = dot(y, y)
    }

    /// yᵀs > 1e-10‖s‖‖y‖: the update keeps the inverse-Hessian approximation positive definite
    /// and is not dominated by rounding; otherwise it is skipped.
    var hasCurvature: Bool { sy > 1e-10 * norm2(s) * yy.squareRoot() && sy.isFinite && yy > 0 }

    /// γ = sᵀy / yᵀy, the scaling of the initial inverse Hessian γI.
    var gamma: Double { sy / yy }
}
