import DulyCSV
import DulyModel
import DulyTime
import Foundation

/// Reads a data-set folder: `organisations.csv`, `students.csv`, `events.csv` or
/// `events.jsonl` (each file may also be `.jsonl`), or the same tables in Excel workbooks
/// (`events.xlsx`, or sheets named like the files in one workbook). See docs/case-data.md.
/// The same tables may also be given in memory, by file name (a policy test's).
public enum CaseDataReader {
    /// Large UTF-8 CSV files (students and events) are cut in two at a line break and read on both cores.
    public static let defaultParallelThreshold = 32 << 20

    /// Where a data set's tables are: files in a folder, or bytes in memory by file name.
    enum Tables {
        case folder(String)
        case memory([String: [UInt8]])
        /// Tables already found, by file name: a folder's, some of them cut down to the rows
        /// one subject needs (`load(_:program:focus:)`).
        case sources(folder: String, [String: TableSource])

        /// The table named `stem` or `zh`, as CSV or JSON Lines.
        func find(_ stem: String, _ zh: String) -> TableSource? {
            for name in [stem, zh] {
                for ext in ["csv", "jsonl"] {
                    switch self {
                    case .folder(let folder):
                        let path = folder + "/" + name + "." + ext
                        if FileManager.default.fileExists(atPath: path) { return TableSource(path: path) }
                    case .memory(let tables):
                        if let bytes = tables[name + "." + ext] { return TableSource(file: name + "." + ext, bytes: bytes) }
                    case .sources(_, let tables):
                        if let source = tables[name + "." + ext] { return source }
                    }
                }
            }
            return nil
        }

        /// How a message names the data set: the folder, or its tables.
        var name: String {
            switch self {
            case .folder(let path), .sources(let path, _): "`\(path)`"
            case .memory: "the data set"
            }
        }

        /// `name` in Chinese, spaced to go before a Chinese word (a space after a code span only).
        var chineseName: String {
            switch self {
            case .folder(let path), .sources(let path, _): "`\(path)` "
            case .memory: "数据集"
            }
        }
    }

    /// Reads the folder at `path` against the vocabulary and jurisdictions of `program`.
    /// A large events file is kept in temporary files by range of subjects as `spill` says.
    public static func load(_ path: String, program: Program, parallelThreshold: Int = defaultParallelThreshold,
                            spill policy: SpillPolicy = .standard) throws(CaseDataError) -> CaseDataSet {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
           let staging = try WorkbookStaging.stage(path) {
            let set = try loadTables(.folder(staging.folder.path), program: program, parallelThreshold: parallelThreshold, spill: policy)
            set.relabel(with: staging)
            return set
        }
        return try loadTables(.folder(path), program: program, parallelThreshold: parallelThreshold, spill: policy)
    }

    /// Reads tables given in memory, by file name (`organisations.csv`, `students.csv`,
    /// `events.csv` or `.jsonl`, and optionally `coverage.csv`, `school_calendar.csv`, or their
    /// Chinese names), exactly as it reads those files in a folder: the same parser and checks,
    /// and issues that name the file, row and column. Nothing is written to disk unless the events
    /// are large enough to spill.
    public static func load(tables: [String: [UInt8]], program: Program, parallelThreshold: Int = defaultParallelThreshold,
                            spill policy: SpillPolicy = .standard) throws(CaseDataError) -> CaseDataSet {
        try loadTables(.memory(tables), program: program, parallelThreshold: parallelThreshold, spill: policy)
    }

    /// Reads CSV and JSON Lines tables (after any workbook was turned into CSV).
    static func loadTables(_ tables: Tables, program: Program, parallelThreshold: Int,
                           spill policy: SpillPolicy) throws(CaseDataError) -> CaseDataSet {
        if case .folder(let path) = tables {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CaseDataError(en: "`\(path)` is not a folder of case data", zh: "`\(path)` 不是案例数据文件夹")
            }
        }
        guard let orgSource = tables.find("organisations", "组织") else { throw CaseDataError(en: "\(tables.name) has no organisations.csv", zh: "\(tables.chineseName)中没有 organisations.csv") }
        guard let studentSource = tables.find("students", "学生") else { throw CaseDataError(en: "\(tables.name) has no students.csv", zh: "\(tables.chineseName)中没有 students.csv") }
        guard let eventSource = tables.find("events", "事件") else { throw CaseDataError(en: "\(tables.name) has no events.csv or events.jsonl", zh: "\(tables.chineseName)中没有 events.csv 或 events.jsonl") }
        let vocabulary = program.vocabulary
        var issues: [DataIssue] = []

