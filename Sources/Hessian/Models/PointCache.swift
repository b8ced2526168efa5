import Foundation

/// Remembers what a model computed at the last point x, so that the usual solver
/// sequence value(x) → evaluate(x, hessian: true) → curvature(x) at the SAME x
/// computes Xw (and σ, softmax) once. Models are value types; copies share the cache,
/// which is safe because a model's data never change. Access is serialized by a lock.
final class PointCache<State>: @unchecked Sendable {
    private let lock = NSLock()
    private var key: [Double]?
    private var state: State?

    init() {}

    /// The state stored for exactly this x, if any.
    func state(at x: [Double]) -> State? {
        lock.lock(); defer { lock.unlock() }
        return key == x ? state : nil
    }

    func store(_ s: State, at x: [Double]) {
        lock.lock(); defer { lock.unlock() }
        key = x
        state = s
    }
}

/// Helpers for the models' passes over row blocks of a column-major N×d matrix.
enum RowBlocks {
    /// Rows per block: a block of `rows × p` doubles (≈ 1 MB) stays in cache while BLAS consumes it.
    static func blockRows(columns p: Int) -> Int {
        return max(256, min(2048, (1 << 17) / max(1, p)))
    }

    /// Upper bound on the chunks `parallelChunks` uses (size of per-chunk accumulator arrays).
    static var maximumChunks: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    /// Splits 0..<n into contiguous chunks and runs body(chunkIndex, range) on each, in
    /// parallel when n is large. While chunks run concurrently OpenBLAS is limited to one
    /// thread (each chunk's small BLAS calls would otherwise oversubscribe the cores);
    /// the previous thread count is restored afterwards.
    static func parallelChunks(_ n: Int, minimumRowsPerChunk: Int = 16384,
                               _ body: (Int, Range<Int>) -> Void) -> Int {
        let cores = min(maximumChunks, max(1, BLASThreads.count))
        let chunks = max(1, min(cores, n / max(1, minimumRowsPerChunk)))
        if chunks == 1 {
            body(0, 0..<n)
            return 1
        }
        let saved = BLASThreads.count
        BLASThreads.set(1)
        // concurrentPerform is synchronous, so body never outlives this call; each chunk
        // writes only its own accumulators and its own rows of shared outputs.
        withoutActuallyEscaping(body) { escapable in
            nonisolated(unsafe) let work = escapable
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = n * c / chunks, hi = n * (c + 1) / chunks
                work(c, lo..<hi)
            }
        }
        BLASThreads.set(saved)
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

/// Stable scalar functions of the logistic family.
enum Logistics {
    /// log(1 + eᵃ) = max(a, 0) + log1p(e^−|a|): never overflows.
    @inline(__always) static func log1pExp(_ a: Double) -> Double {
        max(a, 0) + log1p(exp(-abs(a)))
    }

    /// σ(a) = 1/(1 + e^−a) and σ′(a) = σ(1 − σ), from e = e^−|a| ≤ 1 so nothing overflows:
    /// σ = 1/(1+e) for a ≥ 0 and e/(1+e) otherwise; σ′ = e/(1+e)².
    @inline(__always) static func sigmoid(_ a: Double) -> (value: Double, derivative: Double) {
        let e = exp(-abs(a))
        let inv = 1 / (1 + e)
        return (a >= 0 ? inv : e * inv, e * inv * inv)
    }
}
