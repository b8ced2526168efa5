import Foundation
import HessianLinearAlgebra
import HessianModels

/// The quadratic model m(p) = f + gᵀp + ½pᵀHp at one point, minimized over a region ‖D⁻¹p‖₂ ≤ Δ by
/// one strategy (as Ceres' `TrustRegionStrategy`): built once per accepted point, then solved for
/// every radius the ratio test tries there.
protocol TrustRegionModel {
    /// The minimizer of the model over the region of radius Δ, in x's coordinates.
    func solve(radius: Double) -> TrustRegionSolution
    /// λ² = gᵀH⁻¹g when H is positive definite and the strategy knows it.
    var newtonDecrement: Double? { get }
    /// Δ₀ when none was given: the length of the Newton step when H is positive definite (exact),
    /// else of the Cauchy step ‖g‖³/gᵀHg along −g when gᵀHg > 0, else nil.
    func naturalRadius() -> Double?
    /// ‖D⁻¹v‖₂, the region's norm.
    func regionNorm(_ v: [Double]) -> Double
}

/// A solution of the trust-region subproblem min gᵀp + ½pᵀBp over ‖p‖ ≤ Δ, from either strategy.
struct TrustRegionSolution {
    /// p (in x's coordinates once a `TrustRegionModel` returns it).
    var step: [Double]
    /// m(0) − m(p) = −(gᵀp + ½pᵀBp).
    var predictedDecrease: Double
    var onBoundary: Bool
    /// ‖p‖₂ in the subproblem's coordinates: the region's norm ‖D⁻¹p‖₂ of the step.
    var regionNorm: Double
    /// Exact: the hard case (g orthogonal to the eigenvectors of λ₁ < 0), with `shift` = −λ₁.
    var hardCase = false
    /// Exact: σ ≥ 0 with (B + σI)p = −g.
    var shift = 0.0
    /// Steihaug: CG met dᵀBd ≤ 0.
    var negativeCurvature = false
    /// Steihaug: CG iterations.
    var iterations = 0
}

/// The exact strategy: Moré–Sorensen in the eigenbasis of D H D (`ExactTrustRegionSubproblem`),
/// with D the Jacobi scaling (an ellipsoidal region, N&W §4.5) or the identity.
struct ExactTrustRegionModel: TrustRegionModel {
    let subproblem: ExactTrustRegionSubproblem
    let scale: Equilibration

    init(hessian h: Matrix, gradient g: [Double], scale: Equilibration) throws {
        self.scale = scale
        subproblem = try ExactTrustRegionSubproblem(hessian: scale.scaled(h), gradient: scale.apply(g))
    }

    func solve(radius: Double) -> TrustRegionSolution {
        var s = subproblem.solve(radius: radius)
        s.step = scale.apply(s.step)
        return s
    }

    var newtonDecrement: Double? {
        let lam = subproblem.eigen.values
        guard lam[0] > 0 else { return nil }
        return zip(subproblem.a, lam).reduce(0) { $0 + $1.0 * $1.0 / $1.1 }
    }

    func naturalRadius() -> Double? {
        let lam = subproblem.eigen.values, a = subproblem.a
        if lam[0] > 0 { return zip(a, lam).reduce(0) { $0 + ($1.0 / $1.1) * ($1.0 / $1.1) }.squareRoot() }
        // Cauchy step in eigen-coordinates: ‖g‖³ / gᵀBg with gᵀBg = Σ λᵢaᵢ².
        let gbg = zip(a, lam).reduce(0) { $0 + $1.1 * $1.0 * $1.0 }
        return gbg > 0 ? pow(norm2(a), 3) / gbg : nil
    }

    func regionNorm(_ v: [Double]) -> Double { scale.regionNorm(v) }
}

/// The Steihaug–Toint strategy: CG on Hp = −g with Hessian-vector products only, in the spherical
/// region (D = I).
struct SteihaugTrustRegionModel: TrustRegionModel {
    let curvature: HessianOperator
    let gradient: [Double]
    let cg: SteihaugCG

    func solve(radius: Double) -> TrustRegionSolution { cg.solve(curvature, gradient: gradient, radius: radius) }

    var newtonDecrement: Double? { nil }

    func naturalRadius() -> Double? {
        let gbg = dot(gradient, curvature(gradient))
        return gbg > 0 ? pow(norm2(gradient), 3) / gbg : nil
    }

    func regionNorm(_ v: [Double]) -> Double { norm2(v) }
}
