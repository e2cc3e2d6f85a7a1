import DulyData
import DulyKit
import DulyModel
import DulyTime
import Foundation
import Testing

/// A county bureau of 贵州省 and one school it manages, no events, and data covering the first
/// two weeks of February 2025. The provincial (assumed) 校历 starts the spring term on 17
/// February; a county 校历 that starts it on 10 February makes 10–14 February teaching days.
let springSchool: [String: String] = [
    "organisations.csv": """
        id,name,kind,managed_by,jurisdiction,county
        ZA-JYJ,正安县教育局,县教育局,,贵州省,正安县
        ZA-SCH-01,正安县凤仪小学,学校,ZA-JYJ,贵州省,正安县
        """,
    "students.csv": "id,name,school\n",
    "events.csv": "id,subject,date,type,actor\n",
    "coverage.csv": "organisation,from,through\n,2025-02-01,2025-02-14\n",
]

@Suite("school calendars from the user")
struct SchoolCalendarTests {
    static let daily = RuleID("贵州省/逐日登记")

    func run(_ folder: String, policy: String = repositoryRoot + "/policies") throws -> (text: String, report: EvaluationReport) {
        let check = PolicyCheck.run(paths: [policy])
        #expect(check.errorCount == 0, "\(check.diagnostics.filter(\.isError).map(\.message.en))")
        let program = try #require(check.program)
        let calendars = check.calendars
        let set = try CaseDataReader.load(folder, program: program)
        let report = Evaluation.run(program: program, calendars: calendars, data: set,
                                    options: EvaluationOptions(asOf: CivilDate(2025, 2, 15), keepFinding: { _ in true }))
        return (Reports.findings(report, report.findings, format: .json) + "--- table\n" + Reports.findings(report, report.findings, format: .text)
                + "--- table (zh)\n" + Reports.findings(report, report.findings, format: .text, language: .zh), report)
    }

    func dailyDates(_ report: EvaluationReport) -> [String] {
        report.findings.filter { $0.rule == Self.daily && $0.action == EventType("登记到校情况") }.map(\.date.description)
    }

    @Test("without the county's 校历 the provincial one has no teaching day before 17 February")
    func provincial() throws {
        let data = try dataFolder(springSchool)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let (_, report) = try run(data)
        #expect(dailyDates(report) == [])
        #expect(report.findings.isEmpty)
    }

    @Test("a county 校历 in the case data that starts term a week early makes those days teaching days, on a supplied basis")
    func caseDataTable() throws {
        var files = springSchool
        files["school_calendar.csv"] = """
            organisation,term,first,last,source
            ZA-JYJ,2024-2025学年第二学期,2025-02-10,2025-07-04,正安县教育局 2024-2025学年校历
            """
        let data = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let (text, report) = try run(data)
        #expect(dailyDates(report) == ["2025-02-10", "2025-02-11", "2025-02-12", "2025-02-13", "2025-02-14"])
        #expect(report.findings.allSatisfy { $0.basis == .schoolCalendar })
        #expect(report.findings.contains { $0.rule == RuleID("贵州省/日调度") && $0.date == CivilDate(2025, 2, 10) },
                "the bureau's own recurring duty uses the county 校历 too")
        #expect(!text.contains("assumed"))
        if let problem = checkGolden("school-calendar-table.txt", text) { Issue.record(Comment(rawValue: problem)) }

