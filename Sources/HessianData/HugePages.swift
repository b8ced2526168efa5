import Foundation

/// Transparent huge pages for large fresh buffers of doubles (Linux only; elsewhere a no-op).
enum HugePages {
    /// Asks Linux for huge pages on the 2 MiB-aligned part of a buffer of at least 8 MiB. With
    /// 4 KiB pages a fresh buffer costs one page fault per 4 KiB (for a 10⁶ × 100 design, 800 MB,
    /// that dominates zeroing it), and the CSV reader, which writes each row's k cells a whole
    /// column apart, touches ~k pages per row (TLB misses).
    static func advise(_ p: UnsafeMutablePointer<Double>, bytes: Int) {
        #if os(Linux)
        let huge: UInt = 2 << 20
        guard bytes >= 8 << 20 else { return }
        let start = (UInt(bitPattern: p) + huge - 1) & ~(huge - 1)
        let end = (UInt(bitPattern: p) + UInt(bytes)) & ~(huge - 1)
        if end > start, let first = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(first, Int(end - start), MADV_HUGEPAGE)
        }
        #endif
    }
}
