import DulyModel
import DulyTime
import Glibc

/// Materialises subjects and events for one evaluating thread.
///
/// It holds its own copies of the strings many subjects share (type names, file names, long
/// text values), so two threads never retain the same object: a shared reference count bounces
/// one cache line between the cores on every retain and release, which halved the speed of two
/// threads.
///
/// INVARIANT: the data set's event arenas are never mutated after loading and the data set
/// outlives every reader, so the raw pointers taken here stay valid.
public struct SubjectReader {
    let set: CaseDataSet
    /// The records events are read from: the subjects' (all, or the loaded partition's), and
    /// the events of recurring types grouped by actor.
    var records: Records
    let actorRecords: Records
    var eventTypes: [EventType]
    let orgIDs: [OrganisationID]
    let studentIDs: [String]
    let studentNames: [String]
    let studentSchools: [Int32]
    let studentRows: [Int32]
    let studentFile: String
    let subjectKind: SubjectKind
    /// The subject attributes materialised (all, or only those the rules read).
    var attributeColumns: [(name: AttributeName, values: AttributeColumn)]
    let eventAttributes: [(name: AttributeName, type: ValueType)]
    /// Per subject attribute column and per event attribute slot, the name's symbol in the
    /// program's `AttributeSymbols` (set by `configure`; -1 until then and for names no rule reads).
    var columnSymbols: [Int32] = []
    var eventAttributeSymbols: [Int32] = []
    let eventFile: String
    let counties: [String]
    let orgIndex: [OrganisationID: Int32]
    /// Per organisation of the data set, its symbol in the data's `OrganisationDirectory`.
    let orgSymbols: [Int32]
    /// Per event type of the data set, its symbol in the program's `EventTypeTable` (set by
    /// `configure`; until then every type is unknown to the program).
    var typeSymbols: [Int32]
    /// Answers what a result names of an event (ID, type) from the records.
    var details: RecordDetails
    /// The working lists of `events(ofSubject:into:issues:)`, kept from subject to subject.
    var scratch = ReadScratch()
    /// The same for the acts grouped by actor.
    var actorDetails: RecordDetails

    init(_ set: CaseDataSet) {
        // Up to 15 UTF-8 bytes a String is stored inline, with no count to share: copy only longer ones.
        func fresh(_ s: String) -> String { s.utf8.count <= 15 ? s : String(decoding: Array(s.utf8), as: UTF8.self) }
        self.set = set
        records = Records(set.shards)
        actorRecords = Records(set.actorShards)
        eventTypes = set.eventTypes.map { EventType(fresh($0.rawValue)) }
        orgIDs = set.organisations.map { OrganisationID(fresh($0.id.rawValue)) }
        // A student's columns are shared with the data set, not copied: a student's strings are
        // its own objects (or stored inline) and only the thread judging that student touches
        // them. A text attribute may hold one object for many students, so a column with a long
        // value is copied. (Copies of every column cost 80 bytes a student per thread.)
        studentIDs = set.studentIDs
        studentNames = set.studentNames
        studentSchools = set.studentSchools
        studentRows = set.studentRows
        studentFile = fresh(set.studentFile)
        subjectKind = SubjectKind(fresh(set.subjectKind.rawValue))
        attributeColumns = set.attributeColumns.map { column in
            let name = AttributeName(fresh(column.name.rawValue))
            if case .texts(let v) = column.values, v.contains(where: { ($0?.utf8.count ?? 0) > 15 }) { return (name, .texts(v.map { $0.map(fresh) })) }
            return (name, column.values)
        }
        eventAttributes = set.eventAttributes.map { (AttributeName(fresh($0.name.rawValue)), $0.type) }
        eventFile = fresh(set.eventFile)
        counties = set.counties.map(fresh)
        var index: [OrganisationID: Int32] = [:]
        for (i, id) in orgIDs.enumerated() { index[id] = Int32(i) }
        orgIndex = index
        orgSymbols = set.organisations.map { set.directory.symbol(of: $0.id) ?? -1 }
        typeSymbols = set.eventTypes.map { _ in EventTypeTable.unknown }
        details = RecordDetails(records: Records(set.shards), types: eventTypes)
        actorDetails = RecordDetails(records: actorRecords, types: eventTypes)
    }

    /// The organisation index of the student's school.
    public func school(ofStudent index: Int) -> Int { Int(studentSchools[index]) }

