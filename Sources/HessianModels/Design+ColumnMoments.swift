import HessianLinearAlgebra

extension Design {
    /// Column means and population standard deviations of X in one pass that also checks
    /// finiteness, from the shifted sums Σ(x − x₀) and Σ(x − x₀)² (x₀ the column's first entry, so
    /// large offsets do not cancel). The columns are split over the thread budget; each column's
    /// sums are computed the same way whatever the split, so the result does not depend on it.
    /// Throws for the first column (lowest index) with a non-finite entry or sums that overflow.
    static func columnMoments(_ x: Matrix) throws -> (mean: [Double], std: [Double]) {
        let n = x.rows, d = x.columns
        var s1 = [Double](repeating: 0, count: d), s2 = s1, unit = [Double](repeating: 1, count: d)
        if n == 0 { return (s1, s2) }
        // A chunk needs ≈ 64k entries to pay for its thread.
        let chunks = n * d < 1 << 16 ? 1 : ParallelFor.chunks(d, budget: ParallelFor.maximumChunks, minimumRowsPerChunk: 1)
        x.storage.withUnsafeBufferPointer { xs in
            s1.withUnsafeMutableBufferPointer { p1 in
                s2.withUnsafeMutableBufferPointer { p2 in
                    unit.withUnsafeMutableBufferPointer { pu in
                        let base = xs.baseAddress!, o1 = p1.baseAddress!, o2 = p2.baseAddress!, ou = pu.baseAddress!
                        ParallelFor.run(d, chunks: chunks) { _, columns in
                            for j in columns { (o1[j], o2[j], ou[j]) = scaledShiftedSums(base + j * n, n) }
                        }
                    }
                }
            }
        }
        var mean = s1, std = s2
        for j in 0..<d {
            // A non-finite entry makes its column's sums non-finite, so only then is the column rescanned.
            if !(s1[j].isFinite && s2[j].isFinite) {
                for i in 0..<n where !x[i, j].isFinite { throw ModelError.nonFiniteData(row: i, column: j) }
                throw ModelError.dataTooLarge(column: j)
            }
            let x0 = x[0, j], m1 = s1[j] / Double(n)
            mean[j] = x0 + m1 * unit[j]
            std[j] = max(0, s2[j] / Double(n) - m1 * m1).squareRoot() * unit[j]
        }
        return (mean, std)
    }

    /// The shifted sums of ``shiftedSums(_:_:_:)`` on (x − x₀)/u, with u = 1 unless the largest
    /// |x − x₀| is so large or so small that its square would overflow or underflow; then u is that
    /// magnitude's power of two, which changes no digit of the moments (every operation commutes with
    /// scaling by 2ᵏ) but keeps a column of 1e-200 or 1e200 in range.
    private static func scaledShiftedSums(_ col: UnsafePointer<Double>, _ n: Int) -> (Double, Double, Double) {
        let (s1, s2, largest) = shiftedSums(col, n, 1, 1)
        let e = largest.exponent
        guard largest > 0 && largest.isFinite && (e < -400 || e > 400) else { return (s1, s2, 1) }
        let u = ObjectiveScale.powerOfTwo(largest)
        let (r1, r2) = ObjectiveScale.reciprocalFactors(u)
        let (t1, t2, _) = shiftedSums(col, n, r1, r2)
        return (t1, t2, u)
    }

    /// Σ(x − x₀)·r, Σ((x − x₀)·r)² and max|x − x₀| over n contiguous entries, x₀ = col[0], r = r₁·r₂
    /// applied as two factors (``ObjectiveScale/reciprocalFactors(_:)``), with four independent SIMD
    /// accumulators so the loop vectorizes (it is memory bound).
    private static func shiftedSums(_ col: UnsafePointer<Double>, _ n: Int, _ r1: Double, _ r2: Double) -> (Double, Double, Double) {
        let x0 = col[0]
        let shift = SIMD4<Double>(repeating: x0), scale1 = SIMD4<Double>(repeating: r1), scale2 = SIMD4<Double>(repeating: r2)
        var a1 = SIMD4<Double>(), a2 = SIMD4<Double>(), top = SIMD4<Double>()
        let quads = n / 4
        for q in 0..<quads {
            let raw = SIMD4<Double>(col[4 * q], col[4 * q + 1], col[4 * q + 2], col[4 * q + 3]) - shift
            let t = raw * scale1 * scale2
            a1 += t
            a2 += t * t
            top = pointwiseMax(top, pointwiseMax(raw, -raw))
        }
        var s1 = a1.sum(), s2 = a2.sum(), largest = top.max()
        for i in (4 * quads)..<n {
            let raw = col[i] - x0, t = raw * r1 * r2
            s1 += t
            s2 += t * t
            largest = Swift.max(largest, abs(raw))
        }
        return (s1, s2, largest)
    }
}
