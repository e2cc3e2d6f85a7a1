import Glibc

/// A quick pass over part of a UTF-8 CSV file in which every record is one line: with no quote
/// character anywhere, a line break always ends a record and a comma always ends a cell, so a
/// line's cells can be found without scanning it cell by cell.
///
/// It serves a reader that wants a few rows of a large file (one subject's) and one fact about
/// every row (a date), where the full scanner would do far more work per row than needed. The
/// pass gives up (`unsuited`) as soon as it meets a quote, because a quoted cell may hold a line
/// break or a comma; the caller then reads the file the ordinary way.
public enum LineScan {
    /// How a pass ended.
    public enum Outcome: Equatable, Sendable {
        /// Every line was handed over; `nextLine` is the number the line after the last would have.
        case done(nextLine: Int)
        /// A quote character was met, or the file ends its lines with a bare carriage return: the
        /// lines cannot be trusted to be records.
        case unsuited
        /// The bytes could not be read.
        case unreadable
    }

    /// Bytes read at a time.
    public static let chunkSize = 1 << 20

    /// Calls `body` with each line of `range` of `source`, without its line feed (and carriage
    /// return), and with its number counting from `firstLine`. Empty lines are counted, not
    /// handed over. `range` starts at the beginning of a line.
    @inlinable
    public static func lines(_ source: ByteSource, range: Range<Int>, firstLine: Int,
                             _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) -> Outcome {
        guard let input = ByteInput(source) else { return .unreadable }
        if ChunkReader.endsLinesWithCarriageReturn(input) { return .unsuited }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * chunkSize)
        defer { buffer.deallocate() }
        var capacity = 2 * chunkSize
        var base = buffer
        var grown: UnsafeMutablePointer<UInt8>?
        defer { grown?.deallocate() }
        var line = firstLine
        var offset = range.lowerBound
        // Bytes carried over at the start of `base`: a line not yet ended.
        var carried = 0
        while true {
            let want = min(chunkSize, range.upperBound - offset)
            if carried + want > capacity {
                // A line longer than a chunk: make room for it.
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * (carried + want))
                bigger.update(from: base, count: carried)
                grown?.deallocate()
                grown = bigger
                base = bigger
                capacity = 2 * (carried + want)
            }
            var n = 0
            while n < want {
                let r = input.read(at: offset + n, into: base + carried + n, count: want - n)
                if r < 0 { return .unreadable }
                if r == 0 { break }
                n += r
            }
            offset += n
            let end = carried + n
            let atEnd = n == 0 || offset >= range.upperBound
            if n > 0, memchr(base + carried, 0x22, n) != nil { return .unsuited }
            var start = 0
            while start < end {
                guard let found = memchr(base + start, 0x0A, end - start) else { break }
                let lineFeed = UnsafeMutablePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                var stop = lineFeed
                if stop > start && base[stop - 1] == 0x0D { stop -= 1 }
                if stop > start { body(UnsafeBufferPointer(start: base + start, count: stop - start), line) }
                line += 1
                start = lineFeed + 1
            }
            if atEnd {
                var stop = end
                if stop > start && base[stop - 1] == 0x0D { stop -= 1 }
                if stop > start {
                    body(UnsafeBufferPointer(start: base + start, count: stop - start), line)
                    line += 1
                }
                return .done(nextLine: line)
            }
            carried = end - start
            if carried > 0 && start > 0 { base.update(from: base + start, count: carried) }
        }
    }
}

/// The first cells of one line of `LineScan.lines` at a time, found in one pass, trimmed as the
/// full scanner trims them (`CSVRecord.trimmed`). One per reading thread, reused line after line;
/// a value holding a pointer, so that reading it needs no exclusivity check, as a class's stored
/// property would. `deallocate()` when done.
public struct LineCells {
    @usableFromInline let bounds: UnsafeMutablePointer<Int>
    @usableFromInline let capacity: Int
    @usableFromInline var base: UnsafePointer<UInt8>?
    /// The cells found in the current line (at most `capacity`).
    @usableFromInline var found = 0
    public var count: Int { found }

    /// Keeps cells 0 through `last`.
    public init(through last: Int) {
        capacity = last + 1
        bounds = .allocate(capacity: 2 * capacity)
    }

    public func deallocate() { bounds.deallocate() }

    /// Finds the cells of `line`, which must outlive their use.
    @inlinable @inline(__always)
    public mutating func load(_ line: UnsafeBufferPointer<UInt8>) {
        guard let p = line.baseAddress else { found = 0; return }
        base = p
        var start = 0, n = 0
        while n < capacity {
            let end = memchr(p + start, 0x2C, line.count - start).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - p } ?? line.count
            bounds[2 * n] = start
            bounds[2 * n + 1] = end
            n += 1
            if end == line.count { break }
            start = end + 1
        }
        found = n
    }

    /// Cell `k` of the current line, trimmed as the full scanner trims; nil when it has fewer.
    @inlinable @inline(__always)
    public subscript(k: Int) -> UnsafeBufferPointer<UInt8>? {
        guard k >= 0 && k < found, let p = base else { return nil }
        let (start, end) = CSVRecord.trimmed(p, bounds[2 * k], bounds[2 * k + 1])
        return UnsafeBufferPointer(start: p + start, count: end - start)
    }

    /// Whether cell `k` is exactly `bytes`.
    @inlinable @inline(__always)
    public func cell(_ k: Int, is bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let c = self[k], c.count == bytes.count else { return false }
        return c.count == 0 || memcmp(c.baseAddress!, bytes.baseAddress!, c.count) == 0
    }
}
