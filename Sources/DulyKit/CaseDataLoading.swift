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

    /// Groups events by subject (counting sort) and events of `recurring` types by actor.
    func group(recurring: Set<EventType>) {
        let subjects = studentIDs.count + organisations.count
        var counts = [Int32](repeating: 0, count: subjects + 1)
        var recurringType = [Bool](repeating: false, count: eventTypes.count)
        for (i, t) in eventTypes.enumerated() { recurringType[i] = recurring.contains(t) }
        var actorCounts = [Int32](repeating: 0, count: organisations.count + 1)
        var first = Int32.max
        for shard in shards {
            shard.arena.withUnsafeBytes { a in
                for p in shard.extra {
                    let r = Int(p)
                    let subject = Int(a.loadUnaligned(fromByteOffset: r + EventShard.subjectOffset, as: Int32.self))
                    let actor = a.loadUnaligned(fromByteOffset: r + EventShard.actorOffset, as: Int32.self)
                    let date = a.loadUnaligned(fromByteOffset: r + EventShard.dateOffset, as: Int32.self)
                    counts[subject + 1] += 1
                    if recurringType[Int(a[r + EventShard.typeOffset])], actor >= 0 { actorCounts[Int(actor) + 1] += 1 }
                    if date < first { first = date }
                }
            }
        }
        if first != Int32.max { firstEventDate = CivilDate(dayNumber: first) }
        for i in 0..<subjects { counts[i + 1] += counts[i] }
        for i in 0..<organisations.count { actorCounts[i + 1] += actorCounts[i] }
        subjectStart = counts
        actorStart = actorCounts
        var next = counts
        var actorNext = actorCounts
        order = [UInt32](repeating: 0, count: Int(counts[subjects]))
        actorOrder = [UInt32](repeating: 0, count: Int(actorCounts[organisations.count]))
        var base: UInt32 = 0
        for shard in shards {
            shard.arena.withUnsafeBytes { a in
                for (i, p) in shard.extra.enumerated() {
                    let r = Int(p)
                    let s = Int(a.loadUnaligned(fromByteOffset: r + EventShard.subjectOffset, as: Int32.self))
                    order[Int(next[s])] = base + UInt32(i)
                    next[s] += 1
                    let actor = a.loadUnaligned(fromByteOffset: r + EventShard.actorOffset, as: Int32.self)
                    if recurringType[Int(a[r + EventShard.typeOffset])], actor >= 0 {
                        let k = Int(actor)
                        actorOrder[Int(actorNext[k])] = base + UInt32(i)
                        actorNext[k] += 1
                    }
                }
            }
            base += UInt32(shard.count)
        }
    }

    // MARK: - Materialising

    public var subjectCount: Int { studentIDs.count + organisations.count }

    /// A reader for one thread; see `SubjectReader`.
    func reader() -> SubjectReader { SubjectReader(self) }
}
