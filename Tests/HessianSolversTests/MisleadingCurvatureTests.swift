import Foundation
import Testing
import HessianTestSupport
import HessianModels
import HessianSolvers
import HessianLinearAlgebra

/// Approximate curvature may cost time, never the answer or the verdict: a model whose subsampled
/// and Float32 Hessian-vector products are badly wrong must still be solved by the trust region to
/// the exact solver's minimizer, with the same termination, once it falls back to exact products.
@Suite struct MisleadingCurvatureTests {
    /// f with approximate products H v/50 (steps 50 times too long, so the gradient grows along them);
    /// exact products are f's.
    struct Misleading<F: Objective>: Objective {
        let base: F
        var dimension: Int { base.dimension }
        func value(at x: [Double]) -> Double { base.value(at: x) }
        func evaluate(at x: [Double], hessian: Bool) -> Evaluation { base.evaluate(at: x, hessian: hessian) }
        func curvature(at x: [Double]) -> HessianOperator { base.curvature(at: x) }
        func curvature(at x: [Double], approximation: HessianApproximation) -> HessianOperator {
            guard approximation != .exact else { return base.curvature(at: x) }
            let exact = base.curvature(at: x)
            return HessianOperator(dimension: dimension, approximation: approximation) { v in exact(v).map { $0 / 50 } }
        }
    }

    /// Started 10⁻⁷ from the minimizer, where every predicted decrease is below the rounding level of
    /// f and only the gradient can confirm a step: the misleading model's steps raise it, which ended
    /// the run (noProgress) while the model was kept; exact products from the same point finish it.
    @Test func trustRegionFinishesWithExactProducts() throws {
        let (x, y) = SimulatedData.multinomial(n: 4_000, d: 4, classes: 3, seed: 21)
        // The reference class makes every coefficient identified (all classes free leave the
        // intercepts' common shift to the penalty-free null space).
        let model = try Multinomial(design: try Design(x), labels: y, classes: 3, l2: 1, parametrization: .referenceClass)
        let optimum = try minimize(model, from: [Double](repeating: 0, count: model.dimension),
                                   using: TrustRegion(subproblem: .steihaug, approximateCurvature: false))
        #expect(optimum.converged, "\(optimum.message)")
        let misled = try minimize(Misleading(base: model), from: optimum.solution.map { $0 + 1e-7 },
                                  using: TrustRegion(subproblem: .steihaug))
        #expect(misled.converged, "\(misled.message)")
        expectClose(misled.solution, optimum.solution, relative: 1e-8)
        #expect(misled.notes.contains { $0.contains("exact products from here") }, "\(misled.notes)")
    }
}