        // Organisations.
        let orgFile = orgSource.file
        var rows: [(Organisation, Int)] = []
        var seen: [OrganisationID: Int] = [:]
        var managerText: [OrganisationID: (String, Int)] = [:]
        var orgMap: (names: [String], slots: [Int], rest: [(index: Int, name: String)], duplicates: [String])?
        issues += TableReader.read(orgSource) { header, record, line in
            if orgMap?.names != header.names {
                let m = Columns.map(header.names, Columns.organisation)
                orgMap = (header.names, m.slots, m.rest, m.duplicates)
            }
            let (slots, rest, duplicates) = (orgMap!.slots, orgMap!.rest, orgMap!.duplicates)
            if line == 2 || orgSource.isJSON { // header problems once for CSV
                for d in duplicates where line == 2 { issues.append(DataIssue(file: orgFile, row: 1, column: d, code: .duplicateColumn, en: "column `\(d)` appears twice; the second is ignored", zh: "列 `\(d)` 出现了两次,第二列不予读取", skipsRow: false)) }
                for r in rest where line == 2 { issues.append(DataIssue(file: orgFile, row: 1, column: r.name, code: .unknownColumn, en: "unknown column `\(r.name)` is ignored", zh: "未知的列 `\(r.name)`,不予读取", skipsRow: false)) }
            }
            if let bad = checkRequired(record, header, slots, ["id", "name", "kind", "jurisdiction"], Columns.organisation, orgFile, line) { issues.append(bad); return }
            if !orgSource.isJSON, record.count != header.names.count {
                issues.append(DataIssue(file: orgFile, row: line, column: nil, code: .fieldCount, en: "\(record.count) cells, the header has \(header.names.count)", zh: "该行有 \(record.count) 个单元格,表头有 \(header.names.count) 列"))
                return
            }
            let id = OrganisationID(record.string(slots[0]))
            if let first = seen[id] {
                issues.append(DataIssue(file: orgFile, row: line, column: header.names[slots[0]], code: .duplicateID, en: "organisation ID `\(id)` is already used on row \(first)", zh: "组织编号 `\(id)` 已在第 \(first) 行使用"))
                return
            }
            let kind = RoleName(record.string(slots[2]))
            guard vocabulary.roles[kind] != nil else {
                issues.append(DataIssue(file: orgFile, row: line, column: header.names[slots[2]], code: .unknownKind, en: "`\(kind)` is not a role of the vocabulary", zh: "`\(kind)` 不是词汇表中的角色"))
                return
            }
            let jurisdiction = JurisdictionName(record.string(slots[4]))
            guard program.jurisdictions[jurisdiction] != nil else {
                issues.append(DataIssue(file: orgFile, row: line, column: header.names[slots[4]], code: .unknownJurisdiction, en: "no policy named `\(jurisdiction)`", zh: "没有名为 `\(jurisdiction)` 的政策"))
                return
            }
            seen[id] = line
            let county = slots[5] >= 0 && !record.isEmpty(slots[5]) ? record.string(slots[5]) : nil
            if slots[3] >= 0 { managerText[id] = (record.string(slots[3]), line) }
            rows.append((Organisation(id: id, name: record.string(slots[1]), kind: kind, managers: [], jurisdiction: jurisdiction, county: county), line))
        }
        var organisations: [Organisation] = []
        let known = Set(rows.map(\.0.id))
        for (var o, line) in rows {
            if let (text, _) = managerText[o.id] {
                let ids = text.split(whereSeparator: { ";；|、".contains($0) }).map { OrganisationID($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.rawValue.isEmpty }
                if let unknown = ids.first(where: { !known.contains($0) }) {
                    issues.append(DataIssue(file: orgFile, row: line, column: "managed_by", code: .unknownOrganisation, en: "no organisation `\(unknown)`", zh: "没有编号为 `\(unknown)` 的组织"))
                    continue
                }
                o.managers = ids
            }
            organisations.append(o)
        }
        organisations.sort { $0.id < $1.id }
        let counties = Array(Set(organisations.compactMap(\.county))).sorted()

        // What the data covers, when it says.
        let coverage = tables.find("coverage", "覆盖范围").map { CoverageTable.read($0, known: Set(organisations.map(\.id))) }
        issues += coverage?.issues ?? []
        // An organisation's own school calendar, when the data brings one.
        let schoolCalendar = tables.find("school_calendar", "校历").map { SchoolCalendarTable.read($0, known: Set(organisations.map(\.id))) }
        issues += schoolCalendar?.issues ?? []

        // Students.
        let studentFile = studentSource.file
        guard let schema = vocabulary.subjects.values.sorted(by: { $0.kind < $1.kind }).first else {
            throw CaseDataError(en: "the vocabulary declares no subject", zh: "词汇表没有声明任何对象")
        }
        let organisationNames = NameTable(organisations.map(\.id.rawValue))
        let countyNames = NameTable(counties)
        let studentContext = StudentParsing(file: studentFile, isJSON: studentSource.isJSON, schema: schema, vocabulary: vocabulary,
                                            organisations: organisations, organisationNames: organisationNames, counties: countyNames)
        let students = StudentTable.read(studentSource, context: studentContext, parallelThreshold: parallelThreshold)
        issues += students.issues
        var attributeColumns = students.columns?.columns(studentContext.attributes, count: students.ids.count) ?? []
        if vocabulary.roles["学校"] != nil, let schoolAttribute = schema.attribute("学校"), schoolAttribute.type == .organisation {
            attributeColumns.append((schoolAttribute.name, .organisations(students.schools)))
        }

        // Events.
        let eventFile = eventSource.file
        let types = vocabulary.events.keys.sorted()
        guard types.count < 256 else { throw CaseDataError(en: "the vocabulary declares more than 255 event types", zh: "词汇表声明的事件类型超过 255 种") }
        var attributeList: [(name: AttributeName, type: ValueType)] = []
        for t in types {
            for a in vocabulary.events[t]!.attributes where !attributeList.contains(where: { $0.name == a.name && $0.type == a.type }) {
                attributeList.append((a.name, a.type))
            }
        }
        let context = EventParsing(file: eventFile, types: types, vocabulary: vocabulary, attributes: attributeList,
                                   students: students.index, studentCount: Int32(students.ids.count), organisations: organisationNames,
                                   counties: countyNames)
        var spill: EventSpill?
        if let n = policy.partitions(forFileOfSize: eventSource.size) {
            let recurring = program.recurringActions
            spill = try EventSpill(students: students.ids.count, subjects: students.ids.count + organisations.count, partitions: n,
                                   recurringType: types.map { recurring.contains($0) })
        }
        let shards = readEvents(eventSource, context: context, parallelThreshold: parallelThreshold, spill: spill)
        if let failure = spill?.failure { throw CaseDataError(text: failure, isToolFailure: true) }
        let rowIssues = issues.filter(\.skipsRow).count
        for s in shards { issues += s.issues; s.issues = [] }
        let unusable = unusableFiles([(orgSource, organisations.count, nil), (studentSource, students.ids.count, nil),
                                      (eventSource, spill?.eventCount ?? shards.reduce(0) { $0 + $1.count }, shards.reduce(0) { $0 + $1.skipped })],
                                     issues: issues)

        let set = CaseDataSet(organisations: organisations, counties: counties, subjectKind: schema.kind, studentIDs: students.ids,
                              studentNames: students.names, studentSchools: students.schools, studentRows: students.rows, studentFile: studentFile,
                              attributeColumns: attributeColumns, eventTypes: types, eventAttributes: attributeList, eventFile: eventFile,
                              shards: spill == nil ? shards : [], issues: issues.sorted(), spill: spill, storedEvents: spill?.eventCount,
                              actingRoles: vocabulary.actingRoles, managedKinds: vocabulary.managedKinds)
        let firstDay = shards.map(\.firstDay).min() ?? Int32.max, lastDay = shards.map(\.lastDay).max() ?? Int32.min
        if firstDay <= lastDay {
            set.firstEventDate = CivilDate(dayNumber: firstDay)
            set.lastEventDate = CivilDate(dayNumber: lastDay)
        }
        set.coverageTable = coverage
        set.schoolCalendarTable = schoolCalendar
        set.skippedRows = rowIssues + shards.reduce(0) { $0 + $1.skipped }
        set.filesWithoutRows = unusable
        return set
    }

