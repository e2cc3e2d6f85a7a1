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
    public var eventCount: Int { shards.reduce(0) { $0 + $1.count } }
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
        while g >= shards[s].count { g -= shards[s].count; s += 1 }
        let shard = shards[s]
        let r = Int(shard.extra[g])
        return shard.arena.withUnsafeBytes { a -> CaseEvent in
            let subjectIndex = Int(a.loadUnaligned(fromByteOffset: r + EventShard.subjectOffset, as: Int32.self))
            let date = a.loadUnaligned(fromByteOffset: r + EventShard.dateOffset, as: Int32.self)
            let actor = a.loadUnaligned(fromByteOffset: r + EventShard.actorOffset, as: Int32.self)
            let recipient = a.loadUnaligned(fromByteOffset: r + EventShard.recipientOffset, as: Int32.self)
            let row = Int(a.loadUnaligned(fromByteOffset: r + EventShard.rowOffset, as: Int32.self))
            let m = a.loadUnaligned(fromByteOffset: r + EventShard.minutesOffset, as: Int16.self)
            let typeIndex = Int(a[r + EventShard.typeOffset])
            let bytes = a.bindMemory(to: UInt8.self)
            var p = r + EventShard.idOffset
            func text() -> String {
                let n = Int(bytes[p])
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[(p + 1)..<(p + 1 + n)]), as: UTF8.self)
                p += 1 + n
                return s
            }
            let id = text()
            let ref = text()
            var attributes: [AttributeName: AttributeValue] = [:]
            let nattr = Int(bytes[p])
            p += 1
            for _ in 0..<nattr {
                let slot = Int(bytes[p])
                let n = Int(bytes[p + 1])
                let (name, type) = eventAttributes[slot]
                if let value = parse(UnsafeBufferPointer(rebasing: bytes[(p + 2)..<(p + 2 + n)]), as: type) { attributes[name] = value }
                p += 2 + n
            }
            let subject = subjectIndex < studentIDs.count ? studentIDs[subjectIndex] : organisations[subjectIndex - studentIDs.count].id.rawValue
            return CaseEvent(id: EventID(id), subject: SubjectID(subject), date: CivilDate(dayNumber: date),
                             time: m >= 0 ? TimeOfDay(hour: Int(m) / 60, minute: Int(m) % 60) : nil,
                             type: eventTypes[typeIndex], actor: actor >= 0 ? organisations[Int(actor)].id : nil,
                             recipient: recipient >= 0 ? organisations[Int(recipient)].id : nil,
                             reference: ref.isEmpty ? nil : EventID(ref), attributes: attributes,
                             place: DataPlace(file: eventFile, row: row))
        }
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
        // `order` keeps file order within a subject, so the first of two equal IDs is the earlier row.
        var list = (lo..<hi).map { event(order[$0]) }
        if list.count > 1 || list[0].reference != nil {
            let hasReferences = list.contains { $0.reference != nil }
            // IDs by a hash of their bytes, sorted: duplicates are neighbours, references a
            // binary search. Cheaper than a dictionary for a subject's twenty-odd events.
            func fnv(_ id: EventID) -> UInt64 {
                var h: UInt64 = 0xCBF2_9CE4_8422_2325
                for c in id.rawValue.utf8 { h = (h ^ UInt64(c)) &* 0x100_0000_01B3 }
                return h
            }
            var keys = list.indices.map { (hash: fnv(list[$0].id), index: $0) }
            keys.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.index < $1.index }
            var drop: [Bool] = Array(repeating: false, count: list.count)
            var runStart = 0
            for k in keys.indices {
                if k > 0 && keys[k].hash != keys[k - 1].hash { runStart = k }
                let e = list[keys[k].index]
                if let first = (runStart..<k).first(where: { !drop[keys[$0].index] && list[keys[$0].index].id == e.id }) {
                    issues.append(DataIssue(file: e.place.file, row: e.place.row, column: "id", code: .duplicateID,
                                            message: "event ID `\(e.id)` is already used on row \(list[keys[first].index].place.row)"))
                    drop[keys[k].index] = true
                }
            }
            func find(_ id: EventID) -> Int? {
                let h = fnv(id)
                var lo = 0, hi = keys.count
                while lo < hi { let mid = (lo + hi) / 2; if keys[mid].hash < h { lo = mid + 1 } else { hi = mid } }
                while lo < keys.count && keys[lo].hash == h {
                    if !drop[keys[lo].index] && list[keys[lo].index].id == id { return keys[lo].index }
                    lo += 1
                }
                return nil
            }
            if hasReferences {
                for (i, e) in list.enumerated() where !drop[i] {
                    guard let ref = e.reference else { continue }
                    guard let t = find(ref) else {
                        issues.append(DataIssue(file: e.place.file, row: e.place.row, column: "ref", code: .unknownReference,
                                                message: "`\(ref)` is not an event of subject `\(e.subject)`"))
                        drop[i] = true
                        continue
                    }
                    if let expected = answers[e.type], list[t].type != expected {
                        issues.append(DataIssue(file: e.place.file, row: e.place.row, column: "ref", code: .wrongReference,
                                                message: "a `\(e.type)` answers a `\(expected)`, but `\(ref)` is a `\(list[t].type)`"))
                        drop[i] = true
                    }
                }
            }
            if drop.contains(true) { list = list.indices.filter { !drop[$0] }.map { list[$0] } }
        }
        // Exports are usually in date order: check before sorting (a sort moves whole events).
        var sorted = true
        for i in list.indices.dropFirst() where CaseEvent.chronological(list[i], list[i - 1]) { sorted = false; break }
        if !sorted { list.sort(by: CaseEvent.chronological) }
        return list
    }

    /// The events an organisation did of recurring types.
    func events(ofActor index: Int) -> [CaseEvent] {
        (Int(actorStart[index])..<Int(actorStart[index + 1])).map { event(actorOrder[$0]) }
    }
}
