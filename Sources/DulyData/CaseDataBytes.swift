import Glibc

/// How a case-data file is encoded; Excel in China saves CSV as GB18030 (GBK) unless told otherwise.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 with BOM"
    case gb18030 = "GB18030"
}

/// The bytes of a file being read, owned here so that a chunk is read straight into place: filled
/// at the end, consumed from the front, and compacted (the unconsumed bytes moved to the front)
/// when the end reaches the capacity. It grows only when one record is longer than the room left.
final class ByteWindow {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes before `start` are consumed; `start..<end` are read and not consumed yet.
    var start = 0
    private(set) var end = 0

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    /// Where at least `n` more bytes can be written after `end`.
    func room(for n: Int) -> UnsafeMutablePointer<UInt8> {
        if capacity - end < n {
            let unread = end - start
            if unread + n > capacity {
                var grown = capacity * 2
                while grown < unread + n { grown *= 2 }
                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
                larger.initialize(from: base + start, count: unread)
                base.deallocate()
                base = larger
                capacity = grown
            } else if unread > 0 {
                memmove(base, base + start, unread)
            }
            start = 0
            end = unread
        }
        return base + end
    }

    /// Takes the `n` bytes just written at `room(for:)` as read.
    func commit(_ n: Int) {
        precondition(n >= 0 && end + n <= capacity)
        end += n
    }
}

/// Reads a file in large chunks, converted to UTF-8, without ever holding the whole file.
final class ChunkReader {
    let fd: Int32
    let encoding: TextEncoding
    private var converter: iconv_t?
    /// GB18030 bytes read but not converted yet (a character cut at the end of a chunk).
    private var pending: [UInt8] = []
    private var remaining: Int
    static let chunkSize = 1 << 20
    /// Bytes iconv could not convert, for a data issue.
    var undecodableBytes = 0
    /// The file ends its lines with a bare carriage return (classic Mac OS, some exporters):
    /// each CR is read as a line feed, so such a file is not one long header line.
    let translatesCarriageReturns: Bool

    /// Opens `path` at byte `offset` (after any BOM) and reads `length` bytes (all when nil).
    init?(path: String, encoding: TextEncoding, offset: Int, length: Int?) {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        self.encoding = encoding
        if offset > 0 { lseek(fd, off_t(offset), SEEK_SET) }
        remaining = length ?? Int.max
        translatesCarriageReturns = ChunkReader.endsLinesWithCarriageReturn(fd: fd)
        if encoding == .gb18030 {
            let cd = iconv_open("UTF-8", "GB18030")
            if cd == iconv_t(bitPattern: -1) { close(fd); return nil }
            converter = cd
        }
    }

    /// Whether the file's first 64 KB hold a carriage return and no line feed.
    static func endsLinesWithCarriageReturn(fd: Int32) -> Bool {
        var sample = [UInt8](repeating: 0, count: 1 << 16)
        let n = sample.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 1 << 16, 0) }
        guard n > 0 else { return false }
        let bytes = sample[0..<n]
        return bytes.contains(0x0D) && !bytes.contains(0x0A)
    }

    /// CR → LF in the bytes just read (only for a file that ends its lines with CR alone).
    private func translate(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) {
        guard translatesCarriageReturns else { return }
        for i in 0..<n where p[i] == 0x0D { p[i] = 0x0A }
    }

    deinit {
        if let converter { iconv_close(converter) }
        close(fd)
    }

    /// Reads the next chunk, as UTF-8, onto the end of `window`; false at the end of the range.
    func read(into window: ByteWindow) -> Bool {
        guard remaining > 0 else { return false }
        let want = min(ChunkReader.chunkSize, remaining)
        guard converter != nil else {
            let room = window.room(for: want)
            let n = Glibc.read(fd, room, want)
            guard n > 0 else { return false }
            remaining -= n
            translate(room, n)
            window.commit(n)
            return true
        }
        let kept = pending.count
        pending.append(contentsOf: repeatElement(0, count: want))
        let n = pending.withUnsafeMutableBufferPointer { Glibc.read(fd, $0.baseAddress! + kept, want) }
        pending.removeLast(want - max(n, 0))
        guard n > 0 else { return false }
        remaining -= n
        convert(into: window, final: n < want || remaining == 0)
        return true
    }

    private func convert(into window: ByteWindow, final: Bool) {
        guard let converter else { return }
        let limit = pending.count * 2 + 16
        let output = window.room(for: limit)
        var consumed = 0
        var produced = 0
        pending.withUnsafeMutableBufferPointer { input in
            while consumed < input.count {
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(input.baseAddress! + consumed).assumingMemoryBound(to: CChar.self)
                var inLeft = input.count - consumed
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(output + produced).assumingMemoryBound(to: CChar.self)
                var outLeft = limit - produced
                let before = inLeft, outBefore = outLeft
                let r = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
                consumed += before - inLeft
                produced += outBefore - outLeft
                if r != -1 { break }
                if errno == EINVAL && !final { break }          // incomplete sequence: wait for more bytes
                // Invalid (or truncated at the end): replace one byte with U+FFFD and go on.
                undecodableBytes += 1
                consumed += 1
                if limit - produced >= 3 {
                    output[produced] = 0xEF; output[produced + 1] = 0xBF; output[produced + 2] = 0xBD
                    produced += 3
                }
            }
        }
        translate(output, produced)
        window.commit(produced)
        pending.removeFirst(consumed)
    }

    /// Detects the encoding from the first bytes: a BOM, else valid UTF-8, else GB18030.
    static func detect(path: String) -> (TextEncoding, bomLength: Int, size: Int)? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        var sample = [UInt8](repeating: 0, count: 1 << 16)
        let n = sample.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 1 << 16) }
        guard n >= 0 else { return nil }
        sample.removeLast(sample.count - n)
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8WithBOM, 3, Int(st.st_size)) }
        let utf8 = sample.withUnsafeBufferPointer { isUTF8($0, truncated: n == 1 << 16) }
        return (utf8 ? .utf8 : .gb18030, 0, Int(st.st_size))
    }

    /// Whether `bytes` are valid UTF-8; a sequence cut off at the end is allowed when `truncated`.
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>, truncated: Bool) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let len: Int
            if b & 0xE0 == 0xC0 && b >= 0xC2 { len = 2 }
            else if b & 0xF0 == 0xE0 { len = 3 }
            else if b & 0xF8 == 0xF0 && b <= 0xF4 { len = 4 }
            else { return false }
            if i + len > n { return truncated }
            for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { return false }
            i += len
        }
        return true
    }
}