    /// The ID, name and school of the student at `index`.
    public func studentID(_ index: Int) -> SubjectID { SubjectID(studentIDs[index]) }
    public func studentName(_ index: Int) -> String { studentNames[index] }
    public func studentSchool(_ index: Int) -> OrganisationID { orgIDs[Int(studentSchools[index])] }

    /// The attributes of the student at `index` the rules can read, as a list (no name is hashed).
    public func studentAttributes(_ index: Int) -> AttributeList {
        var attributes = AttributeList()
        for (c, (name, column)) in attributeColumns.enumerated() {
            let symbol = c < columnSymbols.count ? columnSymbols[c] : -1
            switch column {
            case .flags(let v): if v[index] >= 0 { attributes.set(name, .flag(v[index] == 1), symbol: symbol) }
            case .numbers(let v): if v[index] != Int.min { attributes.set(name, .number(v[index]), symbol: symbol) }
            case .dates(let v): if v[index] != Int32.min { attributes.set(name, .date(CivilDate(dayNumber: v[index])), symbol: symbol) }
            case .times(let v): if v[index] >= 0 { attributes.set(name, .time(TimeOfDay(minutesSinceMidnight: Int(v[index]))), symbol: symbol) }
            case .texts(let v): if let t = v[index] { attributes.set(name, .text(t), symbol: symbol) }
            case .durations(let v): if let d = v[index] { attributes.set(name, .duration(d), symbol: symbol) }
            case .organisations(let v):
                let o = v[index]
                if o >= 0 { attributes.set(name, .organisation(orgIDs[Int(o)]), symbol: symbol) }
                else if o <= -2 { attributes.set(name, .county(counties[Int(-2 - o)]), symbol: symbol) }
            }
        }
        return attributes
    }

    func event(_ global: UInt32) -> CaseEvent {
        let (a, r) = records.locate(global)
        do {
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
            let attributes = self.attributes(bytes, at: &p).dictionary
            let subject = subjectIndex < studentIDs.count ? studentIDs[subjectIndex] : orgIDs[subjectIndex - studentIDs.count].rawValue
            return CaseEvent(id: EventID(id), subject: SubjectID(subject), date: CivilDate(dayNumber: date),
                             time: m >= 0 ? TimeOfDay(hour: Int(m) / 60, minute: Int(m) % 60) : nil,
                             type: eventTypes[typeIndex], actor: actor >= 0 ? orgIDs[Int(actor)] : nil,
                             recipient: recipient >= 0 ? orgIDs[Int(recipient)] : nil,
                             reference: ref.isEmpty ? nil : EventID(ref), attributes: attributes,
                             place: DataPlace(file: eventFile, row: row))
        }
    }

