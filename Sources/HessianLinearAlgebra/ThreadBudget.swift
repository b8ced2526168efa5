import COpenBLAS
import Foundation

/// How many threads the library's own parallel passes may use for the work started in the
/// current task (or on the current thread).
///
/// Every parallel pass (the models' row-block passes, large matrix products) splits its work into
/// a number of chunks decided **only** by this budget and the problem's size, runs the chunks on
/// up to that many threads, and combines per-chunk partial results in chunk order. So a result
/// is bitwise the same for the same inputs and the same budget, whatever else runs in the process.
/// OpenBLAS itself is set to one thread once, the first time the library calls it, and never
/// changed by the library afterwards (the chunks are the parallelism).
///
/// The budget is a task-local value: ``withThreads(_:_:)`` sets it for everything its body does,
/// including child tasks it creates. `minimize(_:from:using:threads:trace:)` takes it as an
/// argument. Without either, the budget is ``defaultThreads`` (the active processor count).
public enum ThreadBudget {
    @TaskLocal static var override: Int?

    /// The budget when none is set: `ProcessInfo.activeProcessorCount`.
    public static var defaultThreads: Int { Swift.max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The budget in effect here.
    public static var current: Int { override ?? defaultThreads }

    /// Runs `body` with a budget of `threads` (values below 1 mean 1) for every pass it starts.
    public static func withThreads<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
        try $override.withValue(Swift.max(1, threads), operation: body)
    }

    /// Runs the asynchronous `body` with a budget of `threads` (values below 1 mean 1).
    public static func withThreads<R: Sendable>(_ threads: Int, isolation: isolated (any Actor)? = #isolation,
                                                _ body: () async throws -> R) async rethrows -> R {
        try await $override.withValue(Swift.max(1, threads), operation: body, isolation: isolation)
    }
}

/// Sets OpenBLAS to one thread, once per process: the library's parallelism is its own chunked
/// passes (`parallelFor`), and a multi-threaded BLAS call inside a chunk would oversubscribe the
/// cores and make results depend on OpenBLAS's own splitting. First, the kernel family is
/// corrected where OpenBLAS fell back to its generic one (``BLASKernel``).
enum SingleThreadedBLAS {
    static let configured: Void = {
        _ = BLASKernel.correction
        openblas_set_num_threads(1)
    }()
}
