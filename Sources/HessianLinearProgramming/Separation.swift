import HessianLinearAlgebra

/// Detection of complete or quasi-complete separation, in which the maximum-likelihood
/// estimate of an unpenalized logistic or multinomial regression does not exist (some
/// coefficients run off to ±∞), by Konis' linear program (K. Konis, *Linear programming
/// algorithms for detecting separated data in binary logistic regression models*, DPhil
/// thesis, Oxford 2007; R packages safeBinaryRegression and detectseparation).
///
/// Each observation gives constraint rows aᵢ (below). The estimate fails to exist exactly when
/// some direction β ≠ 0 has Aβ ≥ 0 (the log-likelihood then never decreases along tβ, t → ∞,
/// and rises where aᵢᵀβ > 0; with full-rank columns, Aβ = 0 forces β = 0). The LP
///
///     maximize 1ᵀAβ  subject to  Aβ ≥ 0,  −1 ≤ βⱼ ≤ 1
///
/// has optimum 0 (β = 0) if there is no such direction and a positive optimum if there is; the
/// coefficients with βⱼ ≠ 0 in its solution are the ones that diverge. It is solved through its
/// dual,  minimize ‖Aᵀw‖₁ over w ≥ 1  (written with u − v = Aᵀ(1 + λ), u, v, λ ≥ 0), whose
/// basis has only as many rows as there are parameters and which starts feasible; β is read
/// off the dual's simplex multipliers. The check needs no fit and does not look at any
/// coefficient, so it is the same before, during or after the solver.
///
/// - Logistic: aᵢ = (2yᵢ − 1) xᵢ (xᵢ with the intercept's 1).
/// - Multinomial with class 0 as reference (B₀ = 0, free rows B₁ … B_{K−1}): for every class
///   k ≠ yᵢ, a row with xᵢ in block yᵢ and −xᵢ in block k (blocks of class 0 omitted), i.e.
///   xᵢᵀ(B_{yᵢ} − B_k) ≥ 0 (Albert & Anderson 1984, extended by Lesaffre & Albert 1989). The
///   all-classes parametrization has the same separations (only differences of rows matter).
///
/// Columns of the design are scaled to unit max-norm first (separation is invariant under
/// positive column scaling). The optimum counts as positive above 1e-9 · Σᵢ‖aᵢ‖₁ (an upper
/// bound of the objective), and a positive answer is confirmed by checking Aβ ≥ 0 directly.
package enum Separation {
    /// Largest (constraint rows) × (parameters) for which the check runs: the dense simplex
    /// tableau has parameters × (rows + 2·parameters) entries (2·10⁶ entries ≈ 16 MB).
    package static let sizeLimit = 2_000_000

    package enum Outcome: Sendable, Equatable {
        case notSeparated
        /// `diverging`: indices of the parameters (in the order of A's columns) with βⱼ ≠ 0.
        case separated(diverging: [Int])
        /// The check did not run or did not conclude; the reason is for the fit's notes.
        case skipped(String)
    }

    /// Logistic regression with labels 0/1: parameter order [intercept,] features.
    package static func logistic(_ x: Matrix, intercept: Bool, labels: [Double]) -> Outcome {
        let size = x.rows * (x.columns + (intercept ? 1 : 0))
        guard size <= sizeLimit else { return .skipped(skippedNote(size)) }
        return check(logisticRows(x, intercept: intercept, labels: labels))
    }

    /// Multinomial regression with class codes 0..<classes and class 0 as reference:
    /// parameter (k − 1)·p + j is coefficient j ([intercept,] features) of class k ≥ 1.
    package static func multinomial(_ x: Matrix, intercept: Bool, codes: [Int], classes: Int) -> Outcome {
        let free = classes - 1
        guard free >= 1 else { return .notSeparated }
        let size = x.rows * free * (x.columns + (intercept ? 1 : 0)) * free
        guard size <= sizeLimit else { return .skipped(skippedNote(size)) }
        return check(multinomialRows(x, intercept: intercept, codes: codes, classes: classes))
    }

    /// The logistic constraint rows aᵢ = (2yᵢ − 1) zᵢ of the scaled design.
    package static func logisticRows(_ x: Matrix, intercept: Bool, labels: [Double]) -> Matrix {
        let z = scaledDesign(x, intercept: intercept)
        return Matrix(rows: z.rows, columns: z.columns) { i, j in labels[i] == 1 ? z[i, j] : -z[i, j] }
    }

    /// The multinomial constraint rows (one per observation and other class) of the scaled design.
    package static func multinomialRows(_ x: Matrix, intercept: Bool, codes: [Int], classes: Int) -> Matrix {
        let z = scaledDesign(x, intercept: intercept)
        let n = z.rows, p = z.columns, free = classes - 1
        var a = Matrix(rows: n * free, columns: p * free)
        var row = 0
        for i in 0..<n {
            for k in 0..<classes where k != codes[i] {
                for j in 0..<p {
                    if codes[i] > 0 { a[row, (codes[i] - 1) * p + j] += z[i, j] }
                    if k > 0 { a[row, (k - 1) * p + j] -= z[i, j] }
                }
                row += 1
            }
        }
        return a
    }

    /// The optimum of Konis' LP for constraint rows A and the maximizing β (|βⱼ| ≤ 1), or nil
    /// if the simplex method did not finish; solved through the dual (see the type's notes).
    package static func optimum(_ a: Matrix) -> (value: Double, direction: [Double])? {
        let m = a.rows, dimension = a.columns
        guard m > 0, dimension > 0 else { return (0, [Double](repeating: 0, count: dimension)) }
        var c = [Double](repeating: 0, count: dimension)
        for j in 0..<dimension { for i in 0..<m { c[j] += a[i, j] } }
        // Dual in standard form: variables (u, v, λ), u − v − Aᵀλ = c, cost 1 on u and v.
        let columns = 2 * dimension + m
        var mat = Matrix(rows: dimension, columns: columns)
        for j in 0..<dimension {
            mat[j, j] = 1
            mat[j, dimension + j] = -1
            for i in 0..<m { mat[j, 2 * dimension + i] = -a[i, j] }
        }
        let cost = [Double](repeating: 1, count: 2 * dimension) + [Double](repeating: 0, count: m)
        let basis = (0..<dimension).map { c[$0] >= 0 ? $0 : dimension + $0 }
        let result = DenseSimplex.minimize(cost: cost, constraints: mat, rhs: c, basis: basis,
                                           maxIterations: 50 * (columns + dimension))
        guard result.status == .optimal else { return nil }
        // The primal direction: βⱼ = 1 − r(uⱼ) (column uⱼ is eⱼ with cost 1).
        var beta = (0..<dimension).map { Swift.min(1, Swift.max(-1, 1 - result.reducedCosts[$0])) }
        for j in 0..<dimension where abs(beta[j]) < 1e-9 { beta[j] = 0 }
        return (result.value, beta)
    }

    /// Konis' check on constraint rows A (m × P): the LP optimum, confirmed by Aβ ≥ 0.
    package static func check(_ a: Matrix) -> Outcome {
        let m = a.rows, dimension = a.columns
        var bound = 0.0
        for j in 0..<dimension { for i in 0..<m { bound += abs(a[i, j]) } }
        guard let (value, beta) = optimum(a) else {
            return .skipped("the separation check's linear program did not finish; separation was not checked")
        }
        guard value > 1e-9 * bound else { return .notSeparated }
        var total = 0.0
        for i in 0..<m {
            var s = 0.0, size = 0.0
            for j in 0..<dimension { s += a[i, j] * beta[j]; size += abs(a[i, j]) }
            guard s >= -1e-8 * Swift.max(size, 1e-300) else {
                return .skipped("the separation check's linear program gave a direction that does not verify; separation was not checked")
            }
            total += s
        }
        guard total > 1e-9 * bound else { return .notSeparated }
        return .separated(diverging: (0..<dimension).filter { abs(beta[$0]) > 1e-7 })
    }

    static func skippedNote(_ size: Int) -> String {
        "separation was not checked: the linear program would have \(size) constraint entries, above the limit of \(sizeLimit)"
    }

    /// [1 | X] (or X) with every column divided by its largest |entry| (zero columns kept).
    static func scaledDesign(_ x: Matrix, intercept: Bool) -> Matrix {
        let offset = intercept ? 1 : 0
        var z = Matrix(rows: x.rows, columns: x.columns + offset)
        if intercept { for i in 0..<x.rows { z[i, 0] = 1 } }
        for j in 0..<x.columns {
            var s = 0.0
            for i in 0..<x.rows { s = Swift.max(s, abs(x[i, j])) }
            let f = s > 0 ? 1 / s : 1
            for i in 0..<x.rows { z[i, j + offset] = x[i, j] * f }
        }
        return z
    }
}
