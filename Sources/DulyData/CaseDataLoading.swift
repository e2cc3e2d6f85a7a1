import DulyModel
import DulySource
import DulyTime
import Foundation

/// Why a data set could not be read at all (as opposed to a bad row).
public struct CaseDataError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why, in both languages.
    public var text: LocalizedText
    /// The tool, not the data, failed (the temporary directory cannot be written): exit 4, not 2.
    public var isToolFailure: Bool

    public init(text: LocalizedText, isToolFailure: Bool = false) {
        self.text = text
        self.isToolFailure = isToolFailure
    }

    public init(en: String, zh: String, isToolFailure: Bool = false) {
        self.init(text: LocalizedText(en: en, zh: zh), isToolFailure: isToolFailure)
    }

    /// The English wording.
    public var message: String { text.en }

    /// Why, in `language`.
    public func message(in language: MessageLanguage) -> String { text.text(language) }

    public var description: String { text.en }
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

    /// How many students the column has a value for.
    var count: Int {
        switch self {
        case .flags(let v): v.count
        case .numbers(let v): v.count
        case .dates(let v): v.count
        case .times(let v): v.count
        case .texts(let v): v.count
        case .durations(let v): v.count
        case .organisations(let v): v.count
        }
    }
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
    /// The first and last day number of the rows read (usable or not; `CaseDataSet.firstEventDate`).
    var firstDay = Int32.max
    var lastDay = Int32.min
    /// Where the records go while they are read, when the data set is spilled.
    var spill: PartitionWriter?

}

/// The grouping array, written by every part at once.
///
/// INVARIANT: each part writes only the slots its own counts reserved, so no slot is written
/// twice, and the buffer outlives the concurrent loop.
private struct SharedSlots: @unchecked Sendable {
    let order: UnsafeMutableBufferPointer<UInt32>
}

/// A counting sort of records by a key, each part of the file on its own thread.
enum RecordGrouping {
    /// Per key, the range of `order` holding its records' global indices (parts in order,
    /// so within a key the records keep file order). `key` returns nil for a record that
    /// belongs to no key.
    static func group(_ shards: [EventShard], keys: Int,
                      key: @escaping @Sendable (UnsafeRawBufferPointer, Int) -> Int?) -> (start: [Int32], order: [UInt32]) {
        // Pass 1: counts per part.
        let counted = shards.map { _ in Box<[Int32]>([]) }
        DispatchQueue.concurrentPerform(iterations: shards.count) { k in
            let shard = shards[k]
            var counts = [Int32](repeating: 0, count: keys)
            shard.arena.withUnsafeBytes { a in
                for p in shard.extra { if let c = key(a, Int(p)) { counts[c] += 1 } }
            }
            counted[k].value = counts
        }
        // Each part's first slot within every range (its counts are reused for this).
        var start = [Int32](repeating: 0, count: keys + 1)
        var firsts = counted.map(\.value)
        var total: Int32 = 0
        for i in 0..<keys {
            start[i] = total
            for k in firsts.indices { let c = firsts[k][i]; firsts[k][i] = total; total += c }
        }
        start[keys] = total
        var bases: [UInt32] = []
        var base: UInt32 = 0
        for shard in shards { bases.append(base); base += UInt32(shard.count) }
        let partBases = bases
        for k in counted.indices { counted[k].value = firsts[k] }
        firsts = []
        // Pass 2: scatter. The parts write disjoint slots.
        var order = [UInt32](repeating: 0, count: Int(total))
        order.withUnsafeMutableBufferPointer { slots in
            let shared = SharedSlots(order: slots)
            DispatchQueue.concurrentPerform(iterations: shards.count) { k in
                let shard = shards[k], base = partBases[k]
                var next = counted[k].value
                counted[k].value = []
                shard.arena.withUnsafeBytes { a in
                    for (i, p) in shard.extra.enumerated() {
                        guard let c = key(a, Int(p)) else { continue }
                        shared.order[Int(next[c])] = base + UInt32(i)
                        next[c] += 1
                    }
                }
            }
        }
        return (start, order)
    }
}

