import DulyModel
import DulyTime
import Glibc
import Foundation

/// The read-only lookups every event row needs; shared by the reading threads.
struct EventParsing: @unchecked Sendable {
    var file: String
    var types: [EventType]
    var vocabulary: Vocabulary
    var attributes: [(name: AttributeName, type: ValueType)]
    var students: IDTable
    var studentCount: Int32
    var organisations: [String: Int32]
    var organisationTable: IDTable
    var counties: [String: Int32]

    func parser(shard: EventShard, isJSON: Bool) -> EventRowParser {
        var typeIndex: [UInt64: [(bytes: [UInt8], index: UInt8)]] = [:]
        for (i, t) in types.enumerated() {
            let bytes = Array(t.rawValue.utf8)
            bytes.withUnsafeBufferPointer { typeIndex[EventRowParser.fnv($0), default: []].append((bytes, UInt8(i))) }
        }
        var allowed: [[Bool]] = []
        var needsReference: [Bool] = []
        for t in types {
            let schema = vocabulary.events[t]!
            allowed.append(attributes.map { a in schema.attributes.contains { $0.name == a.name && $0.type == a.type } })
            needsReference.append(schema.answers != nil)
        }
        var parser = EventRowParser(context: self, shard: shard, isJSON: isJSON, typeIndex: typeIndex, allowed: allowed, needsReference: needsReference)
        parser.spill = shard.spill
        return parser
    }
}

/// Turns event rows into compact records; one per reading thread.
struct EventRowParser {
    let context: EventParsing
    var typeNames: [EventType] { context.types }
    let shard: EventShard
    let isJSON: Bool
    /// Event types by a hash of their UTF-8 bytes: no String is made per row.
    let typeIndex: [UInt64: [(bytes: [UInt8], index: UInt8)]]

    static func fnv(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for c in b { h = (h ^ UInt64(c)) &* 0x100_0000_01B3 }
        return h
    }

    func type(of b: UnsafeBufferPointer<UInt8>) -> UInt8? {
        guard let candidates = typeIndex[EventRowParser.fnv(b)] else { return nil }
        for c in candidates where c.bytes.count == b.count && c.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, b.baseAddress!, b.count) == 0 }) {
            return c.index
        }
        return nil
    }
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

    static let required = [0, 1, 2, 4]
    // Columns kept here, not in the shared shard object, so appends need no dynamic
    // exclusivity checks; `finish()` hands them over.
    var extras: [UInt32] = []
    var arena: [UInt8] = []
    /// The shard's spill writer, kept here so each row does not read it through the shard.
    var spill: PartitionWriter?
    /// The attribute cells of the current row, reused from row to row.
    var present: [(slot: Int, cell: Int)] = []

    mutating func reserve(_ n: Int) {
        extras.reserveCapacity(n)
        arena.reserveCapacity(n * 36)
    }

    mutating func finish() {
        if let spill = shard.spill {
            spill.take(&arena, &extras)
            spill.finish()
        }
        shard.extra = extras
        shard.arena = arena
        extras = []
        arena = []
    }

    mutating func row(_ header: TableReader.Header, _ record: inout CSVRecord, _ line: Int) {
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
        for s in EventRowParser.required where record.isEmpty(slots[s]) {
            issue(line, names[slots[s]], .emptyValue, "`\(names[slots[s]])` is empty")
            return
        }
        let idOK = record.withCell(slots[0]) { $0.count <= 255 && CellValue.isValidUTF8($0) }
        guard idOK else { issue(line, names[slots[0]], .valueTooLong, "an event ID must be valid text of at most 255 bytes"); return }
        guard let type = record.withCell(slots[4], { self.type(of: $0) }) else {
            let typeText = record.string(slots[4])
            issue(line, names[slots[4]], .unknownEventType, "`\(typeText)` is not an event type of the vocabulary")
            return
        }
        let subject: Int32
        if let s = record.withCell(slots[1], { context.students[$0] }) { subject = s }
        else if let o = record.withCell(slots[1], { context.organisationTable[$0] }) { subject = context.studentCount + o }
        else { issue(line, names[slots[1]], .unknownSubject, "no student or organisation `\(record.string(slots[1]))`"); return }
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
        for s in 5...6 where slots[s] >= 0 && !record.isEmpty(slots[s]) {
            guard let o = record.withCell(slots[s], { context.organisationTable[$0] }) else {
                issue(line, names[slots[s]], .unknownOrganisation, "no organisation `\(record.string(slots[s]))`")
                return
            }
            if s == 5 { actor = o } else { recipient = o }
        }
        let hasRef = slots[7] >= 0 && !record.isEmpty(slots[7])
        if needsReference[Int(type)] && !hasRef {
            let typeText = typeNames[Int(type)]
            issue(line, slots[7] >= 0 ? names[slots[7]] : "ref", .missingReference,
                  "a `\(typeText)` answers a `\(context.vocabulary.events[typeText]!.answers!)`: give the event it answers in `ref`")
            return
        }
        if hasRef, record.withCell(slots[7], { $0.count > 255 }) { issue(line, names[slots[7]], .valueTooLong, "a reference must be at most 255 bytes"); return }
        // Attributes: checked now, stored as text.
        present.removeAll(keepingCapacity: true)
        for (cell, slot) in attributeCells where !record.isEmpty(cell) {
            guard allowed[Int(type)][slot] else {
                issue(line, names[cell], .foreignAttribute, "a `\(typeNames[Int(type)])` has no attribute `\(names[cell])`")
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
        guard arena.count < Int(UInt32.max) - 1024 else {
            issue(line, nil, .valueTooLong, "more event data than one part of a file can hold (4 GB); split the file")
            return
        }
        extras.append(UInt32(arena.count))
        // The fixed part in one append.
        var head: (Int32, Int32, Int32, Int32, Int32, Int16, UInt8) = (subject.littleEndian, date.dayNumber.littleEndian, actor.littleEndian,
                                                                     recipient.littleEndian, Int32(line).littleEndian, minutes.littleEndian, type)
        withUnsafeBytes(of: &head) { arena.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<23])) }
        record.withCell(slots[0]) { b in arena.append(UInt8(b.count)); arena.append(contentsOf: b) }
        if hasRef { record.withCell(slots[7]) { b in arena.append(UInt8(b.count)); arena.append(contentsOf: b) } }
        else { arena.append(0) }
        arena.append(UInt8(present.count))
        for (slot, cell) in present {
            arena.append(UInt8(slot))
            record.withCell(cell) { b in arena.append(UInt8(b.count)); arena.append(contentsOf: b) }
        }
        if let spill, arena.count >= PartitionWriter.takeBytes { spill.take(&arena, &extras) }
    }
}
