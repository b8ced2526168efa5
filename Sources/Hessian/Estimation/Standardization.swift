/// z-scoring with the population standard deviation. A constant column is left as it is
/// (mean 0, std 1 recorded), so nothing is ever divided by zero.
public struct Standardization: Sendable {
    public let means: [Double]
    public let stds: [Double]
    public let constantColumns: [Int]

    public init(_ x: Matrix) {
        var means = [Double](), stds = [Double](), constant = [Int]()
        let n = Double(x.rows)
        for j in 0..<x.columns {
            let col = x.column(j)
            let mean = col.reduce(0, +) / n
            var ss = 0.0
            for v in col { ss += (v - mean) * (v - mean) }
            let std = (ss / n).squareRoot()
            if std > 0 && std > 1e-14 * abs(mean) {
                means.append(mean)
                stds.append(std)
            } else {
                means.append(0)
                stds.append(1)
                constant.append(j)
            }
        }
        self.init(means: means, stds: stds, constantColumns: constant)
    }

    public init(means: [Double], stds: [Double], constantColumns: [Int] = []) {
        self.means = means
        self.stds = stds
        self.constantColumns = constantColumns
    }

    /// (xⱼ − meanⱼ)/stdⱼ column by column.
    public func apply(_ x: Matrix) -> Matrix {
        precondition(x.columns == means.count)
        var z = x
        for j in 0..<x.columns { for i in 0..<x.rows { z[i, j] = (x[i, j] - means[j]) / stds[j] } }
        return z
    }
}
