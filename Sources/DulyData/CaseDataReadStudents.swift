import DulyCSV
import DulyModel
import DulyTime
import Foundation

/// What every part of students.csv is read against; shared by the reading threads.
struct StudentParsing: @unchecked Sendable {
    let file: String
    let isJSON: Bool
    let schema: SubjectSchema
    let organisations: [Organisation]
    let organisationNames: NameTable
    let counties: NameTable
    /// The schema's attributes other than 学校, in order: one column each.
    let attributes: [Attribute]
    /// Their types.
    let types: [ValueType]
    /// Per organisation: whether it cannot be a student's school (its kind is not 学校, and the
    /// vocabulary has that role).
    let notSchool: [Bool]

    init(file: String, isJSON: Bool, schema: SubjectSchema, vocabulary: Vocabulary, organisations: [Organisation],
         organisationNames: NameTable, counties: NameTable) {
        self.file = file
        self.isJSON = isJSON
        self.schema = schema
        self.organisations = organisations
        self.organisationNames = organisationNames
        self.counties = counties
        attributes = schema.attributes.filter { $0.name != "学校" }
        types = attributes.map(\.type)
        let schoolRole = vocabulary.roles["学校"] != nil
        notSchool = organisations.map { $0.kind != "学校" && schoolRole }
    }
}

/// The students read from students.csv, in file order, with the issues found and the table of
/// their IDs (which the events are read against).
struct StudentTable {
    var ids: [String] = []
    var names: [String] = []
    var schools: [Int32] = []
    var rows: [Int32] = []
    /// nil when the file had no data row at all (then no attribute has a column).
    var columns: StudentColumns?
    var issues: [DataIssue] = []
    var index: IDTable

    /// Reads students.csv, its two halves on two threads when it is large and UTF-8 CSV. Large
    /// is a 32nd of what it is for events (1 MB by default, some 60,000 students): a student
    /// row costs several times an event row (its ID is entered in the table every event row
    /// looks up, its school and attributes are checked), and the students are read alone,
    /// before any event.
    static func read(_ source: TableSource, context: StudentParsing, parallelThreshold: Int) -> StudentTable {
        if !context.isJSON, source.lineMap == nil, let (encoding, bom, size) = ChunkReader.detect(source.bytes), encoding != .gb18030,
           size >= parallelThreshold / 32,
           let halves = FileHalves(source.bytes, encoding: encoding, bom: bom, size: size) {
            let capacity = expectedStudents(source, size: size)
            var parts = FileHalves.both { k in
                // The first half checks IDs as it goes; the second keeps them for `joined`.
                var parser = StudentRowParser(context: context, checksDuplicates: k == 0, capacity: k == 0 ? capacity : 0)
                let range = k == 0 ? halves.first : halves.second
                var next = 0
                let fileIssues = TableReader.read(source, offset: range.lowerBound, length: range.count,
                                                  firstLine: k == 0 ? 2 : 1, header: halves.header, nextLine: &next,
                                                  rows: { parser.rows($0, $1) }, row: { parser.row($0, $1, $2) })
                parser.issues += fileIssues
                return (parser: parser, nextLine: next)
            }
            // An open quote at the end of the first half: the cut was inside a quoted cell.
            if !parts[0].parser.issues.contains(where: { $0.code == .unterminatedQuote }) {
                let later = parts[1].parser
                return parts[0].parser.joined(later, shift: parts[0].nextLine - 1)
            }
        }
        let capacity = ChunkReader.detect(source.bytes).map { expectedStudents(source, size: $0.size) } ?? 0
        var parser = StudentRowParser(context: context, checksDuplicates: true, capacity: capacity)
        // The header is checked when it is read, not at the first row: a table may have none (a
        // header-only file, or rows picked out of a file by `load(_:program:focus:)`).
        let fileIssues = TableReader.read(source, rows: { parser.rows($0, $1) }, row: { parser.row($0, $1, $2) },
                                          sawHeader: { parser.checkHeader($0) })
        parser.issues += fileIssues
        return parser.joined(nil, shift: 0)
    }

