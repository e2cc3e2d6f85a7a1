import DulyCSV
import DulyData
import DulyKit
import DulyModel
import DulyTime
import Foundation
import Testing

/// `explain` reads only its subject's rows (`CaseDataReader.load(_:program:focus:)`): it must judge
/// exactly as a read of the whole data set does, and name rows by the same file lines.
@Suite("reading one subject's rows")
struct FocusedReadingTests {
    /// Rows of S1, of S2, of the school and of the county, with bad rows of each student and one of
    /// an unknown student; the earliest and latest dated rows are bad ones.
    static let events = eventsHeader + """
        E1,S1,2024-09-23,,缺课,ZA-SCH-01,,,否,
        E2,S2,2024-09-24,,缺课,ZA-SCH-01,,,否,
        E3,S1,2024-09-25,,旷课,ZA-SCH-01,,,,
        E4,S2,2024-12-31,,旷课,ZA-SCH-01,,,,
        E5,S1,2024-09-26,,缺课,ZA-SCH-01,,,否,

        O1,ZA-SCH-01,2024-09-27,10:00,检查学校,ZA-JYJ,,,,
        E6,S9,2024-08-01,,缺课,ZA-SCH-01,,,否,
        E7,S1,2024-09-30,,缺课,ZA-SCH-01,,,是,
        """ + "\n"

    static let asOf = CivilDate(year: 2024, month: 10, day: 10)!

