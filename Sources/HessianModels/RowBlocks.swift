import Foundation
import HessianLinearAlgebra

/// Helpers for the models' passes over row blocks of a column-major N×d matrix.
enum RowBlocks {
    /// Rows per block: a block of `rows × p` doubles (≈ 1 MB) stays in cache while BLAS consumes it.
    static func blockRows(columns p: Int) -> Int {
        return max(256, min(2048, (1 << 17) / max(1, p)))
    }

    /// Upper bound on the chunks `parallelChunks` uses under the current `ThreadBudget` (size of
    /// per-chunk accumulator arrays).
    static var maximumChunks: Int { min(ThreadBudget.current, ParallelFor.chunkCap) }

    /// Splits 0..<n into contiguous chunks and runs body(chunkIndex, range) on each, in parallel
    /// when n is large (`ParallelFor`). The chunk count depends only on the current `ThreadBudget`
    /// and the work: `flopsPerRow` (the pass's work per row, ≈ 2 × the multiply-adds) gives each
    /// chunk ≥ 2 Mflop and ≥ 256 rows; without it, ≥ `minimumRowsPerChunk` rows per chunk.
    /// Measured on digits (N = 1797, p = 65, 10 classes, 2 cores): the Hessian pass
    /// (≈ 236 kflop per row) with 2 chunks instead of 1 chunk on 2-thread BLAS: 40 → 9 ms.
    static func parallelChunks(_ n: Int, minimumRowsPerChunk: Int = 16384, flopsPerRow: Int? = nil,
                               _ body: (Int, Range<Int>) -> Void) -> Int {
        let chunks = ParallelFor.chunks(n, budget: maximumChunks, minimumRowsPerChunk: minimumRowsPerChunk,
                                        flopsPerRow: flopsPerRow)
        ParallelFor.run(n, chunks: chunks, body)
        return chunks
    }

    /// Lower triangle of C (p×p, leading dimension ldc) += α Σᵢ ωᵢ x̂ᵢ x̂ᵢᵀ over rows
    /// r0..<r0+rb of X (N×d), where x̂ᵢ = (1, xᵢ) with an intercept and xᵢ otherwise,
    /// and `root[i]` = √ωᵢ for the block's i-th row. The block is copied once, scaled,
    /// into `buffer` (rb×p) and accumulated with dsyrk: Σ (√ωᵢ x̂ᵢ)(√ωᵢ x̂ᵢ)ᵀ.
    static func scaledSyrk(x: UnsafePointer<Double>, n: Int, d: Int, r0: Int, rb: Int, intercept: Bool,
                           root: UnsafePointer<Double>, alpha: Double,
                           buffer: UnsafeMutablePointer<Double>, c: UnsafeMutablePointer<Double>, ldc: Int) {
        let off = intercept ? 1 : 0
        if intercept { buffer.update(from: root, count: rb) }
        for j in 0..<d {
            let src = x + j * n + r0
            let dst = buffer + (j + off) * rb
            for i in 0..<rb { dst[i] = src[i] * root[i] }
        }
        blockSyrkTransposed(n: d + off, k: rb, alpha, buffer, lda: rb, 1, c, ldc: ldc)
    }

    /// Copies the lower triangle of the n×n matrix at c (leading dimension ldc) into its upper one.
    static func fillUpper(_ c: UnsafeMutablePointer<Double>, n: Int, ldc: Int) {
        for j in 0..<n { for i in 0..<j { c[i + j * ldc] = c[j + i * ldc] } }
    }
}
