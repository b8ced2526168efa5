import Foundation
import HessianLinearAlgebra

/// Simulated classification data shared by the solver and estimation tests.
public enum SimulatedData {
    /// Logistic data: x ~ U(−1, 1)ᵈ·(column scales), y ~ Bernoulli(σ(β₀ + xᵀβ)) — not separable.
    public static func logistic(n: Int, d: Int, seed: UInt64) -> (Matrix, [Double]) {
        var rng = SeededGenerator(seed: seed)
        let x = rng.matrix(n, d, in: -2..<2)
        let beta = rng.vector(d, in: -1.5..<1.5)
        let y: [Double] = (0..<n).map { i in
            var a = 0.3
            for j in 0..<d { a += x[i, j] * beta[j] }
            return Double.random(in: 0..<1, using: &rng) < 1 / (1 + exp(-a)) ? 1 : 0
        }
        return (x, y)
    }

    public static func multinomial(n: Int, d: Int, classes: Int, seed: UInt64) -> (Matrix, [Int]) {
        var rng = SeededGenerator(seed: seed)
        let x = rng.matrix(n, d, in: -2..<2)
        let w = rng.matrix(classes, d, in: -1.5..<1.5)
        let y: [Int] = (0..<n).map { i in
            let a = (0..<classes).map { k in (0..<d).reduce(0.0) { $0 + w[k, $1] * x[i, $1] } }
            let m = a.max()!
            let e = a.map { exp($0 - m) }
            var u = Double.random(in: 0..<1, using: &rng) * e.reduce(0, +)
            for k in 0..<classes { u -= e[k]; if u < 0 { return k } }
            return classes - 1
        }
        return (x, y)
    }
}