/// One CSV record's cells, valid during the call that receives it: offsets into the bytes read,
/// quoted cells already unescaped in place and every cell trimmed of surrounding spaces.
struct CSVRecord {
    let base: UnsafePointer<UInt8>
    /// Start and end offset of each cell, in pairs.
    let bounds: UnsafePointer<Int>
    let count: Int

    /// The cell's bytes; empty when there is no such cell.
    @inline(__always) func cell(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i >= 0, i < count else { return UnsafeBufferPointer(start: base, count: 0) }
        return UnsafeBufferPointer(start: base + bounds[2 * i], count: bounds[2 * i + 1] - bounds[2 * i])
    }

    func string(_ i: Int) -> String { String(decoding: cell(i), as: UTF8.self) }
    @inline(__always) func isEmpty(_ i: Int) -> Bool { cell(i).isEmpty }

    /// The cell `start..<end` of `base` without the spaces and tabs around it.
    @inline(__always) static func trimmed(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var (lo, hi) = (start, end)
        while lo < hi && (base[lo] == 0x20 || base[lo] == 0x09) { lo += 1 }
        while hi > lo && (base[hi - 1] == 0x20 || base[hi - 1] == 0x09) { hi -= 1 }
        return (lo, hi)
    }
}

/// Complete records of a CSV file, handed over a few dozen at a time so that a reader can look at
/// several rows before it handles the first (see `IDTable.touch`). Valid during the call that
/// receives it.
struct CSVBatch {
    /// Records per batch.
    static let capacity = 64
    fileprivate let base: UnsafePointer<UInt8>
    /// Start and end offsets of the cells of all records, in pairs.
    fileprivate let bounds: UnsafePointer<Int>
    /// The first cell of each record (one entry more than records), and the line each starts on.
    fileprivate let firstCell: UnsafePointer<Int>
    fileprivate let lines: UnsafePointer<Int>
    let count: Int
    /// Records before this one are taken already (the header).
    var lower = 0

    @inline(__always) subscript(k: Int) -> CSVRecord {
        precondition(k >= 0 && k < count)
        return CSVRecord(base: base, bounds: bounds + 2 * firstCell[k], count: firstCell[k + 1] - firstCell[k])
    }

    @inline(__always) func line(_ k: Int) -> Int {
        precondition(k >= 0 && k < count)
        return lines[k]
    }

    /// Records `range` of this batch, as a batch of their own.
    func slice(_ range: Range<Int>) -> CSVBatch {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        return CSVBatch(base: base, bounds: bounds, firstCell: firstCell + range.lowerBound, lines: lines + range.lowerBound,
                        count: range.count)
    }

