@testable import DulyData
import DulyModel
import Foundation
import Testing
@testable import DulyKit

/// The fast paths of the case-data reader (two halves on two threads, batches of rows, byte
/// lookups) give exactly what reading in one go gives.
@Suite("case data read in halves")
struct CaseDataReadingSpeedTests {
    func folder(students: String, events: String, organisations: String = validOrganisations) throws -> String {
        try writeDataFolder(organisations: organisations, students: students, events: events)
    }

    /// Everything a data set holds, in order: issues, skipped rows, students and events.
    func contents(_ set: CaseDataSet) -> (issues: [String], skipped: Int, students: [String], events: [CaseEvent]) {
        let reader = set.reader()
        // A student as the evaluator is given it: ID, name, school and attributes, with its row.
        let students = (0..<set.studentCount).map { i in
            "\(reader.studentID(i))|\(reader.studentName(i))|\(reader.studentSchool(i))|\(set.studentRows[i])|"
                + reader.studentAttributes(i).pairs.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        }
        return (set.issues.map(\.description), set.skippedRows, students, (0..<set.eventCount).map { reader.event(UInt32($0)) })
    }

    /// Reads the folder in one go and in halves (a threshold far below the file sizes).
    func bothWays(_ folder: String) throws -> (one: CaseDataSet, halves: CaseDataSet) {
        (try CaseDataReader.load(folder, program: kitProgram), try CaseDataReader.load(folder, program: kitProgram, parallelThreshold: 1000))
    }

