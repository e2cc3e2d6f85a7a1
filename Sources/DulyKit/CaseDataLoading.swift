import DulyModel
import DulyTime
import Foundation

/// Why a data set could not be read at all (as opposed to a bad row).
public struct CaseDataError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Typed column storage for subject attributes: a few bytes per student, not a dictionary.
enum AttributeColumn {
    case flags([Int8])
    case numbers([Int])
    case dates([Int32])
    case times([Int16])
    case texts([String?])
    case durations([Duration?])
    /// Organisation index, or `-2 - county index` for a county named by name, `-1` absent.
    case organisations([Int32])
}

/// The events of one part of a file: one packed record per event in `arena` (about 35 bytes),
/// so materialising an event touches one place in memory.
///
/// Record layout: subject Int32 · date Int32 · actor Int32 · recipient Int32 · row Int32 ·
/// minutes Int16 · type UInt8 · ID (length byte, bytes) · reference (length, bytes) ·
/// attribute count · per attribute (slot, length, bytes). Integers little-endian, unaligned.
final class EventShard: @unchecked Sendable {
    /// Offset of each event's record in `arena`.
    var extra: [UInt32] = []
    var arena: [UInt8] = []
    var count: Int { extra.count }

    static let subjectOffset = 0, dateOffset = 4, actorOffset = 8, recipientOffset = 12, rowOffset = 16
    static let minutesOffset = 20, typeOffset = 22, idOffset = 23
    var issues: [DataIssue] = []
    var skipped = 0
    var lines = 0

}

/// One part's counts while grouping, then its next free slot per subject and per actor.
private final class GroupingPart: @unchecked Sendable {
    var counts: [Int32] = []
    var actorCounts: [Int32] = []
    var first = Int32.max
}

/// The grouping arrays, written by both parts at once.
///
/// INVARIANT: each part writes only the slots its own counts reserved, so no slot is written
/// twice, and the buffers outlive the concurrent loop.
private struct SharedSlots: @unchecked Sendable {
    let order: UnsafeMutableBufferPointer<UInt32>
    let actorOrder: UnsafeMutableBufferPointer<UInt32>
}

/// A data set: organisations, students and events, read streaming into compact storage and
/// grouped by subject, so evaluation can materialise one subject's events at a time.
public final class CaseDataSet: @unchecked Sendable {
    public let organisations: [Organisation]
    public let directory: OrganisationDirectory
    let counties: [String]

    let subjectKind: SubjectKind
    let studentIDs: [String]
    let studentNames: [String]
    let studentSchools: [Int32]
    let studentRows: [Int32]
    let studentFile: String
    let attributeColumns: [(name: AttributeName, values: AttributeColumn)]

    let eventTypes: [EventType]
    /// Per event type: the attribute slots (indices into `eventAttributes`) it may carry.
    let eventAttributes: [(name: AttributeName, type: ValueType)]
    let eventFile: String
    let shards: [EventShard]

    /// Subject index → range in `order` (students first, then organisations).
    var subjectStart: [Int32] = []
    var order: [UInt32] = []
    /// Organisation index → range in `actorOrder`: events of recurring types it did.
    var actorStart: [Int32] = []
    var actorOrder: [UInt32] = []

    /// Bad rows and header problems found while reading.
    public internal(set) var issues: [DataIssue]
    public var studentCount: Int { studentIDs.count }
    public var eventCount: Int { shards.reduce(0) { $0 + $1.count } }
    /// The earliest event date, where the data begins.
    public internal(set) var firstEventDate: CivilDate?

    init(organisations: [Organisation], counties: [String], subjectKind: SubjectKind, studentIDs: [String], studentNames: [String],
         studentSchools: [Int32], studentRows: [Int32], studentFile: String, attributeColumns: [(name: AttributeName, values: AttributeColumn)],
         eventTypes: [EventType], eventAttributes: [(name: AttributeName, type: ValueType)], eventFile: String, shards: [EventShard],
         issues: [DataIssue]) {
        self.organisations = organisations
        directory = OrganisationDirectory(organisations)
        self.counties = counties
        self.subjectKind = subjectKind
        self.studentIDs = studentIDs
        self.studentNames = studentNames
        self.studentSchools = studentSchools
        self.studentRows = studentRows
        self.studentFile = studentFile
        self.attributeColumns = attributeColumns
        self.eventTypes = eventTypes
        self.eventAttributes = eventAttributes
        self.eventFile = eventFile
        self.shards = shards
        self.issues = issues
    }

    /// Rows skipped because they were bad (exact, even when `issues` is cut short).
    public internal(set) var skippedRows = 0

    // MARK: - Grouping