    static func checkRequired(_ record: CSVRecord, _ header: TableReader.Header, _ slots: [Int], _ required: [String],
                              _ fixed: [(slot: String, names: [String])], _ file: String, _ line: Int) -> DataIssue? {
        for r in required {
            let s = fixed.firstIndex { $0.slot == r }!
            if slots[s] < 0 {
                return DataIssue(file: file, row: line, column: r, code: .missingColumn, en: "no `\(r)` column (\(fixed[s].names.joined(separator: ", ")))", zh: "没有 `\(r)` 列(\(fixed[s].names.joined(separator: "、")))")
            }
            if record.isEmpty(slots[s]) {
                return DataIssue(file: file, row: line, column: header.names[slots[s]], code: .emptyValue, en: "`\(header.names[slots[s]])` is empty", zh: "`\(header.names[slots[s]])` 为空")
            }
        }
        return nil
    }

    /// Reads the events file, its two halves on two threads when it is large and UTF-8 CSV.
    static func readEvents(_ source: TableSource, context: EventParsing, parallelThreshold: Int, spill: EventSpill? = nil) -> [EventShard] {
        guard let (encoding, bom, size) = ChunkReader.detect(source.bytes) else {
            let s = EventShard()
            s.issues = [DataIssue(file: context.file, row: 0, column: nil, code: .unreadableFile, en: "cannot read `\(source.location)`", zh: "无法读取 `\(source.location)`")]
            return [s]
        }
        let isJSON = source.isJSON
        if !isJSON, source.lineMap == nil, encoding != .gb18030, size >= parallelThreshold,
           let halves = FileHalves(source.bytes, encoding: encoding, bom: bom, size: size) {
            if let shards = readEvents(source, halves: halves, context: context, estimate: size / 2 / 40, spill: spill) {
                return shards
            }
            // Read again in one part: what the halves spilled is discarded first.
            spill?.reset()
        }
        let shard = EventShard()
        shard.spill = spill?.writer()
        var parser = context.parser(shard: shard, isJSON: isJSON)
        // The header is checked when it is read, not at the first row: a table may have none (a
        // header-only file, or rows picked out of a file by `load(_:program:focus:)`).
        let fileIssues = TableReader.read(source, rows: { parser.rows($0, $1) }, row: { parser.row($0, $1, $2) },
                                          skipped: { parser.noteDate($0, $1) }, sawHeader: { parser.map($0) })
        parser.finish()
        shard.issues += fileIssues + parser.headerIssues
        shard.skipped += fileIssues.filter { $0.code == .badJSON || $0.code == .unterminatedQuote || ($0.code == .badEncoding && $0.skipsRow) }.count
        return [shard]
    }

