import DulyData
import DulyKit
import DulyModel
import DulyTime
import Foundation
import Testing

/// Each example data set with the date it is judged at.
let examples: [(name: String, asOf: CivilDate)] = [
    ("贵州省", CivilDate(2024, 10, 12)),
    ("通江县", CivilDate(2024, 10, 18)),
    ("上天梯管理区", CivilDate(2024, 10, 9)),
    ("临夏州", CivilDate(2024, 11, 5)),
    ("楚雄州", CivilDate(2024, 10, 31)),
]

@Suite("example data sets")
struct ExampleGoldenTests {
    @Test("duly due and duly findings output for each example is pinned", arguments: examples.map(\.name))
    func pinned(_ name: String) throws {
        let asOf = examples.first { $0.name == name }!.asOf
        let (due, findings, report) = try outputs(data: repositoryRoot + "/examples/" + name, asOf: asOf)
        #expect(report.dataIssues.isEmpty, "\(report.dataIssues)")
        if let problem = checkGolden("\(name).due.json", due) { Issue.record(Comment(rawValue: problem)) }
        if let problem = checkGolden("\(name).findings.json", findings) { Issue.record(Comment(rawValue: problem)) }
    }

    @Test("shuffling the rows of every file changes no output", arguments: examples.map(\.name))
    func shuffled(_ name: String) throws {
        let asOf = examples.first { $0.name == name }!.asOf
        let folder = repositoryRoot + "/examples/" + name
        let original = try outputs(data: folder, asOf: asOf)
        for seed in [1, 2, 3] as [UInt64] {
            let copy = try shuffledCopy(of: folder, seed: seed)
            defer { try? FileManager.default.removeItem(atPath: copy) }
            let again = try outputs(data: copy, asOf: asOf, threads: Int(seed % 2) + 1)
            #expect(again.due == original.due)
            #expect(again.findings == original.findings)
        }
    }

    @Test("events kept in temporary files by range of subjects give the same bytes", arguments: examples.map(\.name))
    func spilled(_ name: String) throws {
        let asOf = examples.first { $0.name == name }!.asOf
        let folder = repositoryRoot + "/examples/" + name
        let original = try outputs(data: folder, asOf: asOf)
        // Ranges of a few students each, and the file read in two halves, so rows of both
        // halves meet in one range.
        for bytes in [1 << 10, 1 << 12, 1 << 30] {
            let again = try outputs(data: folder, asOf: asOf, spill: SpillPolicy(threshold: 0, partitionBytes: bytes), parallelThreshold: 0)
            #expect(again.due == original.due, "ranges of \(bytes) bytes")
            #expect(again.findings == original.findings, "ranges of \(bytes) bytes")
            #expect(again.report.events == original.report.events)
        }
    }

    @Test("the temporary events folder goes with the data set, and bad rows are reported as without it")
    func spillFolder() throws {
        let (program, _) = shippedPolicy
        let folder = repositoryRoot + "/examples/通江县"
        var spilled: String?
        do {
            let set = try CaseDataReader.load(folder, program: program, parallelThreshold: 0, spill: SpillPolicy(threshold: 0, partitionBytes: 1 << 10))
            spilled = set.spillFolder
            let files = try FileManager.default.contentsOfDirectory(atPath: try #require(spilled))
            #expect(files.count > 2, "several ranges, each written by both halves")
        }
        #expect(!FileManager.default.fileExists(atPath: try #require(spilled)))
    }

    @Test("one thread and two give the same bytes")
    func threads() throws {
        let folder = repositoryRoot + "/examples/贵州省"
        let one = try outputs(data: folder, asOf: CivilDate(2024, 10, 12), threads: 1)
        let two = try outputs(data: folder, asOf: CivilDate(2024, 10, 12), threads: 2)
        #expect(one.due == two.due && one.findings == two.findings)
    }
}

@Suite("explain")
struct ExplainTests {
    func explain(_ subject: String, in name: String, asOf: CivilDate) throws -> String {
        let (program, calendars) = shippedPolicy
        let set = try CaseDataReader.load(repositoryRoot + "/examples/" + name, program: program)
        let report = Evaluation.run(program: program, calendars: calendars, data: set, options: EvaluationOptions(asOf: asOf, traceSubject: subject))
        return Reports.explain(report, subject: subject, format: .text)
    }

    @Test("explain counts a working-day deadline across the National Day holiday day by day")
    func workingDaysAcrossHoliday() throws {
        let text = try explain("GZ-S03", in: "贵州省", asOf: CivilDate(2024, 10, 12))
        #expect(text.contains("贵州省/户籍地回复 fires on 函告"))
        #expect(text.contains("deadline: 5 working days after 2024-09-27: 09-29 make-up working day, 09-30, 10-08, 10-09, 10-10 → due 2024-10-10"))
        #expect(text.contains("户籍地教育局 (道真县教育局) must 回复 to 学籍地教育局, due 2024-10-10: done late by 回复"))
    }

    @Test("explain shows the 1357 count carried across a holiday and the 7-day notice period")
    func escalation() throws {
        let text = try explain("TJ-S02", in: "通江县", asOf: CivilDate(2024, 10, 18))
        #expect(text.contains("缺课 E012 on 2024-10-08, consecutive count 4"))
        let s1 = try explain("TJ-S01", in: "通江县", asOf: CivilDate(2024, 10, 18))
        #expect(s1.contains("deadline: 7 days after 2024-10-14: last day 10-21 → due 2024-10-21"))
    }

    @Test("explain names a recurring duty's periods for an organisation")
    func recurring() throws {
        let text = try explain("DZ-SCH-02", in: "贵州省", asOf: CivilDate(2024, 10, 12))
        #expect(text.contains("must 登记到校情况 in 2024-10-09, due 2024-10-09: 0 matching events → overdue"))
    }
}