    /// A data folder of the valid organisations and students whose events file, `name`, holds
    /// exactly `bytes`.
    static func folder(events bytes: [UInt8], named name: String = "events.csv") throws -> String {
        let folder = try writeDataFolder(students: validStudents, events: "")
        try FileManager.default.removeItem(atPath: folder + "/events.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name))
        return folder
    }

    /// The events file `bytes` read whole and read for S1 only.
    static func bothReads(events bytes: [UInt8], named name: String = "events.csv") throws -> (whole: CaseDataSet, focused: CaseDataSet) {
        let folder = try folder(events: bytes, named: name)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return (try CaseDataReader.load(folder, program: kitProgram), try CaseDataReader.load(folder, program: kitProgram, focus: "S1"))
    }

    func explain(_ set: CaseDataSet, _ subject: String) -> EvaluationReport {
        Evaluation.run(program: kitProgram, calendars: [:], data: set,
                       options: EvaluationOptions(asOf: Self.asOf, keepFinding: { _ in true }, traceSubject: subject))
    }

    /// Reads `folder` whole and for `subject`, and checks that the subject is judged the same.
    func compare(_ folder: String, _ subject: String, issues expected: [String]) throws {
        let whole = try CaseDataReader.load(folder, program: kitProgram)
        let focused = try CaseDataReader.load(folder, program: kitProgram, focus: subject)
        #expect(whole.focus == nil)
        #expect(focused.focus == subject)
        #expect(focused.subjects(named: subject) == whole.subjects(named: subject))
        #expect(focused.issues.map(\.description) == expected)
        #expect(focused.firstEventDate == whole.firstEventDate)
        #expect(focused.lastEventDate == whole.lastEventDate)
        let id = whole.subjects(named: subject).first?.id ?? subject
        let a = explain(whole, id), b = explain(focused, id)
        #expect(a.subjectFound && b.subjectFound)
        #expect(a.trace == b.trace)
        #expect(a.dueActions == b.dueActions)
        #expect(a.findings == b.findings)
        #expect(a.coverage == b.coverage)
        #expect(a.problems == b.problems)
        #expect(!a.trace.isEmpty)
    }

    @Test("every dated row counts toward what the data covers, usable or not, in a whole read too")
    func coverageCountsEveryDatedRow() throws {
        let (_, _, set) = try read(events: Self.events)
        #expect(set.firstEventDate == CivilDate(year: 2024, month: 8, day: 1))
        #expect(set.lastEventDate == CivilDate(year: 2024, month: 12, day: 31))
    }

    @Test("a row that is not UTF-8 still says which day the export covers; an implausible year does not")
    func coverageOfUnreadableRows() throws {
        // Past the first 64 KB, from which the file is taken to be UTF-8.
        var bytes = Array(Self.events.utf8)
        for i in 0..<2000 { bytes += Array("F\(i),S2,2024-09-24,,缺课,ZA-SCH-01,,,否,\n".utf8) }
        bytes += Array("E8,S2,2025-01-05,,缺课,ZA-SCH-01,,,否".utf8) + [0xC1] + Array(",\n".utf8)
        bytes += Array("E9,S2,2400-01-05,,缺课,ZA-SCH-01,,,否,\n".utf8)
        let (set, focused) = try Self.bothReads(events: bytes)
        let issues = set.issues.map(\.description)
        #expect(issues.contains { $0.hasPrefix("events.csv:2011: bad-encoding") }, "\(issues)")
        #expect(set.lastEventDate == CivilDate(year: 2025, month: 1, day: 5))
        #expect(focused.lastEventDate == set.lastEventDate)
        #expect(focused.firstEventDate == set.firstEventDate)
    }

    @Test("a student by ID or name: only its rows are read, their issues keep the file's lines")
    func student() throws {
        let folder = try writeDataFolder(students: validStudents, events: Self.events)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s1Issue = "events.csv:4: column type: unknown-event-type: `旷课` is not an event type of the vocabulary"
        try compare(folder, "S1", issues: [s1Issue])
        try compare(folder, "王小明", issues: [s1Issue])
        try compare(folder, "S2", issues: ["events.csv:5: column type: unknown-event-type: `旷课` is not an event type of the vocabulary"])
        let whole = try CaseDataReader.load(folder, program: kitProgram)
        #expect(whole.issues.count == 3)
        #expect(try CaseDataReader.load(folder, program: kitProgram, focus: "S1").eventCount == 3)
    }

    @Test("an organisation: its own rows and the rows it acted in, with the students they concern")
    func organisation() throws {
        let folder = try writeDataFolder(students: validStudents, events: Self.events)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let whole = try CaseDataReader.load(folder, program: kitProgram)
        // The school did every student's row: all of them are read, and so all the issues.
        try compare(folder, "ZA-SCH-01", issues: whole.issues.map(\.description))
        try compare(folder, "正安县凤仪小学", issues: whole.issues.map(\.description))
        try compare(folder, "ZA-JYJ", issues: [])
    }

    @Test("a shared name or an unknown one reads no event, and still says what the data covers")
    func sharedOrUnknownName() throws {
        let students = validStudents + "S3,王小明,ZA-SCH-01,正安县,正安县,否\n"
        let folder = try writeDataFolder(students: students, events: Self.events)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let whole = try CaseDataReader.load(folder, program: kitProgram)
        for text in ["王小明", "S4"] {
            let focused = try CaseDataReader.load(folder, program: kitProgram, focus: text)
            #expect(focused.subjects(named: text) == whole.subjects(named: text))
            #expect(focused.eventCount == 0)
            #expect(focused.lastEventDate == whole.lastEventDate)
            #expect(focused.unusableFileIssues.isEmpty)
        }
        #expect(whole.subjects(named: "王小明").count == 2)
    }

    /// Reads `folder` whole and for `text`: the same subjects by that name, the same unusable
    /// files, and every issue the focused read reports is one the full read reports.
    func sameSubjects(_ folder: String, _ text: String) throws -> (whole: CaseDataSet, focused: CaseDataSet) {
        let whole = try CaseDataReader.load(folder, program: kitProgram)
        let focused = try CaseDataReader.load(folder, program: kitProgram, focus: text)
        #expect(focused.subjects(named: text) == whole.subjects(named: text), "\(text)")
        #expect(focused.unusableFileIssues == whole.unusableFileIssues, "\(text)")
        #expect(Set(focused.issues).isSubset(of: Set(whole.issues)), "\(text): \(focused.issues) not in \(whole.issues)")
        return (whole, focused)
    }

    @Test("a name or an ID on a row a full read skips as a duplicate names nobody; the subject's own duplicate is reported")
    func duplicateStudentRows() throws {
        let students = validStudents + "S1,赵六,ZA-SCH-01,正安县,正安县,否\nS2,王小明,ZA-SCH-01,正安县,正安县,否\n"
        let folder = try writeDataFolder(students: students, events: Self.events)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for text in ["赵六", "王小明", "S1", "李梅"] { _ = try sameSubjects(folder, text) }
        let (_, focused) = try sameSubjects(folder, "王小明")
        #expect(focused.issues.contains { $0.code == .duplicateID && $0.row == 4 })
        try compare(folder, "王小明", issues: focused.issues.map(\.description))
    }

    @Test("an organisation named by its name whose ID is also a student's is explained as evaluation finds it: the student")
    func organisationSharingAStudentID() throws {
        // S5 has no event, so no event row brings its student row in.
        let organisations = validOrganisations + "S5,凤仪小组,学校,ZA-JYJ,贵州省,正安县\n"
        let students = validStudents + "S5,刘洋,ZA-SCH-01,正安县,正安县,否\n"
        let folder = try writeDataFolder(organisations: organisations, students: students, events: Self.events)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (whole, focused) = try sameSubjects(folder, "凤仪小组")
        #expect(focused.studentIDs.contains("S5"))
        let a = explain(whole, "S5"), b = explain(focused, "S5")
        #expect(a.trace == b.trace && !a.trace.isEmpty)
        #expect(a.dueActions == b.dueActions)
    }

    @Test("a name is matched as text, not bytes: a canonically equivalent spelling finds the same student")
    func canonicalEquivalence() throws {
        // The KELVIN SIGN is one of the three characters whose canonical form is ASCII (K).
        let students = validStudents + "S3,张\u{9686},ZA-SCH-01,正安县,正安县,否\nS4,Zo\u{E9},ZA-SCH-01,正安县,正安县,否\n"
            + "K7,\u{212A}ai;`,ZA-SCH-01,正安县,正安县,否\n"
        let folder = try writeDataFolder(students: students, events: Self.events)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for text in ["张\u{F9DC}", "Zoe\u{301}", "Zo\u{E9}", "\u{212A}7", "Kai\u{37E}\u{1FEF}"] {
            let (whole, _) = try sameSubjects(folder, text)
            #expect(whole.subjects(named: text).count == 1, "\(text)")
        }
    }

    @Test("an events file without an ID or type column, or with no data row, is judged as a full read judges it")
    func unusableEventFiles() throws {
        for events in [Self.events.replacingOccurrences(of: "id,subject,date,time,type,", with: "id,subject,date,time,kind_x,"),
                       Self.events.replacingOccurrences(of: "id,subject,date,", with: "eid,subject,date,"),
                       eventsHeader, String(eventsHeader.dropLast())] {
            let folder = try writeDataFolder(students: validStudents, events: events)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            for text in ["S1", "ZA-SCH-01"] {
                let (whole, _) = try sameSubjects(folder, text)
                #expect(!whole.unusableFileIssues.isEmpty)
            }
        }
    }

    @Test("the header's problems are reported when none of the file's rows is the subject's")
    func headerIssuesWithoutRows() throws {
        let events = Self.events.replacingOccurrences(of: "有正当理由,收到日期\n", with: "有正当理由,收到日期,备注Y\n")
            .split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : $0.element + "," }.joined(separator: "\n")
        let students = validStudents.replacingOccurrences(of: "残疾\n", with: "残疾,备注X\n").replacingOccurrences(of: "否\n", with: "否,\n")
        let folder = try writeDataFolder(students: students, events: events)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for text in ["ZA-JYJ", "DZ-JYJ", "S4"] {
            let (whole, focused) = try sameSubjects(folder, text)
            let header = whole.issues.filter { $0.row == 1 }
            #expect(header.count == 2)
            #expect(focused.issues.filter { $0.row == 1 } == header, "\(text)")
        }
    }