    /// The attributes of the record section at `p` (count, then slot, length, bytes each),
    /// moving `p` past it. Most events carry the same few values (有正当理由 = 否), so a
    /// section of up to 16 bytes is looked up in a small cache of attribute lists already built:
    /// building one parses every value and allocates.
    func attributes(_ bytes: UnsafeBufferPointer<UInt8>, at p: inout Int) -> AttributeList {
        let start = p
        let nattr = Int(bytes[p])
        p += 1
        for _ in 0..<nattr { p += 2 + Int(bytes[p + 1]) }
        if nattr == 0 { return AttributeList() }
        let section = UnsafeBufferPointer(rebasing: bytes[start..<p])
        let cacheable = section.count <= 16
        var key: (UInt64, UInt64) = (0, 0)
        var slot = 0
        if cacheable {
            key = AttributeCache.pack(section)
            slot = Int(truncatingIfNeeded: (key.0 &* 0x9E37_79B9_7F4A_7C15) ^ (key.1 &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(section.count)) & (AttributeCache.size - 1)
            if let hit = attributeCache.lookup(slot: slot, key: key, count: section.count) { return hit }
        }
        var attributes = AttributeList()
        var q = start + 1
        for _ in 0..<nattr {
            let index = Int(bytes[q])
            let n = Int(bytes[q + 1])
            let (name, type) = eventAttributes[index]
            if eventAttributeUsed.isEmpty || eventAttributeUsed[index],
               let value = parse(UnsafeBufferPointer(rebasing: bytes[(q + 2)..<(q + 2 + n)]), as: type) {
                attributes.set(name, value, symbol: index < eventAttributeSymbols.count ? eventAttributeSymbols[index] : -1)
            }
            q += 2 + n
        }
        if cacheable { attributeCache.store(slot: slot, key: key, count: section.count, attributes) }
        return attributes
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

    /// Attribute lists already built, by their record bytes (see `attributes(_:at:)`).
    let attributeCache = AttributeCache()
    /// Per event attribute slot, whether it is materialised (empty: all).
    var eventAttributeUsed: [Bool] = []
    /// The event type each type answers (`回复` → `函告`), by type index; -1 for none.
    var answerIndex: [Int16] = []
    /// Per jurisdiction index, which event types its rules can use; per organisation, its
    /// jurisdiction index. Events of other types are checked but never materialised.
    var relevantTypes: [[Bool]] = []
    var jurisdictionOfOrganisation: [Int] = []

    /// Sets which event types and subject attributes matter: the answers relation and, per
    /// jurisdiction, the types its rules use; the attributes any rule reads (nil: all); and the
    /// symbols attribute names are compared by (`symbols`).
    ///
    /// `sharedType` gives the instance of each event-type name the evaluator's rules hold, so an
    /// event's type is not allocated per event.
    public mutating func configure(types: EventTypeTable, answers: [EventType: EventType], relevant: [JurisdictionName: Set<EventType>]?,
                            attributes: (subject: Set<AttributeName>, event: Set<AttributeName>)? = nil,
                            symbols: AttributeSymbols, sharedType: (EventType) -> EventType = { $0 }) {
        answerIndex = eventTypes.map { t in answers[t].flatMap { a in eventTypes.firstIndex(of: a) }.map(Int16.init) ?? -1 }
        eventTypes = eventTypes.map(sharedType)
        typeSymbols = eventTypes.map { types.symbol(of: $0) ?? EventTypeTable.unknown }
        details = RecordDetails(records: records, types: eventTypes)
        actorDetails = RecordDetails(records: actorRecords, types: eventTypes)
        attributeCache.clear()
        if let attributes {
            attributeColumns = attributeColumns.filter { attributes.subject.contains($0.name) }
            eventAttributeUsed = eventAttributes.map { attributes.event.contains($0.name) }
        }
        columnSymbols = attributeColumns.map { symbols.symbol(of: $0.name) }
        eventAttributeSymbols = eventAttributes.map { symbols.symbol(of: $0.name) }
        guard let relevant else { return }
        // Only the jurisdictions the data's organisations are in: a policy test's data set has a
        // few organisations, and the tree has dozens of jurisdictions.
        let inData = Set(set.organisations.map(\.jurisdiction))
        let names = relevant.keys.filter { inData.contains($0) }.sorted()
        relevantTypes = names.map { j in eventTypes.map { relevant[j]!.contains($0) } }
        jurisdictionOfOrganisation = set.organisations.map { o in names.firstIndex(of: o.jurisdiction) ?? -1 }
    }

    @inline(__always) func locate(_ global: UInt32) -> (UnsafeRawBufferPointer, Int) { records.locate(global) }

    /// Points the reader at the data set's current events (after a partition is loaded).
    public mutating func attach() {
        records = Records(set.shards)
        details = RecordDetails(records: records, types: eventTypes)
    }

    /// The ID and reference bytes of an event's record.
    @inline(__always) func idAndReference(_ global: UInt32) -> (id: UnsafeBufferPointer<UInt8>, ref: UnsafeBufferPointer<UInt8>, type: UInt8) {
        let (a, r) = locate(global)
        let bytes = a.bindMemory(to: UInt8.self)
        let p = r + EventShard.idOffset
        let n = Int(bytes[p])
        let id = UnsafeBufferPointer(rebasing: bytes[(p + 1)..<(p + 1 + n)])
        let q = p + 1 + n
        let m = Int(bytes[q])
        return (id, UnsafeBufferPointer(rebasing: bytes[(q + 1)..<(q + 1 + m)]), bytes[r + EventShard.typeOffset])
    }

    static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.count == 0 || IDTable.same(UnsafeRawPointer(a.baseAddress!), UnsafeRawPointer(b.baseAddress!), a.count))
    }

    /// A subject's events in time order, checked on their raw bytes for duplicate IDs and
    /// references within the subject (bad ones are dropped and reported), then materialised
    /// when their type is one the subject's rules use.
    public mutating func events(ofSubject index: Int, issues: inout [DataIssue]) -> SubjectEvents {
        var out = SubjectEvents(details: details)
        events(ofSubject: index, into: &out, issues: &issues)
        return out
    }

