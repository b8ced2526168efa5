import HessianTestSupport
import Foundation
@testable import HessianSolvers

/// A number carrying its exact first and second derivatives with respect to n variables
/// (second-order forward-mode differentiation): u, ∇u and ∇²u, the latter dense row-major.
/// Each operation applies the chain rule exactly, so a function written once over this type has
/// analytic (not finite-difference) gradient and Hessian, correct to rounding:
///   (a·b)″ = a b″ + b a″ + a′b′ᵀ + b′a′ᵀ,   φ(a)″ = φ′(a) a″ + φ″(a) a′a′ᵀ.
/// Empty derivative arrays mean zero (a constant), which keeps constants cheap.
struct SecondOrderDual {
    var value: Double
    var gradient: [Double]
    var hessian: [Double]

    init(_ value: Double) {
        self.value = value
        gradient = []
        hessian = []
    }

    init(value: Double, gradient: [Double], hessian: [Double]) {
        self.value = value
        self.gradient = gradient
        self.hessian = hessian
    }

    /// The i-th of n independent variables at value v: ∇ = eᵢ, ∇² = 0.
    static func variable(_ v: Double, index i: Int, count n: Int, derivatives: Bool) -> SecondOrderDual {
        guard derivatives else { return SecondOrderDual(v) }
        var g = [Double](repeating: 0, count: n)
        g[i] = 1
        return SecondOrderDual(value: v, gradient: g, hessian: [Double](repeating: 0, count: n * n))
    }

    /// φ(self) from φ(u), φ′(u), φ″(u).
    func chain(_ f: Double, _ d1: Double, _ d2: Double) -> SecondOrderDual {
        guard !gradient.isEmpty else { return SecondOrderDual(f) }
        let n = gradient.count
        var h = hessian
        for i in 0..<n {
            let gi = d2 * gradient[i]
            for j in 0..<n { h[i * n + j] = d1 * h[i * n + j] + gi * gradient[j] }
        }
        return SecondOrderDual(value: f, gradient: gradient.map { d1 * $0 }, hessian: h)
    }

    static func + (a: SecondOrderDual, b: SecondOrderDual) -> SecondOrderDual {
        if a.gradient.isEmpty { return SecondOrderDual(value: a.value + b.value, gradient: b.gradient, hessian: b.hessian) }
        if b.gradient.isEmpty { return SecondOrderDual(value: a.value + b.value, gradient: a.gradient, hessian: a.hessian) }
        return SecondOrderDual(value: a.value + b.value, gradient: zip(a.gradient, b.gradient).map(+),
                               hessian: zip(a.hessian, b.hessian).map(+))
    }

    static prefix func - (a: SecondOrderDual) -> SecondOrderDual { a.chain(-a.value, -1, 0) }
    static func - (a: SecondOrderDual, b: SecondOrderDual) -> SecondOrderDual { a + (-b) }

    static func * (a: SecondOrderDual, b: SecondOrderDual) -> SecondOrderDual {
        if a.gradient.isEmpty { return b.chain(a.value * b.value, a.value, 0) }
        if b.gradient.isEmpty { return a.chain(a.value * b.value, b.value, 0) }
        let n = a.gradient.count
        var g = [Double](repeating: 0, count: n)
        var h = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            g[i] = a.value * b.gradient[i] + b.value * a.gradient[i]
            for j in 0..<n {
                h[i * n + j] = a.value * b.hessian[i * n + j] + b.value * a.hessian[i * n + j]
                    + a.gradient[i] * b.gradient[j] + b.gradient[i] * a.gradient[j]
            }
        }
        return SecondOrderDual(value: a.value * b.value, gradient: g, hessian: h)
    }

    static func / (a: SecondOrderDual, b: SecondOrderDual) -> SecondOrderDual { a * b.reciprocal }

    var reciprocal: SecondOrderDual { chain(1 / value, -1 / (value * value), 2 / (value * value * value)) }
    var squared: SecondOrderDual { self * self }

    static func + (a: SecondOrderDual, c: Double) -> SecondOrderDual { a + SecondOrderDual(c) }
    static func + (c: Double, a: SecondOrderDual) -> SecondOrderDual { a + SecondOrderDual(c) }
    static func - (a: SecondOrderDual, c: Double) -> SecondOrderDual { a + SecondOrderDual(-c) }
    static func - (c: Double, a: SecondOrderDual) -> SecondOrderDual { SecondOrderDual(c) + (-a) }
    static func * (a: SecondOrderDual, c: Double) -> SecondOrderDual { a.chain(a.value * c, c, 0) }
    static func * (c: Double, a: SecondOrderDual) -> SecondOrderDual { a.chain(a.value * c, c, 0) }
    static func / (a: SecondOrderDual, c: Double) -> SecondOrderDual { a.chain(a.value / c, 1 / c, 0) }
    static func / (c: Double, a: SecondOrderDual) -> SecondOrderDual { c * a.reciprocal }
}

/// eᵘ
func exp(_ a: SecondOrderDual) -> SecondOrderDual { let e = Foundation.exp(a.value); return a.chain(e, e, e) }
/// log u
func log(_ a: SecondOrderDual) -> SecondOrderDual {
    a.chain(Foundation.log(a.value), 1 / a.value, -1 / (a.value * a.value))
}
/// sin u
func sin(_ a: SecondOrderDual) -> SecondOrderDual {
    let s = Foundation.sin(a.value)
    return a.chain(s, Foundation.cos(a.value), -s)
}
/// cos u
func cos(_ a: SecondOrderDual) -> SecondOrderDual {
    let c = Foundation.cos(a.value)
    return a.chain(c, -Foundation.sin(a.value), -c)
}
/// √u
func sqrt(_ a: SecondOrderDual) -> SecondOrderDual {
    let r = a.value.squareRoot()
    return a.chain(r, 0.5 / r, -0.25 / (r * a.value))
}
/// arctan u: derivative 1/(1+u²), second derivative −2u/(1+u²)².
func atan(_ a: SecondOrderDual) -> SecondOrderDual {
    let q = 1 + a.value * a.value
    return a.chain(Foundation.atan(a.value), 1 / q, -2 * a.value / (q * q))
}
/// |u|, differentiated away from 0 (sign(u)·u).
func abs(_ a: SecondOrderDual) -> SecondOrderDual { a.value < 0 ? -a : a }
/// uᵏ for an integer k ≥ 0.
func pow(_ a: SecondOrderDual, _ k: Int) -> SecondOrderDual {
    guard k > 0 else { return SecondOrderDual(1) }
    let p = Foundation.pow(a.value, Double(k - 1))
    let d2 = k >= 2 ? Double(k * (k - 1)) * Foundation.pow(a.value, Double(k - 2)) : 0
    return a.chain(p * a.value, Double(k) * p, d2)
}