    /// Whether record `k`'s cells are valid UTF-8, eight ASCII bytes at a time.
    func isValidUTF8(_ k: Int) -> Bool {
        let record = self[k]
        for c in 0..<record.count {
            let cell = record.cell(c)
            guard let start = cell.baseAddress, !cell.isEmpty else { continue }
            var i = 0
            let n = cell.count
            while i + 8 <= n && UnsafeRawPointer(start + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            if i < n && !ChunkReader.isUTF8(UnsafeBufferPointer(rebasing: cell[i...]), truncated: false) { return false }
        }
        return true
    }
}

/// Where the scanner collects a batch: cell bounds, first cells and lines in buffers kept from
/// batch to batch (no allocation per record), all in one value so that the scanning loop works on
/// locals rather than on an object's properties.
private struct BatchBuilder {
    var base: UnsafeMutablePointer<UInt8>
    var bounds: UnsafeMutablePointer<Int>
    var cellCapacity = 1024
    var cells = 0
    let firstCell: UnsafeMutablePointer<Int>
    let lines: UnsafeMutablePointer<Int>
    var count = 0
    /// Cells of the record being scanned that hold `""` escapes.
    var escapedCells: [Int] = []

    init() {
        base = UnsafeMutablePointer(bitPattern: 1)!
        bounds = .allocate(capacity: 2 * cellCapacity)
        firstCell = .allocate(capacity: CSVBatch.capacity + 1)
        firstCell[0] = 0
        lines = .allocate(capacity: CSVBatch.capacity)
    }

    func deallocate() {
        bounds.deallocate()
        firstCell.deallocate()
        lines.deallocate()
    }

    var batch: CSVBatch { CSVBatch(base: base, bounds: bounds, firstCell: firstCell, lines: lines, count: count) }

    mutating func reset(_ bytes: UnsafeMutablePointer<UInt8>) {
        base = bytes
        count = 0
        cells = 0
    }

    /// Forgets the cells of a record that was not complete.
    @inline(__always) mutating func beginRecord() {
        cells = firstCell[count]
        if !escapedCells.isEmpty { escapedCells.removeAll(keepingCapacity: true) }
    }

    @inline(__always) mutating func push(_ start: Int, _ end: Int) {
        if cells == cellCapacity { grow() }
        bounds[2 * cells] = start
        bounds[2 * cells + 1] = end
        cells += 1
    }

    mutating func markEscaped() { escapedCells.append(cells - 1) }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: 4 * cellCapacity)
        larger.initialize(from: bounds, count: 2 * cells)
        bounds.deallocate()
        bounds = larger
        cellCapacity *= 2
    }

    /// Keeps the record just scanned unless it is a blank line; unescapes its quoted cells in
    /// place (they only shrink, and the record is complete, so it is never scanned again) and
    /// trims its cells (unless the scan saw no space or tab in it).
    @inline(__always) mutating func endRecord(line: Int, trim: Bool) {
        let first = firstCell[count]
        if !escapedCells.isEmpty { unescape() }
        if cells - first == 1 && bounds[2 * first] == bounds[2 * first + 1] {
            cells = first
            return
        }
        if trim {
            for c in first..<cells { (bounds[2 * c], bounds[2 * c + 1]) = CSVRecord.trimmed(base, bounds[2 * c], bounds[2 * c + 1]) }
        }
        lines[count] = line
        count += 1
        firstCell[count] = cells
    }

    private func unescape() {
        for c in escapedCells {
            var r = bounds[2 * c], w = r
            let e = bounds[2 * c + 1]
            while r < e {
                let byte = base[r]
                base[w] = byte
                w += 1
                r += byte == 0x22 ? 2 : 1
            }
            bounds[2 * c + 1] = w
        }
    }
}

/// A streaming CSV parser (RFC 4180: quoted cells, `""` escapes, CRLF or LF, line breaks
/// inside quotes). Hands over records with the 1-based line number each starts on.
enum CSVScanner {
    enum Failure { case unterminatedQuote(line: Int) }

    /// How scanning one record from a position ended.
    private enum RecordEnd {
        case complete(next: Int, lines: Int)
        /// The bytes read so far end inside the record: read more and scan it again.
        case incomplete
        /// A quoted cell runs to the end of the file.
        case unterminated
    }

    /// Parses the bytes `reader` yields. `firstLine` numbers the first record.
    static func scan(_ reader: ChunkReader, firstLine: Int, _ body: (CSVBatch) -> Void) -> (Failure?, nextLine: Int) {
        let window = ByteWindow(capacity: 2 * ChunkReader.chunkSize)
        var builder = BatchBuilder()
        defer { builder.deallocate() }
        var line = firstLine
        var atEnd = false
        while true {
            if !atEnd { atEnd = !reader.read(into: window) }
            let base = window.base, n = window.end
            var pos = window.start
            var failure: Failure?
            builder.reset(base)
            records: while pos < n {
                builder.beginRecord()
                let next: Int, lines: Int, trim: Bool
                if let plain = plainRecord(base, from: pos, to: n, into: &builder) {
                    (next, lines, trim) = (plain.next, 1, plain.spaced)
                } else {
                    switch record(base, from: pos, to: n, atEnd: atEnd, into: &builder) {
                    case .complete(let end, let count):
                        (next, lines, trim) = (end, count, true)
                    case .incomplete:
                        break records
                    case .unterminated:
                        failure = .unterminatedQuote(line: line)
                        pos = n
                        break records
                    }
                }
                builder.endRecord(line: line, trim: trim)
                line += lines
                pos = next
                if builder.count == CSVBatch.capacity {
                    body(builder.batch)
                    builder.reset(base)
                }
            }
            if builder.count > 0 { body(builder.batch) }
            window.start = pos
            if let failure { return (failure, line) }
            if atEnd { return (nil, line) }
        }
    }

