import HessianLinearAlgebra

/// Explicit X̂ = [1 X] (or X) for reference computations in tests.
public func augmented(_ x: Matrix, intercept: Bool) -> Matrix {
    guard intercept else { return x }
    return Matrix(rows: x.rows, columns: x.columns + 1) { i, j in j == 0 ? 1 : x[i, j - 1] }
}

/// The combinations every regression model is checked under: intercept × λ × weights.
public let modelConfigurations: [(intercept: Bool, l2: Double, weighted: Bool)] = [
    (true, 0, false), (false, 0, false), (true, 0.7, false), (false, 0.3, true), (true, 1.3, true),
]
