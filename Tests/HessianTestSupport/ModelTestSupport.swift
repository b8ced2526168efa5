import HessianLinearAlgebra
import HessianModels
import Testing

/// Explicit X̂ = [1 X] (or X) for reference computations in tests.
public func augmented(_ x: Matrix, intercept: Bool) -> Matrix {
    guard intercept else { return x }
    return Matrix(rows: x.rows, columns: x.columns + 1) { i, j in j == 0 ? 1 : x[i, j - 1] }
}

/// The combinations every regression model is checked under: intercept × λ × weights.
public let modelConfigurations: [(intercept: Bool, l2: Double, weighted: Bool)] = [
    (true, 0, false), (false, 0, false), (true, 0.7, false), (false, 0.3, true), (true, 1.3, true),
]

/// Expects every configuration's model (from `make(configuration, index)`) to pass the derivative
/// check at a point drawn from `range` with `pointSeed`, along a random direction: gradient,
/// Hessian and Hessian-vector product within 1e-6 of central differences.
public func expectDerivativesMatchCentralDifferences<F: Objective>(
    pointSeed: UInt64, in range: Range<Double>,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ make: ((intercept: Bool, l2: Double, weighted: Bool), Int) throws -> F) rethrows {
    for (k, c) in modelConfigurations.enumerated() {
        let model = try make(c, k)
        var g = SeededGenerator(seed: pointSeed)
        let e = model.derivativeErrors(at: g.vector(model.dimension, in: range), direction: g.vector(model.dimension))
        #expect(e.worst <= 1e-6, "\(c): \(e)", sourceLocation: sourceLocation)
    }
}

/// Expects the model's gradient, Hessian and Hessian-vector product at w to be `gradient` and
/// `gram` (the loss part, built entry by entry by the test) plus the ridge penalty λ on every
/// coefficient but the intercept, to 1e-12.
public func expectPenalizedDerivatives<F: Objective>(
    _ model: F, at w: [Double], gram: Matrix, gradient: [Double], l2: Double, intercept: Bool,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
    var expected = gram, grad = gradient
    for a in 0..<gram.columns where !(intercept && a == 0) { expected[a, a] += l2; grad[a] += l2 * w[a] }
    let e = model.evaluate(at: w, hessian: true)
    expectClose(e.hessian!, expected, relative: 1e-12, comment, sourceLocation: sourceLocation)
    expectClose(e.gradient, grad, relative: 1e-12, comment, sourceLocation: sourceLocation)
    let v = (0..<model.dimension).map { Double($0 % 3) - 1 }
    expectClose(try model.hessianVectorProduct(at: w, v), expected * v, relative: 1e-12, comment, sourceLocation: sourceLocation)
}
