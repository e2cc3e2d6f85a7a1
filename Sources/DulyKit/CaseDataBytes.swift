import Glibc

/// How a case-data file is encoded; Excel in China saves CSV as GB18030 (GBK) unless told otherwise.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 with BOM"
    case gb18030 = "GB18030"
}

/// Reads a file in large chunks, converted to UTF-8, without ever holding the whole file.
final class ChunkReader {
    let fd: Int32
    let encoding: TextEncoding
    private var converter: iconv_t?
    private var pending: [UInt8] = []
    private var remaining: Int
    static let chunkSize = 1 << 20
    /// Bytes iconv could not convert, for a data issue.
    var undecodableBytes = 0

    /// Opens `path` at byte `offset` (after any BOM) and reads `length` bytes (all when nil).
    init?(path: String, encoding: TextEncoding, offset: Int, length: Int?) {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        self.encoding = encoding
        if offset > 0 { lseek(fd, off_t(offset), SEEK_SET) }
        remaining = length ?? Int.max
        if encoding == .gb18030 {
            let cd = iconv_open("UTF-8", "GB18030")
            if cd == iconv_t(bitPattern: -1) { close(fd); return nil }
            converter = cd
        }
    }

    deinit {
        if let converter { iconv_close(converter) }
        close(fd)
    }

    /// Appends the next chunk of UTF-8 bytes to `buffer`; false at the end of the range.
    func read(into buffer: inout [UInt8]) -> Bool {
        guard remaining > 0 else { return false }
        let want = min(ChunkReader.chunkSize, remaining)
        var raw = [UInt8](repeating: 0, count: want)
        let n = raw.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
        guard n > 0 else { return false }
        remaining -= n
        if converter == nil {
            buffer.append(contentsOf: raw[0..<n])
            return true
        }
        pending.append(contentsOf: raw[0..<n])
        convert(into: &buffer, final: n < want || remaining == 0)
        return true
    }

    private func convert(into buffer: inout [UInt8], final: Bool) {
        guard let converter else { return }
        var out = [UInt8](repeating: 0, count: pending.count * 2 + 16)
        var consumed = 0
        var produced = 0
        pending.withUnsafeMutableBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                while consumed < input.count {
                    var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(input.baseAddress! + consumed).assumingMemoryBound(to: CChar.self)
                    var inLeft = input.count - consumed
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(output.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                    var outLeft = output.count - produced
                    let before = inLeft, outBefore = outLeft
                    let r = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
                    consumed += before - inLeft
                    produced += outBefore - outLeft
                    if r != -1 { break }
                    if errno == EINVAL && !final { break }          // incomplete sequence: wait for more bytes
                    // Invalid (or truncated at the end): replace one byte with U+FFFD and go on.
                    undecodableBytes += 1
                    consumed += 1
                    if output.count - produced >= 3 {
                        output[produced] = 0xEF; output[produced + 1] = 0xBF; output[produced + 2] = 0xBD
                        produced += 3
                    }
                }
            }
        }
        buffer.append(contentsOf: out[0..<produced])
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

/// One CSV record's cells as byte ranges, valid during the callback that receives it.
struct CSVRecord {
    var base: UnsafePointer<UInt8>
    var starts: [Int] = []
    var ends: [Int] = []
    /// Unescaped copies of quoted cells that contained `""` (cell index → bytes).
    var unescaped: [Int: [UInt8]] = [:]

    var count: Int { starts.count }

    /// The cell's bytes with surrounding spaces trimmed; an empty buffer when absent.
    func withCell<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard i >= 0, i < starts.count else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        if let copy = unescaped[i] { return copy.withUnsafeBufferPointer { body(CSVRecord.trim($0)) } }
        return body(CSVRecord.trim(UnsafeBufferPointer(start: base + starts[i], count: ends[i] - starts[i])))
    }

    func string(_ i: Int) -> String { withCell(i) { String(decoding: $0, as: UTF8.self) } }
    func isEmpty(_ i: Int) -> Bool { withCell(i) { $0.isEmpty } }

    static func trim(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let p = b.baseAddress else { return b }
        var lo = 0, hi = b.count
        while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
        while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09) { hi -= 1 }
        return UnsafeBufferPointer(start: p + lo, count: hi - lo)
    }
}

/// A streaming CSV parser (RFC 4180: quoted cells, `""` escapes, CRLF or LF, line breaks
/// inside quotes). Calls `body` for each record with the 1-based line number it starts on.
enum CSVScanner {
    enum Failure { case unterminatedQuote(line: Int) }

    /// Parses the bytes `reader` yields. `firstLine` numbers the first record.
    static func scan(_ reader: ChunkReader, firstLine: Int, _ body: (inout CSVRecord, Int) -> Void) -> (Failure?, nextLine: Int) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(ChunkReader.chunkSize * 2)
        var line = firstLine
        var atEnd = false
        var record = CSVRecord(base: UnsafePointer(bitPattern: 1)!)
        record.starts.reserveCapacity(32)
        record.ends.reserveCapacity(32)
        while true {
            if !atEnd { atEnd = !reader.read(into: &buffer) }
            var consumed = 0
            var failure: Failure?
            buffer.withUnsafeBufferPointer { buf in
                guard let base = buf.baseAddress else { return }
                let n = buf.count
                var pos = 0
                while pos < n {
                    // One record from pos.
                    record.base = base
                    record.starts.removeAll(keepingCapacity: true)
                    record.ends.removeAll(keepingCapacity: true)
                    if !record.unescaped.isEmpty { record.unescaped.removeAll() }
                    var i = pos
                    var linesInRecord = 1
                    var complete = false
                    cells: while true {
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
                                if c == 0x0A { linesInRecord += 1 }
                                j += 1
                            }
                            if !closed {
                                if atEnd { failure = .unterminatedQuote(line: line); consumed = n; return }
                                break cells
                            }
                            let idx = record.starts.count
                            record.starts.append(i + 1)
                            record.ends.append(j)
                            if hasEscape {
                                var copy: [UInt8] = []
                                var k = i + 1
                                while k < j { copy.append(base[k]); k += base[k] == 0x22 ? 2 : 1 }
                                record.unescaped[idx] = copy
                            }
                            i = j + 1
                            // Skip anything up to the separator (lenient about spaces after a quote).
                            while i < n && base[i] != 0x2C && base[i] != 0x0A { i += 1 }
                        } else {
                            var j = i
                            while j < n && base[j] != 0x2C && base[j] != 0x0A { j += 1 }
                            record.starts.append(i)
                            var e = j
                            if j < n && base[j] == 0x0A && e > i && base[e - 1] == 0x0D { e -= 1 }
                            else if j == n && atEnd && e > i && base[e - 1] == 0x0D { e -= 1 }
                            record.ends.append(e)
                            i = j
                        }
                        if i >= n {
                            if atEnd { complete = true }
                            break cells
                        }
                        if base[i] == 0x2C { i += 1; if i >= n && !atEnd { break cells }; if i >= n { record.starts.append(i); record.ends.append(i); complete = true; break cells }; continue }
                        // newline
                        i += 1
                        complete = true
                        break cells
                    }
                    guard complete else { break }
                    let blank = record.starts.count == 1 && record.ends[0] == record.starts[0]
                    if !blank { body(&record, line) }
                    line += linesInRecord
                    pos = i
                    consumed = i
                }
            }
            if let failure { return (failure, line) }
            if consumed > 0 { buffer.removeFirst(consumed) }
            if atEnd { return (nil, line) }
        }
    }
}
