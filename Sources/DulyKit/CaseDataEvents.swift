import DulyModel
import DulyTime

/// The read-only lookups every event row needs; shared by the reading threads.
struct EventParsing: @unchecked Sendable {
    var file: String
    var types: [EventType]
    var vocabulary: Vocabulary
    var attributes: [(name: AttributeName, type: ValueType)]
    var students: [String: Int32]
    var studentCount: Int32
    var organisations: [String: Int32]
    var counties: [String: Int32]

    func parser(shard: EventShard, isJSON: Bool) -> EventRowParser {
        var typeIndex: [String: UInt8] = [:]
        for (i, t) in types.enumerated() { typeIndex[t.rawValue] = UInt8(i) }
        var allowed: [[Bool]] = []
        var needsReference: [Bool] = []
        for t in types {
            let schema = vocabulary.events[t]!
            allowed.append(attributes.map { a in schema.attributes.contains { $0.name == a.name && $0.type == a.type } })
            needsReference.append(schema.answers != nil)
        }
        return EventRowParser(context: self, shard: shard, isJSON: isJSON, typeIndex: typeIndex, allowed: allowed, needsReference: needsReference)
    }
}

/// Turns event rows into compact records; one per reading thread.
struct EventRowParser {
    let context: EventParsing
    let shard: EventShard
    let isJSON: Bool
    let typeIndex: [String: UInt8]
    let allowed: [[Bool]]
    let needsReference: [Bool]
    /// Issues about the header, reported once.
    var headerIssues: [DataIssue] = []
    /// Cell index per fixed slot; attribute columns as (cell, attribute slot).
    var slots: [Int] = []
    var attributeCells: [(cell: Int, slot: Int)] = []
    var mappedCount = -1
    var missing: String?
    /// Issues are kept up to this many per shard; the skipped count is always exact.
    static let issueLimit = 1000

    mutating func issue(_ line: Int, _ column: String?, _ code: DataIssueCode, _ message: String) {
        shard.skipped += 1
        if shard.issues.count < EventRowParser.issueLimit {
            shard.issues.append(DataIssue(file: context.file, row: line, column: column, code: code, message: message))
        }
    }

    mutating func map(_ header: TableReader.Header) {
        let (s, rest, duplicates) = Columns.map(header.names, Columns.event)
        slots = s
        attributeCells = []
        missing = nil
        for r in rest {
            if let k = context.attributes.firstIndex(where: { $0.name.rawValue == r.name }) {
                attributeCells.append((r.index, k))
            } else if !isJSON {
                headerIssues.append(DataIssue(file: context.file, row: 1, column: r.name, code: .unknownColumn,
                                              message: "`\(r.name)` is not an attribute of any event type; the column is ignored", skipsRow: false))
            }
        }
        if !isJSON {
            for d in duplicates {
                headerIssues.append(DataIssue(file: context.file, row: 1, column: d, code: .duplicateColumn, message: "column `\(d)` appears twice; the second is ignored", skipsRow: false))
            }
        }
        for (k, name) in ["id", "subject", "date", "type"].enumerated() where slots[[0, 1, 2, 4][k]] < 0 {
            missing = name
            if !isJSON {
                headerIssues.append(DataIssue(file: context.file, row: 1, column: name, code: .missingColumn,
                                              message: "no `\(name)` column (\(Columns.event.first { $0.slot == name }!.names.joined(separator: ", "))); every row is skipped", skipsRow: false))
            }
            break
        }
        mappedCount = header.names.count
    }

    var lastLine = 0

