import Foundation

/// Helpers for the models' passes over row blocks of a column-major N×d matrix.
enum RowBlocks {
    /// Rows per block: a block of `rows × p` doubles (≈ 1 MB) stays in cache while BLAS consumes it.
    static func blockRows(columns p: Int) -> Int {
        return max(256, min(2048, (1 << 17) / max(1, p)))
    }

    /// Work below which a chunk does not pay for a thread hand-off (≈ 0.1 ms of one core).
    static let minimumFlopsPerChunk = 2_000_000

    /// Upper bound on the chunks `parallelChunks` uses (size of per-chunk accumulator arrays).
    static var maximumChunks: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    /// Splits 0..<n into contiguous chunks and runs body(chunkIndex, range) on each, in
    /// parallel when n is large. While chunks run concurrently OpenBLAS is limited to one
    /// thread (each chunk's small BLAS calls would otherwise oversubscribe the cores);
    /// the previous thread count is restored afterwards.
    ///
    /// `flopsPerRow` (the pass's work per row, ≈ 2 × the multiply-adds) decides how many chunks are
    /// worth a thread: each needs ≥ `minimumFlopsPerChunk` and ≥ 256 rows. Without it, ≥ 16384 rows
    /// per chunk. Measured on digits (N = 1797, p = 65, 10 classes, 2 cores): the Hessian pass
    /// (≈ 236 kflop per row) with 2 chunks instead of 1 chunk on 2-thread BLAS: 40 → 9 ms.
    static func parallelChunks(_ n: Int, minimumRowsPerChunk: Int = 16384, flopsPerRow: Int? = nil,
                               _ body: (Int, Range<Int>) -> Void) -> Int {
        let cores = min(maximumChunks, max(1, BLASThreads.count))
        let byWork = flopsPerRow.map { n.multipliedReportingOverflow(by: $0).partialValue / minimumFlopsPerChunk }
        let byRows = flopsPerRow == nil ? n / max(1, minimumRowsPerChunk) : n / 256
        let chunks = max(1, min(cores, byRows, byWork ?? byRows))
        if chunks == 1 {
            body(0, 0..<n)
            return 1
        }
        SerialBLAS.enter()
        defer { SerialBLAS.leave() }
        // concurrentPerform is synchronous, so body never outlives this call; each chunk
        // writes only its own accumulators and its own rows of shared outputs.
        withoutActuallyEscaping(body) { escapable in
            nonisolated(unsafe) let work = escapable
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = n * c / chunks, hi = n * (c + 1) / chunks
                work(c, lo..<hi)
            }
        }
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

/// Limits OpenBLAS to one thread while any parallel row-block pass runs, restoring the previous
/// count when the last one ends (reference-counted, so overlapping passes from different threads
/// cannot leave OpenBLAS stuck at one thread).
enum SerialBLAS {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var depth = 0
    nonisolated(unsafe) private static var saved = 1

    static func enter() {
        lock.lock(); defer { lock.unlock() }
        if depth == 0 {
            saved = BLASThreads.count
            BLASThreads.set(1)
        }
        depth += 1
    }

    static func leave() {
        lock.lock(); defer { lock.unlock() }
        depth -= 1
        if depth == 0 { BLASThreads.set(saved) }
    }
}