    /// How many students to make room for: the rows the file seems to have, but no more than one
    /// per 32 bytes (a table sized for more would cost more than growing it).
    static func expectedStudents(_ source: TableSource, size: Int) -> Int {
        min(FileHalves.estimatedRows(source.bytes, size: size), size / 32)
    }
}

/// One row's attribute values, parsed before any is kept (a bad cell skips the whole row), in
/// storage kept from row to row.
struct StudentValues {
    /// Flags, numbers, dates, times and organisations in the encoding their column keeps.
    var codes: [Int]
    var texts: [String?]
    var durations: [Duration?]

    init(count: Int) {
        codes = [Int](repeating: 0, count: count)
        texts = [String?](repeating: nil, count: count)
        durations = [Duration?](repeating: nil, count: count)
    }
}

/// The attribute values of the students read so far: one typed column per attribute.
struct StudentColumns {
    /// Per attribute: its type and its column among those of that type.
    private(set) var kinds: [(type: ValueType, column: Int)] = []
    private var flags: [[Int8]] = [], numbers: [[Int]] = [], dates: [[Int32]] = [], times: [[Int16]] = []
    private var texts: [[String?]] = [], durations: [[Duration?]] = [], organisations: [[Int32]] = []

    /// Empty columns with room for `capacity` students each.
    init(_ attributes: [Attribute], capacity: Int) {
        func empty<T>(_: T.Type) -> [T] {
            var column: [T] = []
            column.reserveCapacity(capacity)
            return column
        }
        for a in attributes {
            switch a.type {
            case .flag: kinds.append((.flag, flags.count)); flags.append(empty(Int8.self))
            case .number: kinds.append((.number, numbers.count)); numbers.append(empty(Int.self))
            case .date: kinds.append((.date, dates.count)); dates.append(empty(Int32.self))
            case .time: kinds.append((.time, times.count)); times.append(empty(Int16.self))
            case .text: kinds.append((.text, texts.count)); texts.append(empty(String?.self))
            case .duration: kinds.append((.duration, durations.count)); durations.append(empty(Duration?.self))
            case .organisation: kinds.append((.organisation, organisations.count)); organisations.append(empty(Int32.self))
            }
        }
    }

    /// The value each type's column keeps for an empty cell.
    static func absent(_ type: ValueType) -> Int {
        switch type {
        case .number: Int.min
        case .date: Int(Int32.min)
        default: -1
        }
    }

    /// Per attribute, whether the file has a column for it. A CSV file without one gets no
    /// values for it at all (each would be absent): the vocabulary's attributes a file leaves out
    /// cost nothing a student. Set once the header is known, before any row.
    private var inFile: [Bool] = []

    mutating func keep(onlyInFile present: [Bool]) { inFile = present }

    mutating func append(_ v: StudentValues) {
        for (k, (type, c)) in kinds.enumerated() where inFile.isEmpty || inFile[k] {
            switch type {
            case .flag: flags[c].append(Int8(v.codes[k]))
            case .number: numbers[c].append(v.codes[k])
            case .date: dates[c].append(Int32(v.codes[k]))
            case .time: times[c].append(Int16(v.codes[k]))
            case .text: texts[c].append(v.texts[k])
            case .duration: durations[c].append(v.durations[k])
            case .organisation: organisations[c].append(Int32(v.codes[k]))
            }
        }
    }

    /// Appends the values of `other` (same attributes) where `keep` is true.
    mutating func append(_ other: StudentColumns, keeping keep: [Bool]) {
        let all = !keep.contains(false)
        func join<T>(_ a: inout [T], _ b: [T]) {
            if all { a.append(contentsOf: b); return }
            for (i, v) in b.enumerated() where keep[i] { a.append(v) }
        }
        for c in flags.indices { join(&flags[c], other.flags[c]) }
        for c in numbers.indices { join(&numbers[c], other.numbers[c]) }
        for c in dates.indices { join(&dates[c], other.dates[c]) }
        for c in times.indices { join(&times[c], other.times[c]) }
        for c in texts.indices { join(&texts[c], other.texts[c]) }
        for c in durations.indices { join(&durations[c], other.durations[c]) }
        for c in organisations.indices { join(&organisations[c], other.organisations[c]) }
    }

