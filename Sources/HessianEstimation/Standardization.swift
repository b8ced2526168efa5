import HessianLinearAlgebra

/// z-scoring with the population standard deviation. A constant column is left as it is
/// (mean 0, std 1 recorded), so nothing is ever divided by zero.
package struct Standardization: Sendable {
    /// Column means.
    package let means: [Double]
    /// Population standard deviations (1 for a constant column).
    package let stds: [Double]
    /// Columns left unscaled because they are constant.
    package let constantColumns: [Int]

    /// The means and population stds of x's columns.
    package init(_ x: Matrix) {
        let n = Double(x.rows)
        self.init(columnMoments: (0..<x.columns).map { j in
            // Column j in place (no copy): mean = Σ v / N, then ss = Σ (v − mean)².
            x.storage.withUnsafeBufferPointer { all -> (mean: Double, std: Double) in
                let col = UnsafeBufferPointer(rebasing: all[(j * x.rows)..<((j + 1) * x.rows)])
                let mean = col.reduce(0, +) / n
                var ss = 0.0
                for v in col { ss += (v - mean) * (v - mean) }
                return (mean, (ss / n).squareRoot())
            }
        })
    }

    /// From each column's mean and population std. A column whose std is 0 or below 1e-14·|mean|
    /// is constant up to rounding and is left as it is (mean 0, std 1 recorded).
    init(columnMoments moments: [(mean: Double, std: Double)]) {
        var means = [Double](), stds = [Double](), constant = [Int]()
        for (j, m) in moments.enumerated() {
            if m.std > 0 && m.std > 1e-14 * abs(m.mean) {
                means.append(m.mean)
                stds.append(m.std)
            } else {
                means.append(0)
                stds.append(1)
                constant.append(j)
            }
        }
        self.init(means: means, stds: stds, constantColumns: constant)
    }

    /// A standardization from saved means and stds.
    package init(means: [Double], stds: [Double], constantColumns: [Int] = []) {
        self.means = means
        self.stds = stds
        self.constantColumns = constantColumns
    }

    /// (xⱼ − meanⱼ)/stdⱼ column by column.
    package func apply(_ x: Matrix) -> Matrix {
        var z = x
        apply(to: &z)
        return z
    }

    /// ``apply(_:)`` in place, for a matrix that is not needed unscaled (no 8·N·k-byte copy).
    package func apply(to x: inout Matrix) {
        precondition(x.columns == means.count)
        let rows = x.rows
        x.storage.withUnsafeMutableBufferPointer { z in
            for j in 0..<means.count {
                let mean = means[j], std = stds[j]
                for i in (j * rows)..<((j + 1) * rows) { z[i] = (z[i] - mean) / std }
            }
        }
    }
}