/// A value shared by reference between the threads of one loop, each writing its own.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// A data set: organisations, students and events, read streaming into compact storage and
/// grouped by subject, so evaluation can materialise one subject's events at a time.
public final class CaseDataSet: @unchecked Sendable {
    /// The organisations, sorted by ID; organisation `k` is subject `studentCount + k`.
    public let organisations: [Organisation]
    /// The organisations with who manages whom, for finding who holds a duty.
    public let directory: OrganisationDirectory
    let counties: [String]

    let subjectKind: SubjectKind
    /// Student IDs in file order; a student's index is its subject index.
    public let studentIDs: [String]
    let studentNames: [String]
    let studentSchools: [Int32]
    let studentRows: [Int32]
    let studentFile: String
    let attributeColumns: [(name: AttributeName, values: AttributeColumn)]

    let eventTypes: [EventType]
    /// Per event type: the attribute slots (indices into `eventAttributes`) it may carry.
    let eventAttributes: [(name: AttributeName, type: ValueType)]
    let eventFile: String
    /// The events being evaluated: all of them, or one partition of a spilled data set.
    var shards: [EventShard]
    /// The events recurring duties count, grouped by actor: `shards` itself unless spilled.
    var actorShards: [EventShard]
    /// Where a large data set's events wait, one partition at a time (nil: all in memory).
    public internal(set) var spill: EventSpill?
    /// The temporary folder holding the events while the data set lives, when they were spilled.
    public var spillFolder: String? { spill?.folder }
    /// How many events were read (whether in memory or spilled).
    var storedEvents = 0

    /// Subject index → range in `order` (students first, then organisations).
    /// Per subject of the current events (from `subjectBase`), where its records start in `order`.
    var subjectStart: [Int32] = []
    /// The first subject `subjectStart` covers: 0, or the first of the loaded partition, so the
    /// grouping arrays of a range are sized by the range, not by every subject of the data set.
    var subjectBase = 0
    var order: [UInt32] = []
    /// Organisation index → range in `actorOrder`: events of recurring types it did.
    var actorStart: [Int32] = []
    var actorOrder: [UInt32] = []

    /// Bad rows and header problems found while reading.
    public internal(set) var issues: [DataIssue]
    /// The students read.
    public var studentCount: Int { studentIDs.count }
    /// The events read, whether in memory or spilled.
    public var eventCount: Int { storedEvents }
    /// The earliest date of an events row, where the data begins. Every row whose date cell
    /// holds a date counts, whether or not the rest of the row could be used: the export covers
    /// that day all the same, and a reader that picks out one subject's rows can tell it without
    /// checking every other row (`load(_:program:focus:)`), so both reads agree.
    public internal(set) var firstEventDate: CivilDate?
    /// The latest date of an events row (counted as for `firstEventDate`), where the data ends
    /// unless it says otherwise.
    public internal(set) var lastEventDate: CivilDate?
    /// The data set's `coverage.csv`, if it has one.
    public internal(set) var coverageTable: CoverageTable?
    /// The data set's `school_calendar.csv`, if it has one.
    public internal(set) var schoolCalendarTable: SchoolCalendarTable?

    /// What the data covers: its coverage table's rows, the whole set defaulting to its first
    /// through its last recorded event (the as-of date when there are none). Known once grouped.
    public func coverage(requestedFrom: CivilDate? = nil, asOf: CivilDate) -> CoverageMap {
        let whole = coverageTable?.whole ?? DataCoverage(from: min(firstEventDate ?? asOf, asOf), through: lastEventDate ?? asOf)
        let rows = coverageTable?.rows ?? [:]
        return CoverageMap(whole: whole, byOrganisation: CoverageMap.resolve(whole: whole, rows: rows, directory: directory), requestedFrom: requestedFrom)
    }