    /// The same, into `out` (emptied first), whose storage is reused subject after subject.
    ///
    /// Its working lists are the reader's own (`scratch`), emptied and filled again for each
    /// subject: allocating seven small arrays per subject was a tenth of the evaluation of a
    /// county's log.
    public mutating func events(ofSubject index: Int, into out: inout SubjectEvents, issues: inout [DataIssue]) {
        out.reset(details: details)
        let local = index - set.subjectBase
        let lo = Int(set.subjectStart[local]), hi = Int(set.subjectStart[local + 1])
        guard lo < hi else { return }
        var globals = ReadScratch.take(&scratch.globals), drop = ReadScratch.take(&scratch.drop), raw = ReadScratch.take(&scratch.raw)
        var answered = ReadScratch.take(&scratch.answered), keys = ReadScratch.take(&scratch.keys), kept = ReadScratch.take(&scratch.kept)
        var position = ReadScratch.take(&scratch.position)
        defer {
            scratch.globals = globals; scratch.drop = drop; scratch.raw = raw; scratch.answered = answered
            scratch.keys = keys; scratch.kept = kept; scratch.position = position
        }
        // `order` keeps file order within a subject, so the first of two equal IDs is the earlier row.
        globals.append(contentsOf: set.order[lo..<hi])
        drop.append(contentsOf: repeatElement(false, count: globals.count))
        for g in globals { raw.append(idAndReference(g)) }
        let hasReferences = raw.contains { !$0.ref.isEmpty }
        // Per event, the event its reference names (an index of `globals`), -1 for none.
        if hasReferences { answered.append(contentsOf: repeatElement(-1, count: globals.count)) }
        if globals.count > 1 || hasReferences {
            // Each key is the ID's hash in its high 32 bits and the event's place in file order in
            // the low 32, so a plain sort of integers groups equal IDs with the earliest first.
            // Equal high bits are only a candidate: the bytes decide.
            let high: UInt64 = 0xFFFF_FFFF_0000_0000
            for i in raw.indices { keys.append((IDTable.hash(raw[i].id) & high) | UInt64(i)) }
            keys.sort()
            @inline(__always) func index(_ k: Int) -> Int { Int(keys[k] & ~high) }
            var runStart = 0
            for k in keys.indices {
                if k > 0 && keys[k] & high != keys[k - 1] & high { runStart = k }
                let i = index(k)
                if let first = (runStart..<k).first(where: { !drop[index($0)] && SubjectReader.same(raw[index($0)].id, raw[i].id) }) {
                    let e = event(globals[i])
                    issues.append(DataIssue(file: e.place.file, row: e.place.row, column: "id", code: .duplicateID,
                                            en: "event ID `\(e.id)` is already used on row \(event(globals[index(first)]).place.row)",
                                            zh: "事件编号 `\(e.id)` 已在第 \(event(globals[index(first)]).place.row) 行使用"))
                    drop[i] = true
                }
            }
            if hasReferences {
                func find(_ id: UnsafeBufferPointer<UInt8>) -> Int? {
                    let h = IDTable.hash(id) & high
                    var a = 0, b = keys.count
                    while a < b { let mid = (a + b) / 2; if keys[mid] & high < h { a = mid + 1 } else { b = mid } }
                    while a < keys.count && keys[a] & high == h {
                        if !drop[index(a)] && SubjectReader.same(raw[index(a)].id, id) { return index(a) }
                        a += 1
                    }
                    return nil
                }
                for i in raw.indices where !drop[i] && !raw[i].ref.isEmpty {
                    guard let t = find(raw[i].ref) else {
                        let e = event(globals[i])
                        issues.append(DataIssue(file: e.place.file, row: e.place.row, column: "ref", code: .unknownReference,
                                                en: "`\(e.reference!)` is not an event of subject `\(e.subject)`", zh: "`\(e.reference!)` 不是对象 `\(e.subject)` 的事件"))
                        drop[i] = true
                        continue
                    }
                    let expected = answerIndex.isEmpty ? -1 : answerIndex[Int(raw[i].type)]
                    if expected >= 0, Int16(raw[t].type) != expected {
                        let e = event(globals[i])
                        issues.append(DataIssue(file: e.place.file, row: e.place.row, column: "ref", code: .wrongReference,
                                                en: "a `\(e.type)` answers a `\(eventTypes[Int(expected)])`, but `\(e.reference!)` is a `\(eventTypes[Int(raw[t].type)])`",
                                                zh: "`\(e.type)` 回应的是 `\(eventTypes[Int(expected)])`,但 `\(e.reference!)` 是 `\(eventTypes[Int(raw[t].type)])`"))
                        drop[i] = true
                        continue
                    }
                    answered[i] = Int32(t)
                }
            }
        }
        var relevant: [Bool]?
        if !relevantTypes.isEmpty {
            let org = index < studentIDs.count ? Int(studentSchools[index]) : index - studentIDs.count
            let j = jurisdictionOfOrganisation[org]
            if j >= 0 { relevant = relevantTypes[j] }
        }
        for i in globals.indices where !drop[i] && (relevant?[Int(raw[i].type)] ?? true) { kept.append(i) }
        // Exports are usually in date order: check before sorting.
        var sorted = true
        for n in kept.indices.dropFirst() where precedes(globals[kept[n]], globals[kept[n - 1]]) { sorted = false; break }
        if !sorted { kept.sort { precedes(globals[$0], globals[$1]) } }
        if hasReferences { position.append(contentsOf: repeatElement(-1, count: globals.count)) }
        if hasReferences { for (n, i) in kept.enumerated() { position[i] = Int32(n) } }
        for i in kept {
            let (a, r) = locate(globals[i])
            let bytes = a.bindMemory(to: UInt8.self)
            let date = a.loadUnaligned(fromByteOffset: r + EventShard.dateOffset, as: Int32.self)
            let actor = a.loadUnaligned(fromByteOffset: r + EventShard.actorOffset, as: Int32.self)
            let recipient = a.loadUnaligned(fromByteOffset: r + EventShard.recipientOffset, as: Int32.self)
            let m = a.loadUnaligned(fromByteOffset: r + EventShard.minutesOffset, as: Int16.self)
            var p = r + EventShard.idOffset
            p += 1 + Int(bytes[p])
            p += 1 + Int(bytes[p])
            let reference = hasReferences && answered[i] >= 0 ? position[Int(answered[i])] : -1
            out.append(type: typeSymbols[Int(raw[i].type)], date: CivilDate(dayNumber: date), minutes: m,
                       actor: actor >= 0 ? orgSymbols[Int(actor)] : -1, recipient: recipient >= 0 ? orgSymbols[Int(recipient)] : -1,
                       reference: reference, attributes: attributes(bytes, at: &p), record: globals[i])
        }
    }

