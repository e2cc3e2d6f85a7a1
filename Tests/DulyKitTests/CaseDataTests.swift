import DulyData
import DulyTestSupport
import DulyKit
import DulyModel
import DulyTime
import Foundation
import Glibc
import Testing

let kitRoot = TestSupport.packageRoot.path

let kitProgram: Program = {
    guard let program = PolicyCheck.run(paths: [kitRoot + "/policies"]).program else { fatalError("the shipped policies do not load") }
    return program
}()

let validOrganisations = """
    id,name,kind,managed_by,jurisdiction,county
    ZA-JYJ,正安县教育局,县教育局,,贵州省,正安县
    DZ-JYJ,道真县教育局,县教育局,,贵州省,道真县
    ZA-SCH-01,正安县凤仪小学,学校,ZA-JYJ,贵州省,正安县

    """
let validStudents = """
    学号,姓名,学校,学籍县,户籍县,残疾
    S1,王小明,ZA-SCH-01,正安县,道真县,否
    S2,李梅,ZA-SCH-01,正安县,正安县,否

    """
let eventsHeader = "id,subject,date,time,type,actor,to,ref,有正当理由,收到日期\n"

/// Writes a data folder of three CSV files in the temporary directory and returns its path.
func writeDataFolder(organisations: String = validOrganisations, students: String, events: String) throws -> String {
    let folder = NSTemporaryDirectory() + "duly-data-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try organisations.write(toFile: folder + "/organisations.csv", atomically: true, encoding: .utf8)
    try students.write(toFile: folder + "/students.csv", atomically: true, encoding: .utf8)
    try events.write(toFile: folder + "/events.csv", atomically: true, encoding: .utf8)
    return folder
}

/// Writes a data folder and reads it; returns the issues as printed and the skipped count.
func read(organisations: String = validOrganisations, students: String = validStudents, events: String,
          eventsName: String = "events.csv", eventBytes: [UInt8]? = nil) throws -> (issues: [String], skipped: Int, set: CaseDataSet) {
    let folder = NSTemporaryDirectory() + "duly-data-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try organisations.write(toFile: folder + "/organisations.csv", atomically: true, encoding: .utf8)
    try students.write(toFile: folder + "/students.csv", atomically: true, encoding: .utf8)
    if let eventBytes { try Data(eventBytes).write(to: URL(fileURLWithPath: folder + "/" + eventsName)) }
    else { try events.write(toFile: folder + "/" + eventsName, atomically: true, encoding: .utf8) }
    let set = try CaseDataReader.load(folder, program: kitProgram)
    return (set.issues.map(\.description), set.skippedRows, set)
}

