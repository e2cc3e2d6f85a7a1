import Glibc

/// IDs to indices without making a String per lookup: open addressing on a 64-bit hash of the
/// bytes, each hit checked against the ID's own bytes.
///
/// A slot is 8 bytes (32 bits of the hash and the index), and the IDs' bytes are kept one after
/// another beside the slots: about 30 bytes a student ID at most half the slots full, where slots
/// holding the hash and the ID itself took 64. (On three million students that is 100 MB of the
/// peak.) A lookup reads a slot, then the ID's bytes of a candidate whose hash bits match.
///
/// A table of a million students is far larger than the caches, so every lookup misses: readers
/// that know several IDs ahead call `touch` for each first, so the misses overlap rather than
/// follow one another.
struct IDTable: @unchecked Sendable {
    fileprivate struct Slot {
        /// The hash's low 32 bits (the high ones choose the home slot).
        var tag: UInt32
        var index: Int32
    }
    private var slots: IDSlots
    /// The IDs' bytes, in index order; ID `i` ends at `ends[i]`.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private(set) var count = 0

    /// A table that holds `capacity` IDs without growing.
    init(capacity: Int) {
        slots = IDSlots(pairs: max(8, capacity))
        ends.reserveCapacity(capacity)
    }

    /// The table's hash of an ID (also used to sort a subject's event IDs): one wide multiply per
    /// 16 bytes rather than one multiply per byte.
    @inline(__always) static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        if b.count <= 16 {
            let (low, high) = words(b)
            return mix(low ^ 0x9E37_79B9_7F4A_7C15, high ^ 0xD6E8_FEB8_6659_FD93 ^ UInt64(b.count))
        }
        guard let p = b.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(p)
        var h = UInt64(b.count)
        var offset = 0
        while offset + 16 <= b.count {
            h = mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ h ^ 0x9E37_79B9_7F4A_7C15,
                    raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self) ^ 0xD6E8_FEB8_6659_FD93)
            offset += 16
        }
        let (low, high) = words(UnsafeBufferPointer(rebasing: b[(b.count - 16)...]))
        return mix(low ^ h ^ 0x9E37_79B9_7F4A_7C15, high ^ 0xD6E8_FEB8_6659_FD93)
    }

    @inline(__always) private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return high ^ low
    }

    /// Up to 16 bytes as two words that, with the length, tell any two IDs apart: overlapping
    /// loads from both ends, never reading outside `b`.
    @inline(__always) static func words(_ b: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        let n = b.count
        guard let p = b.baseAddress, n > 0 else { return (0, 0) }
        let raw = UnsafeRawPointer(p)
        if n >= 8 {
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        }
        if n >= 4 {
            let first = UInt64(raw.loadUnaligned(as: UInt32.self))
            let last = UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            return (first | last << 32, 0)
        }
        return (UInt64(p[0]) | UInt64(p[n / 2]) << 8 | UInt64(p[n - 1]) << 16, 0)
    }

    /// The first slot for a hash: the first of a pair (a cache line), chosen by the high bits
    /// scaled to the number of pairs (any number, not only powers of two).
    @inline(__always) fileprivate static func home(_ h: UInt64, pairs: Int) -> Int {
        2 * Int(truncatingIfNeeded: ((h >> 32) &* UInt64(pairs)) >> 32)
    }

    /// Adds `id` with the next index; returns the existing index when it is already there.
    mutating func insert(_ id: String) -> (index: Int32, inserted: Bool) {
        var copy = id
        return copy.withUTF8 { insert($0) }
    }

    /// Adds the ID spelled by `b` with the next index; returns the existing index when it is there.
    mutating func insert(_ b: UnsafeBufferPointer<UInt8>) -> (index: Int32, inserted: Bool) {
        let h = IDTable.hash(b)
        if let i = index(of: b, hash: h) { return (i, false) }
        if !isKnownUniquelyReferenced(&slots) { slots = slots.copy() }
        if (count + 1) * 2 > slots.count { grow() }
        bytes.append(contentsOf: b)
        ends.append(bytes.count)
        slots.place(Slot(tag: UInt32(truncatingIfNeeded: h), index: Int32(count)), hash: h)
        count += 1
        return (Int32(count - 1), true)
    }

    /// Twice the slots, each ID placed again by its hash worked out from its bytes.
    private mutating func grow() {
        let bigger = IDSlots(pairs: slots.count)
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            for i in 0..<count {
                let h = IDTable.hash(UnsafeBufferPointer(rebasing: all[start..<ends[i]]))
                bigger.place(Slot(tag: UInt32(truncatingIfNeeded: h), index: Int32(i)), hash: h)
                start = ends[i]
            }
        }
        slots = bigger
    }

    /// Loads the pair of slots where a lookup of `h` starts, so that the lookup itself, a little
    /// later, finds it in the cache. Returns a word of it so the load is not optimised away.
    @inline(__always) func touch(_ h: UInt64) -> UInt64 {
        UInt64(slots.entries[IDTable.home(h, pairs: slots.count / 2)].tag)
    }

    /// The index of the ID spelled by `b`, if present.
    subscript(b: UnsafeBufferPointer<UInt8>) -> Int32? { index(of: b, hash: IDTable.hash(b)) }

    subscript(id id: String) -> Int32? {
        var copy = id
        return copy.withUTF8 { self[$0] }
    }

    /// The index of the ID spelled by `b`, whose hash `h` the caller already has.
    @inline(__always) func index(of b: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32? {
        let tag = UInt32(truncatingIfNeeded: h)
        let e = slots.entries, size = slots.count
        var slot = IDTable.home(h, pairs: size / 2)
        while true {
            let s = e[slot]
            if s.index < 0 { return nil }
            if s.tag == tag && spells(Int(s.index), b) { return s.index }
            slot += 1
            if slot == size { slot = 0 }
        }
    }

    /// Whether ID `i` is the bytes `b`.
    @inline(__always) private func spells(_ i: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = i == 0 ? 0 : ends[i - 1], end = ends[i]
        guard end - start == b.count else { return false }
        guard let base = b.baseAddress, b.count > 0 else { return true }
        return bytes.withUnsafeBufferPointer { IDTable.same(UnsafeRawPointer($0.baseAddress! + start), UnsafeRawPointer(base), b.count) }
    }

    /// Whether the `n` bytes at `a` and at `b` are the same, eight at a time. IDs, type names
    /// and organisation codes are a few bytes long: for them a call of `memcmp` (through the
    /// dynamic linker's table) cost more than the comparison, on every row.
    @inline(__always) static func same(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }
}

