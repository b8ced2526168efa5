import Foundation

/// The standard normal distribution, through the complementary error function so that
/// tail probabilities keep their relative accuracy far out (no 1 − Φ cancellation).
public enum StandardNormal {
    /// Φ(x) = ½ erfc(−x/√2).
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// 1 − Φ(x) = ½ erfc(x/√2).
    public static func survival(_ x: Double) -> Double { 0.5 * erfc(x / 2.0.squareRoot()) }

    /// Two-sided p-value of a z statistic: 2(1 − Φ(|z|)) = erfc(|z|/√2).
    public static func twoSidedPValue(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    /// Φ⁻¹(0.975), the 95 % two-sided critical value.
    public static let z975 = 1.959963984540054
}