    /// Groups events by subject (counting sort) and events of `recurring` types by actor, each
    /// part of the file on its own thread. Within a subject the first part's events come
    /// first, so `order` keeps file order.
    func group(recurring: Set<EventType>) {
        let subjects = studentIDs.count + organisations.count
        let actors = organisations.count
        var recurringType = [Bool](repeating: false, count: eventTypes.count)
        for (i, t) in eventTypes.enumerated() { recurringType[i] = recurring.contains(t) }
        let isRecurring = recurringType
        // Pass 1: counts per part.
        let parts = shards.map { _ in GroupingPart() }
        DispatchQueue.concurrentPerform(iterations: shards.count) { k in
            let shard = shards[k], part = parts[k]
            var counts = [Int32](repeating: 0, count: subjects)
            var actorCounts = [Int32](repeating: 0, count: actors)
            var first = Int32.max
            shard.arena.withUnsafeBytes { a in
                for p in shard.extra {
                    let r = Int(p)
                    let subject = Int(a.loadUnaligned(fromByteOffset: r + EventShard.subjectOffset, as: Int32.self))
                    let actor = a.loadUnaligned(fromByteOffset: r + EventShard.actorOffset, as: Int32.self)
                    let date = a.loadUnaligned(fromByteOffset: r + EventShard.dateOffset, as: Int32.self)
                    counts[subject] += 1
                    if isRecurring[Int(a[r + EventShard.typeOffset])], actor >= 0 { actorCounts[Int(actor)] += 1 }
                    if date < first { first = date }
                }
            }
            part.counts = counts
            part.actorCounts = actorCounts
            part.first = first
        }
        let first = parts.map(\.first).min() ?? Int32.max
        if first != Int32.max { firstEventDate = CivilDate(dayNumber: first) }
        // Ranges: each subject's range holds part 0's events, then part 1's.
        // Each part's first slot within every range (its count arrays are reused for this),
        // worked on local copies: element access through a class property checks exclusivity.
        var starts = [Int32](repeating: 0, count: subjects + 1)
        var actorStarts = [Int32](repeating: 0, count: actors + 1)
        func place(_ counts: [[Int32]], _ starts: inout [Int32]) -> [[Int32]] {
            var firsts = counts
            var total: Int32 = 0
            for i in 0..<(starts.count - 1) {
                starts[i] = total
                for k in firsts.indices { let c = firsts[k][i]; firsts[k][i] = total; total += c }
            }
            starts[starts.count - 1] = total
            return firsts
        }
        let firsts = place(parts.map(\.counts), &starts)
        let actorFirsts = place(parts.map(\.actorCounts), &actorStarts)
        for (k, part) in parts.enumerated() {
            part.counts = firsts[k]
            part.actorCounts = actorFirsts[k]
        }
        subjectStart = starts
        actorStart = actorStarts
        var order = [UInt32](repeating: 0, count: Int(starts[subjects]))
        var actorOrder = [UInt32](repeating: 0, count: Int(actorStarts[actors]))
        var firstIndex: [UInt32] = []
        var base: UInt32 = 0
        for shard in shards { firstIndex.append(base); base += UInt32(shard.count) }
        let bases = firstIndex
        // Pass 2: scatter. The parts write disjoint slots of the two arrays.
        order.withUnsafeMutableBufferPointer { orderSlots in
            actorOrder.withUnsafeMutableBufferPointer { actorSlots in
                let slots = SharedSlots(order: orderSlots, actorOrder: actorSlots)
                DispatchQueue.concurrentPerform(iterations: shards.count) { k in
                    let shard = shards[k], part = parts[k], base = bases[k]
                    var next = part.counts, actorNext = part.actorCounts
                    part.counts = []
                    part.actorCounts = []
                    shard.arena.withUnsafeBytes { a in
                        for (i, p) in shard.extra.enumerated() {
                            let r = Int(p)
                            let s = Int(a.loadUnaligned(fromByteOffset: r + EventShard.subjectOffset, as: Int32.self))
                            slots.order[Int(next[s])] = base + UInt32(i)
                            next[s] += 1
                            let actor = a.loadUnaligned(fromByteOffset: r + EventShard.actorOffset, as: Int32.self)
                            if isRecurring[Int(a[r + EventShard.typeOffset])], actor >= 0 {
                                let k = Int(actor)
                                slots.actorOrder[Int(actorNext[k])] = base + UInt32(i)
                                actorNext[k] += 1
                            }
                        }
                    }
                }
            }
        }
        self.order = order
        self.actorOrder = actorOrder
    }

    // MARK: - Materialising

    public var subjectCount: Int { studentIDs.count + organisations.count }

    /// A reader for one thread; see `SubjectReader`.
    func reader() -> SubjectReader { SubjectReader(self) }
}
