import DulyData
import DulyKit
import DulyModel
import DulySource
import DulyTime
import Foundation
import Testing

/// Writes a data folder of `files` (name → contents) and returns its path.
func dataFolder(_ files: [String: String]) throws -> String {
    let folder = NSTemporaryDirectory() + "duly-coverage-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
    return folder
}

/// What a findings run shows: the findings JSON, then the summary on stderr in both languages.
func judged(_ folder: String, asOf: CivilDate, from: CivilDate? = nil) throws -> (text: String, report: EvaluationReport) {
    let (program, calendars) = shippedPolicy
    let set = try CaseDataReader.load(folder, program: program)
    let report = Evaluation.run(program: program, calendars: calendars, data: set,
                                options: EvaluationOptions(asOf: asOf, windowStart: from, keepFinding: EvaluationOptions.findings(from: from, to: nil)))
    let text = Reports.findings(report, report.findings, format: .json) + "--- stderr (en)\n" + Reports.coverage(report, language: .en)
        + "\n--- stderr (zh)\n" + Reports.coverage(report, language: .zh) + "\n"
    return (text, report)
}

/// Two county governments of 贵州省 and what they did: a joint meeting in May, and an event in
/// October that ends the data. Neither updated the schooling ledger (due 30 September).
let governments: [String: String] = [
    "organisations.csv": """
        id,name,kind,managed_by,jurisdiction,county
        ZA-ZF,正安县人民政府,县政府,,贵州省,正安县
        DZ-ZF,道真仡佬族苗族自治县人民政府,县政府,,贵州省,道真县
        """,
    "students.csv": "id,name,school\n",
    "events.csv": """
        id,subject,date,type,actor
        M1,ZA-ZF,2024-05-10,召开联席会议,ZA-ZF
        M2,DZ-ZF,2024-05-10,召开联席会议,DZ-ZF
        M3,ZA-ZF,2024-10-08,召开联席会议,ZA-ZF
        """,
]

@Suite("data coverage")
struct CoverageTests {
    static let ledger = RuleID("贵州省/更新就读台账")

    @Test("judged long after its data ends, an example reports nothing after its last day, warns and counts what it did not judge")
    func dataEndsLongBeforeAsOf() throws {
        let (text, report) = try judged(repositoryRoot + "/examples/贵州省", asOf: CivilDate(2026, 12, 4))
        let through = CivilDate(2024, 10, 12)
        #expect(report.coverage.whole == DataCoverage(from: CivilDate(2024, 9, 23), through: through))
        #expect(!report.findings.isEmpty)
        #expect(report.findings.allSatisfy { $0.date <= through }, "\(report.findings.filter { $0.date > through })")
        #expect(report.asOfAfterCoverage)
        #expect(report.notJudged > 6000, "the days after the data are counted, not reported")
        // Judged on the data's last day, the same findings: nothing after it adds any.
        let (_, atEnd) = try judged(repositoryRoot + "/examples/贵州省", asOf: through)
        #expect(atEnd.findings.map { $0.message(in: .en) } == report.findings.map { $0.message(in: .en) })
        #expect(!atEnd.asOfAfterCoverage)
        if let problem = checkGolden("coverage-ends-early.txt", text) { Issue.record(Comment(rawValue: problem)) }
    }

