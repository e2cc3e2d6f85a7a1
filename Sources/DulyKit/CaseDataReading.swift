import DulyModel
import DulyTime
import Foundation

/// Reads a data-set folder: `organisations.csv`, `students.csv`, `events.csv` or
/// `events.jsonl` (each file may also be `.jsonl`). See docs/case-data.md.
public enum CaseDataReader {
    /// Large UTF-8 event files are split in two at a line boundary and read on both cores.
    public static let defaultParallelThreshold = 32 << 20

    static func find(_ folder: String, _ stem: String, _ zh: String) -> String? {
        for name in [stem, zh] {
            for ext in ["csv", "jsonl"] {
                let path = folder + "/" + name + "." + ext
                if FileManager.default.fileExists(atPath: path) { return path }
            }
        }
        return nil
    }

    /// Reads the folder at `path` against the vocabulary and jurisdictions of `program`.
    public static func load(_ path: String, program: Program, parallelThreshold: Int = defaultParallelThreshold) throws(CaseDataError) -> CaseDataSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CaseDataError(message: "`\(path)` is not a folder of case data")
        }
        guard let orgPath = find(path, "organisations", "组织") else { throw CaseDataError(message: "`\(path)` has no organisations.csv") }
        guard let studentPath = find(path, "students", "学生") else { throw CaseDataError(message: "`\(path)` has no students.csv") }
        guard let eventPath = find(path, "events", "事件") else { throw CaseDataError(message: "`\(path)` has no events.csv or events.jsonl") }
        let vocabulary = program.vocabulary
        var issues: [DataIssue] = []

        // Organisations.
        let orgFile = (orgPath as NSString).lastPathComponent
        var rows: [(Organisation, Int)] = []
        var seen: [OrganisationID: Int] = [:]
        var managerText: [OrganisationID: (String, Int)] = [:]
        var orgMap: (names: [String], slots: [Int], rest: [(index: Int, name: String)], duplicates: [String])?
        issues += TableReader.read(path: orgPath, file: orgFile) { header, record, line in
            if orgMap?.names != header.names {
                let m = Columns.map(header.names, Columns.organisation)
                orgMap = (header.names, m.slots, m.rest, m.duplicates)
            }
            let (slots, rest, duplicates) = (orgMap!.slots, orgMap!.rest, orgMap!.duplicates)
            if line == 2 || orgPath.hasSuffix(".jsonl") { // header problems once for CSV
                for d in duplicates where line == 2 { issues.append(DataIssue(file: orgFile, row: 1, column: d, code: .duplicateColumn, message: "column `\(d)` appears twice; the second is ignored", skipsRow: false)) }
                for r in rest where line == 2 { issues.append(DataIssue(file: orgFile, row: 1, column: r.name, code: .unknownColumn, message: "unknown column `\(r.name)` is ignored", skipsRow: false)) }
            }
            if let bad = checkRequired(record, header, slots, ["id", "name", "kind", "jurisdiction"], Columns.organisation, orgFile, line) { issues.append(bad); return }
            if !orgPath.hasSuffix(".jsonl"), record.count != header.names.count {
                issues.append(DataIssue(file: orgFile, row: line, column: nil, code: .fieldCount, message: "\(record.count) cells, the header has \(header.names.count)"))
                return
            }
            let id = OrganisationID(record.string(slots[0]))
            if let first = seen[id] {
                issues.append(DataIssue(file: orgFile, row: line, column: header.names[slots[0]], code: .duplicateID, message: "organisation ID `\(id)` is already used on row \(first)"))
                return
            }
            let kind = RoleName(record.string(slots[2]))
            guard vocabulary.roles[kind] != nil else {
                issues.append(DataIssue(file: orgFile, row: line, column: header.names[slots[2]], code: .unknownKind, message: "`\(kind)` is not a role of the vocabulary"))
                return
            }
            let jurisdiction = JurisdictionName(record.string(slots[4]))
            guard program.jurisdictions[jurisdiction] != nil else {
                issues.append(DataIssue(file: orgFile, row: line, column: header.names[slots[4]], code: .unknownJurisdiction, message: "no policy named `\(jurisdiction)`"))
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
                    issues.append(DataIssue(file: orgFile, row: line, column: "managed_by", code: .unknownOrganisation, message: "no organisation `\(unknown)`"))
                    continue
                }
                o.managers = ids
            }
            organisations.append(o)
        }
        organisations.sort { $0.id < $1.id }
        var orgIndex: [String: Int32] = [:]
        for (i, o) in organisations.enumerated() { orgIndex[o.id.rawValue] = Int32(i) }
        let counties = Array(Set(organisations.compactMap(\.county))).sorted()
        var countyIndex: [String: Int32] = [:]
        for (i, c) in counties.enumerated() { countyIndex[c] = Int32(i) }

        // Students.
        let studentFile = (studentPath as NSString).lastPathComponent
        guard let schema = vocabulary.subjects.values.sorted(by: { $0.kind < $1.kind }).first else {
            throw CaseDataError(message: "the vocabulary declares no subject")
        }
        var studentIDs: [String] = []
        var studentNames: [String] = []
        var studentSchools: [Int32] = []
        var studentRows: [Int32] = []
        var studentIndex = IDTable(capacity: 1024)
        var columnsReady = false
        var attributeSlots: [(cell: Int, attribute: Attribute)] = []
        var flagCols: [[Int8]] = [], numberCols: [[Int]] = [], dateCols: [[Int32]] = [], timeCols: [[Int16]] = []
        var textCols: [[String?]] = [], durationCols: [[Duration?]] = [], orgCols: [[Int32]] = []
        var columnKinds: [(ValueType, Int)] = []
        var cellOfSlot: [Int] = []
        var studentMapVersion: [String] = []
        var studentMap: (names: [String], slots: [Int], rest: [(index: Int, name: String)], duplicates: [String], cells: [(cell: Int, attribute: Attribute)])?
        issues += TableReader.read(path: studentPath, file: studentFile) { header, record, line in
            if studentMap?.names != header.names {
                let m = Columns.map(header.names, Columns.student)
                var cells: [(cell: Int, attribute: Attribute)] = []
                for r in m.rest {
                    if let a = schema.attributes.first(where: { $0.name.rawValue == r.name || $0.label == r.name }) { cells.append((r.index, a)) }
                }
                studentMap = (header.names, m.slots, m.rest, m.duplicates, cells)
            }
            let (slots, rest, duplicates, cells) = (studentMap!.slots, studentMap!.rest, studentMap!.duplicates, studentMap!.cells)
            if !columnsReady {
                columnsReady = true
                for d in duplicates { issues.append(DataIssue(file: studentFile, row: 1, column: d, code: .duplicateColumn, message: "column `\(d)` appears twice; the second is ignored", skipsRow: false)) }
                for r in rest where !cells.contains(where: { $0.cell == r.index }) {
                    issues.append(DataIssue(file: studentFile, row: 1, column: r.name, code: .unknownColumn, message: "`\(r.name)` is not an attribute of \(schema.kind); the column is ignored", skipsRow: false))
                }
                for (_, a) in schema.attributes.enumerated() where a.name != "学校" {
                    attributeSlots.append((-1, a))
                    switch a.type {
                    case .flag: columnKinds.append((.flag, flagCols.count)); flagCols.append([])
                    case .number: columnKinds.append((.number, numberCols.count)); numberCols.append([])
                    case .date: columnKinds.append((.date, dateCols.count)); dateCols.append([])
                    case .time: columnKinds.append((.time, timeCols.count)); timeCols.append([])
                    case .text: columnKinds.append((.text, textCols.count)); textCols.append([])
                    case .duration: columnKinds.append((.duration, durationCols.count)); durationCols.append([])
                    case .organisation: columnKinds.append((.organisation, orgCols.count)); orgCols.append([])
                    }
                }
            }
            if cellOfSlot.count != attributeSlots.count || studentMapVersion != header.names {
                cellOfSlot = attributeSlots.map { slot in cells.first(where: { $0.attribute.name == slot.attribute.name })?.cell ?? -1 }
                studentMapVersion = header.names
            }
            if let bad = checkRequired(record, header, slots, ["id", "school"], Columns.student, studentFile, line) { issues.append(bad); return }
            if !studentPath.hasSuffix(".jsonl"), record.count != header.names.count {
                issues.append(DataIssue(file: studentFile, row: line, column: nil, code: .fieldCount, message: "\(record.count) cells, the header has \(header.names.count)"))
                return
            }
            let id = record.string(slots[0])
            if let first = studentIndex[id: id] {
                issues.append(DataIssue(file: studentFile, row: line, column: header.names[slots[0]], code: .duplicateID, message: "student ID `\(id)` is already used on row \(studentRows[Int(first)])"))
                return
            }
            let school = record.string(slots[2])
            guard let schoolIndex = orgIndex[school] else {
                issues.append(DataIssue(file: studentFile, row: line, column: header.names[slots[2]], code: .unknownOrganisation, message: "no organisation `\(school)`"))
                return
            }
            // Parse every attribute first, so a bad cell skips the whole row.
            var values: [AttributeValue?] = []
            for (k, _) in attributeSlots.enumerated() {
                let a = attributeSlots[k].attribute
                let cell = cellOfSlot[k]
                guard cell >= 0, !record.isEmpty(cell) else { values.append(nil); continue }
                let column = header.names[cell]
                var failure: DataIssue?
                let b = record.cell(cell)
                let v: AttributeValue? = {
                    switch a.type {
                    case .flag: if let f = CellValue.flag(b) { return .flag(f) }; failure = DataIssue(file: studentFile, row: line, column: column, code: .badFlag, message: "`\(String(decoding: b, as: UTF8.self))` is not 是/否 (yes/no)")
                    case .number: if let n = CellValue.number(b) { return .number(n) }; failure = DataIssue(file: studentFile, row: line, column: column, code: .badNumber, message: "`\(String(decoding: b, as: UTF8.self))` is not a whole number")
                    case .date: if let d = CellValue.date(b) { return .date(d) }; failure = DataIssue(file: studentFile, row: line, column: column, code: .badDate, message: "`\(String(decoding: b, as: UTF8.self))` is not a real date (YYYY-MM-DD)")
                    case .time: if let t = CellValue.time(b) { return .time(t) }; failure = DataIssue(file: studentFile, row: line, column: column, code: .badTime, message: "`\(String(decoding: b, as: UTF8.self))` is not a time of day (HH:MM)")
                    case .text: return .text(String(decoding: b, as: UTF8.self))
                    case .duration:
                        if let d = try? Duration.parse(String(decoding: b, as: UTF8.self)) { return .duration(d) }
                        failure = DataIssue(file: studentFile, row: line, column: column, code: .badDuration, message: "`\(String(decoding: b, as: UTF8.self))` is not a duration")
                    case .organisation:
                        let s = String(decoding: b, as: UTF8.self)
                        if orgIndex[s] != nil { return .organisation(OrganisationID(s)) }
                        if countyIndex[s] != nil { return .county(s) }
                        failure = DataIssue(file: studentFile, row: line, column: column, code: .unknownOrganisation, message: "`\(s)` is neither an organisation ID nor a county of organisations.csv")
                    }
                    return nil
                }()
                if let failure { issues.append(failure); return }
                values.append(v)
            }
            if organisations[Int(schoolIndex)].kind != "学校" && vocabulary.roles["学校"] != nil {
                issues.append(DataIssue(file: studentFile, row: line, column: header.names[slots[2]], code: .notASchool, message: "`\(school)` is a \(organisations[Int(schoolIndex)].kind), not a 学校"))
                return
            }
            _ = studentIndex.insert(id)
            studentIDs.append(id)
            studentNames.append(slots[1] >= 0 ? record.string(slots[1]) : "")
            studentSchools.append(schoolIndex)
            studentRows.append(Int32(line))
            for (k, (kind, c)) in columnKinds.enumerated() {
                let v = values[k]
                switch kind {
                case .flag: if case .flag(let f)? = v { flagCols[c].append(f ? 1 : 0) } else { flagCols[c].append(-1) }
                case .number: if case .number(let n)? = v { numberCols[c].append(n) } else { numberCols[c].append(Int.min) }
                case .date: if case .date(let d)? = v { dateCols[c].append(d.dayNumber) } else { dateCols[c].append(Int32.min) }
                case .time: if case .time(let t)? = v { timeCols[c].append(Int16(t.minutes)) } else { timeCols[c].append(-1) }
                case .text: if case .text(let t)? = v { textCols[c].append(t) } else { textCols[c].append(nil) }
                case .duration: if case .duration(let d)? = v { durationCols[c].append(d) } else { durationCols[c].append(nil) }
                case .organisation:
                    switch v {
                    case .organisation(let o)?: orgCols[c].append(orgIndex[o.rawValue]!)
                    case .county(let s)?: orgCols[c].append(-2 - countyIndex[s]!)
                    default: orgCols[c].append(-1)
                    }
                }
            }
        }
        var attributeColumns: [(name: AttributeName, values: AttributeColumn)] = []
        for (k, (kind, c)) in columnKinds.enumerated() {
            let name = attributeSlots[k].attribute.name
            switch kind {
            case .flag: attributeColumns.append((name, .flags(flagCols[c])))
            case .number: attributeColumns.append((name, .numbers(numberCols[c])))
            case .date: attributeColumns.append((name, .dates(dateCols[c])))
            case .time: attributeColumns.append((name, .times(timeCols[c])))
            case .text: attributeColumns.append((name, .texts(textCols[c])))
            case .duration: attributeColumns.append((name, .durations(durationCols[c])))
            case .organisation: attributeColumns.append((name, .organisations(orgCols[c])))
            }
        }
        if vocabulary.roles["学校"] != nil, let schoolAttribute = schema.attribute("学校"), schoolAttribute.type == .organisation {
            attributeColumns.append((schoolAttribute.name, .organisations(studentSchools)))
        }

        // Events.
        let eventFile = (eventPath as NSString).lastPathComponent
        let types = vocabulary.events.keys.sorted()
        guard types.count < 256 else { throw CaseDataError(message: "the vocabulary declares more than 255 event types") }
        var attributeList: [(name: AttributeName, type: ValueType)] = []
        for t in types {
            for a in vocabulary.events[t]!.attributes where !attributeList.contains(where: { $0.name == a.name && $0.type == a.type }) {
                attributeList.append((a.name, a.type))
            }
        }
        let context = EventParsing(file: eventFile, types: types, vocabulary: vocabulary, attributes: attributeList,
                                   students: studentIndex, studentCount: Int32(studentIDs.count), organisations: NameTable(organisations.map(\.id.rawValue)),
                                   counties: NameTable(counties))
        let shards = readEvents(path: eventPath, context: context, parallelThreshold: parallelThreshold)
        let rowIssues = issues.filter(\.skipsRow).count
        for s in shards { issues += s.issues; s.issues = [] }

        let set = CaseDataSet(organisations: organisations, counties: counties, subjectKind: schema.kind, studentIDs: studentIDs,
                              studentNames: studentNames, studentSchools: studentSchools, studentRows: studentRows, studentFile: studentFile,
                              attributeColumns: attributeColumns, eventTypes: types, eventAttributes: attributeList, eventFile: eventFile,
                              shards: shards, issues: issues.sorted())
        set.skippedRows = rowIssues + shards.reduce(0) { $0 + $1.skipped }
        return set
    }

    static func checkRequired(_ record: CSVRecord, _ header: TableReader.Header, _ slots: [Int], _ required: [String],
                              _ fixed: [(slot: String, names: [String])], _ file: String, _ line: Int) -> DataIssue? {
        for r in required {
            let s = fixed.firstIndex { $0.slot == r }!
            if slots[s] < 0 {
                return DataIssue(file: file, row: line, column: r, code: .missingColumn, message: "no `\(r)` column (\(fixed[s].names.joined(separator: ", ")))")
            }
            if record.isEmpty(slots[s]) {
                return DataIssue(file: file, row: line, column: header.names[slots[s]], code: .emptyValue, message: "`\(header.names[slots[s]])` is empty")
            }
        }
        return nil
    }

    /// Reads the events file, its two halves on two threads when it is large and UTF-8 CSV.
    static func readEvents(path: String, context: EventParsing, parallelThreshold: Int) -> [EventShard] {
        guard let (encoding, bom, size) = ChunkReader.detect(path: path) else {
            let s = EventShard()
            s.issues = [DataIssue(file: context.file, row: 0, column: nil, code: .unreadableFile, message: "cannot read `\(path)`")]
            return [s]
        }
        let isJSON = path.hasSuffix(".jsonl")
        if !isJSON, encoding != .gb18030, size >= parallelThreshold,
           let halves = FileHalves(path: path, encoding: encoding, bom: bom, size: size),
           let shards = readEvents(path: path, halves: halves, context: context, estimate: size / 2 / 40) {
            return shards
        }
        let shard = EventShard()
        var parser = context.parser(shard: shard, isJSON: isJSON)
        let fileIssues = TableReader.read(path: path, file: context.file, rows: { parser.rows($0, $1) }, row: { parser.row($0, $1, $2) })
        parser.finish()
        shard.issues += fileIssues + parser.headerIssues
        shard.skipped += fileIssues.filter { $0.code == .badJSON || $0.code == .unterminatedQuote }.count
        return [shard]
    }

    /// Reads the halves of an events file on two threads; nil when the cut turns out to be inside
    /// a quoted cell (see `FileHalves`).
    static func readEvents(path: String, halves: FileHalves, context: EventParsing, estimate: Int) -> [EventShard]? {
        let shards = [EventShard(), EventShard()]
        let parts = FileHalves.both { k in
            let shard = shards[k]
            var parser = context.parser(shard: shard, isJSON: false)
            parser.reserve(estimate)
            let range = k == 0 ? halves.first : halves.second
            // The lines of the second half are numbered from 1, and shifted once the first is done.
            let firstLine = k == 0 ? 2 : 1
            var next = 0
            let fileIssues = TableReader.read(path: path, file: context.file, offset: range.lowerBound, length: range.count,
                                              firstLine: firstLine, header: halves.header, nextLine: &next,
                                              rows: { parser.rows($0, $1) }, row: { parser.row($0, $1, $2) })
            parser.finish()
            shard.lines = next - firstLine
            shard.issues += fileIssues
            shard.skipped += fileIssues.filter { $0.code == .unterminatedQuote }.count
            return (headerIssues: parser.headerIssues, mapped: parser.mappedCount >= 0, nextLine: next)
        }
        if shards[0].issues.contains(where: { $0.code == .unterminatedQuote }) { return nil }
        // The header is checked at the first row, which may be in either half.
        shards[0].issues += parts[0].mapped ? parts[0].headerIssues : parts[1].headerIssues
        let shift = parts[0].nextLine - 1
        shards[1].issues = shards[1].issues.map { var i = $0; if i.row > 0 { i.row += shift }; return i }
        shards[1].shiftRows(by: shift)
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
