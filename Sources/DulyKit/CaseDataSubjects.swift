import DulyModel
import DulyTime

/// Materialises subjects and events for one evaluating thread.
///
/// It holds its own copies of every string and column it hands out, so two threads never
/// retain the same object: a shared reference count bounces one cache line between the cores
/// on every retain and release, which halved the speed of two threads.
///
/// INVARIANT: the data set's event arenas are never mutated after loading and the data set
/// outlives every reader, so the raw pointers taken here stay valid.
struct SubjectReader {
    let set: CaseDataSet
    let arenas: [UnsafeRawBufferPointer]
    let extras: [UnsafeBufferPointer<UInt32>]
    let counts: [Int]
    let eventTypes: [EventType]
    let orgIDs: [OrganisationID]
    let studentIDs: [String]
    let studentNames: [String]
    let studentSchools: [Int32]
    let studentRows: [Int32]
    let studentFile: String
    let subjectKind: SubjectKind
    let attributeColumns: [(name: AttributeName, values: AttributeColumn)]
    let eventAttributes: [(name: AttributeName, type: ValueType)]
    let eventFile: String
    let counties: [String]
    let orgIndex: [OrganisationID: Int32]

    init(_ set: CaseDataSet) {
        func fresh(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }
        self.set = set
        arenas = set.shards.map { shard in shard.arena.withUnsafeBytes { $0 } }
        extras = set.shards.map { shard in shard.extra.withUnsafeBufferPointer { $0 } }
        counts = set.shards.map(\.count)
        eventTypes = set.eventTypes.map { EventType(fresh($0.rawValue)) }
        orgIDs = set.organisations.map { OrganisationID(fresh($0.id.rawValue)) }
        studentIDs = set.studentIDs.map(fresh)
        studentNames = set.studentNames.map(fresh)
        studentSchools = set.studentSchools.map { $0 }
        studentRows = set.studentRows.map { $0 }
        studentFile = fresh(set.studentFile)
        subjectKind = SubjectKind(fresh(set.subjectKind.rawValue))
        attributeColumns = set.attributeColumns.map { column in
            let name = AttributeName(fresh(column.name.rawValue))
            switch column.values {
            case .flags(let v): return (name, .flags(v.map { $0 }))
            case .numbers(let v): return (name, .numbers(v.map { $0 }))
            case .dates(let v): return (name, .dates(v.map { $0 }))
            case .times(let v): return (name, .times(v.map { $0 }))
            case .texts(let v): return (name, .texts(v.map { $0.map(fresh) }))
            case .durations(let v): return (name, .durations(v.map { $0 }))
            case .organisations(let v): return (name, .organisations(v.map { $0 }))
            }
        }
        eventAttributes = set.eventAttributes.map { (AttributeName(fresh($0.name.rawValue)), $0.type) }
        eventFile = fresh(set.eventFile)
        counties = set.counties.map(fresh)
        var index: [OrganisationID: Int32] = [:]
        for (i, id) in orgIDs.enumerated() { index[id] = Int32(i) }
        orgIndex = index
    }

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
                if o >= 0 { attributes[name] = .organisation(orgIDs[Int(o)]) }
                else if o <= -2 { attributes[name] = .county(counties[Int(-2 - o)]) }
            }
        }
        return Subject(id: SubjectID(studentIDs[index]), name: studentNames[index], kind: subjectKind,
                       school: orgIDs[Int(studentSchools[index])], attributes: attributes,
                       place: DataPlace(file: studentFile, row: Int(studentRows[index])))
    }

    func event(_ global: UInt32) -> CaseEvent {
        var g = Int(global)
        var s = 0
        while g >= counts[s] { g -= counts[s]; s += 1 }
        let r = Int(extras[s][g])
        let a = arenas[s]
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
            let subject = subjectIndex < studentIDs.count ? studentIDs[subjectIndex] : orgIDs[subjectIndex - studentIDs.count].rawValue
            return CaseEvent(id: EventID(id), subject: SubjectID(subject), date: CivilDate(dayNumber: date),
                             time: m >= 0 ? TimeOfDay(hour: Int(m) / 60, minute: Int(m) % 60) : nil,
                             type: eventTypes[typeIndex], actor: actor >= 0 ? orgIDs[Int(actor)] : nil,
                             recipient: recipient >= 0 ? orgIDs[Int(recipient)] : nil,
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
        let lo = Int(set.subjectStart[index]), hi = Int(set.subjectStart[index + 1])
        guard lo < hi else { return [] }
        // `order` keeps file order within a subject, so the first of two equal IDs is the earlier row.
        var list = (lo..<hi).map { event(set.order[$0]) }
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
        (Int(set.actorStart[index])..<Int(set.actorStart[index + 1])).map { event(set.actorOrder[$0]) }
}
    }