    @Test("students read in two halves give the same students, rows and issues; an ID repeated across the halves is reported at the later row")
    func studentHalves() throws {
        var students = "学号,姓名,学校,学籍县,户籍县,残疾\n"
        for i in 0..<3000 {
            switch i {
            case 100: students += "DUP,王小明,ZA-SCH-09,正安县,道真县,否\n"        // unknown school: DUP is not taken
            case 200: students += "TWICE,李梅,ZA-SCH-01,正安县,道真县,否\n"
            case 300: students += "\n"
            case 400: students += "S\(i),\"王\n小明\",ZA-SCH-01,正安县,道真县,否\r\n"
            case 2100: students += "DUP,王小明,ZA-SCH-01,正安县,道真县,否\n"       // the first DUP that is taken
            case 2200: students += "DUP,王小明,ZA-JYJ,正安县,道真县,否\n"          // a duplicate, though also not a school
            case 2300: students += "TWICE,李梅,ZA-SCH-09,正安县,道真县,否\n"       // a duplicate, though also an unknown school
            case 2400: students += "S7,李梅,ZA-SCH-01,火星县,道真县,否\n"          // a duplicate, though also an unknown county
            case 2500: students += "S\(i),李梅,ZA-SCH-01,正安县,道真县,也许\n"
            case 2600: students += "S\(i),李梅\n"
            default: students += "S\(i),学生\(i),ZA-SCH-01,正安县,\(i % 2 == 0 ? "道真县" : "正安县"),否\n"
            }
        }
        var events = eventsHeader
        for i in 0..<2000 { events += "E\(i),\(i % 3 == 0 ? "DUP" : "S\(i)"),2024-09-\(10 + i % 20),,缺课,ZA-SCH-01,,,否,\n" }
        let path = try folder(students: students, events: events)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (one, halves) = try bothWays(path)
        let (a, b) = (contents(one), contents(halves))
        #expect(a.issues == b.issues)
        #expect(a.skipped == b.skipped)
        #expect(a.students == b.students)
        #expect(a.events == b.events)
        let studentIssues = b.issues.filter { $0.hasPrefix("students.csv") }
        #expect(studentIssues == [
            "students.csv:102: column 学校: unknown-organisation: no organisation `ZA-SCH-09`",
            "students.csv:2203: column 学号: duplicate-id: student ID `DUP` is already used on row 2103",
            "students.csv:2303: column 学号: duplicate-id: student ID `TWICE` is already used on row 202",
            "students.csv:2403: column 学号: duplicate-id: student ID `S7` is already used on row 9",
            "students.csv:2503: column 残疾: bad-flag: `也许` is not 是/否 (yes/no)",
            "students.csv:2603: column 学校: empty-value: `学校` is empty",
        ])
        #expect(b.students.count == 3000 - 1 - 6)
        #expect(halves.shards.count == 2)
    }

    @Test("a cut that falls inside a quoted cell of many lines reads as in one go", arguments: ["students", "events"])
    func cutInsideQuotes(file: String) throws {
        let many = "\"" + String(repeating: "行\n", count: 3000) + "\""
        var students = "学号,姓名,学校\n"
        var events = eventsHeader
        for i in 0..<200 {
            students += "S\(i),\(file == "students" && i == 100 ? many : "学生"),ZA-SCH-01\n"
            events += "E\(i),S\(i),2024-09-10,,缺课,ZA-SCH-01,,,\(file == "events" && i == 100 ? many : "否"),\n"
        }
        let path = try folder(students: students, events: events)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (one, halves) = try bothWays(path)
        let (a, b) = (contents(one), contents(halves))
        #expect(a.issues == b.issues)
        #expect(a.students == b.students && a.events == b.events)
        #expect(b.students.count == 200)
        // The events cut inside the quotes are read in one go; the others in halves.
        #expect(halves.shards.count == (file == "events" ? 1 : 2))
        #expect(b.issues == (file == "events" ? ["events.csv:102: column 有正当理由: value-too-long: `有正当理由` is longer than 255 bytes"] : []))
    }

    @Test("a header that is not one line on its own, or blank lines before it, read as in one go")
    func awkwardHeaders() throws {
        for header in ["\n\n学号,姓名,学校\n", "学号,\"姓\n名\",学校\n"] {
            var students = header
            for i in 0..<300 { students += "S\(i),学生,ZA-SCH-01\n" }
            let path = try folder(students: students, events: eventsHeader)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let (one, halves) = try bothWays(path)
            #expect(contents(one).issues == contents(halves).issues)
            #expect(contents(one).students == contents(halves).students)
        }
    }

    @Test("a cell longer than the bytes read at once, and a file without a final line break, read whole")
    func longCellNoFinalNewline() throws {
        let long = String(repeating: "很长的名字", count: 300_000)
        let students = "学号,姓名,学校\nS1,\"\(long)\",ZA-SCH-01\nS2,李梅,ZA-SCH-01"
        let path = try folder(students: students, events: eventsHeader + "E1,S2,2024-09-10,,缺课,ZA-SCH-01,,,否,")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let set = try CaseDataReader.load(path, program: kitProgram)
        let (issues, _, _, events) = contents(set)
        #expect(issues.isEmpty)
        let reader = set.reader()
        #expect([reader.studentName(0), reader.studentName(1)] == [long, "李梅"])
        #expect(events.map(\.place.row) == [2])
    }

    @Test("organisation and county names compare as text, not bytes: é and e with a combining accent are one name")
    func canonicallyEquivalentNames() throws {
        let organisations = validOrganisations + "ZA-SCH-02,某小学,学校,ZA-JYJ,贵州省,\u{E9}县\n"
        let students = "学号,姓名,学校,学籍县,户籍县\nS1,王小明,ZA-SCH-01,e\u{301}县,正安县\nS2,李梅,ZA-SCH-01,\u{E9}县,ZA-JYJ\n"
        let path = try folder(students: students, events: eventsHeader, organisations: organisations)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let set = try CaseDataReader.load(path, program: kitProgram)
        let (issues, _, _, _) = contents(set)
        #expect(issues.isEmpty)
        let reader = set.reader()
        let read = [reader.studentAttributes(0), reader.studentAttributes(1)]
        #expect(read.map { $0["学籍县"] } == [.county("\u{E9}县"), .county("\u{E9}县")])
        #expect(read.map { $0["户籍县"] } == [.county("正安县"), .organisation("ZA-JYJ")])
    }
}