    /// The bytes of `word` that are zero, as their high bits (exact: no borrow between bytes).
    @inline(__always) private static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word) & ~low
    }

    /// The bytes of `word` equal to `byte`, as their high bits.
    @inline(__always) private static func bytes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 {
        zeroBytes(word ^ (UInt64(byte) &* 0x0101_0101_0101_0101))
    }

    /// The common record: no quote anywhere, ended by a line feed before `n`. Finds its commas and
    /// line feed eight bytes at a time, with far fewer unpredictable branches than a cell at a
    /// time. Returns the position after it and whether it holds a space or tab (so needs trimming),
    /// or nil (with nothing kept) for `record` to scan.
    @inline(__always)
    private static func plainRecord(_ base: UnsafeMutablePointer<UInt8>, from pos: Int, to n: Int,
                                    into builder: inout BatchBuilder) -> (next: Int, spaced: Bool)? {
        var start = pos
        var j = pos
        var spaces: UInt64 = 0
        while j + 8 <= n {
            let word = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self)
            if bytes(word, equalTo: 0x22) != 0 { break }
            spaces |= bytes(word, equalTo: 0x20) | bytes(word, equalTo: 0x09)
            let lineFeeds = bytes(word, equalTo: 0x0A)
            var separators = bytes(word, equalTo: 0x2C) | lineFeeds
            while separators != 0 {
                let bit = separators.trailingZeroBitCount
                let p = j + bit >> 3
                if lineFeeds & (1 << UInt64(bit)) != 0 {
                    let end = p > start && base[p - 1] == 0x0D ? p - 1 : p
                    builder.push(start, end)
                    return (p + 1, spaces != 0)
                }
                builder.push(start, p)
                start = p + 1
                separators &= separators - 1
            }
            j += 8
        }
        builder.beginRecord()
        return nil
    }

    /// Scans one record from `pos`, pushing its cells to `builder`. Every index stays below `n`.
    @inline(__always)
    private static func record(_ base: UnsafeMutablePointer<UInt8>, from pos: Int, to n: Int, atEnd: Bool,
                               into builder: inout BatchBuilder) -> RecordEnd {
        var i = pos
        var lines = 1
        while true {
            if i < n && base[i] == 0x22 {
                // Quoted cell.
                var j = i + 1
                var hasEscape = false
                var closed = false
                while j < n {
                    let c = base[j]
                    if c == 0x22 {
                        if j + 1 < n && base[j + 1] == 0x22 { hasEscape = true; j += 2; continue }
                        if j + 1 >= n && !atEnd { break }
                        closed = true
                        break
                    }
                    if c == 0x0A { lines += 1 }
                    j += 1
                }
                if !closed { return atEnd ? .unterminated : .incomplete }
                builder.push(i + 1, j)
                if hasEscape { builder.markEscaped() }
                i = j + 1
                // Skip anything up to the separator (lenient about spaces after a quote).
                while i < n && base[i] != 0x2C && base[i] != 0x0A { i += 1 }
            } else {
                // Unquoted cell: up to the next comma or line feed, eight bytes at a time.
                var j = i
                while j + 8 <= n {
                    let word = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self)
                    let found = bytes(word, equalTo: 0x2C) | bytes(word, equalTo: 0x0A)
                    if found != 0 {
                        j += found.trailingZeroBitCount >> 3
                        break
                    }
                    j += 8
                }
                while j < n && base[j] != 0x2C && base[j] != 0x0A { j += 1 }
                var e = j
                if j < n {
                    if base[j] == 0x0A && e > i && base[e - 1] == 0x0D { e -= 1 }
                } else if atEnd && e > i && base[e - 1] == 0x0D {
                    e -= 1
                }
                builder.push(i, e)
                i = j
            }
            if i >= n { return atEnd ? .complete(next: i, lines: lines) : .incomplete }
            if base[i] == 0x2C {
                i += 1
                if i >= n {
                    if !atEnd { return .incomplete }
                    builder.push(i, i)
                    return .complete(next: i, lines: lines)
                }
                continue
            }
            // Newline.
            return .complete(next: i + 1, lines: lines)
        }
    }
}
