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

/// The events of one part of a file, in compact columns: about 40 bytes an event.
final class EventShard: @unchecked Sendable {
    var subject: [Int32] = []
    var date: [Int32] = []
    var minutes: [Int16] = []
    var type: [UInt8] = []
    var actor: [Int32] = []
    var recipient: [Int32] = []
    /// Offset of the event's variable part in `arena`: row, ID, reference, attributes.
    var extra: [UInt32] = []
    var arena: [UInt8] = []
    var issues: [DataIssue] = []
    var skipped = 0
    var lines = 0

    func reserve(_ n: Int) {
        subject.reserveCapacity(n); date.reserveCapacity(n); minutes.reserveCapacity(n); type.reserveCapacity(n)
        actor.reserveCapacity(n); recipient.reserveCapacity(n); extra.reserveCapacity(n); arena.reserveCapacity(n * 16)
    }
}

/// A data set: organisations, students and events, read streaming into compact storage and
/// grouped by subject, so evaluation can materialise one subject's events at a time.
public final class CaseDataSet: @unchecked Sendable {
    public let organisations: [Organisation]
    public let directory: OrganisationDirectory
    let orgIndex: [OrganisationID: Int32]
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
    public var eventCount: Int { shards.reduce(0) { $0 + $1.subject.count } }
    /// The earliest event date, where the data begins.
    public internal(set) var firstEventDate: CivilDate?

    init(organisations: [Organisation], counties: [String], subjectKind: SubjectKind, studentIDs: [String], studentNames: [String],
         studentSchools: [Int32], studentRows: [Int32], studentFile: String, attributeColumns: [(name: AttributeName, values: AttributeColumn)],
         eventTypes: [EventType], eventAttributes: [(name: AttributeName, type: ValueType)], eventFile: String, shards: [EventShard],
         issues: [DataIssue]) {
        self.organisations = organisations
        directory = OrganisationDirectory(organisations)
        var index: [OrganisationID: Int32] = [:]
        for (i, o) in organisations.enumerated() { index[o.id] = Int32(i) }
        orgIndex = index
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
            for i in 0..<shard.subject.count {
                counts[Int(shard.subject[i]) + 1] += 1
                if recurringType[Int(shard.type[i])], shard.actor[i] >= 0 { actorCounts[Int(shard.actor[i]) + 1] += 1 }
                if shard.date[i] < first { first = shard.date[i] }
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
            for i in 0..<shard.subject.count {
                let s = Int(shard.subject[i])
                order[Int(next[s])] = base + UInt32(i)
                next[s] += 1
                if recurringType[Int(shard.type[i])], shard.actor[i] >= 0 {
                    let a = Int(shard.actor[i])
                    actorOrder[Int(actorNext[a])] = base + UInt32(i)
                    actorNext[a] += 1
                }
            }
            base += UInt32(shard.subject.count)
        }
    }

    // MARK: - Materialising

    public var subjectCount: Int { studentIDs.count + organisations.count }

    /// The student at `index`, with typed attributes.
    func student(_ index: Int) -> Subject {
        var attributes: [AttributeName: AttributeValue] = [:]
        for (name, column) in attributeColumns {
            switch column {
            case .flags(let v): if v[index] >= 0 { attributes[name] = .flag(v[index] == 1) }
            case .numbers(let v): if v[index] != Int.min { attributes[name] = .number(v[index]) }
            case .dates(let v): if v[index] != Int32.min { attributes[name] = .date(CivilDate(dayNumber: v[index])) }
            case .times(let v): if v[index] >= 0 { attributes[name] = .time(TimeOfDay(hour: Int(v[index]) / 60, minute: Int(v[index]) % 60)!) }
            case .texts(let v): if let t = v[index] { attributes[name] = .text(t) }
            case .durations(let v): if let d = v[index] { attributes[name] = .duration(d) }
            case .organisations(let v):
                let o = v[index]
                if o >= 0 { attributes[name] = .organisation(organisations[Int(o)].id) }
                else if o <= -2 { attributes[name] = .county(counties[Int(-2 - o)]) }
            }
        }
        return Subject(id: SubjectID(studentIDs[index]), name: studentNames[index], kind: subjectKind,
                       school: organisations[Int(studentSchools[index])].id, attributes: attributes,
                       place: DataPlace(file: studentFile, row: Int(studentRows[index])))
    }

