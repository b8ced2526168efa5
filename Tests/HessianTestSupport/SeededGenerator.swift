import HessianLinearAlgebra

/// A seeded SplitMix64 generator so that every random test is reproducible.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SeededGenerator {
    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// An m×n matrix with entries uniform in [lo, hi).
    public mutating func matrix(_ m: Int, _ n: Int, in range: Range<Double> = -1..<1) -> Matrix {
        var g = self
        let s = (0..<(m * n)).map { _ in Double.random(in: range, using: &g) }
        self = g
        return Matrix(rows: m, columns: n, storage: s)
    }

    public mutating func vector(_ n: Int, in range: Range<Double> = -1..<1) -> [Double] {
        var g = self
        let v = (0..<n).map { _ in Double.random(in: range, using: &g) }
        self = g
        return v
    }

    /// A symmetric positive definite n×n matrix AᵀA + shift·I.
    public mutating func spd(_ n: Int, shift: Double = 1) -> Matrix {
        let a = matrix(n + 2, n)
        var s = gram(a)
        s.addToDiagonal(shift)
        return s
    }
}
