import HessianLinearAlgebra
import HessianModels

/// The last m secant pairs of L-BFGS in a ring buffer, applied by the two-loop recursion (N&W
/// Algorithm 7.4): pₖ = −Hₖ∇fₖ with H⁰ₖ = γₖI, γₖ = sₖ₋₁ᵀyₖ₋₁ / yₖ₋₁ᵀyₖ₋₁ (N&W eq. 7.20) — the
/// scaling that makes the method insensitive to the units of f. Memory O(mn).
struct LBFGSHistory: InverseHessianApproximation {
    let memory: Int
    private var s: [[Double]]
    private var y: [[Double]]
    private var rho: [Double]
    private var alphas: [Double]
    /// How many pairs are valid, and the index of the latest.
    private(set) var count = 0
    private var newest = -1
    private(set) var gamma = 1.0
    private(set) var isScaled = false

    init(memory m: Int) {
        memory = m
        s = [[Double]](repeating: [], count: m)
        y = [[Double]](repeating: [], count: m)
        rho = [Double](repeating: 0, count: m)
        alphas = [Double](repeating: 0, count: m)
    }

    mutating func direction(for g: [Double]) -> [Double] {
        var p = g
        var k = newest
        for _ in 0..<count {
            alphas[k] = rho[k] * dot(s[k], p)
            axpy(-alphas[k], y[k], &p)
            k = (k - 1 + memory) % memory
        }
        scal(-gamma, &p)
        k = (newest - count + 1 + memory) % memory
        for _ in 0..<count {
            // p holds −r: r ← r + s(α − ρyᵀr) becomes p ← p − s(α + ρyᵀp).
            let beta = rho[k] * dot(y[k], p)
            axpy(-(alphas[k] + beta), s[k], &p)
            k = (k + 1) % memory
        }
        return p
    }

    mutating func update(with pair: SecantPair) {
        newest = (newest + 1) % memory
        s[newest] = pair.s
        y[newest] = pair.y
        rho[newest] = 1 / pair.sy
        count = Swift.min(count + 1, memory)
        gamma = pair.gamma
        isScaled = true
    }

    mutating func reset() { count = 0 }

    var resetDescription: String { "memory cleared, H = \(fmt(gamma))·I" }
}
