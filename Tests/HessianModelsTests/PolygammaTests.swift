import Foundation
import HessianTestSupport
import Testing
@testable import HessianModels

/// ψ and ψ′ against closed forms: ψ(n + 1) = Hₙ − γ, ψ(n + ½) = −γ − 2 log 2 + Σₖ₌₁ⁿ 2/(2k − 1),
/// ψ′(n + 1) = π²/6 − Σₖ₌₁ⁿ 1/k², ψ′(n + ½) = π²/2 − Σₖ₌₁ⁿ 4/(2k − 1)² (these partial-sum references
/// carry an absolute rounding error ≈ 1e-15, hence the absolute floor), and the series
/// ψ(x) = −1/x − γ + (π²/6)x + O(x²) near 0. Both branches (recurrence, x ≥ 10 asymptotic) are hit.
@Suite struct PolygammaTests {
    static let gamma = 0.57721566490153286061

    func close(_ a: Double, _ b: Double, _ tol: Double = 2e-15) -> Bool { abs(a - b) <= tol * max(1, abs(b)) }

    @Test func digammaAtIntegersAndHalfIntegers() {
        var harmonic = 0.0, odd = 0.0
        for n in 0...300 {
            if n > 0 { harmonic += 1 / Double(n); odd += 2 / Double(2 * n - 1) }
            #expect(close(Polygamma.digamma(Double(n) + 1), harmonic - Self.gamma), "ψ(\(n + 1))")
            #expect(close(Polygamma.digamma(Double(n) + 0.5), -Self.gamma - 2 * log(2.0) + odd, 4e-15), "ψ(\(n) + ½)")
        }
    }

    @Test func trigammaAtIntegersAndHalfIntegers() {
        var squares = 0.0, oddSquares = 0.0
        for n in 0...300 {
            if n > 0 { squares += 1 / Double(n * n); oddSquares += 4 / Double((2 * n - 1) * (2 * n - 1)) }
            let a = Polygamma.trigamma(Double(n) + 1), b = Double.pi * Double.pi / 6 - squares
            #expect(abs(a - b) <= max(1e-13 * b, 1e-14), "ψ′(\(n + 1)) = \(a), expected \(b)")
            let c = Polygamma.trigamma(Double(n) + 0.5), e = Double.pi * Double.pi / 2 - oddSquares
            #expect(abs(c - e) <= max(1e-13 * e, 1e-14), "ψ′(\(n) + ½)")
        }
    }

    @Test func nearZeroAndOutsideTheDomain() {
        let x = 1e-9
        #expect(close(Polygamma.digamma(x), -1 / x - Self.gamma + Double.pi * Double.pi / 6 * x))
        #expect(close(Polygamma.trigamma(x), 1 / (x * x) + Double.pi * Double.pi / 6))
        #expect(Polygamma.digamma(0).isNaN && Polygamma.digamma(-1).isNaN && Polygamma.trigamma(-0.5).isNaN)
    }

    /// The finite-sum forms equal the function differences where both are accurate, and stay
    /// accurate for r ≫ y where the differences cancel (there ψ(y + r) − ψ(r) ≈ y/r − y(y − 1)/(2r²)).
    @Test func differences() {
        for (y, r) in [(3.0, 0.7), (17.0, 2.5), (128.0, 40.0), (129.0, 40.0), (500.0, 3.0)] {
            #expect(close(Polygamma.digammaDifference(y, r), Polygamma.digamma(y + r) - Polygamma.digamma(r), 1e-13))
            #expect(close(Polygamma.trigammaDifference(y, r), Polygamma.trigamma(r) - Polygamma.trigamma(y + r), 1e-12))
            #expect(close(Polygamma.logGammaDifference(y, r), lgamma(y + r) - lgamma(r), 1e-13))
        }
        let r = 1e10, y = 5.0
        #expect(close(Polygamma.digammaDifference(y, r), y / r - y * (y - 1) / (2 * r * r), 1e-15))
        #expect(Polygamma.digammaDifference(0, 3) == 0 && Polygamma.trigammaDifference(0, 3) == 0)
    }
}

/// The differences for counts above the direct-sum limit and r ≫ y, where ψ(y + r) − ψ(r) taken
/// as a difference cancels: against the finite sums over k < y (exact identities for integer y),
/// added with compensation in the test.
@Suite struct PolygammaLargeDispersionTests {
    static func compensated(_ y: Int, _ term: (Double) -> Double) -> Double {
        var sum = 0.0, carry = 0.0
        for k in 0..<y {
            let t = term(Double(k)) - carry
            let s = sum + t
            carry = (s - sum) - t
            sum = s
        }
        return sum
    }

    @Test(arguments: [(129, 100.0), (500, 1e3), (1000, 6.8e5), (5_000, 1e8), (200, 1e12)])
    func seriesDifferencesMatchFiniteSums(_ y: Int, _ r: Double) {
        let yd = Double(y)
        expectClose(Polygamma.digammaDifference(yd, r), Self.compensated(y) { 1 / (r + $0) }, relative: 1e-13, "ψ, y \(y), r \(r)")
        expectClose(Polygamma.trigammaDifference(yd, r), Self.compensated(y) { 1 / ((r + $0) * (r + $0)) }, relative: 1e-13,
                    "ψ′, y \(y), r \(r)")
        expectClose(Polygamma.logGammaDifference(yd, r), Self.compensated(y) { log(r + $0) }, relative: 1e-13, "log Γ, y \(y), r \(r)")
    }
}
