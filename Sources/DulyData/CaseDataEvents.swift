import DulyCSV
import DulyModel
import DulySource
import DulyTime
import Glibc
import Foundation

/// The read-only lookups every event row needs; shared by the reading threads.
struct EventParsing: @unchecked Sendable {
    /// The years an event's date may lie in: records of compulsory schooling start long after
    /// 1900, and a date after 2199 is a typo, not a plan.
    static let plausibleYears = "1900–2199"
    static let plausibleDates = CivilDate(1900, 1, 1)...CivilDate(2199, 12, 31)

    var file: String
    var types: [EventType]
    var vocabulary: Vocabulary
    var attributes: [(name: AttributeName, type: ValueType)]
    var students: IDTable
    var studentCount: Int32
    /// Subjects, actors and recipients are organisation IDs by their exact bytes
    /// (`organisations.bytes`); attribute values are compared as names.
    var organisations: NameTable
    var counties: NameTable

    func parser(shard: EventShard, isJSON: Bool) -> EventRowParser {
        var typeTable = IDTable(capacity: types.count)
        for t in types { _ = typeTable.insert(t.rawValue) }
        var allowed: [[Bool]] = []
        var needsReference: [Bool] = []
        for t in types {
            let schema = vocabulary.events[t]!
            allowed.append(attributes.map { a in schema.attributes.contains { $0.name == a.name && $0.type == a.type } })
            needsReference.append(schema.answers != nil)
        }
        var parser = EventRowParser(context: self, shard: shard, isJSON: isJSON, typeTable: typeTable, allowed: allowed, needsReference: needsReference)
        parser.spill = shard.spill
        return parser
    }
}

/// Turns event rows into compact records; one per reading thread.
struct EventRowParser {
    /// The shard's spill writer, kept here so each row does not read it through the shard. The
    /// shard holds it; a reference that is not counted spares a retain and a release per row.
    var spill: PartitionWriter? {
        didSet { spillWriter = spill.map { Unmanaged.passUnretained($0) } }
    }
    private var spillWriter: Unmanaged<PartitionWriter>?
    /// Records put straight into the spill writer, counted for it at `finish`.
    private var spilled = 0
    let context: EventParsing
    var typeNames: [EventType] { context.types }
    let shard: EventShard
    let isJSON: Bool
    /// Event types by their UTF-8 bytes: no String is made per row.
    let typeTable: IDTable
    /// Per event type and attribute slot (`type * attributeKinds.count + slot`), whether the
    /// type has the attribute; and each slot's value type. Flat, and apart from the names: a row
    /// reads them for each attribute cell, and each nested array or named pair read retained it.
    let allowed: [Bool]
    let attributeKinds: [ValueType]
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

    init(context: EventParsing, shard: EventShard, isJSON: Bool, typeTable: IDTable, allowed: [[Bool]], needsReference: [Bool]) {
        self.context = context
        self.shard = shard
        self.isJSON = isJSON
        self.typeTable = typeTable
        self.allowed = allowed.flatMap { $0 }
        attributeKinds = context.attributes.map(\.type)
        self.needsReference = needsReference
    }

    mutating func issue(_ line: Int, _ column: String?, _ code: DataIssueCode, _ en: String, _ zh: String) {
        issue(line, column, code, LocalizedText(en: en, zh: zh))
    }