/// The UTF-8 text converted to GB18030, as Excel in China saves CSV.
func gb18030(_ text: String) -> [UInt8] {
    let cd = iconv_open("GB18030", "UTF-8")
    defer { iconv_close(cd) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
    var inLeft = input.count, outLeft = output.count
    input.withUnsafeMutableBufferPointer { i in
        output.withUnsafeMutableBufferPointer { o in
            var ip: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(i.baseAddress!).assumingMemoryBound(to: CChar.self)
            var op: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(o.baseAddress!).assumingMemoryBound(to: CChar.self)
            _ = iconv(cd, &ip, &inLeft, &op, &outLeft)
        }
    }
    return Array(output[0..<(output.count - outLeft)])
}

@Suite("bad case data rows")
struct BadRowTests {
    /// One bad row (or header) each, with the exact message; the good rows around it load.
    static let cases: [(name: String, organisations: String?, students: String?, events: String, expected: String)] = [
        ("unknown event type", nil, nil, eventsHeader + "E1,S1,2024-09-23,,旷课,ZA-SCH-01,,,,\n",
         "events.csv:2: column type: unknown-event-type: `旷课` is not an event type of the vocabulary"),
        ("impossible date", nil, nil, eventsHeader + "E1,S1,2024-02-30,,缺课,ZA-SCH-01,,,否,\n",
         "events.csv:2: column date: bad-date: `2024-02-30` is not a real date (YYYY-MM-DD)"),
        ("bad time", nil, nil, eventsHeader + "E1,S1,2024-09-23,25:10,缺课,ZA-SCH-01,,,否,\n",
         "events.csv:2: column time: bad-time: `25:10` is not a time of day (HH:MM)"),
        ("missing column", nil, nil, "id,subject,time,type\nE1,S1,,缺课\n",
         "events.csv:1: column date: missing-column: no `date` column (date, 日期); every row is skipped"),
        ("unknown subject", nil, nil, eventsHeader + "E1,S9,2024-09-23,,缺课,ZA-SCH-01,,,否,\n",
         "events.csv:2: column subject: unknown-subject: no student or organisation `S9`"),
        ("duplicate student ID", nil, validStudents + "S1,王小明,ZA-SCH-01,正安县,正安县,否\n", eventsHeader,
         "students.csv:4: column 学号: duplicate-id: student ID `S1` is already used on row 2"),
        ("duplicate event ID", nil, nil, eventsHeader + "E1,S1,2024-09-23,,缺课,ZA-SCH-01,,,否,\nE1,S1,2024-09-24,,缺课,ZA-SCH-01,,,否,\n",
         "events.csv:3: column id: duplicate-id: event ID `E1` is already used on row 2"),
        ("unknown actor", nil, nil, eventsHeader + "E1,S1,2024-09-23,,缺课,ZA-SCH-09,,,否,\n",
         "events.csv:2: column actor: unknown-organisation: no organisation `ZA-SCH-09`"),
        ("wrong cell count", nil, nil, eventsHeader + "E1,S1,2024-09-23,,缺课\n",
         "events.csv:2: field-count: 5 cells, the header has 10"),
        ("unterminated quote", nil, nil, eventsHeader + "E1,S1,2024-09-23,,缺课,ZA-SCH-01,,,\"否,\n",
         "events.csv:2: unterminated-quote: a quoted cell is never closed; the rest of the file is skipped"),
        ("empty subject", nil, nil, eventsHeader + "E1,,2024-09-23,,缺课,ZA-SCH-01,,,否,\n",
         "events.csv:2: column subject: empty-value: `subject` is empty"),
        ("bad flag", nil, nil, eventsHeader + "E1,S1,2024-09-23,,缺课,ZA-SCH-01,,,也许,\n",
         "events.csv:2: column 有正当理由: bad-flag: `也许` is not 是/否 (yes/no)"),
        ("attribute of another event type", nil, nil, eventsHeader + "E1,S1,2024-09-23,,缺课,ZA-SCH-01,,,否,2024-09-23\n",
         "events.csv:2: column 收到日期: foreign-attribute: a `缺课` has no attribute `收到日期`"),
        ("reply without reference", nil, nil, eventsHeader + "E1,S1,2024-09-23,,回复,DZ-JYJ,ZA-JYJ,,,\n",
         "events.csv:2: column ref: missing-reference: a `回复` answers a `函告`: give the event it answers in `ref`"),
        ("reference to an unknown event", nil, nil, eventsHeader + "E1,S1,2024-09-23,,回复,DZ-JYJ,ZA-JYJ,E7,,\n",
         "events.csv:2: column ref: unknown-reference: `E7` is not an event of subject `S1`"),
        ("reference to the wrong type", nil, nil, eventsHeader + "E1,S1,2024-09-23,,缺课,ZA-SCH-01,,,否,\nE2,S1,2024-09-24,,回复,DZ-JYJ,ZA-JYJ,E1,,\n",
         "events.csv:3: column ref: wrong-reference: a `回复` answers a `函告`, but `E1` is a `缺课`"),
        ("unknown organisation kind", validOrganisations + "X1,凤仪幼儿园,幼儿园,,贵州省,正安县\n", nil, eventsHeader,
         "organisations.csv:5: column kind: unknown-kind: `幼儿园` is not a role of the vocabulary"),
        ("unknown jurisdiction", validOrganisations + "X1,某县教育局,县教育局,,火星省,火星县\n", nil, eventsHeader,
         "organisations.csv:5: column jurisdiction: unknown-jurisdiction: no policy named `火星省`"),
        ("unknown manager", validOrganisations + "X1,某小学,学校,ZA-ZXX,贵州省,正安县\n", nil, eventsHeader,
         "organisations.csv:5: column managed_by: unknown-organisation: no organisation `ZA-ZXX`"),
        ("school that is not a school", nil, validStudents + "S3,张亮,ZA-JYJ,正安县,正安县,否\n", eventsHeader,
         "students.csv:4: column 学校: not-a-school: `ZA-JYJ` is a 县教育局, not a 学校"),
        ("unknown county", nil, validStudents + "S3,张亮,ZA-SCH-01,火星县,正安县,否\n", eventsHeader,
         "students.csv:4: column 学籍县: unknown-organisation: `火星县` is neither an organisation ID nor a county of organisations.csv"),
        ("bad birth date", nil, "学号,姓名,学校,出生日期\nS1,王小明,ZA-SCH-01,2013-13-01\n", eventsHeader,
         "students.csv:2: column 出生日期: bad-date: `2013-13-01` is not a real date (YYYY-MM-DD)"),
        ("unknown column", nil, nil, "id,subject,date,type,备注\nE1,S1,2024-09-23,缺课,病假\n",
         "events.csv:1: column 备注: unknown-column: `备注` is not an attribute of any event type; the column is ignored"),
    ]

    @Test("each kind of bad row is reported with file, row, column and the exact message", arguments: cases.map(\.name))
    func reported(_ name: String) throws {
        let c = BadRowTests.cases.first { $0.name == name }!
        let (issues, _, _) = try read(organisations: c.organisations ?? validOrganisations, students: c.students ?? validStudents, events: c.events)
        // References and event IDs are checked when a subject's events are grouped.
        var all = issues
        if c.expected.contains("reference") || c.expected.contains("event ID") {
            let report = Evaluation.run(program: kitProgram, calendars: [:], data: try read(events: c.events).set,
                                        options: EvaluationOptions(asOf: CivilDate(2024, 10, 1)))
            all = report.dataIssues.map(\.description)
        }
        #expect(all == [c.expected])
    }

    @Test("at least fifteen kinds of bad row are covered")
    func coverage() {
        let codes = Set(BadRowTests.cases.map { $0.expected.split(separator: " ").first { $0.hasSuffix(":") && $0.contains("-") || ["bad-date:", "bad-time:", "bad-flag:"].contains(String($0)) } ?? "" })
        #expect(codes.count >= 15)
    }

    @Test("a bad row is skipped and counted; the good rows load")
    func skipped() throws {
        let events = eventsHeader + "E1,S1,2024-09-23,,缺课,ZA-SCH-01,,,否,\nE2,S1,2024-02-30,,缺课,ZA-SCH-01,,,否,\nE3,S2,2024-09-24,09:30,缺课,ZA-SCH-01,,,是,\n"
        let (issues, skipped, set) = try read(events: events)
        #expect(issues.count == 1)
        #expect(skipped == 1)
        #expect(set.eventCount == 2)
    }

    @Test("JSON Lines events read like CSV, attributes nested or flat; a bad line is reported")
    func jsonLines() throws {
        let events = """
            {"id": "E1", "subject": "S1", "date": "2024-09-23", "type": "缺课", "actor": "ZA-SCH-01", "attributes": {"有正当理由": false}}
            {"id": "E2", "subject": "S1", "date": "2024-09-24", "type": "缺课", "有正当理由": true}
            not json

            """
        let (issues, skipped, set) = try read(events: events, eventsName: "events.jsonl")
        #expect(issues == ["events.jsonl:3: bad-json: not a JSON object"])
        #expect(skipped == 1)
        #expect(set.eventCount == 2)
    }

    @Test("GB18030 and UTF-8 with a byte order mark read the same as UTF-8")
    func encodings() throws {
        let events = eventsHeader + "E1,S1,2024-09-23,,缺课,ZA-SCH-01,,,否,\nE2,S2,2024/9/24,8:05,缺课,ZA-SCH-01,,,是,\n"
        let plain = try read(events: events)
        let gbk = try read(events: "", eventBytes: gb18030(events))
        let bom = try read(events: "", eventBytes: [0xEF, 0xBB, 0xBF] + Array(events.utf8))
        #expect(plain.issues.isEmpty && gbk.issues.isEmpty && bom.issues.isEmpty, "\(gbk.issues) \(bom.issues)")
        #expect(gbk.set.eventCount == 2 && bom.set.eventCount == 2)
    }

    @Test("a large events file read on two threads gives the same rows and row numbers")
    func split() throws {
        var events = eventsHeader
        for i in 0..<3000 { events += "E\(i),S\(i % 2 + 1),2024-09-\(10 + i % 20),,缺课,ZA-SCH-01,,,否,\n" }
        events += "E9999,S1,2024-09-31,,缺课,ZA-SCH-01,,,否,\n"
        for i in 3000..<6000 { events += "E\(i),S\(i % 2 + 1),2024-09-\(10 + i % 20),,缺课,ZA-SCH-01,,,否,\n" }
        events += "E9998,S1,2024-09-31,,缺课,ZA-SCH-01,,,否,\n"
        let folder = NSTemporaryDirectory() + "duly-split-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try validOrganisations.write(toFile: folder + "/organisations.csv", atomically: true, encoding: .utf8)
        try validStudents.write(toFile: folder + "/students.csv", atomically: true, encoding: .utf8)
        try events.write(toFile: folder + "/events.csv", atomically: true, encoding: .utf8)
        let one = try CaseDataReader.load(folder, program: kitProgram)
        let two = try CaseDataReader.load(folder, program: kitProgram, parallelThreshold: 1000)
        #expect(one.eventCount == 6000 && two.eventCount == 6000)
        #expect(one.issues.map(\.description) == two.issues.map(\.description))
        #expect(two.issues.map(\.row) == [3002, 6003])
    }
}