    init(organisations: [Organisation], counties: [String], subjectKind: SubjectKind, studentIDs: [String], studentNames: [String],
         studentSchools: [Int32], studentRows: [Int32], studentFile: String, attributeColumns: [(name: AttributeName, values: AttributeColumn)],
         eventTypes: [EventType], eventAttributes: [(name: AttributeName, type: ValueType)], eventFile: String, shards: [EventShard],
         issues: [DataIssue], spill: EventSpill? = nil, storedEvents: Int? = nil, actingRoles: [RoleName: RoleName] = [:],
         managedKinds: [RoleName: [RoleName]] = [:]) {
        self.organisations = organisations
        directory = OrganisationDirectory(organisations, actingRoles: actingRoles, managedKinds: managedKinds)
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
        self.spill = spill
        actorShards = spill.map { $0.writers.map(\.recurring) } ?? shards
        self.storedEvents = storedEvents ?? shards.reduce(0) { $0 + $1.count }
    }

    /// A subject a clerk names: its ID, its name, and for a student the school it is in.
    public struct NamedSubject: Hashable, Sendable {
        public var id: String
        public var name: String
        public var school: String?
    }

    /// The students and organisations whose ID or name is `text`: the ID's own subject when it
    /// is an ID, else everyone of that name (several students may share one).
    public func subjects(named text: String) -> [NamedSubject] {
        func student(_ i: Int) -> NamedSubject {
            let school = studentSchools[i] >= 0 && Int(studentSchools[i]) < organisations.count ? organisations[Int(studentSchools[i])].name : nil
            return NamedSubject(id: studentIDs[i], name: studentNames[i], school: school)
        }
        if let i = studentIDs.firstIndex(of: text) { return [student(i)] }
        if let o = organisations.first(where: { $0.id.rawValue == text }) { return [NamedSubject(id: o.id.rawValue, name: o.name, school: nil)] }
        return studentNames.indices.filter { studentNames[$0] == text }.map { student($0) }
            + organisations.filter { $0.name == text }.map { NamedSubject(id: $0.id.rawValue, name: $0.name, school: nil) }
    }

    /// Rows skipped because they were bad (exact, even when `issues` is cut short).
    public internal(set) var skippedRows = 0
    /// The subject (as the user named it) whose rows alone were read, when only they were
    /// (`CaseDataReader.load(_:program:focus:)`): then `issues` and `skippedRows` are of those
    /// rows, not of the whole files.
    public internal(set) var focus: String?
    /// `no-rows` issues: files that yield no usable row (see `unusableFileIssues`).
    public internal(set) var filesWithoutRows: [DataIssue] = []

    // MARK: - Grouping

    /// Groups the events in `shards` by subject, and the events of `recurring` types in
    /// `actorShards` by the organisation that did them (see `RecordGrouping`).
    public func group(recurring: Set<EventType>) {
        let subjects = studentIDs.count + organisations.count
        let recurringType = eventTypes.map { recurring.contains($0) }
        (subjectStart, order) = RecordGrouping.group(shards, keys: subjects) { a, r in
            Int(a.loadUnaligned(fromByteOffset: r + EventShard.subjectOffset, as: Int32.self))
        }
        (actorStart, actorOrder) = RecordGrouping.group(actorShards, keys: organisations.count) { a, r in
            let actor = a.loadUnaligned(fromByteOffset: r + EventShard.actorOffset, as: Int32.self)
            return actor >= 0 && recurringType[Int(a[r + EventShard.typeOffset])] ? Int(actor) : nil
        }
    }

    /// Makes partition `k` of a spilled data set the current events and groups them by subject.
    public func load(partition k: Int) throws(CaseDataError) {
        guard let spill else { return }
        shards = []
        order = []
        subjectStart = []
        shards = try spill.load(k)
        let lo = spill.bounds[k], hi = spill.bounds[k + 1]
        subjectBase = lo
        (subjectStart, order) = RecordGrouping.group(shards, keys: hi - lo) { a, r in
            Int(a.loadUnaligned(fromByteOffset: r + EventShard.subjectOffset, as: Int32.self)) - lo
        }
    }

    /// Lets the current partition's events go.
    public func unloadPartition() {
        guard spill != nil else { return }
        shards = []
        order = []
        subjectStart = []
        subjectBase = 0
    }

    // MARK: - Materialising

    /// Students and organisations: the subject indices a `SubjectReader` walks, students first.
    public var subjectCount: Int { studentIDs.count + organisations.count }

    /// A reader for one thread; see `SubjectReader`.
    public func reader() -> SubjectReader { SubjectReader(self) }
}
