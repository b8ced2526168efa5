import Foundation
import HessianLinearAlgebra
import HessianModels

/// A shard source for an exactly quadratic data term (least squares): one pass at x = 0 gathers
///     f₀ = Σ_s f_s(0),   g₀ = Σ_s ∇f_s(0),   H = Σ_s ∇²f_s,
/// after which f(x) = f₀ + g₀ᵀx + ½xᵀHx, ∇f = g₀ + Hx and ∇²f = H need no data: a streamed
/// least-squares fit reads the file once (plus the statistics pass), whatever the solver does.
/// For least squares f₀ = ½Σsᵢyᵢ², g₀ = −X̂ᵀSy, H = X̂ᵀSX̂ (the normal equations); f near the
/// optimum is a difference of large numbers, accurate to ≈ ε·f₀.
public struct QuadraticShards: ShardSource, Sendable {
    /// n, the number of parameters.
    public let dimension: Int
    /// f₀ = Σ_s f_s(0).
    public let valueAtZero: Double
    /// g₀ = Σ_s ∇f_s(0).
    public let gradientAtZero: [Double]
    /// H = Σ_s ∇²f_s, n×n (constant: the data term is quadratic).
    public let hessian: Matrix
    /// Data passes made (always 1).
    public let dataPasses: Int

    /// Makes the one pass over `source`, adding its partials in the source's order.
    /// - Parameter source: a source whose data term is quadratic (least squares).
    /// - Throws: what the source throws.
    public init<S: ShardSource>(_ source: S) throws {
        dimension = source.dimension
        var sum = PartialSum(dimension: dimension, hessian: true)
        try source.forEachShard(at: [Double](repeating: 0, count: dimension), hessian: true) { sum.add($0) }
        valueAtZero = sum.value
        gradientAtZero = sum.gradient
        hessian = sum.hessian!
        dataPasses = 1
    }

    /// One partial, f₀ + g₀ᵀx + ½xᵀHx with gradient g₀ + Hx (and H), from the sums gathered once; no data pass.
    /// - Parameters:
    ///   - x: the point, in internal coordinates.
    ///   - wantH: whether the partial carries H.
    ///   - body: receives the one partial.
    public func forEachShard(at x: [Double], hessian wantH: Bool, _ body: (Evaluation) throws -> Void) throws {
        let hx = hessian * x
        var value = valueAtZero, g = gradientAtZero
        for k in 0..<dimension {
            value += gradientAtZero[k] * x[k] + 0.5 * x[k] * hx[k]
            g[k] += hx[k]
        }
        try body(Evaluation(value: value, gradient: g, hessian: wantH ? hessian : nil))
    }
}
