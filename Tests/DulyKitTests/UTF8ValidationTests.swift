import DulyCSV
import DulyTestSupport
import Testing

/// `ChunkReader.isUTF8` decides whether a window of a CSV file is known to be UTF-8 (so its rows
/// are not checked one by one) and whether a row pasted from a GBK file is reported: it must agree
/// with the standard library's own validation exactly, on every kind of byte sequence.
@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    /// Bytes chosen to hit every branch: ASCII runs longer than a word, every lead-byte class,
    /// the second-byte limits of E0, ED, F0 and F4, stray continuations and bytes never valid.
    static let alphabet: [UInt8] = [0x41, 0x2C, 0x30, 0x0A, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                    0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF]

    static func stdlibValid(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }

    /// Valid once some continuation is appended: the only constraint past the second byte is
    /// "a continuation byte", and the second byte's limits are covered by these choices.
    static func stdlibValidPrefix(_ bytes: [UInt8]) -> Bool {
        if stdlibValid(bytes) { return true }
        for second: UInt8 in [0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF] {
            for rest in 0...2 where stdlibValid(bytes + [second] + [UInt8](repeating: 0x80, count: rest)) { return true }
        }
        return false
    }

    static func check(_ bytes: [UInt8], truncated: Bool) -> Bool {
        bytes.withUnsafeBufferPointer { ChunkReader.isUTF8($0, truncated: truncated) }
    }

    @Test("agrees with the standard library on random byte sequences")
    func random() {
        var rng = SplitMix64(seed: 0x5EED)
        for _ in 0..<20_000 {
            let count = Int(rng.next() % 24)
            var bytes: [UInt8] = []
            while bytes.count < count {
                // Mostly whole characters, so that long valid runs are common and a single bad
                // byte decides.
                switch rng.next() % 5 {
                case 0: bytes += Array("缺课,2024-09-01,".utf8)
                case 1: bytes += Array("😀é".utf8)
                default: bytes.append(UTF8ValidationTests.alphabet[Int(rng.next() % UInt64(UTF8ValidationTests.alphabet.count))])
                }
            }
            #expect(UTF8ValidationTests.check(bytes, truncated: false) == UTF8ValidationTests.stdlibValid(bytes), "\(bytes)")
            #expect(UTF8ValidationTests.check(bytes, truncated: true) == UTF8ValidationTests.stdlibValidPrefix(bytes), "\(bytes)")
            // The shape alone is at least as lenient as validity.
            if UTF8ValidationTests.stdlibValid(bytes) { #expect(bytes.withUnsafeBufferPointer { ChunkReader.isUTF8($0, truncated: false, strict: false) }) }
        }
    }

    @Test("the shape check, which decides a file's encoding, takes surrogates and overlong forms and refuses broken sequences",
          arguments: [([0xED, 0xA1, 0x82], true), ([0xE0, 0x80, 0x80], true), ([0xF4, 0x90, 0x80, 0x80], true),
                      ([0xD6, 0xD0], false), ([0xE4, 0xB8], false), ([0x80], false), ([0xC0, 0x80], false)] as [([UInt8], Bool)])
    func shape(_ sequence: [UInt8], _ shaped: Bool) {
        let bytes = Array("学号,".utf8) + sequence + Array(",甲\n".utf8)
        #expect(bytes.withUnsafeBufferPointer { ChunkReader.isUTF8($0, truncated: false, strict: false) } == shaped, "\(sequence)")
    }

    @Test("the limits of each lead byte, after a run of ASCII", arguments: [
        ([0xE0, 0x9F, 0x80], false), ([0xE0, 0xA0, 0x80], true),   // overlong / U+0800
        ([0xED, 0x9F, 0xBF], true), ([0xED, 0xA0, 0x80], false),    // U+D7FF / a surrogate
        ([0xF0, 0x8F, 0xBF, 0xBF], false), ([0xF0, 0x90, 0x80, 0x80], true),
        ([0xF4, 0x8F, 0xBF, 0xBF], true), ([0xF4, 0x90, 0x80, 0x80], false),  // U+10FFFF / past it
        ([0xC1, 0xBF], false), ([0xC2, 0x80], true), ([0xD6, 0xD0], false),   // GBK 中
    ] as [([UInt8], Bool)])
    func limits(_ sequence: [UInt8], _ valid: Bool) {
        for lead in 0...9 {
            let bytes = [UInt8](repeating: 0x61, count: lead) + sequence + [0x2C]
            #expect(UTF8ValidationTests.check(bytes, truncated: false) == valid, "\(bytes)")
            #expect(UTF8ValidationTests.stdlibValid(bytes) == valid, "\(bytes)")
        }
    }
}