    /// Whether event record `a` comes before `b`: date, then time (date-only first), then ID
    /// bytes, which is `CaseEvent.chronological`'s order (names compare by UTF-8 bytes).
    func precedes(_ a: UInt32, _ b: UInt32) -> Bool {
        let (pa, ra) = locate(a), (pb, rb) = locate(b)
        let da = pa.loadUnaligned(fromByteOffset: ra + EventShard.dateOffset, as: Int32.self)
        let db = pb.loadUnaligned(fromByteOffset: rb + EventShard.dateOffset, as: Int32.self)
        if da != db { return da < db }
        let ma = pa.loadUnaligned(fromByteOffset: ra + EventShard.minutesOffset, as: Int16.self)
        let mb = pb.loadUnaligned(fromByteOffset: rb + EventShard.minutesOffset, as: Int16.self)
        if ma != mb { return ma < mb }
        let x = idAndReference(a).id, y = idAndReference(b).id
        let n = min(x.count, y.count)
        let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
        return c != 0 ? c < 0 : x.count < y.count
    }

    /// The acts an organisation did of recurring types (`CaseDataSet.group(recurring:)`), in time
    /// order, into `out` (emptied first), whose storage is reused organisation after
    /// organisation. Nothing is materialised: an act's ID and type name are read back from its
    /// record only when a result names it (`actorDetails`).
    public func acts(ofActor index: Int, into out: inout OrganisationActs) {
        out.reset(details: actorDetails)
        let lo = Int(set.actorStart[index]), hi = Int(set.actorStart[index + 1])
        guard lo < hi else { return }
        var globals = Array(set.actorOrder[lo..<hi])
        var actors = self
        actors.records = actorRecords
        // Exports are usually in date order: check before sorting.
        var sorted = true
        for i in globals.indices.dropFirst() where actors.precedes(globals[i], globals[i - 1]) { sorted = false; break }
        if !sorted { globals.sort { actors.precedes($0, $1) } }
        let students = studentIDs.count
        for g in globals {
            let (a, r) = actorRecords.locate(g)
            let date = a.loadUnaligned(fromByteOffset: r + EventShard.dateOffset, as: Int32.self)
            let recipient = a.loadUnaligned(fromByteOffset: r + EventShard.recipientOffset, as: Int32.self)
            let subject = Int(a.loadUnaligned(fromByteOffset: r + EventShard.subjectOffset, as: Int32.self))
            out.append(type: typeSymbols[Int(a[r + EventShard.typeOffset])], date: CivilDate(dayNumber: date),
                       minutes: a.loadUnaligned(fromByteOffset: r + EventShard.minutesOffset, as: Int16.self),
                       recipient: recipient >= 0 ? orgSymbols[Int(recipient)] : -1,
                       subject: subject >= students ? orgSymbols[subject - students] : -1, record: g)
        }
    }
    }