    @Test("the first year's 30 September ledger is judged when coverage.csv starts on 1 January, not by default")
    func firstYearLedger() throws {
        let data = try dataFolder(governments)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let byDefault = try judged(data, asOf: CivilDate(2024, 10, 8))
        #expect(byDefault.report.coverage.whole == DataCoverage(from: CivilDate(2024, 5, 10), through: CivilDate(2024, 10, 8)))
        #expect(!byDefault.report.findings.contains { $0.rule == Self.ledger })
        #expect(byDefault.report.notJudged == 2, "each government's 2024 ledger")
        if let problem = checkGolden("coverage-default.txt", byDefault.text) { Issue.record(Comment(rawValue: problem)) }

        var files = governments
        files["coverage.csv"] = "organisation,from,through\n,2024-01-01,2024-10-08\n"
        let data2 = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data2) }
        let covered = try judged(data2, asOf: CivilDate(2024, 10, 8))
        let missed = covered.report.findings.filter { $0.rule == Self.ledger }
        #expect(missed.map(\.organisation) == [OrganisationID("DZ-ZF"), OrganisationID("ZA-ZF")])
        #expect(missed.allSatisfy { $0.kind == .missed && $0.due == CivilDate(2024, 9, 30) })
        // The first half year is covered too, and its meeting was held.
        #expect(!covered.report.findings.contains { $0.rule == RuleID("贵州省/联席会议") })
        if let problem = checkGolden("coverage-from-january.txt", covered.text) { Issue.record(Comment(rawValue: problem)) }

        // A day later start leaves the ledger unjudged again.
        files["coverage.csv"] = "organisation,from,through\n,2024-01-02,2024-10-08\n"
        let data3 = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data3) }
        let later = try judged(data3, asOf: CivilDate(2024, 10, 8))
        #expect(!later.report.findings.contains { $0.rule == Self.ledger })
        // And a coverage ending the day before the deadline does not judge it either.
        files["coverage.csv"] = "organisation,from,through\n,2024-01-01,2024-09-29\n"
        let data4 = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data4) }
        let short = try judged(data4, asOf: CivilDate(2024, 10, 8))
        #expect(!short.report.findings.contains { $0.rule == Self.ledger })
        #expect(short.report.asOfAfterCoverage)
    }

    @Test("a coverage row for one organisation judges its duties only")
    func perOrganisation() throws {
        var files = governments
        files["coverage.csv"] = "organisation,from,through\nZA-ZF,2024-01-01,2024-10-08\n"
        let data = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let (text, report) = try judged(data, asOf: CivilDate(2024, 10, 8))
        let missed = report.findings.filter { $0.rule == Self.ledger }
        #expect(missed.map(\.organisation) == [OrganisationID("ZA-ZF")])
        #expect(report.notJudged == 1, "道真县's ledger: its coverage is the data's, from 10 May")
        if let problem = checkGolden("coverage-one-organisation.txt", text) { Issue.record(Comment(rawValue: problem)) }
    }

    @Test("--from narrows coverage and never widens it")
    func fromNarrows() throws {
        var files = governments
        files["coverage.csv"] = "organisation,from,through\n,2024-01-01,2024-10-08\n"
        let data = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let narrowed = try judged(data, asOf: CivilDate(2024, 10, 8), from: CivilDate(2024, 2, 1))
        #expect(!narrowed.report.findings.contains { $0.rule == Self.ledger })
        let data2 = try dataFolder(governments)
        defer { try? FileManager.default.removeItem(atPath: data2) }
        let earlier = try judged(data2, asOf: CivilDate(2024, 10, 8), from: CivilDate(2024, 1, 1))
        #expect(!earlier.report.findings.contains { $0.rule == Self.ledger })
    }

    @Test("a deadline after the data's last day is not judged; one inside it is")
    func triggeredDeadline() throws {
        // GZ-S03's 函告 E0172 (received 2024-09-27) must be answered, to the bureau and to the
        // school, by 2024-10-10; without the answer in the data both are missed while the data
        // covers that day, and not judged once it does not.
        let folder = repositoryRoot + "/examples/贵州省"
        var files: [String: String] = [:]
        for name in ["organisations.csv", "students.csv", "events.csv"] {
            files[name] = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        }
        files["events.csv"] = files["events.csv"]!.split(separator: "\n").filter { !$0.hasPrefix("E0173,") }.joined(separator: "\n") + "\n"
        func reply(_ report: EvaluationReport) -> [Finding] {
            report.findings.filter { $0.subject == SubjectID("GZ-S03") && $0.action == EventType("回复") && $0.evidence.contains(EventID("E0172")) }
        }
        files["coverage.csv"] = "organisation,from,through\n,2024-09-23,2024-10-10\n"
        let data = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let inside = try judged(data, asOf: CivilDate(2024, 10, 12)).report
        #expect(reply(inside).map(\.kind) == [.missed, .missed])
        #expect(reply(inside).allSatisfy { $0.due == CivilDate(2024, 10, 10) })
        files["coverage.csv"] = "organisation,from,through\n,2024-09-23,2024-10-09\n"
        let data2 = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data2) }
        let outside = try judged(data2, asOf: CivilDate(2024, 10, 12)).report
        #expect(reply(outside).isEmpty)
        #expect(outside.notJudged > inside.notJudged)

        // In the due list and in explain, the obligation is undetermined: the data cannot say.
        let (program, calendars) = shippedPolicy
        let data3 = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data3) }
        let set = try CaseDataReader.load(data3, program: program)
        let traced = Evaluation.run(program: program, calendars: calendars, data: set,
                                    options: EvaluationOptions(asOf: CivilDate(2024, 10, 12), traceSubject: "GZ-S03"))
        let owed = traced.dueActions.filter { $0.action == EventType("回复") && $0.trigger == EventID("E0172") }
        #expect(owed.map(\.status) == [.undetermined, .undetermined])
        #expect(owed.first?.note?.text(in: .en) == "no data after 2024-10-09: whether it was done by 2024-10-10 is not known")
        let text = Reports.explain(traced, subject: "GZ-S03", format: .text)
        #expect(text.contains("the data covers 2024-09-23 to 2024-10-09; nothing after 2024-10-09 is judged"))
        #expect(text.contains("due 2024-10-10: cannot be judged: no data after 2024-10-09"))
    }

    @Test("explain says which recurring periods were not judged for want of data")
    func explainNotJudged() throws {
        let (program, calendars) = shippedPolicy
        let set = try CaseDataReader.load(repositoryRoot + "/examples/贵州省", program: program)
        let report = Evaluation.run(program: program, calendars: calendars, data: set,
                                    options: EvaluationOptions(asOf: CivilDate(2024, 10, 20), traceSubject: "DZ-SCH-02"))
        let text = Reports.explain(report, subject: "DZ-SCH-02", format: .text)
        #expect(text.contains("must 登记到校情况 in 2024-10-14, due 2024-10-14: 0 matching events → not judged: no data (the data covers 2024-09-23 to 2024-10-12)"))
        #expect(text.contains("must 登记到校情况 in 2024-10-09, due 2024-10-09: 0 matching events → overdue"))
        #expect(!report.findings.contains { $0.date > CivilDate(2024, 10, 12) })
    }

    @Test("an organisation takes the coverage row of the nearest organisation at or above it")
    func resolution() {
        let orgs = [
            Organisation(id: "JYJ", name: "县教育局", kind: "县教育局", managers: [], jurisdiction: "贵州省", county: "A"),
            Organisation(id: "ZXX", name: "中心校", kind: "乡镇中心校", managers: ["JYJ"], jurisdiction: "贵州省", county: "A"),
            Organisation(id: "SCH", name: "学校", kind: "学校", managers: ["ZXX"], jurisdiction: "贵州省", county: "A"),
            Organisation(id: "OWN", name: "学校二", kind: "学校", managers: ["ZXX"], jurisdiction: "贵州省", county: "A"),
            Organisation(id: "OUT", name: "别县", kind: "县教育局", managers: [], jurisdiction: "贵州省", county: "B"),
        ]
        let whole = DataCoverage(from: CivilDate(2024, 9, 1), through: CivilDate(2024, 10, 1))
        let county = DataCoverage(from: CivilDate(2024, 1, 1), through: CivilDate(2024, 12, 31))
        let school = DataCoverage(from: CivilDate(2024, 3, 1), through: CivilDate(2024, 6, 30))
        let map = CoverageMap(whole: whole, byOrganisation: CoverageMap.resolve(whole: whole, rows: ["JYJ": county, "OWN": school],
                                                                               directory: OrganisationDirectory(orgs)))
        #expect(map.coverage(of: "JYJ") == county)
        #expect(map.coverage(of: "SCH") == county, "two levels down")
        #expect(map.coverage(of: "OWN") == school, "its own row wins")
        #expect(map.coverage(of: "OUT") == whole)
        #expect(map.coverage(of: nil) == whole)
        #expect(map.lastCovered == CivilDate(2024, 12, 31))
        let narrowed = CoverageMap(whole: whole, byOrganisation: map.byOrganisation, requestedFrom: CivilDate(2024, 4, 1))
        #expect(narrowed.coverage(of: "SCH").from == CivilDate(2024, 4, 1))
        #expect(narrowed.coverage(of: "OUT").from == CivilDate(2024, 9, 1))
    }

    @Test("bad coverage rows are reported and skipped")
    func badRows() throws {
        var files = governments
        files["coverage.csv"] = "organisation,from,through\nNOPE,2024-01-01,2024-10-08\nZA-ZF,2024-10-08,2024-01-01\nDZ-ZF,2024-13-01,2024-10-08\n,2024-01-01,2024-10-08\n,2024-01-01,2024-10-09\n"
        let data = try dataFolder(files)
        defer { try? FileManager.default.removeItem(atPath: data) }
        let set = try CaseDataReader.load(data, program: shippedPolicy.program)
        #expect(set.issues.map(\.code) == [.unknownOrganisation, .reversedDates, .badDate, .duplicateID])
        #expect(set.issues.map(\.row) == [2, 3, 4, 6])
        #expect(set.coverage(asOf: CivilDate(2024, 10, 8)).whole == DataCoverage(from: CivilDate(2024, 1, 1), through: CivilDate(2024, 10, 8)))
    }
}
