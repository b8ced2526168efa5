import HessianLinearAlgebra

/// The outcome of `DenseSimplex.minimize(cost:constraints:rhs:basis:maxIterations:)`.
package struct LinearProgramResult: Sendable {
    package enum Status: Sendable, Equatable {
        /// No entering column has a negative reduced cost: `solution` is optimal.
        case optimal
        /// A column with negative reduced cost has no positive entry: the objective is unbounded below.
        case unbounded
        /// The iteration limit was reached first; `solution` is feasible but perhaps not optimal.
        case iterationLimit
    }
    package var status: Status
    /// z, feasible (M z = b, z ≥ 0) to rounding.
    package var solution: [Double]
    /// cᵀz.
    package var value: Double
    /// c − Mᵀy at the final basis, with y = B⁻ᵀ c_B the simplex multipliers; for a column that
    /// is a unit vector eⱼ of cost cₖ, yⱼ = cₖ − rₖ (how callers read off the dual solution).
    package var reducedCosts: [Double]
    package var iterations: Int
}

/// A small dense primal simplex method for  minimize cᵀz  subject to  M z = b, z ≥ 0,
/// started from a given feasible basis whose columns are ±unit vectors (so B⁻¹ = B and no
/// phase I is needed; `Separation` builds its LPs that way).
///
/// The tableau B⁻¹[M | b] with the reduced-cost row is kept explicitly (m + 1 rows of n + 1),
/// which is the simplest robust choice for the sizes it is used at (m ≲ 10³ rows). Pivoting:
/// Dantzig's rule (most negative reduced cost) while steps make progress; after 50 degenerate
/// steps in a row, Bland's rule (lowest-index entering column, lowest-index leaving variable
/// among ratio ties), which cannot cycle (Bland 1977; Chvátal, *Linear Programming*, ch. 3),
/// until a non-degenerate step. Tolerances are relative: reduced costs below −1e-10·max|c| count
/// as negative, pivots need |Tᵢq| > 1e-11·max|T·q|, and tiny negative right-hand sides from
/// rounding are set to 0.
package enum DenseSimplex {
    package static func minimize(cost c: [Double], constraints mat: Matrix, rhs b: [Double], basis start: [Int],
                                maxIterations: Int) -> LinearProgramResult {
        let m = mat.rows, n = mat.columns
        precondition(c.count == n && b.count == m && start.count == m, "DenseSimplex: shapes do not match")
        let width = n + 1
        // Row-major tableau: rows 0..<m the constraints, row m the reduced costs; column n the rhs.
        var t = [Double](repeating: 0, count: (m + 1) * width)
        var basis = start
        for i in 0..<m {
            let s = mat[i, start[i]]
            precondition(abs(s) == 1, "DenseSimplex: starting basis column \(start[i]) is not ±e\(i)")
            for k in 0..<n { t[i * width + k] = s * mat[i, k] }
            t[i * width + n] = s * b[i]
            precondition(t[i * width + n] >= 0, "DenseSimplex: starting basis is infeasible in row \(i)")
        }
        for k in 0..<n {
            var r = c[k]
            for i in 0..<m { r -= c[basis[i]] * t[i * width + k] }
            t[m * width + k] = r
        }
        let costScale = Swift.max(1, c.map(abs).max() ?? 0)
        let optimalityTolerance = 1e-10 * costScale
        var iterations = 0, degenerateStreak = 0
        var status = LinearProgramResult.Status.iterationLimit
        t.withUnsafeMutableBufferPointer { t in
            while iterations < maxIterations {
                let bland = degenerateStreak >= 50
                var q = -1
                var most = -optimalityTolerance
                for k in 0..<n where t[m * width + k] < most {
                    q = k
                    if bland { break }
                    most = t[m * width + k]
                }
                guard q >= 0 else { status = .optimal; return }
                var columnScale = 0.0
                for i in 0..<m { columnScale = Swift.max(columnScale, abs(t[i * width + q])) }
                var leave = -1
                var best = Double.infinity
                for i in 0..<m {
                    let a = t[i * width + q]
                    guard a > 1e-11 * columnScale else { continue }
                    let ratio = Swift.max(0, t[i * width + n]) / a
                    if leave < 0 || ratio < best - 1e-12 * Swift.max(1, best) {
                        best = ratio
                        leave = i
                    } else if ratio <= best + 1e-12 * Swift.max(1, best) && basis[i] < basis[leave] {
                        leave = i  // a tie: the lowest-index leaving variable (Bland)
                    }
                }
                guard leave >= 0 else { status = .unbounded; return }
                degenerateStreak = best <= 0 ? degenerateStreak + 1 : 0
                pivot(t, rows: m + 1, width: width, row: leave, column: q)
                for i in 0..<m where t[i * width + n] < 0 { t[i * width + n] = 0 }
                basis[leave] = q
                iterations += 1
            }
        }
        var z = [Double](repeating: 0, count: n)
        var value = 0.0
        for i in 0..<m {
            z[basis[i]] = t[i * width + n]
            value += c[basis[i]] * t[i * width + n]
        }
        return LinearProgramResult(status: status, solution: z, value: value,
                                   reducedCosts: Array(t[(m * width)..<(m * width + n)]), iterations: iterations)
    }

    /// Gauss–Jordan step on entry (row, column): that row divided by the pivot, the column
    /// cleared from every other row (the reduced-cost row included).
    static func pivot(_ t: UnsafeMutableBufferPointer<Double>, rows: Int, width: Int, row r: Int, column q: Int) {
        let p = 1 / t[r * width + q]
        for k in 0..<width { t[r * width + k] *= p }
        t[r * width + q] = 1
        for i in 0..<rows where i != r {
            let f = t[i * width + q]
            guard f != 0 else { continue }
            for k in 0..<width { t[i * width + k] -= f * t[r * width + k] }
            t[i * width + q] = 0
        }
    }
}
