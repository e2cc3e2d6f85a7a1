import Glibc

/// One CSV record's cells, valid during the call that receives it: offsets into the bytes read,
/// quoted cells already unescaped in place and every cell trimmed of surrounding spaces.
///
/// Its accessors are `@inlinable`: the readers above call them for every cell, and a call across
/// the module boundary per cell would cost more than the cell's parsing.
public struct CSVRecord {
    /// The bytes the bounds point into.
    public let base: UnsafePointer<UInt8>
    /// Start and end offset of each cell, in pairs.
    public let bounds: UnsafePointer<Int>
    /// The number of cells.
    public let count: Int

    /// A record of `count` cells whose bounds are at `bounds` (a JSON Lines row is handed over as one).
    @inlinable public init(base: UnsafePointer<UInt8>, bounds: UnsafePointer<Int>, count: Int) {
        self.base = base
        self.bounds = bounds
        self.count = count
    }

    /// The cell's bytes; empty when there is no such cell.
    @inlinable @inline(__always) public func cell(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i >= 0, i < count else { return UnsafeBufferPointer(start: base, count: 0) }
        return UnsafeBufferPointer(start: base + bounds[2 * i], count: bounds[2 * i + 1] - bounds[2 * i])
    }

    /// The cell as text.
    @inlinable public func string(_ i: Int) -> String { String(decoding: cell(i), as: UTF8.self) }
    /// Whether the cell is empty (or absent).
    @inlinable @inline(__always) public func isEmpty(_ i: Int) -> Bool { cell(i).isEmpty }

    /// The cell `start..<end` of `base` without the spaces and tabs around it.
    @inlinable @inline(__always) public static func trimmed(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var (lo, hi) = (start, end)
        while lo < hi && (base[lo] == 0x20 || base[lo] == 0x09) { lo += 1 }
        while hi > lo && (base[hi - 1] == 0x20 || base[hi - 1] == 0x09) { hi -= 1 }
        return (lo, hi)
    }
}

/// Complete records of a CSV file, handed over a few dozen at a time so that a reader can look at
/// several rows before it handles the first (to prefetch what the rows to come will need). Valid
/// during the call that receives it.
public struct CSVBatch {
    /// Records per batch.
    public static let capacity = 64
    @usableFromInline let base: UnsafePointer<UInt8>
    /// Start and end offsets of the cells of all records, in pairs.
    @usableFromInline let bounds: UnsafePointer<Int>
    /// The first cell of each record (one entry more than records), and the line each starts on.
    @usableFromInline let firstCell: UnsafePointer<Int>
    @usableFromInline let lines: UnsafePointer<Int>
    /// The number of records.
    public let count: Int
    /// Records before this one are taken already (the header).
    public var lower = 0
    /// Whether the scanner already found every byte its records came from to be valid UTF-8
    /// (`scan(…, validatingUTF8: true)`), so that no record needs checking on its own.
    public internal(set) var isKnownUTF8 = false

    init(base: UnsafePointer<UInt8>, bounds: UnsafePointer<Int>, firstCell: UnsafePointer<Int>, lines: UnsafePointer<Int>, count: Int) {
        self.base = base
        self.bounds = bounds
        self.firstCell = firstCell
        self.lines = lines
        self.count = count
    }

    /// Record `k`.
    @inlinable @inline(__always) public subscript(k: Int) -> CSVRecord {
        precondition(k >= 0 && k < count)
        return CSVRecord(base: base, bounds: bounds + 2 * firstCell[k], count: firstCell[k + 1] - firstCell[k])
    }

    /// The line record `k` starts on (1-based).
    @inlinable @inline(__always) public func line(_ k: Int) -> Int {
        precondition(k >= 0 && k < count)
        return lines[k]
    }

    /// Records `range` of this batch, as a batch of their own.
    public func slice(_ range: Range<Int>) -> CSVBatch {
        precondition(range.lowerBound >= 0 && range.upperBound <= count)
        var slice = CSVBatch(base: base, bounds: bounds, firstCell: firstCell + range.lowerBound, lines: lines + range.lowerBound,
                             count: range.count)
        slice.isKnownUTF8 = isKnownUTF8
        return slice
    }

    /// Whether record `k`'s cells are valid UTF-8 (`ChunkReader.isUTF8`, ASCII eight bytes at a time).
    public func isValidUTF8(_ k: Int) -> Bool {
        let record = self[k]
        for c in 0..<record.count where !ChunkReader.isUTF8(record.cell(c), truncated: false) { return false }
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
public enum CSVScanner {
    /// Why a scan stopped before the end: a quoted cell that is never closed.
    public enum Failure: Sendable { case unterminatedQuote(line: Int) }

    /// How scanning one record from a position ended.
    private enum RecordEnd {
        case complete(next: Int, lines: Int)
        /// The bytes read so far end inside the record: read more and scan it again.
        case incomplete
        /// A quoted cell runs to the end of the file.
        case unterminated
    }

    /// Parses the bytes `reader` yields. `firstLine` numbers the first record.
    ///
    /// `validatingUTF8`: each window of bytes is checked once, whole, before its records are
    /// scanned (quoted cells are unescaped in place as they are kept, so afterwards only the
    /// cells can be checked); a batch from a valid window says so (`isKnownUTF8`). A window with
    /// a bad byte leaves its batches to be checked record by record.
    ///
    /// `lineMap`: the bytes are lines picked out of a larger file, and `lineMap[n]` is the line of
    /// that file which line `n` of these bytes was; records and failures are numbered by it.
    public static func scan(_ reader: ChunkReader, firstLine: Int, validatingUTF8: Bool = false, lineMap: [Int32]? = nil,
                            _ body: (CSVBatch) -> Void) -> (Failure?, nextLine: Int) {
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
            // A window may end inside a character; the record holding it is scanned again, whole,
            // in the next window.
            let known = validatingUTF8 && ChunkReader.isUTF8(UnsafeBufferPointer(start: base + pos, count: n - pos), truncated: !atEnd)
            func hand(_ batch: CSVBatch) {
                var batch = batch
                batch.isKnownUTF8 = known
                if let lineMap {
                    for k in 0..<batch.count where builder.lines[k] < lineMap.count { builder.lines[k] = Int(lineMap[builder.lines[k]]) }
                }
                body(batch)
            }
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
                        failure = .unterminatedQuote(line: lineMap.map { line < $0.count ? Int($0[line]) : line } ?? line)
                        pos = n
                        break records
                    }
                }
                builder.endRecord(line: line, trim: trim)
                line += lines
                pos = next
                if builder.count == CSVBatch.capacity {
                    hand(builder.batch)
                    builder.reset(base)
                }
            }
            if builder.count > 0 { hand(builder.batch) }
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