    @Test("a file the quick pass cannot trust is read whole: a quoted cell, JSON Lines, GB18030")
    func fallsBack() throws {
        let quoted = Self.events + "E10,S2,2024-09-24,,缺课,ZA-SCH-01,,,\"否\",\n"
        for (name, bytes) in [("events.csv", Array(quoted.utf8)), ("events.csv", gb18030(Self.events)),
                              ("events.jsonl", Array("{\"id\": \"E1\", \"subject\": \"S1\", \"date\": \"2024-09-23\", \"type\": \"缺课\", \"actor\": \"ZA-SCH-01\", \"有正当理由\": \"否\"}\n".utf8))] {
            let (whole, focused) = try Self.bothReads(events: bytes, named: name)
            #expect(focused.focus == nil)
            #expect(focused.issues == whole.issues)
            #expect(focused.eventCount == whole.eventCount)
        }
    }

    @Test("explain says its bad-row count is of the subject's rows, in both languages")
    func saysWhatWasRead() throws {
        let folder = try writeDataFolder(students: validStudents, events: Self.events)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = explain(try CaseDataReader.load(folder, program: kitProgram, focus: "S1"), "S1")
        #expect(Reports.issues(report).hasSuffix("1 bad row skipped (only the rows of `S1` were read)"))
        #expect(Reports.issues(report, language: .zh).hasSuffix("跳过了 1 行有误的数据(只读取了 `S1` 的数据行)"))
    }
}

