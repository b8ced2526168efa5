import Foundation

/// The library's parallel-for: contiguous chunks of 0..<n, run concurrently, with per-chunk
/// accumulators combined in chunk order (so the result depends on the chunk count only).
package enum ParallelFor {
    /// Upper bound on chunks for any budget (sizes the per-chunk accumulators).
    package static let chunkCap = 8

    /// Work below which a chunk does not pay for a thread hand-off (≈ 0.1 ms of one core).
    static let minimumFlopsPerChunk = 2_000_000

    /// The chunk count for n rows under `budget`: at most min(budget, `chunkCap`), each chunk with
    /// ≥ `minimumFlopsPerChunk` flops and ≥ 256 rows when `flopsPerRow` is known, otherwise
    /// ≥ `minimumRowsPerChunk` rows. A function of its arguments only.
    package static func chunks(_ n: Int, budget: Int, minimumRowsPerChunk: Int = 16384, flopsPerRow: Int? = nil) -> Int {
        let byWork = flopsPerRow.map { n.multipliedReportingOverflow(by: $0).partialValue / minimumFlopsPerChunk }
        let byRows = flopsPerRow == nil ? n / Swift.max(1, minimumRowsPerChunk) : n / 256
        return Swift.max(1, Swift.min(budget, chunkCap, byRows, byWork ?? byRows))
    }

    /// Chunk c of `chunks` over 0..<n: n·c/chunks ..< n·(c+1)/chunks.
    @inline(__always)
    package static func range(_ c: Int, of chunks: Int, _ n: Int) -> Range<Int> {
        (n * c / chunks)..<(n * (c + 1) / chunks)
    }

    /// Runs body(c, range(c)) for c in 0..<chunks, concurrently when chunks > 1. Synchronous: the
    /// body never outlives the call. Each chunk must write only its own accumulators and its own
    /// rows of shared outputs.
    package static func run(_ n: Int, chunks: Int, _ body: (Int, Range<Int>) -> Void) {
        _ = SingleThreadedBLAS.configured
        if chunks <= 1 {
            body(0, 0..<n)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            nonisolated(unsafe) let work = escapable
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                work(c, range(c, of: chunks, n))
            }
        }
    }

    /// Σ over chunks of `width` partial sums: body(range, accumulator) adds its chunk's terms into
    /// a zeroed accumulator of `width` entries; the partials are added in chunk order 0, 1, ….
    package static func sum(_ n: Int, chunks: Int, width: Int,
                    _ body: (Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        if width == 0 { run(n, chunks: chunks) { _, _ in }; return [] }
        var partial = [Double](repeating: 0, count: chunks * width)
        partial.withUnsafeMutableBufferPointer { ps in
            let base = ps.baseAddress!
            run(n, chunks: chunks) { c, r in body(r, base + c * width) }
        }
        if chunks == 1 { return partial }
        var total = Array(partial[0..<width])
        for c in 1..<chunks { for j in 0..<width { total[j] += partial[c * width + j] } }
        return total
    }
}
