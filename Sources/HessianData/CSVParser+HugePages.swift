import Foundation

extension CSVParser {
    /// Asks Linux for transparent huge pages on a large fresh output buffer: the rows of 101
    /// columns are written at a stride of the whole column, so with 4 KiB pages every row
    /// touches ~k pages (TLB misses) and the buffer costs one page fault per 4 KiB.
    func adviseHugePages(_ p: UnsafeMutablePointer<Double>, bytes: Int) {
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
