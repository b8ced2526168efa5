import HessianTestSupport
import Foundation
@testable import HessianSolvers
import HessianLinearAlgebra
import HessianModels

/// One Moré–Garbow–Hillstrom test problem (ACM TOMS 7(1), 1981): f(x) = Σᵢ rᵢ(x)², with the
/// residuals written once over ``SecondOrderDual`` so that the gradient and Hessian are the analytic
/// ones (exact second-order forward differentiation), the standard starting point and the known
/// local minima f* (the paper's, or the more digits later literature gives).
struct MGHProblem: Objective {
    typealias Residuals = @Sendable ([SecondOrderDual]) -> [SecondOrderDual]
    /// The number in the paper (1…31) and its name.
    let number: Int
    let name: String
    let start: [Double]
    /// Known local minima of f; the first is the global one where the paper gives it.
    let minima: [Double]
    let residuals: Residuals

    var dimension: Int { start.count }

    private func f(_ x: [Double], derivatives: Bool) -> SecondOrderDual {
        let v = (0..<x.count).map { SecondOrderDual.variable(x[$0], index: $0, count: x.count, derivatives: derivatives) }
        var sum = SecondOrderDual(0)
        for r in residuals(v) { sum = sum + r * r }
        return sum
    }

    func value(at x: [Double]) -> Double {
        let v = f(x, derivatives: false).value
        return v.isNaN ? .infinity : v
    }

    func evaluate(at x: [Double], hessian: Bool) -> Evaluation {
        let d = f(x, derivatives: true)
        let n = x.count
        let g = d.gradient.isEmpty ? [Double](repeating: 0, count: n) : d.gradient
        var h: Matrix? = nil
        if hessian {
            h = Matrix(rows: n, columns: n) { i, j in d.hessian.isEmpty ? 0 : 0.5 * (d.hessian[i * n + j] + d.hessian[j * n + i]) }
        }
        return Evaluation(value: d.value.isNaN ? .infinity : d.value, gradient: g, hessian: h)
    }

    func curvature(at x: [Double]) -> HessianOperator { HessianOperator(hessian(at: x)) }

    /// True when f is within 1e-6 of a known local minimum (relative when |f*| > 1).
    func atKnownMinimum(_ value: Double) -> Bool {
        minima.contains { abs(value - $0) <= 1e-6 * Swift.max(1, abs($0)) }
    }
}

extension MGHProblem {
    /// The 31 problems at their standard sizes (variable-dimension ones at n = 10, extended Powell
    /// at n = 12; m as in the paper's tables: Jennrich–Sampson 10, Gulf 99, Box 10, Brown–Dennis 20,
    /// Biggs 13, Watson n = 6).
    static var all: [MGHProblem] { firstSixteen + lastFifteen }
}

typealias D2 = SecondOrderDual
