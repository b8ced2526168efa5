/// One chunk's zeroed partial sums in a row pass (`ParallelFor.accumulate`): `scalars`, a
/// `vector` and a `matrix` region, and `scratch` (and `singleScratch`, Float32) the chunk may use freely.
package struct ChunkAccumulator {
    /// The chunk's scalar partial sums.
    package let scalars: UnsafeMutablePointer<Double>
    /// The chunk's vector partial sum.
    package let vector: UnsafeMutablePointer<Double>
    /// The chunk's matrix partial sum.
    package let matrix: UnsafeMutablePointer<Double>
    /// Uninitialized scratch for the chunk's blocks.
    package let scratch: UnsafeMutablePointer<Double>
    /// Uninitialized single-precision scratch (for Float32 BLAS on a block).
    package let singleScratch: UnsafeMutablePointer<Float>
}

/// The sums over all chunks of a row pass, each added in chunk order 0, 1, ….
package struct ChunkSums {
    /// Σ of the scalar partials.
    package var scalars: [Double]
    /// Σ of the vector partials.
    package var vector: [Double]
    /// Σ of the matrix partials.
    package var matrix: [Double]
}

extension ParallelFor {
    /// The chunk budget of row passes: the task's `ThreadBudget`, at most `chunkCap`.
    package static var maximumChunks: Int { Swift.min(ThreadBudget.current, chunkCap) }

    /// A pass over the rows 0..<n in blocks of `blockRows`: the rows are split into contiguous
    /// chunks (their number fixed by the budget and `flopsPerRow`, see `chunks`), each chunk runs
    /// `block(rows, accumulator)` on its consecutive blocks with its own zeroed accumulator, and the
    /// partials are summed in chunk order, so the result is bitwise the same for a given budget.
    /// `block` may also write the block's own rows of shared outputs.
    package static func accumulate(rows n: Int, blockRows: Int, flopsPerRow: Int,
                                   scalars: Int = 0, vector: Int = 0, matrix: Int = 0, scratch: Int = 0,
                                   singleScratch: Int = 0, _ block: (Range<Int>, ChunkAccumulator) -> Void) -> ChunkSums {
        let count = ParallelFor.chunks(n, budget: maximumChunks, flopsPerRow: flopsPerRow)
        let width = scalars + vector + matrix
        let b = Swift.max(1, blockRows)
        // One spare entry keeps the base address non-nil when width is 0.
        var partial = [Double](repeating: 0, count: count * width + 1)
        partial.withUnsafeMutableBufferPointer { ps in
            let base = ps.baseAddress!
            run(n, chunks: count) { c, range in
                let own = base + c * width
                let work = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(1, scratch))
                let single = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(1, singleScratch))
                defer { work.deallocate(); single.deallocate() }
                let acc = ChunkAccumulator(scalars: own, vector: own + scalars, matrix: own + scalars + vector,
                                           scratch: work, singleScratch: single)
                var r0 = range.lowerBound
                while r0 < range.upperBound {
                    let r1 = Swift.min(r0 + b, range.upperBound)
                    block(r0..<r1, acc)
                    r0 = r1
                }
            }
        }
        func total(_ offset: Int, _ len: Int) -> [Double] {
            if len == 0 { return [] }
            var t = Array(partial[offset..<(offset + len)])
            for c in 1..<count { for j in 0..<len { t[j] += partial[c * width + offset + j] } }
            return t
        }
        return ChunkSums(scalars: total(0, scalars), vector: total(scalars, vector),
                         matrix: total(scalars + vector, matrix))
    }
}