    /// The columns as the data set keeps them, named after `attributes`: those with a value (or
    /// an absent value) for each of the `count` students, so not the attributes the file has no
    /// column for.
    func columns(_ attributes: [Attribute], count: Int) -> [(name: AttributeName, values: AttributeColumn)] {
        kinds.enumerated().compactMap { k, kind in
            let c = kind.column
            let values: AttributeColumn = switch kind.type {
            case .flag: .flags(flags[c])
            case .number: .numbers(numbers[c])
            case .date: .dates(dates[c])
            case .time: .times(times[c])
            case .text: .texts(texts[c])
            case .duration: .durations(durations[c])
            case .organisation: .organisations(organisations[c])
            }
            return values.count == count ? (attributes[k].name, values) : nil
        }
    }
}

/// Reads the rows of students.csv (or of one half of it) into columns; one per reading thread.
///
/// A row is checked in this order: required cells, cell count, duplicate ID, school, attribute
/// values, kind of school; the first problem skips it. The first student with an ID wins, and a
/// later one is reported against its own row. The second half of a file cannot know the IDs of
/// the first, so it checks everything but the ID and keeps, in order, each row that got as far
/// as the ID check; `joined` then checks those IDs in file order.
struct StudentRowParser {
    let context: StudentParsing
    let checksDuplicates: Bool
    var table = StudentTable(index: IDTable(capacity: 0))
    /// Whether a data row was seen (then the attributes get columns, and the header is checked).
    var sawRow = false
    var columns: StudentColumns
    /// Issues about the header, found at the first data row.
    var headerIssues: [DataIssue] = []
    var issues: [DataIssue] = []
    /// Rows left for the ID check of `joined`, in file order: the index of the student kept from
    /// the row, or `-1 - i` for `rejected[i]`.
    var deferred: [Int] = []
    /// Rows that got as far as the ID check but are skipped for another reason: ID and issue.
    var rejected: [(id: String, issue: DataIssue)] = []

    /// The header the cell indices below belong to.
    var mapped: [String]?
    var slots: [Int] = []
    var rest: [(index: Int, name: String)] = []
    var duplicates: [String] = []
    var attributeCells: [(cell: Int, attribute: Attribute)] = []
    /// Per attribute of `context.attributes`: its cell, or -1.
    var cellOfAttribute: [Int] = []
    var values: StudentValues
    /// Where the words `IDTable.touch` loads end up, so that those loads are kept.
    var touched: UInt64 = 0

    init(context: StudentParsing, checksDuplicates: Bool, capacity: Int) {
        self.context = context
        self.checksDuplicates = checksDuplicates
        table.index = IDTable(capacity: capacity)
        // Room for the whole file in the part that the other is joined to: no copy when it grows.
        table.ids.reserveCapacity(capacity)
        table.names.reserveCapacity(capacity)
        table.schools.reserveCapacity(capacity)
        table.rows.reserveCapacity(capacity)
        columns = StudentColumns(context.attributes, capacity: capacity)
        values = StudentValues(count: context.attributes.count)
    }

    mutating func map(_ header: TableReader.Header) {
        let m = Columns.map(header.names, Columns.student)
        (slots, rest, duplicates) = (m.slots, m.rest, m.duplicates)
        attributeCells = []
        for r in rest {
            if let a = context.schema.attributes.first(where: { $0.name.rawValue == r.name || $0.label == r.name }) { attributeCells.append((r.index, a)) }
        }
        cellOfAttribute = context.attributes.map { a in attributeCells.first(where: { $0.attribute.name == a.name })?.cell ?? -1 }
        // A CSV file's header is its only one; a JSON Lines row names its own keys.
        if !context.isJSON { columns.keep(onlyInFile: cellOfAttribute.map { $0 >= 0 }) }
        mapped = header.names
    }

    /// The rows of a CSV batch; when this part checks IDs, the table slots of all their IDs are
    /// loaded first, together (see `IDTable.touch`).
    mutating func rows(_ header: TableReader.Header, _ batch: CSVBatch) {
        if mapped != header.names { map(header) }
        if checksDuplicates && slots[0] >= 0 {
            var warm: UInt64 = 0
            for k in batch.lower..<batch.count { warm &+= table.index.touch(IDTable.hash(batch[k].cell(slots[0]))) }
            touched = warm
        }
        for k in batch.lower..<batch.count { row(header, batch[k], batch.line(k)) }
    }

