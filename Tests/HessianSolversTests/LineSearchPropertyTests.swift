import Foundation
import Testing
import HessianTestSupport
@testable import HessianSolvers
import HessianLinearAlgebra

@Suite struct LineSearchPropertyTests {
    /// Random points of Rosenbrock, random descent directions (−g rotated by < 80° and scaled over
    /// 10⁻⁴…10⁴) and random initial steps: whenever the searches report success, the conditions hold
    /// (re-checked with an independent evaluation), and they report success in the vast majority.
    @Test func conditionsHoldOnRandomProblems() {
        var rng = SeededGenerator(seed: 99)
        let f = Rosenbrock()
        var successes = 0, trials = 0
        for _ in 0..<300 {
            let x = [Double.random(in: -2..<2, using: &rng), Double.random(in: -1..<3, using: &rng)]
            let e = f.evaluate(at: x, hessian: false)
            let angle = Double.random(in: -1.4..<1.4, using: &rng)
            let scale = pow(10, Double.random(in: -4..<4, using: &rng))
            let g = e.gradient
            let p = [-(cos(angle) * g[0] - sin(angle) * g[1]) * scale, -(sin(angle) * g[0] + cos(angle) * g[1]) * scale]
            let alpha0 = pow(10, Double.random(in: -2..<2, using: &rng))
            let slope = dot(g, p)
            trials += 1
            let w = StrongWolfeLineSearch(maxEvaluations: 60).search(f, from: x, value: e.value, gradient: g, direction: p, initialStep: alpha0)
            if w.status == .success {
                successes += 1
                let en = f.evaluate(at: add(x, scaled(w.step, p)), hessian: false)
                #expect(en.value <= e.value + 1e-4 * w.step * slope)
                #expect(abs(dot(en.gradient, p)) <= 0.9 * abs(slope))
            }
            let a = BacktrackingLineSearch().search(f, from: x, value: e.value, gradient: g, direction: p, initialStep: alpha0)
            #expect(a.status == .success, "\(a.status)")
            if a.status == .success {
                #expect(f.value(at: add(x, scaled(a.step, p))) <= e.value + 1e-4 * a.step * slope)
                #expect(a.step <= alpha0)
            }
        }
        #expect(successes >= trials * 95 / 100, "strong Wolfe succeeded in \(successes) of \(trials)")
    }
}