    func event(_ global: UInt32) -> CaseEvent {
        var g = Int(global)
        var s = 0
        while g >= shards[s].subject.count { g -= shards[s].subject.count; s += 1 }
        let shard = shards[s]
        let subjectIndex = Int(shard.subject[g])
        let subject = subjectIndex < studentIDs.count ? studentIDs[subjectIndex] : organisations[subjectIndex - studentIDs.count].id.rawValue
        var p = Int(shard.extra[g])
        let arena = shard.arena
        let row = Int(arena[p]) | Int(arena[p + 1]) << 8 | Int(arena[p + 2]) << 16 | Int(arena[p + 3]) << 24
        p += 4
        func text() -> String {
            let n = Int(arena[p])
            let s = arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[(p + 1)..<(p + 1 + n)]), as: UTF8.self) }
            p += 1 + n
            return s
        }
        let id = text()
        let ref = text()
        let typeIndex = Int(shard.type[g])
        var attributes: [AttributeName: AttributeValue] = [:]
        let nattr = Int(arena[p])
        p += 1
        for _ in 0..<nattr {
            let slot = Int(arena[p])
            let n = Int(arena[p + 1])
            let (name, type) = eventAttributes[slot]
            let value: AttributeValue? = arena.withUnsafeBufferPointer {
                parse(UnsafeBufferPointer(rebasing: $0[(p + 2)..<(p + 2 + n)]), as: type)
            }
            if let value { attributes[name] = value }
            p += 2 + n
        }
        let m = shard.minutes[g]
        return CaseEvent(id: EventID(id), subject: SubjectID(subject), date: CivilDate(dayNumber: shard.date[g]),
                         time: m >= 0 ? TimeOfDay(hour: Int(m) / 60, minute: Int(m) % 60) : nil,
                         type: eventTypes[typeIndex], actor: shard.actor[g] >= 0 ? organisations[Int(shard.actor[g])].id : nil,
                         recipient: shard.recipient[g] >= 0 ? organisations[Int(shard.recipient[g])].id : nil,
                         reference: ref.isEmpty ? nil : EventID(ref), attributes: attributes,
                         place: DataPlace(file: eventFile, row: row))
    }

    func parse(_ b: UnsafeBufferPointer<UInt8>, as type: ValueType) -> AttributeValue? {
        switch type {
        case .flag: return CellValue.flag(b).map { .flag($0) }
        case .number: return CellValue.number(b).map { .number($0) }
        case .date: return CellValue.date(b).map { .date($0) }
        case .time: return CellValue.time(b).map { .time($0) }
        case .text: return .text(String(decoding: b, as: UTF8.self))
        case .duration: return (try? Duration.parse(String(decoding: b, as: UTF8.self))).map { .duration($0) }
        case .organisation:
            let s = String(decoding: b, as: UTF8.self)
            if orgIndex[OrganisationID(s)] != nil { return .organisation(OrganisationID(s)) }
            return .county(s)
        }
    }

    /// A subject's events, checked for duplicate IDs and references within the subject; bad
    /// ones are dropped and reported through `issues`.
    func events(ofSubject index: Int, answers: [EventType: EventType], issues: inout [DataIssue]) -> [CaseEvent] {
        let lo = Int(subjectStart[index]), hi = Int(subjectStart[index + 1])
        guard lo < hi else { return [] }
        var list = (lo..<hi).map { event(order[$0]) }
        guard list.count > 1 || list.contains(where: { $0.reference != nil }) else { return list }
        list.sort { $0.place < $1.place }
        var byID: [EventID: CaseEvent] = [:]
        var kept: [CaseEvent] = []
        for e in list {
            if let first = byID[e.id] {
                issues.append(DataIssue(file: e.place.file, row: e.place.row, column: "id", code: .duplicateID,
                                        message: "event ID `\(e.id)` is already used on row \(first.place.row)"))
                continue
            }
            byID[e.id] = e
            kept.append(e)
        }
        return kept.filter { e in
            guard let ref = e.reference else { return true }
            guard let target = byID[ref] else {
                issues.append(DataIssue(file: e.place.file, row: e.place.row, column: "ref", code: .unknownReference,
                                        message: "`\(ref)` is not an event of subject `\(e.subject)`"))
                return false
            }
            if let expected = answers[e.type], target.type != expected {
                issues.append(DataIssue(file: e.place.file, row: e.place.row, column: "ref", code: .wrongReference,
                                        message: "a `\(e.type)` answers a `\(expected)`, but `\(ref)` is a `\(target.type)`"))
                return false
            }
            return true
        }
    }

    /// The events an organisation did of recurring types.
    func events(ofActor index: Int) -> [CaseEvent] {
        (Int(actorStart[index])..<Int(actorStart[index + 1])).map { event(actorOrder[$0]) }
    }
}