    /// Reads the halves of an events file on two threads; nil when the cut turns out to be inside
    /// a quoted cell (see `FileHalves`).
    static func readEvents(_ source: TableSource, halves: FileHalves, context: EventParsing, estimate: Int, spill: EventSpill?) -> [EventShard]? {
        let shards = [EventShard(), EventShard()]
        for shard in shards { shard.spill = spill?.writer() }
        let parts = FileHalves.both { k in
            let shard = shards[k]
            var parser = context.parser(shard: shard, isJSON: false)
            if shard.spill == nil { parser.reserve(estimate) }
            let range = k == 0 ? halves.first : halves.second
            // The lines of the second half are numbered from 1, and shifted once the first is done.
            let firstLine = k == 0 ? 2 : 1
            var next = 0
            let fileIssues = TableReader.read(source, offset: range.lowerBound, length: range.count,
                                              firstLine: firstLine, header: halves.header, nextLine: &next,
                                              rows: { parser.rows($0, $1) }, row: { parser.row($0, $1, $2) },
                                              skipped: { parser.noteDate($0, $1) })
            parser.finish()
            shard.lines = next - firstLine
            shard.issues += fileIssues
            shard.skipped += fileIssues.filter { $0.code == .unterminatedQuote || ($0.code == .badEncoding && $0.skipsRow) }.count
            return (headerIssues: parser.headerIssues, mapped: parser.mappedCount >= 0, nextLine: next)
        }
        if shards[0].issues.contains(where: { $0.code == .unterminatedQuote }) { return nil }
        // The header is checked at the first row, which may be in either half.
        shards[0].issues += parts[0].mapped ? parts[0].headerIssues : parts[1].headerIssues
        let shift = parts[0].nextLine - 1
        shards[1].issues = shards[1].issues.map { var i = $0; if i.row > 0 { i.row += shift }; return i }
        shards[1].shiftRows(by: shift)
        // Spilled records are shifted when they are loaded; the ones kept in memory now.
        if let writer = shards[1].spill {
            writer.rowShift += shift
            writer.recurring.shiftRows(by: shift)
        }
        return shards
    }
}

extension EventShard {
    func shiftRows(by delta: Int) {
        guard delta != 0 else { return }
        arena.withUnsafeMutableBytes { a in
            for p in extra {
                let i = Int(p) + EventShard.rowOffset
                let row = a.loadUnaligned(fromByteOffset: i, as: Int32.self) + Int32(delta)
                a.storeBytes(of: row, toByteOffset: i, as: Int32.self)
            }
        }
    }
}
