/// The units of an objective: a typical value σ of f and a typical size dⱼ of each parameter
/// (Dennis & Schnabel's typf and typx, §7.2), every one a power of two.
///
/// A fit measures convergence on f̃(z) = f(D z)/σ (``ScaledObjective``), so that the test
/// ‖∇f̃‖∞ = maxⱼ |∂f/∂xⱼ|·dⱼ/σ ≤ tol does not depend on the units of the data: multiplying the
/// target, a column or the weights by a constant multiplies σ and d by the same constants, which
/// leaves f̃ unchanged. Powers of two make every map between f and f̃ exact, so for scalings by
/// powers of two the solver takes bitwise the same steps.
public struct ObjectiveScale: Sendable, Equatable {
    /// σ, the typical magnitude of f (a power of two).
    public let value: Double
    /// dⱼ, the typical magnitude of parameter j (powers of two).
    public let parameters: [Double]

    /// The scale with σ and dⱼ rounded down to powers of two (``powerOfTwo(_:)``).
    /// - Parameters:
    ///   - value: σ > 0; 0, a non-finite or a negative value counts as 1.
    ///   - parameters: dⱼ > 0, one per parameter; likewise.
    public init(value: Double, parameters: [Double]) {
        self.value = Self.powerOfTwo(value)
        self.parameters = parameters.map(Self.powerOfTwo)
    }

    /// σ = 1 and dⱼ = 1: f̃ = f.
    /// - Parameter dimension: the number of parameters.
    public static func unit(dimension: Int) -> ObjectiveScale {
        ObjectiveScale(value: 1, parameters: [Double](repeating: 1, count: dimension))
    }

    /// Whether f̃ = f.
    public var isUnit: Bool { value == 1 && parameters.allSatisfy { $0 == 1 } }

    /// 2^round(log₂|v|) for a finite v ≠ 0, else 1: the unit of a magnitude, the power of two nearest
    /// in ratio (so [1/√2, √2) maps to 1 and data near unit scale keep f̃ = f), and scaled by exactly 2ᵏ
    /// when v is.
    /// - Parameter v: a magnitude (its sign is ignored).
    public static func powerOfTwo(_ v: Double) -> Double {
        guard v.isFinite && v != 0 else { return 1 }
        let e = v.exponent + (abs(v).significand >= 2.0.squareRoot() ? 1 : 0)
        return Double(sign: .plus, exponent: e, significand: 1)
    }

    /// 1/u for a power of two u, as two factors whose product is 1/u: one factor alone overflows when
    /// u is subnormal (u < 2⁻¹⁰²²), and multiplying by both in turn stays exact.
    /// - Parameter u: a power of two (``powerOfTwo(_:)``).
    public static func reciprocalFactors(_ u: Double) -> (Double, Double) {
        let e = u.exponent
        guard e < -1000 else { return (1 / u, 1) }
        return (0x1p600, Double(sign: .plus, exponent: -e - 600, significand: 1))
    }

    /// The largest |vᵢ| (0 for none): a unit of a vector that cannot overflow or underflow.
    /// - Parameter values: the entries.
    public static func largestMagnitude(_ values: [Double]) -> Double {
        values.reduce(0) { Swift.max($0, abs($1)) }
    }

    /// Σ|vᵢ|/n, summed on entries divided by the unit of the largest, so that neither huge nor
    /// tiny entries overflow or underflow (0 for none).
    /// - Parameter values: the entries.
    public static func meanMagnitude(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let u = powerOfTwo(largestMagnitude(values))
        let s = values.reduce(0) { $0 + abs($1) / u }
        return s / Double(values.count) * u
    }
}
