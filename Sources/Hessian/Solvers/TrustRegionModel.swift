import Foundation

/// The quadratic model m(p) = f + gᵀp + ½pᵀHp at one point, minimized over a region ‖D⁻¹p‖₂ ≤ Δ by
/// one strategy (as Ceres' `TrustRegionStrategy`): built once per accepted point, then solved for
/// every radius the ratio test tries there.
protocol TrustRegionModel {
    /// The minimizer of the model over the region of radius Δ, in x's coordinates.
    func solve(radius: Double) -> TrustRegionTrialStep
    /// λ² = gᵀH⁻¹g when H is positive definite and the strategy knows it.
    var newtonDecrement: Double? { get }
    /// Δ₀ when none was given: the length of the Newton step when H is positive definite (exact),
    /// else of the Cauchy step ‖g‖³/gᵀHg along −g when gᵀHg > 0, else nil.
    func naturalRadius() -> Double?
    /// ‖D⁻¹v‖₂, the region's norm.
    func regionNorm(_ v: [Double]) -> Double
}

/// One solution of a ``TrustRegionModel`` for a radius.
struct TrustRegionTrialStep {
    /// p in x's coordinates.
    var step: [Double]
    /// m(0) − m(p).
    var predictedDecrease: Double
    var onBoundary: Bool
    /// ‖D⁻¹p‖₂.
    var regionNorm: Double
    /// A sentence for the notes when the hard case of the subproblem was met.
    var hardCase: String?
}

/// The exact strategy: Moré–Sorensen in the eigenbasis of D H D (``ExactTrustRegionSubproblem``),
/// with D the Jacobi scaling (an ellipsoidal region, N&W §4.5) or the identity.
struct ExactTrustRegionModel: TrustRegionModel {
    let subproblem: ExactTrustRegionSubproblem
    let scale: Equilibration

    init(hessian h: Matrix, gradient g: [Double], scale: Equilibration) throws {
        self.scale = scale
        subproblem = try ExactTrustRegionSubproblem(hessian: scale.scaled(h), gradient: scale.apply(g))
    }

    func solve(radius: Double) -> TrustRegionTrialStep {
        let s = subproblem.solve(radius: radius)
        let hard = s.hardCase
            ? "hard case of the trust-region subproblem (gradient orthogonal to the eigenvector of the smallest "
              + "eigenvalue \(fmt(subproblem.eigen.values[0]))); stepped along that eigenvector"
            : nil
        return TrustRegionTrialStep(step: scale.apply(s.step), predictedDecrease: s.predictedDecrease,
                                    onBoundary: s.onBoundary, regionNorm: norm2(s.step), hardCase: hard)
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

    func solve(radius: Double) -> TrustRegionTrialStep {
        let s = cg.solve(curvature, gradient: gradient, radius: radius)
        return TrustRegionTrialStep(step: s.step, predictedDecrease: s.predictedDecrease, onBoundary: s.onBoundary,
                                    regionNorm: norm2(s.step), hardCase: nil)
    }

    var newtonDecrement: Double? { nil }

    func naturalRadius() -> Double? {
        let gbg = dot(gradient, curvature(gradient))
        return gbg > 0 ? pow(norm2(gradient), 3) / gbg : nil
    }

    func regionNorm(_ v: [Double]) -> Double { norm2(v) }
}
