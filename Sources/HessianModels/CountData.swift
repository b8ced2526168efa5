import Foundation
import HessianLinearAlgebra

/// Checks and products shared by the count models (`Poisson`, `NegativeBinomial`).
package enum CountData {
    /// Counts must be non-negative integers (finite, below 2⁵³ so they are exact) and match
    /// the samples; an offset must be finite and match the samples.
    static func validate(counts: [Double], offset: [Double]?, rows: Int) throws {
        guard counts.count == rows else {
            throw ModelError.countMismatch(what: "counts", expected: rows, got: counts.count)
        }
        if let i = counts.firstIndex(where: { !isCount($0) }) {
            throw ModelError.invalidLabel(index: i, value: counts[i], allowed: "non-negative integers (counts)")
        }
        if let o = offset {
            guard o.count == rows else { throw ModelError.countMismatch(what: "offset", expected: rows, got: o.count) }
            if let i = o.firstIndex(where: { !$0.isFinite }) {
                throw ModelError.shape("offset \(i) is \(o[i]); offsets must be finite")
            }
        }
    }

    /// Whether y is a non-negative integer exactly representable as a Double.
    package static func isCount(_ y: Double) -> Bool {
        y >= 0 && y <= 9_007_199_254_740_992 && y == y.rounded(.towardZero)
    }

    /// Σ sᵢ log yᵢ! = Σ sᵢ lgamma(yᵢ + 1).
    static func weightedLogFactorials(_ y: [Double], weights s: [Double]?) -> Double {
        var total = 0.0
        for i in 0..<y.count where y[i] > 1 { total += (s?[i] ?? 1) * lgamma(y[i] + 1) }
        return total
    }

    /// η = X̃w + b + o in internal coordinates.
    package static func linearPredictor(_ design: Design, _ w: [Double], offset: [Double]?) -> [Double] {
        var eta = design.linearPredictor(w)
        if let o = offset { for i in 0..<eta.count { eta[i] += o[i] } }
        return eta
    }

    /// The N×p matrix with row i = rᵢ x̂ᵢᵀ, x̂ᵢ = (1, x̃ᵢ) with an intercept (column-major, one
    /// pass per column).
    static func scaledRows(_ design: Design, _ r: [Double]) -> Matrix {
        let n = design.rows, d = design.features, off = design.intercept ? 1 : 0
        var g = Matrix(rows: n, columns: d + off)
        design.matrix.storage.withUnsafeBufferPointer { xs in
            g.storage.withUnsafeMutableBufferPointer { gs in
                if off == 1 { for i in 0..<n { gs[i] = r[i] } }
                for j in 0..<d {
                    let src = xs.baseAddress! + j * n, dst = gs.baseAddress! + (j + off) * n
                    for i in 0..<n { dst[i] = r[i] * src[i] }
                }
            }
        }
        return g
    }
}
