import Testing
import HessianTestSupport
@testable import HessianModels
import HessianLinearAlgebra

@Suite struct DesignTests {
    /// Longley-like: columns differing by up to 1e6 and means far larger than the spread.
    func badlyScaled(rows: Int = 25, seed: UInt64 = 5) -> Matrix {
        var g = SeededGenerator(seed: seed)
        let base = g.matrix(rows, 3)
        return Matrix(rows: rows, columns: 3) { i, j in
            [1e6 * base[i, 0] + 3e8, 2 * base[i, 1] + 50, 1e-2 * base[i, 2]][j]
        }
    }

    @Test func automaticStandardizesOnlyWhenItMatters() throws {
        #expect(try Design(badlyScaled()).isStandardized)
        var g = SeededGenerator(seed: 2)
        let tame = try Design(g.matrix(50, 4, in: -2..<2))
        #expect(!tame.isStandardized)
        #expect(tame.matrix == tame.data)
        #expect(try !Design(badlyScaled(), scaling: .none).isStandardized)
    }

    @Test func standardizedColumnsHaveZeroMeanUnitSpread() throws {
        let d = try Design(badlyScaled(), intercept: true, scaling: .standardize)
        for j in 0..<3 {
            let c = d.matrix.column(j)
            let mean = c.reduce(0, +) / Double(c.count)
            let variance = c.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(c.count)
            #expect(abs(mean) < 1e-12 && abs(variance - 1) < 1e-12)
        }
        // Without an intercept the columns are only scaled, never centred.
        let noCentre = try Design(badlyScaled(), intercept: false, scaling: .standardize)
        #expect(noCentre.center.allSatisfy { $0 == 0 })
    }

    @Test func transformMatchesCoefficientMaps() throws {
        for intercept in [true, false] {
            let d = try Design(badlyScaled(), intercept: intercept, scaling: .standardize)
            let w = (0..<d.parametersPerOutput).map { Double($0) - 1.5 }
            expectClose(d.externalCoefficients(w), d.transform * w, relative: 1e-14)
            expectClose(d.internalCoefficients(d.externalCoefficients(w)), w, relative: 1e-12)
            let c = Matrix.identity(d.parametersPerOutput)
            let t = d.transform
            expectClose(d.externalCovariance(c), product(t, t, transposeB: true), relative: 1e-14)
        }
    }

    /// f_std(w_int) = f_none(T w_int) and ∇f_std(w_int) = Tᵀ ∇f_none(T w_int), with the user's
    /// penalty (λ/2)‖w_ext‖² preserved, for least squares and logistic regression.
    @Test func standardizedModelIsExactReparametrization() throws {
        let x = badlyScaled()
        var g = SeededGenerator(seed: 11)
        let y = g.vector(x.rows)
        let labels = y.map { $0 > 0 ? 1.0 : 0.0 }
        let s = g.vector(x.rows, in: 0.5..<2)
        for intercept in [true, false] {
            let raw = try Design(x, intercept: intercept, weights: s, scaling: .none)
            let std = try Design(x, intercept: intercept, weights: s, scaling: .standardize)
            let wInt = g.vector(raw.parametersPerOutput, in: -0.5..<0.5)
            let wExt = std.externalCoefficients(wInt)
            let t = std.transform
            let pairs: [(any Objective, any Objective)] = [
                (try LeastSquares(design: raw, targets: y, l2: 0.8), try LeastSquares(design: std, targets: y, l2: 0.8)),
                (try Logistic(design: raw, labels: labels, l2: 0.8), try Logistic(design: std, labels: labels, l2: 0.8)),
            ]
            for (a, b) in pairs {
                let fa = a.evaluate(at: wExt, hessian: true), fb = b.evaluate(at: wInt, hessian: true)
                #expect(abs(fa.value - fb.value) <= 1e-9 * abs(fa.value), "\(type(of: a)) intercept \(intercept)")
                expectClose(fb.gradient, transposeTimes(t, fa.gradient), relative: 1e-8)
                let mapped = product(t, fa.hessian! * t, transposeA: true)
                expectClose(fb.hessian!, mapped, relative: 1e-8)
            }
        }
    }

    /// H_int = Tᵀ H_ext T, so T H_int⁻¹ Tᵀ = H_ext⁻¹: the covariance mapped back to user units
    /// equals the one computed directly on the raw data.
    @Test func externalCovarianceIsInverseOfRawHessian() throws {
        let x = badlyScaled()
        var g = SeededGenerator(seed: 13)
        let labels = g.vector(x.rows).map { $0 > 0 ? 1.0 : 0.0 }
        let raw = try Logistic(design: Design(x, scaling: .none), labels: labels, l2: 0.1)
        let std = try Logistic(design: Design(x, scaling: .standardize), labels: labels, l2: 0.1)
        let wInt = g.vector(std.dimension, in: -0.3..<0.3)
        let cInt = try Cholesky(std.hessian(at: wInt)).inverse()
        let cExt = try Cholesky(raw.hessian(at: std.externalCoefficients(wInt))).inverse()
        expectClose(std.externalCovariance(cInt), cExt, relative: 1e-6)
    }

    @Test func rejectsBadWeightsAndData() {
        let x = Matrix(rows: 3, columns: 2, repeating: 1)
        #expect(throws: ModelError.self) { try Design(x, weights: [1, 1]) }
        #expect(throws: ModelError.invalidWeight(index: 1, value: 0)) { try Design(x, weights: [1, 0, 1]) }
        #expect(throws: ModelError.self) { try Design(x, weights: [1, -1, 1]) }
        #expect(throws: ModelError.self) { try Design(x, weights: [1, .infinity, 1]) }
        var bad = x
        bad[2, 1] = .nan
        #expect(throws: ModelError.nonFiniteData(row: 2, column: 1)) { try Design(bad) }
    }
}