@Suite("line scan")
struct LineScanTests {
    func lines(_ text: [UInt8], from: Int = 0) -> ([String], [Int], LineScan.Outcome) {
        var found: [String] = [], numbers: [Int] = []
        let outcome = LineScan.lines(.memory(text), range: from..<text.count, firstLine: 2) { line, n in
            found.append(String(decoding: line, as: UTF8.self))
            numbers.append(n)
        }
        return (found, numbers, outcome)
    }

    @Test("lines without their ends, blank lines counted but not handed over, a last line without a line feed")
    func linesAndNumbers() {
        let (found, numbers, outcome) = lines(Array("a,b\r\n\nc,d\n\r\ne".utf8))
        #expect(found == ["a,b", "c,d", "e"])
        #expect(numbers == [2, 4, 6])
        #expect(outcome == .done(nextLine: 7))
    }

    @Test("a line longer than a chunk, and lines across chunk ends")
    func longLines() {
        let long = String(repeating: "x", count: LineScan.chunkSize + 10)
        var text = "first\n" + long + "\n"
        for i in 0..<100_000 { text += "row\(i)\n" }
        let (found, numbers, outcome) = lines(Array(text.utf8))
        #expect(found.count == 100_002)
        #expect(found[1] == long)
        #expect(found.last == "row99999")
        #expect(numbers.last == 100_003)
        #expect(outcome == .done(nextLine: 100_004))
    }

    @Test("a quote anywhere, or lines ended by a bare carriage return, make the pass give up")
    func unsuited() {
        #expect(lines(Array("a,b\nc,\"d\ne\"\n".utf8)).2 == .unsuited)
        #expect(lines(Array("a,b\rc,d\r".utf8)).2 == .unsuited)
        #expect(lines(Array("a,b\nc,d\n".utf8), from: 4).0 == ["c,d"])
    }

    @Test("a line's first cells in one pass: trimmed, counted, none past the last one wanted or found")
    func lineCells() {
        var cells = LineCells(through: 2)
        defer { cells.deallocate() }
        func text(_ k: Int) -> String? { cells[k].map { String(decoding: $0, as: UTF8.self) } }
        Array(" a ,\tb,,c ".utf8).withUnsafeBufferPointer { line in
            cells.load(line)
            #expect(cells.count == 3)
            #expect(text(0) == "a" && text(1) == "b" && text(2) == "")
            #expect(text(3) == nil)
            Array("b".utf8).withUnsafeBufferPointer { #expect(cells.cell(1, is: $0)) }
            Array("a ".utf8).withUnsafeBufferPointer { #expect(!cells.cell(0, is: $0)) }
        }
        Array("only".utf8).withUnsafeBufferPointer { line in
            cells.load(line)
            #expect(cells.count == 1)
            #expect(text(0) == "only" && text(1) == nil)
        }
    }
}
