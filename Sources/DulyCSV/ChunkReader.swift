import Glibc

/// How a table is encoded; Excel in China saves CSV as GB18030 (GBK) unless told otherwise.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 with BOM"
    case gb18030 = "GB18030"
}

/// The bytes of a file being read, owned here so that a chunk is read straight into place: filled
/// at the end, consumed from the front, and compacted (the unconsumed bytes moved to the front)
/// when the end reaches the capacity. It grows only when one record is longer than the room left.
public final class ByteWindow {
    /// The bytes; moves when the window grows.
    public private(set) var base: UnsafeMutablePointer<UInt8>
    /// How many bytes `base` holds.
    public private(set) var capacity: Int
    /// Bytes before `start` are consumed; `start..<end` are read and not consumed yet.
    public var start = 0
    public private(set) var end = 0

    /// An empty window of `capacity` bytes.
    public init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    /// Where at least `n` more bytes can be written after `end`.
    public func room(for n: Int) -> UnsafeMutablePointer<UInt8> {
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
    public func commit(_ n: Int) {
        precondition(n >= 0 && end + n <= capacity)
        end += n
    }
}

/// Reads a file (or bytes in memory) in large chunks, converted to UTF-8, without ever holding
/// the whole file.
public final class ChunkReader {
    private let input: ByteInput
    /// The encoding read from (the output is always UTF-8).
    public let encoding: TextEncoding
    private var converter: iconv_t?
    /// GB18030 bytes read but not converted yet (a character cut at the end of a chunk).
    private var pending: [UInt8] = []
    private var remaining: Int
    /// Bytes read at a time: 1 MB.
    public static let chunkSize = 1 << 20
    /// Bytes iconv could not convert, for a data issue.
    public private(set) var undecodableBytes = 0
    /// The file ends its lines with a bare carriage return (classic Mac OS, some exporters):
    /// each CR is read as a line feed, so such a file is not one long header line.
    public let translatesCarriageReturns: Bool

    /// Opens `source` at byte `offset` (after any BOM) and reads `length` bytes (all when nil).
    public init?(_ source: ByteSource, encoding: TextEncoding, offset: Int, length: Int?) {
        guard let input = ByteInput(source) else { return nil }
        self.input = input
        self.encoding = encoding
        if offset > 0 { input.seek(to: offset) }
        remaining = length ?? Int.max
        translatesCarriageReturns = ChunkReader.endsLinesWithCarriageReturn(input)
        if encoding == .gb18030 {
            let cd = iconv_open("UTF-8", "GB18030")
            if cd == iconv_t(bitPattern: -1) { return nil }
            converter = cd
        }
    }

    /// Whether the first 64 KB hold a carriage return and no line feed.
    @usableFromInline static func endsLinesWithCarriageReturn(_ input: ByteInput) -> Bool {
        let bytes = input.head(1 << 16)
        return bytes.contains(0x0D) && !bytes.contains(0x0A)
    }

    /// CR → LF in the bytes just read (only for a file that ends its lines with CR alone).
    private func translate(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) {
        guard translatesCarriageReturns else { return }
        for i in 0..<n where p[i] == 0x0D { p[i] = 0x0A }
    }

    deinit {
        if let converter { iconv_close(converter) }
    }

    /// Reads the next chunk, as UTF-8, onto the end of `window`; false at the end of the range.
    public func read(into window: ByteWindow) -> Bool {
        guard remaining > 0 else { return false }
        let want = min(ChunkReader.chunkSize, remaining)
        guard converter != nil else {
            let room = window.room(for: want)
            let n = input.read(into: room, count: want)
            guard n > 0 else { return false }
            remaining -= n
            translate(room, n)
            window.commit(n)
            return true
        }
        let kept = pending.count
        pending.append(contentsOf: repeatElement(0, count: want))
        let n = pending.withUnsafeMutableBufferPointer { input.read(into: $0.baseAddress! + kept, count: want) }
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

    /// Detects the encoding from the first bytes: a BOM, else valid UTF-8, else GB18030. Nil when
    /// the source cannot be read (or is not a regular file).
    public static func detect(_ source: ByteSource) -> (TextEncoding, bomLength: Int, size: Int)? {
        guard let input = ByteInput(source) else { return nil }
        var sample = [UInt8](repeating: 0, count: 1 << 16)
        let n = sample.withUnsafeMutableBytes { input.read(into: $0.baseAddress!, count: 1 << 16) }
        guard n >= 0 else { return nil }
        sample.removeLast(sample.count - n)
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8WithBOM, 3, input.size) }
        // The shape of UTF-8 (leads and continuations) decides the file's encoding; a sequence
        // of that shape UTF-8 still forbids (a surrogate, as CESU-8 exports write a rare name
        // character; an overlong form) is reported on its own row by the strict check of the
        // rows, and must not turn the whole file into GB18030.
        let utf8 = sample.withUnsafeBufferPointer { isUTF8($0, truncated: n == 1 << 16, strict: false) }
        return (utf8 ? .utf8 : .gb18030, 0, input.size)
    }

    /// Whether `bytes` are valid UTF-8; a sequence cut off at the end is allowed when `truncated`.
    /// Not `strict`: whether they have the shape of UTF-8 (every lead byte followed by its
    /// continuation bytes), overlong forms, surrogates and code points past U+10FFFF allowed.
    ///
    /// Eight bytes at a time while they are ASCII; in a word that is not, the ASCII bytes before
    /// its first high byte are stepped over at once (Chinese text mixes commas and digits with
    /// three-byte characters, so most words are mixed).
    public static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>, truncated: Bool, strict: Bool = true) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(start)
        var i = 0
        let n = bytes.count
        while i < n {
            if i + 8 <= n {
                let high = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080
                if high == 0 { i += 8; continue }
                // The first byte is the word's lowest (little-endian).
                i += (UInt64(littleEndian: high)).trailingZeroBitCount >> 3
            }
            let b = start[i]
            if b < 0x80 { i += 1; continue }
            let len: Int
            if b & 0xF0 == 0xE0 { len = 3 }
            else if b & 0xE0 == 0xC0 && b >= 0xC2 { len = 2 }
            else if b & 0xF8 == 0xF0 && b <= 0xF4 { len = 4 }
            else { return false }
            if i + len > n {
                // Cut off: what is there must still begin a valid sequence.
                for k in (i + 1)..<n where start[k] & 0xC0 != 0x80 { return false }
                return truncated && (i + 1 == n || !strict || ChunkReader.secondByteFits(b, start[i + 1]))
            }
            for k in 1..<len where start[i + k] & 0xC0 != 0x80 { return false }
            // No overlong form, no surrogate (U+D800–DFFF), nothing past U+10FFFF.
            if strict && len > 2 && !ChunkReader.secondByteFits(b, start[i + 1]) { return false }
            i += len
        }
        return true
    }

    /// Whether `second` may follow lead byte `b` of a three- or four-byte sequence (Unicode
    /// Table 3-7): E0 needs A0–BF, ED 80–9F, F0 90–BF, F4 80–8F; any other lead any continuation.
    @inline(__always) static func secondByteFits(_ b: UInt8, _ second: UInt8) -> Bool {
        switch b {
        case 0xE0: second >= 0xA0
        case 0xED: second <= 0x9F
        case 0xF0: second >= 0x90
        case 0xF4: second <= 0x8F
        default: true
        }
    }
}

