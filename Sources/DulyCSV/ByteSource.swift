import Glibc

/// Where a table's bytes are: a regular file on disk, or bytes already in memory (a policy test's
/// tables). Both are read by the very same code, so a table in memory gets every check a file gets.
public enum ByteSource: Sendable {
    case file(path: String)
    case memory([UInt8])

    /// The path of a file; nil for bytes in memory.
    public var path: String? {
        if case .file(let path) = self { return path }
        return nil
    }
}

/// An open `ByteSource`: sequential reads from a position, and reads at an offset that leave the
/// position alone (`pread`), which is all the readers above need.
public final class ByteInput {
    /// The file's descriptor; -1 for bytes in memory.
    private let fd: Int32
    private let memory: [UInt8]
    /// Where the next sequential read starts, for bytes in memory (a file keeps its own).
    private var position = 0
    /// The number of bytes.
    public let size: Int

    /// Opens `source`; nil when it is a file that cannot be opened or is not a regular file (a
    /// folder, a FIFO), which are never read.
    public init?(_ source: ByteSource) {
        switch source {
        case .file(let path):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            var st = stat()
            guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { close(fd); return nil }
            self.fd = fd
            memory = []
            size = Int(st.st_size)
        case .memory(let bytes):
            fd = -1
            memory = bytes
            size = bytes.count
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Moves the position of sequential reads to `offset`.
    public func seek(to offset: Int) {
        if fd >= 0 { lseek(fd, off_t(offset), SEEK_SET) } else { position = min(max(0, offset), size) }
    }

    /// Reads up to `count` bytes from the position into `buffer`: how many were read, 0 at the
    /// end, negative on an error.
    public func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        if fd >= 0 { return Glibc.read(fd, buffer, count) }
        let n = copy(from: position, into: buffer, count: count)
        position += n
        return n
    }

    /// Reads up to `count` bytes at `offset` into `buffer`, leaving the position alone.
    public func read(at offset: Int, into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        if fd >= 0 { return pread(fd, buffer, count, off_t(offset)) }
        return copy(from: offset, into: buffer, count: count)
    }

    private func copy(from offset: Int, into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        let n = max(0, min(count, size - offset))
        if n > 0 { memory.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + offset, byteCount: n) } }
        return n
    }

    /// Up to the first `count` bytes.
    public func head(_ count: Int) -> [UInt8] {
        var sample = [UInt8](repeating: 0, count: count)
        let n = sample.withUnsafeMutableBytes { read(at: 0, into: $0.baseAddress!, count: count) }
        sample.removeLast(count - max(n, 0))
        return sample
    }
}