/// The slots of an `IDTable`, in memory aligned to cache lines: a pair of slots never straddles
/// two lines.
private final class IDSlots {
    let entries: UnsafeMutablePointer<IDTable.Slot>
    /// Slots: twice the pairs.
    let count: Int

    init(pairs: Int) {
        count = 2 * pairs
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<IDTable.Slot>.stride, alignment: 64)
        entries = raw.initializeMemory(as: IDTable.Slot.self, repeating: IDTable.Slot(tag: 0, index: -1), count: count)
    }

    deinit { entries.deallocate() }

    /// A copy, for a table that is changed while another shares these slots.
    func copy() -> IDSlots {
        let other = IDSlots(pairs: count / 2)
        other.entries.update(from: entries, count: count)
        return other
    }

    /// Puts `slot` in the first free slot from the home of `hash`.
    func place(_ entry: IDTable.Slot, hash: UInt64) {
        var slot = IDTable.home(hash, pairs: count / 2)
        while entries[slot].index >= 0 {
            slot += 1
            if slot == count { slot = 0 }
        }
        entries[slot] = entry
    }
}

/// Organisation IDs or county names looked up from a cell's bytes with the answers a String-keyed
/// dictionary gives, where canonically equivalent spellings (`é` and `e` + U+0301) are one key.
/// Cells and names made only of characters normalisation leaves alone (ASCII and the common CJK
/// ideographs, the usual case) are equal exactly when their bytes are, so they are found by
/// bytes; anything else goes through the dictionary as before.
struct NameTable: @unchecked Sendable {
    /// The names by their exact bytes, indexed by position.
    private(set) var bytes: IDTable
    private let names: [String: Int32]
    /// Whether every name is plain (see `isPlain`), so that a byte lookup of a plain cell is exact.
    private let plain: Bool

    /// `names[i]` gets index `i`; names canonically equivalent to an earlier one get the later
    /// index, as in a dictionary filled in order.
    init(_ names: [String]) {
        var bytes = IDTable(capacity: names.count)
        var dictionary: [String: Int32] = [:]
        var plain = true
        for (i, name) in names.enumerated() {
            _ = bytes.insert(name)
            dictionary[name] = Int32(i)
            var copy = name
            if !copy.withUTF8(NameTable.isPlain) { plain = false }
        }
        self.bytes = bytes
        self.names = dictionary
        self.plain = plain
    }

    /// The index of the name the cell spells, under String equality.
    func index(of b: UnsafeBufferPointer<UInt8>) -> Int32? {
        if plain && NameTable.isPlain(b) { return bytes[b] }
        return names[String(decoding: b, as: UTF8.self)]
    }

    /// Whether the bytes are valid UTF-8 of ASCII and U+3400–U+9FFF only (CJK extension A, the
    /// hexagram symbols and the unified ideographs): none of these has a decomposition or combines
    /// with a neighbour, so such a string is its own normal form.
    static func isPlain(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            guard c >= 0xE3, c <= 0xE9, i + 2 < n else { return false }
            let c1 = b[i + 1], c2 = b[i + 2]
            guard c1 & 0xC0 == 0x80, c2 & 0xC0 == 0x80, c != 0xE3 || c1 >= 0x90 else { return false }
            i += 3
        }
        return true
    }
}
