import Glibc

/// Large tables read at random ask the kernel for 2 MB pages. The student-ID table is one (a
/// million students make a table of 64 MB): with 4 KB pages nearly every lookup also misses the
/// TLB, and under a hypervisor such a miss costs as much as the cache miss.
enum HugePages {
    static let size = 2 << 20

    /// Advises huge pages for the whole 2 MB pages inside `buffer`, which must not be touched yet
    /// for the advice to take effect. Only advice: when the kernel declines, nothing changes.
    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count >= 2 * size else { return }
        let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(size - 1)
        guard end > start, let page = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(page, end - start, MADV_HUGEPAGE)
    }
}