    mutating func issue(_ line: Int, _ column: String?, _ code: DataIssueCode, _ text: LocalizedText) {
        shard.skipped += 1
        if shard.issues.count < EventRowParser.issueLimit {
            shard.issues.append(DataIssue(file: context.file, row: line, column: column, code: code, text: text))
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
                                              en: "`\(r.name)` is not an attribute of any event type; the column is ignored",
                                              zh: "`\(r.name)` 不是任何事件类型的属性,该列不予读取", skipsRow: false))
            }
        }
        if !isJSON {
            for d in duplicates {
                headerIssues.append(DataIssue(file: context.file, row: 1, column: d, code: .duplicateColumn, en: "column `\(d)` appears twice; the second is ignored", zh: "列 `\(d)` 出现了两次,第二列不予读取", skipsRow: false))
            }
        }
        for (k, name) in ["id", "subject", "date", "type"].enumerated() where slots[[0, 1, 2, 4][k]] < 0 {
            missing = name
            if !isJSON {
                headerIssues.append(DataIssue(file: context.file, row: 1, column: name, code: .missingColumn,
                                              en: "no `\(name)` column (\(Columns.event.first { $0.slot == name }!.names.joined(separator: ", "))); every row is skipped",
                                              zh: "没有 `\(name)` 列(\(Columns.event.first { $0.slot == name }!.names.joined(separator: "、"))),所有行均被跳过", skipsRow: false))
            }
            break
        }
        mappedCount = header.names.count
        // The longest record: the fixed part, ID, reference, attribute count, and per attribute
        // its slot, length and at most 255 bytes.
        let longest = EventShard.idOffset + 2 * 256 + 1 + attributeCells.count * 257
        recordBuffer.reserve(longest)
    }

    static let required = [0, 1, 2, 4]
    // Columns kept here, not in the shared shard object, so appends need no dynamic
    // exclusivity checks; `finish()` hands them over.
    var extras: [UInt32] = []
    var arena: [UInt8] = []
    /// The last type cell of at most 16 bytes read (as `IDTable.words` and length) and its type.
    var lastType: (key: (UInt64, UInt64, Int), index: Int32)?
    /// Date cells, the last one remembered.
    var dates = DateCells()
    /// The current row's record, built here and added to `arena` in one append.
    let recordBuffer = RecordBuffer()
    /// The hashes of the subject and actor cells of the current batch, computed once for `touch`
    /// and lookup, and what the lookups found.
    var subjectHashes = [UInt64](repeating: 0, count: CSVBatch.capacity)
    var actorHashes = [UInt64](repeating: 0, count: CSVBatch.capacity)
    var lookups = [LookedUp](repeating: LookedUp(student: -1, actor: -1), count: CSVBatch.capacity)
    /// Where the words `IDTable.touch` loads end up, so that those loads are kept.
    var touched: UInt64 = 0

    /// Room for about `n` events without growing.
    mutating func reserve(_ n: Int) {
        extras.reserveCapacity(n)
        arena.reserveCapacity(n * 36)
    }

    /// The first and last date of the rows read, usable or not (`CaseDataSet.firstEventDate`).
    var firstDay = Int32.max
    var lastDay = Int32.min

    /// Counts the row's date toward what the data covers when its date cell holds a plausible
    /// date, whatever else is wrong with it (a missing cell, a bad type, bytes that are not UTF-8).
    mutating func noteDate(_ header: TableReader.Header, _ record: CSVRecord) {
        if isJSON || mappedCount != header.names.count { map(header) }
        noteDate(record)
    }

    private mutating func noteDate(_ record: CSVRecord) {
        let d = slots[2]
        guard missing == nil, d >= 0, d < record.count, let day = dates.coveredDay(record.cell(d)) else { return }
        if day < firstDay { firstDay = day }
        if day > lastDay { lastDay = day }
    }

    mutating func finish() {
        shard.firstDay = min(shard.firstDay, firstDay)
        shard.lastDay = max(shard.lastDay, lastDay)
        // A spilled shard's records went to the writer as they were read; its arena stays empty.
        shard.spill?.finish(records: spilled)
        spilled = 0
        shard.extra = extras
        shard.arena = arena
        extras = []
        arena = []
    }

    /// The rows of a CSV batch. The subjects and actors of all of them are hashed first, then
    /// their table slots loaded in a tight loop (so the cache misses overlap) and looked up, then
    /// each row read.
    mutating func rows(_ header: TableReader.Header, _ batch: CSVBatch) {
        if mappedCount != header.names.count { map(header) }
        guard missing == nil else {
            for k in batch.lower..<batch.count { read(header, batch[k], batch.line(k), lookedUp: nil) }
            return
        }
        let subject = slots[1], actor = slots[5]
        for k in batch.lower..<batch.count {
            let record = batch[k]
            subjectHashes[k] = IDTable.hash(record.cell(subject))
            actorHashes[k] = IDTable.hash(record.cell(actor))
        }
        var warm: UInt64 = 0
        for k in batch.lower..<batch.count {
            warm &+= context.students.touch(subjectHashes[k]) &+ context.organisations.bytes.touch(actorHashes[k])
        }
        touched = warm
        for k in batch.lower..<batch.count {
            let record = batch[k]
            lookups[k] = LookedUp(student: context.students.index(of: record.cell(subject), hash: subjectHashes[k]) ?? -1,
                                  actor: context.organisations.bytes.index(of: record.cell(actor), hash: actorHashes[k]) ?? -1)
        }
        for k in batch.lower..<batch.count {
            read(header, batch[k], batch.line(k), lookedUp: lookups[k])
        }
    }

    /// One row (of JSON Lines, where each row has its own header).
    mutating func row(_ header: TableReader.Header, _ record: CSVRecord, _ line: Int) {
        read(header, record, line, lookedUp: nil)
    }

    /// One row, with its student subject and actor when `rows` has looked them up.
    private mutating func read(_ header: TableReader.Header, _ record: CSVRecord, _ line: Int, lookedUp: LookedUp?) {
        if isJSON || mappedCount != header.names.count { map(header) }
        if let missing {
            if isJSON { issue(line, missing, .missingColumn, "no `\(missing)` key", "没有 `\(missing)` 键") } else { shard.skipped += 1 }
            return
        }
        noteDate(record)
        if !isJSON && record.count != header.names.count {
            issue(line, nil, .fieldCount, "\(record.count) cells, the header has \(header.names.count)",
                  "该行有 \(record.count) 个单元格,表头有 \(header.names.count) 列")
            return
        }
        // Required cells.
        for s in EventRowParser.required where record.isEmpty(slots[s]) {
            issue(line, header.names[slots[s]], .emptyValue, "`\(header.names[slots[s]])` is empty", "`\(header.names[slots[s]])` 为空")
            return
        }
        let id = record.cell(slots[0])
        guard id.count <= 255 && CellValue.isValidUTF8(id) else {
            issue(line, header.names[slots[0]], .valueTooLong, "an event ID must be valid text of at most 255 bytes", "事件编号必须是有效文本,且不超过 255 个字节")
            return
        }
        guard let typeIndex = eventType(record.cell(slots[4])) else {
            let typeText = record.string(slots[4])
            issue(line, header.names[slots[4]], .unknownEventType, "`\(typeText)` is not an event type of the vocabulary", "`\(typeText)` 不是词汇表中的事件类型")
            return
        }
        let type = UInt8(typeIndex)
        let subjectCell = record.cell(slots[1])
        let subject: Int32
        if let s = lookedUp.map({ $0.student >= 0 ? $0.student : nil }) ?? context.students[subjectCell] { subject = s }
        else if let o = context.organisations.bytes[subjectCell] { subject = context.studentCount + o }
        else { issue(line, header.names[slots[1]], .unknownSubject, "no student or organisation `\(record.string(slots[1]))`",
                                                 "没有编号为 `\(record.string(slots[1]))` 的学生或组织"); return }
        guard let date = dates.date(record.cell(slots[2])) else {
            issue(line, header.names[slots[2]], .badDate, CellValue.problem(.badDate, record.string(slots[2])))
            return
        }
        // A typo such as 0478 for 2478 or 2024 would open the evaluation window centuries early
        // (every period since then is listed) and could never be judged: refused as a bad date.
        guard EventParsing.plausibleDates.contains(date) else {
            issue(line, header.names[slots[2]], .badDate, "`\(record.string(slots[2]))` lies outside the years \(EventParsing.plausibleYears) that an event may have",
                  "`\(record.string(slots[2]))` 不在事件日期允许的年份 \(EventParsing.plausibleYears) 之内")
            return
        }
        var minutes: Int16 = -1
        if slots[3] >= 0 && !record.isEmpty(slots[3]) {
            guard let t = CellValue.time(record.cell(slots[3])) else {
                issue(line, header.names[slots[3]], .badTime, CellValue.problem(.badTime, record.string(slots[3])))
                return
            }
            minutes = Int16(t.minutes)
        }
        var actor: Int32 = -1
        var recipient: Int32 = -1
        for s in 5...6 where slots[s] >= 0 && !record.isEmpty(slots[s]) {
            let cell = record.cell(slots[s])
            guard let o = s == 5 ? lookedUp.map({ $0.actor >= 0 ? $0.actor : nil }) ?? context.organisations.bytes[cell] : context.organisations.bytes[cell] else {
                issue(line, header.names[slots[s]], .unknownOrganisation, "no organisation `\(record.string(slots[s]))`", "没有编号为 `\(record.string(slots[s]))` 的组织")
                return
            }
            if s == 5 { actor = o } else { recipient = o }
        }
        let reference = record.cell(slots[7])
        let hasRef = !reference.isEmpty
        if needsReference[Int(type)] && !hasRef {
            let typeText = typeNames[Int(type)]
            issue(line, slots[7] >= 0 ? header.names[slots[7]] : "ref", .missingReference,
                  "a `\(typeText)` answers a `\(context.vocabulary.events[typeText]!.answers!)`: give the event it answers in `ref`",
                  "`\(typeText)` 回应的是 `\(context.vocabulary.events[typeText]!.answers!)`:请在 `ref` 中写明它所回应的事件")
            return
        }
        if reference.count > 255 { issue(line, header.names[slots[7]], .valueTooLong, "a reference must be at most 255 bytes", "引用不得超过 255 个字节"); return }
        // The record, built in `recordBuffer` as the row is checked: the fixed part, ID, reference,
        // then the attributes (checked now, stored as text) behind their count.
        let out = recordBuffer.bytes
        // The fixed part field by field, in place.
        let raw = UnsafeMutableRawPointer(out.baseAddress!)
        raw.storeBytes(of: subject.littleEndian, toByteOffset: EventShard.subjectOffset, as: Int32.self)
        raw.storeBytes(of: date.dayNumber.littleEndian, toByteOffset: EventShard.dateOffset, as: Int32.self)
        raw.storeBytes(of: actor.littleEndian, toByteOffset: EventShard.actorOffset, as: Int32.self)
        raw.storeBytes(of: recipient.littleEndian, toByteOffset: EventShard.recipientOffset, as: Int32.self)
        raw.storeBytes(of: Int32(line).littleEndian, toByteOffset: EventShard.rowOffset, as: Int32.self)
        raw.storeBytes(of: minutes.littleEndian, toByteOffset: EventShard.minutesOffset, as: Int16.self)
        raw.storeBytes(of: type, toByteOffset: EventShard.typeOffset, as: UInt8.self)
        var p = EventShard.idOffset
        func text(_ b: UnsafeBufferPointer<UInt8>) {
            out[p] = UInt8(b.count)
            _ = UnsafeMutableBufferPointer(rebasing: out[(p + 1)...]).update(fromContentsOf: b)
            p += 1 + b.count
        }
        text(id)
        text(reference)
        let countAt = p
        p += 1
        var present = 0
        // By index: a `for … in` over the property retained its array once per row.
        for i in 0..<attributeCells.count where !record.isEmpty(attributeCells[i].cell) {
            let (cell, slot) = attributeCells[i]
            guard allowed[Int(type) * attributeKinds.count + slot] else {
                issue(line, header.names[cell], .foreignAttribute, "a `\(typeNames[Int(type)])` has no attribute `\(header.names[cell])`", "`\(typeNames[Int(type)])` 没有属性 `\(header.names[cell])`")
                return
            }
            let value = record.cell(cell)
            if let problem = check(value, as: attributeKinds[slot]) {
                let name = context.attributes[slot].name
                let text = record.string(cell)
                let message = problem == .valueTooLong
                    ? LocalizedText(en: "`\(name)` is longer than 255 bytes", zh: "`\(name)` 的值超过 255 个字节")
                    : CellValue.problem(problem, text)
                issue(line, header.names[cell], problem, message)
                return
            }
            out[p] = UInt8(slot)
            p += 1
            text(value)
            present += 1
        }
        out[countAt] = UInt8(present)
        // Store: straight into its range's buffer when the events are spilled, else in the arena.
        if let spillWriter {
            spillWriter._withUnsafeGuaranteedRef { $0.put(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: out[0..<p]))) }
            spilled += 1
            return
        }
        guard arena.count < Int(UInt32.max) - 1024 else {
            issue(line, nil, .valueTooLong, "more event data than one part of a file can hold (4 GB); split the file",
                  "事件数据超出了文件一个部分所能容纳的大小(4 GB);请拆分文件")
            return
        }
        extras.append(UInt32(arena.count))
        arena.append(contentsOf: UnsafeBufferPointer(rebasing: out[0..<p]))
    }

    /// The event type a cell names; the last one is remembered, as a few types make up most rows.
    private mutating func eventType(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard b.count <= 16 else { return typeTable[b] }
        let (low, high) = IDTable.words(b)
        let key = (low, high, b.count)
        if let last = lastType, key == last.key { return last.index }
        guard let index = typeTable[b] else { return nil }
        lastType = (key, index)
        return index
    }

    /// What is wrong with an attribute cell of the given type, if anything.
    private func check(_ b: UnsafeBufferPointer<UInt8>, as kind: ValueType) -> DataIssueCode? {
        if b.count > 255 { return .valueTooLong }
        switch kind {
        case .flag: return CellValue.flag(b) == nil ? .badFlag : nil
        case .number: return CellValue.number(b) == nil ? .badNumber : nil
        case .date: return CellValue.date(b) == nil ? .badDate : nil
        case .time: return CellValue.time(b) == nil ? .badTime : nil
        case .duration: return (try? Duration.parse(String(decoding: b, as: UTF8.self))) == nil ? .badDuration : nil
        case .organisation:
            return context.organisations.index(of: b) == nil && context.counties.index(of: b) == nil ? .unknownOrganisation : nil
        case .text: return nil
        }
    }
}