    /// The header's problems, once: at the first row, or when the header is read (a table of
    /// picked rows may have none).
    mutating func checkHeader(_ header: TableReader.Header) {
        guard !sawRow else { return }
        if mapped != header.names { map(header) }
        let file = context.file
        sawRow = true
        for d in duplicates { headerIssues.append(DataIssue(file: file, row: 1, column: d, code: .duplicateColumn, en: "column `\(d)` appears twice; the second is ignored", zh: "列 `\(d)` 出现了两次,第二列不予读取", skipsRow: false)) }
        for r in rest where !attributeCells.contains(where: { $0.cell == r.index }) {
            headerIssues.append(DataIssue(file: file, row: 1, column: r.name, code: .unknownColumn, en: "`\(r.name)` is not an attribute of \(context.schema.kind); the column is ignored", zh: "`\(r.name)` 不是\(context.schema.kind)的属性,该列不予读取", skipsRow: false))
        }
    }

    mutating func row(_ header: TableReader.Header, _ record: CSVRecord, _ line: Int) {
        if mapped != header.names { map(header) }
        checkHeader(header)
        let file = context.file
        if let bad = CaseDataReader.checkRequired(record, header, slots, ["id", "school"], Columns.student, file, line) { issues.append(bad); return }
        if !context.isJSON, record.count != header.names.count {
            issues.append(DataIssue(file: file, row: line, column: nil, code: .fieldCount, en: "\(record.count) cells, the header has \(header.names.count)", zh: "该行有 \(record.count) 个单元格,表头有 \(header.names.count) 列"))
            return
        }
        let id = record.string(slots[0])
        if checksDuplicates, let first = table.index[id: id] {
            issues.append(DataIssue(file: file, row: line, column: header.names[slots[0]], code: .duplicateID, en: "student ID `\(id)` is already used on row \(table.rows[Int(first)])", zh: "学生编号 `\(id)` 已在第 \(table.rows[Int(first)]) 行使用"))
            return
        }
        let checked = check(header, record, line)
        guard let school = checked.school else {
            if checksDuplicates {
                issues.append(checked.issue!)
            } else {
                rejected.append((id, checked.issue!))
                deferred.append(-rejected.count)
            }
            return
        }
        if checksDuplicates { _ = table.index.insert(id) } else { deferred.append(table.ids.count) }
        table.ids.append(id)
        table.names.append(slots[1] >= 0 ? record.string(slots[1]) : "")
        table.schools.append(school)
        table.rows.append(Int32(line))
        columns.append(values)
    }

    /// Everything after the ID check: the school's index, or the issue that skips the row. The
    /// attribute values go to `values`.
    private mutating func check(_ header: TableReader.Header, _ record: CSVRecord, _ line: Int) -> (school: Int32?, issue: DataIssue?) {
        let file = context.file
        guard let school = context.organisationNames.index(of: record.cell(slots[2])) else {
            return (nil, DataIssue(file: file, row: line, column: header.names[slots[2]], code: .unknownOrganisation, en: "no organisation `\(record.string(slots[2]))`", zh: "没有编号为 `\(record.string(slots[2]))` 的组织"))
        }
        for (k, type) in context.types.enumerated() {
            let cell = cellOfAttribute[k]
            guard cell >= 0, !record.isEmpty(cell) else {
                values.codes[k] = StudentColumns.absent(type)
                values.texts[k] = nil
                values.durations[k] = nil
                continue
            }
            let b = record.cell(cell)
            func failure(_ code: DataIssueCode) -> (Int32?, DataIssue?) {
                (nil, DataIssue(file: file, row: line, column: header.names[cell], code: code, text: CellValue.problem(code, String(decoding: b, as: UTF8.self))))
            }
            switch type {
            case .flag:
                guard let f = CellValue.flag(b) else { return failure(.badFlag) }
                values.codes[k] = f ? 1 : 0
            case .number:
                guard let n = CellValue.number(b) else { return failure(.badNumber) }
                values.codes[k] = n
            case .date:
                guard let d = CellValue.date(b) else { return failure(.badDate) }
                values.codes[k] = Int(d.dayNumber)
            case .time:
                guard let t = CellValue.time(b) else { return failure(.badTime) }
                values.codes[k] = t.minutes
            case .text:
                values.texts[k] = String(decoding: b, as: UTF8.self)
            case .duration:
                guard let d = try? Duration.parse(String(decoding: b, as: UTF8.self)) else { return failure(.badDuration) }
                values.durations[k] = d
            case .organisation:
                if let o = context.organisationNames.index(of: b) { values.codes[k] = Int(o) }
                else if let c = context.counties.index(of: b) { values.codes[k] = -2 - Int(c) }
                else { return failure(.unknownOrganisation) }
            }
        }
        if context.notSchool[Int(school)] {
            let o = context.organisations[Int(school)]
            return (nil, DataIssue(file: file, row: line, column: header.names[slots[2]], code: .notASchool, en: "`\(record.string(slots[2]))` is a \(o.kind), not a 学校", zh: "`\(record.string(slots[2]))` 是\(o.kind),不是学校"))
        }
        return (school, nil)
    }