    mutating func row(_ header: TableReader.Header, _ record: inout CSVRecord, _ line: Int) {
        lastLine = line
        if isJSON || mappedCount != header.names.count { map(header) }
        if let missing {
            if isJSON { issue(line, missing, .missingColumn, "no `\(missing)` key") } else { shard.skipped += 1 }
            return
        }
        if !isJSON && record.count != header.names.count {
            issue(line, nil, .fieldCount, "\(record.count) cells, the header has \(header.names.count)")
            return
        }
        let names = header.names
        // Required cells.
        for s in [0, 1, 2, 4] where record.isEmpty(slots[s]) {
            issue(line, names[slots[s]], .emptyValue, "`\(names[slots[s]])` is empty")
            return
        }
        let idOK = record.withCell(slots[0]) { $0.count <= 255 && CellValue.isValidUTF8($0) }
        guard idOK else { issue(line, names[slots[0]], .valueTooLong, "an event ID must be valid text of at most 255 bytes"); return }
        let typeText = record.string(slots[4])
        guard let type = typeIndex[typeText] else {
            issue(line, names[slots[4]], .unknownEventType, "`\(typeText)` is not an event type of the vocabulary")
            return
        }
        let subjectText = record.string(slots[1])
        let subject: Int32
        if let s = context.students[subjectText] { subject = s }
        else if let o = context.organisations[subjectText] { subject = context.studentCount + o }
        else { issue(line, names[slots[1]], .unknownSubject, "no student or organisation `\(subjectText)`"); return }
        guard let date = record.withCell(slots[2], { CellValue.date($0) }) else {
            issue(line, names[slots[2]], .badDate, "`\(record.string(slots[2]))` is not a real date (YYYY-MM-DD)")
            return
        }
        var minutes: Int16 = -1
        if slots[3] >= 0 && !record.isEmpty(slots[3]) {
            guard let t = record.withCell(slots[3], { CellValue.time($0) }) else {
                issue(line, names[slots[3]], .badTime, "`\(record.string(slots[3]))` is not a time of day (HH:MM)")
                return
            }
            minutes = Int16(t.minutes)
        }
        var actor: Int32 = -1
        var recipient: Int32 = -1
        for (s, target) in [(5, 0), (6, 1)] where slots[s] >= 0 && !record.isEmpty(slots[s]) {
            let text = record.string(slots[s])
            guard let o = context.organisations[text] else { issue(line, names[slots[s]], .unknownOrganisation, "no organisation `\(text)`"); return }
            if target == 0 { actor = o } else { recipient = o }
        }
        let hasRef = slots[7] >= 0 && !record.isEmpty(slots[7])
        if needsReference[Int(type)] && !hasRef {
            issue(line, slots[7] >= 0 ? names[slots[7]] : "ref", .missingReference,
                  "a `\(typeText)` answers a `\(context.vocabulary.events[EventType(typeText)]!.answers!)`: give the event it answers in `ref`")
            return
        }
        if hasRef, record.withCell(slots[7], { $0.count > 255 }) { issue(line, names[slots[7]], .valueTooLong, "a reference must be at most 255 bytes"); return }
        // Attributes: checked now, stored as text.
        var present: [(slot: Int, cell: Int)] = []
        for (cell, slot) in attributeCells where !record.isEmpty(cell) {
            guard allowed[Int(type)][slot] else {
                issue(line, names[cell], .foreignAttribute, "a `\(typeText)` has no attribute `\(names[cell])`")
                return
            }
            let (name, kind) = context.attributes[slot]
            let ok: DataIssueCode? = record.withCell(cell) { b in
                if b.count > 255 { return .valueTooLong }
                switch kind {
                case .flag: return CellValue.flag(b) == nil ? .badFlag : nil
                case .number: return CellValue.number(b) == nil ? .badNumber : nil
                case .date: return CellValue.date(b) == nil ? .badDate : nil
                case .time: return CellValue.time(b) == nil ? .badTime : nil
                case .duration: return (try? Duration.parse(String(decoding: b, as: UTF8.self))) == nil ? .badDuration : nil
                case .organisation:
                    let s = String(decoding: b, as: UTF8.self)
                    return context.organisations[s] == nil && context.counties[s] == nil ? .unknownOrganisation : nil
                case .text: return nil
                }
            }
            if let ok {
                let text = record.string(cell)
                let message: String = switch ok {
                case .badFlag: "`\(text)` is not 是/否 (yes/no)"
                case .badNumber: "`\(text)` is not a whole number"
                case .badDate: "`\(text)` is not a real date (YYYY-MM-DD)"
                case .badTime: "`\(text)` is not a time of day (HH:MM)"
                case .badDuration: "`\(text)` is not a duration"
                case .unknownOrganisation: "`\(text)` is neither an organisation ID nor a county of organisations.csv"
                default: "`\(name)` is longer than 255 bytes"
                }
                issue(line, names[cell], ok, message)
                return
            }
            present.append((slot, cell))
        }
        // Store.
        shard.subject.append(subject)
        shard.date.append(date.dayNumber)
        shard.minutes.append(minutes)
        shard.type.append(type)
        shard.actor.append(actor)
        shard.recipient.append(recipient)
        shard.extra.append(UInt32(shard.arena.count))
        shard.arena.append(UInt8(line & 0xFF)); shard.arena.append(UInt8((line >> 8) & 0xFF))
        shard.arena.append(UInt8((line >> 16) & 0xFF)); shard.arena.append(UInt8((line >> 24) & 0xFF))
        record.withCell(slots[0]) { b in shard.arena.append(UInt8(b.count)); shard.arena.append(contentsOf: b) }
        if hasRef { record.withCell(slots[7]) { b in shard.arena.append(UInt8(b.count)); shard.arena.append(contentsOf: b) } }
        else { shard.arena.append(0) }
        shard.arena.append(UInt8(present.count))
        for (slot, cell) in present {
            shard.arena.append(UInt8(slot))
            record.withCell(cell) { b in shard.arena.append(UInt8(b.count)); shard.arena.append(contentsOf: b) }
        }
    }
}