/// Event records in one or more arenas, addressed by a global index (the parts in order).
///
/// INVARIANT: the arenas are not mutated or freed while a `Records` over them is in use: the
/// data set keeps its shards until the reader is attached to others.
struct Records {
    let arenas: [UnsafeRawBufferPointer]
    let extras: [UnsafeBufferPointer<UInt32>]
    let counts: [Int]

    init(_ shards: [EventShard]) {
        arenas = shards.map { shard in shard.arena.withUnsafeBytes { $0 } }
        extras = shards.map { shard in shard.extra.withUnsafeBufferPointer { $0 } }
        counts = shards.map(\.count)
    }

    @inline(__always) func locate(_ global: UInt32) -> (UnsafeRawBufferPointer, Int) {
        var g = Int(global)
        var s = 0
        while g >= counts[s] { g -= counts[s]; s += 1 }
        return (arenas[s], Int(extras[s][g]))
    }
}

/// A direct-mapped cache from an event record's attribute bytes (up to 16) to the attributes
/// they make. One per reading thread; a miss just builds them.
final class AttributeCache {
    static let size = 64

    /// Up to 16 bytes as two words, zero-padded.
    static func pack(_ b: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { w in
            if let base = b.baseAddress { w.baseAddress!.copyMemory(from: base, byteCount: min(b.count, 16)) }
        }
        return words
    }
    private var keys = [(UInt64, UInt64, Int)](repeating: (0, 0, -1), count: size)
    private var values = [AttributeList](repeating: AttributeList(), count: size)

    func lookup(slot: Int, key: (UInt64, UInt64), count: Int) -> AttributeList? {
        let k = keys[slot]
        return k.0 == key.0 && k.1 == key.1 && k.2 == count ? values[slot] : nil
    }

    func clear() {
        keys = [(UInt64, UInt64, Int)](repeating: (0, 0, -1), count: AttributeCache.size)
        values = [AttributeList](repeating: AttributeList(), count: AttributeCache.size)
    }

    func store(slot: Int, key: (UInt64, UInt64), count: Int, _ attributes: AttributeList) {
        keys[slot] = (key.0, key.1, count)
        values[slot] = attributes
    }
}

/// What a result names of an event, read back from its record: its ID and type. One per
/// reading thread (and per loaded partition), so its arrays are that thread's own.
///
/// INVARIANT: as `Records`: the arenas outlive it and are not mutated while it is in use.
public final class RecordDetails: EventDetails, @unchecked Sendable {
    let records: Records
    let types: [EventType]

    init(records: Records, types: [EventType]) {
        self.records = records
        self.types = types
    }

    public func id(ofRecord record: UInt32) -> EventID {
        let (a, r) = records.locate(record)
        let bytes = a.bindMemory(to: UInt8.self)
        let p = r + EventShard.idOffset
        let n = Int(bytes[p])
        return EventID(String(decoding: UnsafeBufferPointer(rebasing: bytes[(p + 1)..<(p + 1 + n)]), as: UTF8.self))
    }

    public func type(ofRecord record: UInt32) -> EventType {
        let (a, r) = records.locate(record)
        return types[Int(a[r + EventShard.typeOffset])]
    }
}

/// The working lists of reading one subject's events, kept by a reader from subject to subject
/// so that each subject allocates none of them.
struct ReadScratch {
    var globals: [UInt32] = []
    var drop: [Bool] = []
    var raw: [(id: UnsafeBufferPointer<UInt8>, ref: UnsafeBufferPointer<UInt8>, type: UInt8)] = []
    var answered: [Int32] = []
    var keys: [UInt64] = []
    var kept: [Int] = []
    var position: [Int32] = []

    /// The list, emptied with its storage kept, taken out of the scratch (so that filling it
    /// does not copy it).
    static func take<T>(_ list: inout [T]) -> [T] {
        var taken: [T] = []
        swap(&taken, &list)
        taken.removeAll(keepingCapacity: true)
        return taken
    }
}