    /// This part's students followed by those of `later` (the second half, whose lines are
    /// numbered from 1 and move by `shift`), with the IDs of `later` checked in file order.
    mutating func joined(_ later: StudentRowParser?, shift: Int) -> StudentTable {
        var joined = StudentTable(index: IDTable(capacity: 0))
        swap(&joined, &table)
        joined.issues = issues + headerIssues
        guard let later else {
            joined.columns = sawRow ? columns : nil
            return joined
        }
        if !sawRow { joined.issues += later.headerIssues }
        if sawRow || later.sawRow {
            // Moved rather than copied, so that appending to them copies nothing.
            joined.columns = StudentColumns([], capacity: 0)
            swap(&joined.columns!, &columns)
        }
        for var issue in later.issues {
            if issue.row > 0 { issue.row += shift }
            joined.issues.append(issue)
        }
        var keep = [Bool](repeating: true, count: later.table.ids.count)
        let file = context.file
        // No ID column (slot -1): every row of the second half was skipped, and there is no name.
        let idColumn = later.mapped.flatMap { mapped in later.slots[0] >= 0 ? mapped[later.slots[0]] : nil } ?? ""
        // The ID and line of a deferred row.
        func row(_ d: Int) -> (id: String, line: Int) {
            d >= 0 ? (later.table.ids[d], Int(later.table.rows[d]) + shift) : (later.rejected[-1 - d].id, later.rejected[-1 - d].issue.row + shift)
        }
        var warm: UInt64 = 0
        for (k, d) in later.deferred.enumerated() {
            // Load the slots of the next few dozen IDs together (see `IDTable.touch`).
            if k % CSVBatch.capacity == 0 {
                for ahead in later.deferred[k..<min(k + CSVBatch.capacity, later.deferred.count)] {
                    var id = row(ahead).id
                    warm &+= id.withUTF8 { joined.index.touch(IDTable.hash($0)) }
                }
            }
            let (id, line) = row(d)
            // A kept row's ID goes in unless it is there already; a skipped row's is only looked up.
            let first: Int32?
            if d >= 0 {
                let (index, inserted) = joined.index.insert(id)
                first = inserted ? nil : index
            } else {
                first = joined.index[id: id]
            }
            if let first {
                joined.issues.append(DataIssue(file: file, row: line, column: idColumn, code: .duplicateID,
                                               en: "student ID `\(id)` is already used on row \(joined.rows[Int(first)])", zh: "学生编号 `\(id)` 已在第 \(joined.rows[Int(first)]) 行使用"))
                if d >= 0 { keep[d] = false }
            } else if d >= 0 {
                joined.ids.append(id)
                joined.names.append(later.table.names[d])
                joined.schools.append(later.table.schools[d])
                joined.rows.append(Int32(line))
            } else {
                var issue = later.rejected[-1 - d].issue
                issue.row = line
                joined.issues.append(issue)
            }
        }
        touched = warm
        joined.columns?.append(later.columns, keeping: keep)
        return joined
    }
}
