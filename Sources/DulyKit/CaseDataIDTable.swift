import Glibc

/// IDs to indices without making a String per lookup: open addressing on a 64-bit FNV-1a hash
/// of the bytes, each hit checked against the ID's own bytes.
struct IDTable: @unchecked Sendable {
    private struct Entry { var hash: UInt64; var index: Int32 }
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
            place(IDTable.hash(b), index)
            return (index, true)
        }
    }

    private mutating func place(_ h: UInt64, _ index: Int32) {
        var slot = Int(truncatingIfNeeded: h) & mask
        while entries[slot].index >= 0 { slot = (slot + 1) & mask }
        entries[slot] = Entry(hash: h, index: index)
    }

    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Entry(hash: 0, index: -1), count: old.count * 2)
        mask = entries.count - 1
        for e in old where e.index >= 0 { place(e.hash, e.index) }
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
