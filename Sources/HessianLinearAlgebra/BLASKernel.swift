import COpenBLAS

/// The OpenBLAS kernel family the process computes with.
///
/// OpenBLAS chooses its kernels from the CPU model when it loads. A release older than the CPU
/// (Debian 12's OpenBLAS 0.3.21 on Intel Sapphire and Emerald Rapids) falls back to its generic
/// Prescott (SSE3) kernels, which run dgemm at a third to a half of the rate of the AVX-512 ones.
/// Before its first BLAS or LAPACK call the library corrects that fallback, and only that: when
/// OpenBLAS reports Prescott, `OPENBLAS_CORETYPE` is unset and the CPU supports AVX-512 (or
/// AVX2 with FMA), OpenBLAS's own selection is re-run with `OPENBLAS_CORETYPE=SkylakeX` (or
/// `Haswell`). Setting `OPENBLAS_CORETYPE` yourself always wins (e.g. `OPENBLAS_CORETYPE=Prescott`
/// keeps the fallback).
public enum BLASKernel {
    /// The kernel set by the correction, or nil when OpenBLAS's choice was kept.
    static let correction: String? = hessian_correct_openblas_fallback().map { String(cString: $0) }

    /// OpenBLAS's name of the kernel family in use (e.g. "SkylakeX", "Haswell", "Zen").
    public static var name: String {
        _ = SingleThreadedBLAS.configured
        return openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }

    /// The kernel family the library switched to from OpenBLAS's Prescott fallback, or nil when it
    /// kept OpenBLAS's own choice.
    public static var corrected: String? {
        _ = SingleThreadedBLAS.configured
        return correction
    }
}
