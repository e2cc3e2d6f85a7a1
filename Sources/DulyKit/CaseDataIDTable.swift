import Glibc

/// IDs to indices without making a String per lookup: open addressing on a 64-bit FNV-1a hash
/// of the bytes, each hit checked against the ID's own bytes. IDs of up to 16 bytes (the usual
/// case) are kept in the slot itself, so a lookup touches one cache line.
struct IDTable: @unchecked Sendable {
    private struct Entry {
        var hash: UInt64
        var index: Int32
        /// Byte count when the ID is stored inline, else -1.
        var inlineCount: Int32 = -1
        var low: UInt64 = 0
        var high: UInt64 = 0
    }
    private var entries: [Entry]
    private var mask: Int
    private var bytes: [UInt8] = []
    private var offsets: [UInt32] = [0]

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        entries = [Entry](repeating: Entry(hash: 0, index: -1), count: size)
        mask = size - 1
        bytes.reserveCapacity(capacity * 8)
        offsets.reserveCapacity(capacity + 1)
    }

    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for c in b { h = (h ^ UInt64(c)) &* 0x100_0000_01B3 }
        return h ^ (h >> 29)
    }

    var count: Int { offsets.count - 1 }

    /// Adds `id` with the next index; returns the existing index when it is already there.
    mutating func insert(_ id: String) -> (index: Int32, inserted: Bool) {
        var copy = id
        return copy.withUTF8 { b in
            if let i = self[b] { return (i, false) }
            if count * 2 >= entries.count { grow() }
            let index = Int32(count)
            bytes.append(contentsOf: b)
            offsets.append(UInt32(bytes.count))
            var entry = Entry(hash: IDTable.hash(b), index: index)
            if b.count <= 16 {
                let (lo, hi) = IDTable.pack(b)
                entry.inlineCount = Int32(b.count)
                entry.low = lo
                entry.high = hi
            }
            place(entry)
            return (index, true)
        }
    }

    private mutating func place(_ entry: Entry) {
        var slot = Int(truncatingIfNeeded: entry.hash) & mask
        while entries[slot].index >= 0 { slot = (slot + 1) & mask }
        entries[slot] = entry
    }

    /// Up to 16 bytes as two words, zero-padded.
    @inline(__always) static func pack(_ b: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { w in
            if let base = b.baseAddress { w.baseAddress!.copyMemory(from: base, byteCount: b.count) }
        }
        return words
    }

    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Entry(hash: 0, index: -1), count: old.count * 2)
        mask = entries.count - 1
        for e in old where e.index >= 0 { place(e) }
    }

    /// The index of the ID spelled by `b`, if present.
    subscript(b: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = IDTable.hash(b)
        var slot = Int(truncatingIfNeeded: h) & mask
        return entries.withUnsafeBufferPointer { e -> Int32? in
            while true {
                let entry = e[slot]
                if entry.index < 0 { return nil }
                if entry.hash == h {
                    if entry.inlineCount >= 0 {
                        if Int(entry.inlineCount) == b.count {
                            let (lo, hi) = IDTable.pack(b)
                            if lo == entry.low && hi == entry.high { return entry.index }
                        }
                        slot = (slot + 1) & mask
                        continue
                    }
                    let lo = Int(offsets[Int(entry.index)]), hi = Int(offsets[Int(entry.index) + 1])
                    if hi - lo == b.count && bytes.withUnsafeBufferPointer({ a in
                        b.count == 0 || memcmp(a.baseAddress! + lo, b.baseAddress!, b.count) == 0
                    }) { return entry.index }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    subscript(id id: String) -> Int32? {
        var copy = id
        return copy.withUTF8 { self[$0] }
    }
}