/// A row's student subject and actor, looked up ahead by `EventRowParser.rows`; -1 when the
/// cell names none.
struct LookedUp {
    var student: Int32
    var actor: Int32
}

/// Memory for one event record, which is built here and then added to the arena in one append
/// (one capacity check rather than one per field).
final class RecordBuffer {
    private(set) var bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0)

    deinit { bytes.deallocate() }

    /// Room for a record of `n` bytes.
    func reserve(_ n: Int) {
        guard bytes.count < n else { return }
        bytes.deallocate()
        bytes = .allocate(capacity: n)
        bytes.initialize(repeating: 0)
    }
}

/// Date cells read with the last one remembered (its ten bytes as two words): exports are mostly
/// in date order, so most rows repeat it. Both the full reader and `explain`'s quick pass count
/// what the data covers through `coveredDay`, so the two agree.
struct DateCells {
    private var last: (key: (UInt64, UInt16), date: CivilDate?)?

    /// The date a cell spells, if it spells one.
    mutating func date(_ b: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        guard b.count == 10, let p = b.baseAddress else { return CellValue.date(b) }
        let raw = UnsafeRawPointer(p)
        let key = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        if let last, key == last.key { return last.date }
        let d = CellValue.date(b)
        last = (key, d)
        return d
    }

    /// The day number a row's date cell adds to what the data covers: a real date in the years an
    /// event may have (`EventParsing.plausibleDates`), whatever else is wrong with the row.
    mutating func coveredDay(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard let d = date(b), EventParsing.plausibleDates.contains(d) else { return nil }
        return d.dayNumber
    }
}