        // The same rows marked as an assumption carry that fact.
        files["school_calendar.csv"] = files["school_calendar.csv"]!.replacingOccurrences(of: "正安县教育局 2024-2025学年校历", with: "assumption (not yet published)")
        let data2 = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data2) }
        let (assumedText, assumed) = try run(data2)
        #expect(dailyDates(assumed) == dailyDates(report))
        #expect(assumed.findings.allSatisfy { $0.basis == .assumedSchoolCalendar })
        #expect(assumedText.contains("\"basis\": \"assumed-school-calendar\""))
        #expect(assumedText.contains("* the date rests on an assumed school calendar"))
        #expect(assumedText.contains("* 该日期依据假定的校历"))
        if let problem = checkGolden("school-calendar-table-assumed.txt", assumedText) { Issue.record(Comment(rawValue: problem)) }
    }

    @Test("a school's own row overrides its county's; a school the row does not reach keeps the province's")
    func nearestWins() throws {
        var files = springSchool
        files["organisations.csv"]! += "\nZA-SCH-02,正安县第二中学,学校,ZA-JYJ,贵州省,正安县\n"
        files["school_calendar.csv"] = """
            organisation,term,first,last,source
            ZA-SCH-01,2024-2025学年第二学期,2025-02-13,2025-07-04,凤仪小学校历
            """
        let data = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let (_, report) = try run(data)
        let own = report.findings.filter { $0.rule == Self.daily && $0.action == EventType("登记到校情况") }
        #expect(own.map(\.subject) == [SubjectID("ZA-SCH-01"), SubjectID("ZA-SCH-01")])
        #expect(own.map(\.date) == [CivilDate(2025, 2, 13), CivilDate(2025, 2, 14)])
        // The bureau's duty about each school counts that school's teaching days.
        let noon = report.findings.filter { $0.rule == RuleID("贵州省/日调度") }
        #expect(noon.map(\.subject) == [SubjectID("ZA-SCH-01"), SubjectID("ZA-SCH-01")])
        #expect(noon.map(\.date) == [CivilDate(2025, 2, 13), CivilDate(2025, 2, 14)])
        #expect(noon.allSatisfy { $0.organisation == OrganisationID("ZA-JYJ") && $0.basis == .schoolCalendar })
    }

    @Test("what a step of a count in teaching days owes rests on the 校历 the days were counted on")
    func escalationBasis() throws {
        let folder = repositoryRoot + "/examples/通江县"
        func owed(_ folder: String) throws -> [DueAction] {
            let (program, calendars) = shippedPolicy
            let set = try CaseDataReader.load(folder, program: program)
            let report = Evaluation.run(program: program, calendars: calendars, data: set,
                                        options: EvaluationOptions(asOf: CivilDate(2024, 10, 18), keepDue: { _ in true }))
            return report.dueActions.filter { $0.rule == RuleID("通江县/一三五七") }
        }
        let assumed = try owed(folder)
        #expect(!assumed.isEmpty)
        #expect(assumed.allSatisfy { $0.basis == .assumedSchoolCalendar })
        // The county's own autumn term, supplied, replaces the assumed one.
        var files: [String: String] = [:]
        for name in ["organisations.csv", "students.csv", "events.csv"] {
            files[name] = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        }
        files["school_calendar.csv"] = "organisation,term,first,last,source\nTJ-JYJ,2024-2025学年第一学期,2024-09-01,2025-01-17,通江县 2024-2025学年校历\n"
        let data = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let supplied = try owed(data)
        #expect(supplied.map(\.due) == assumed.map(\.due))
        #expect(supplied.allSatisfy { $0.basis == .schoolCalendar })
    }

    @Test("bad school-calendar rows are reported and skipped")
    func badRows() throws {
        var files = springSchool
        files["school_calendar.csv"] = """
            organisation,term,first,last,source
            NOPE,t,2025-02-10,2025-07-04,x
            ZA-JYJ,t,2025-07-04,2025-02-10,x
            ZA-JYJ,t,2025-08-20,2025-09-10,x
            ZA-JYJ,t,2025-02-10,2025-07-04,x
            ZA-JYJ,t2,2025-03-01,2025-03-10,x
            """
        let data = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let set = try CaseDataReader.load(data, program: shippedPolicy.program)
        #expect(set.issues.map(\.code) == [.unknownOrganisation, .reversedDates, .reversedDates, .duplicateID])
        #expect(set.issues.map(\.row) == [2, 3, 4, 6])
    }

    @Test("a county policy names its own calendar folder in the policy tree, which overrides the province's for the years it lists")
    func policyTreeCalendar() throws {
        let tree = NSTemporaryDirectory() + "duly-county-calendar-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: tree) }
        try FileManager.default.copyItem(atPath: repositoryRoot + "/policies", toPath: tree)
        try """
            政策 正安县 "Zheng'an County" {
              代码 "520324"
              继承 贵州省
              日历 贵州/正安县
            }
            """.write(toFile: tree + "/贵州省/正安县.duly", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: tree + "/calendars/贵州/正安县", withIntermediateDirectories: true)
        try """
            kind: school
            source: 正安县教育局 2024-2025学年校历
            term      2025-02-10..2025-07-04  2024-2025学年第二学期
            """.write(toFile: tree + "/calendars/贵州/正安县/school.cal", atomically: true, encoding: .utf8)
        var files = springSchool
        files["organisations.csv"] = files["organisations.csv"]!.replacingOccurrences(of: ",贵州省,", with: ",正安县,")
        let data = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let (text, report) = try run(data, policy: tree)
        // The data has no township central school or county government: their duties are said
        // to bind nobody, and nothing else is a problem.
        #expect(report.problems.allSatisfy { $0.message(in: .en).contains("binds nobody there") }, "\(report.problems.map { $0.message(in: .en) })")
        #expect(Set(report.problems.map { String($0.message(in: .en).prefix { $0 != ":" }) })
                == ["贵州省/半月检查", "贵州省/更新就读台账", "贵州省/月度报告", "贵州省/联席会议", "贵州省/逐日登记", "贵州省/秋季入学跟踪"])
        #expect(report.dataIssues.isEmpty, "\(report.dataIssues)")
        #expect(dailyDates(report) == ["2025-02-10", "2025-02-11", "2025-02-12", "2025-02-13", "2025-02-14"])
        #expect(report.findings.allSatisfy { $0.basis == .schoolCalendar })
        if let problem = checkGolden("school-calendar-policy-tree.txt", text) { Issue.record(Comment(rawValue: problem)) }

        // The years the county file does not list keep the province's (assumed) terms.
        let library = try CalendarLoading.loadLibrary(from: tree + "/calendars")
        let county = try library.calendar(named: "贵州/正安县")
        #expect(try county.isTeachingDay(CivilDate(2025, 2, 10)))
        #expect(try county.isTeachingDay(CivilDate(2024, 9, 2)), "autumn 2024 from the province")
        #expect(county.schoolCalendar?.term(containing: CivilDate(2024, 9, 2))?.isAssumption == true)
        #expect(county.schoolCalendar?.term(containing: CivilDate(2025, 2, 10))?.isAssumption == false)
        #expect(try !library.calendar(named: "贵州").isTeachingDay(CivilDate(2025, 2, 10)))
    }
}
