import DulyData
import DulyModel
import DulyTime
import Foundation
import Testing
@testable import DulyKit

/// A data set whose events wait in temporary files by range of students reads and judges
/// exactly as one held in memory: the same rows, issues, obligations and findings.
@Suite("events spilled by range of students")
struct SpillTests {
    /// 600 students with streaks of absences; some event IDs repeat within a student and some
    /// replies refer to events that do not exist, so the per-student checks report rows from
    /// every range and both halves of the file.
    func dataFolder() throws -> String {
        var students = "学号,姓名,学校,学籍县,户籍县,残疾\n"
        var events = eventsHeader
        var n = 0
        for i in 0..<600 {
            students += "S\(i),学生\(i),ZA-SCH-01,正安县,\(i % 3 == 0 ? "道真县" : "正安县"),否\n"
            for day in 0..<(3 + i % 4) {
                n += 1
                events += "E\(n),S\(i),2024-09-\(10 + day),,缺课,ZA-SCH-01,,,\(day == 1 && i % 5 == 0 ? "是" : "否"),\n"
            }
            if i % 50 == 7 { events += "E\(n),S\(i),2024-09-20,,缺课,ZA-SCH-01,,,否,\n" }        // repeats the last ID
            if i % 70 == 11 { events += "R\(i),S\(i),2024-09-21,,回复,DZ-JYJ,ZA-JYJ,X\(i),,\n" }  // unknown reference
        }
        return try writeDataFolder(students: students, events: events)
    }

    func judged(_ set: CaseDataSet) -> (issues: [String], skipped: Int, events: Int, due: String, findings: String) {
        let report = Evaluation.run(program: kitProgram, calendars: [:], data: set,
                                    options: EvaluationOptions(asOf: CivilDate(2024, 10, 1), keepDue: { _ in true }, keepFinding: { _ in true }))
        return (report.dataIssues.map(\.description), report.skippedRows, report.events,
                Reports.due(report, report.dueActions, format: .json), Reports.findings(report, report.findings, format: .json))
    }

    @Test("spilled in ranges of a few students, read in two halves or one, gives what memory gives")
    func sameAsInMemory() throws {
        let folder = try dataFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let memory = judged(try CaseDataReader.load(folder, program: kitProgram, spill: .never))
        #expect(memory.issues.contains { $0.contains("duplicate-id") })
        #expect(memory.issues.contains { $0.contains("unknown-reference") })
        for parallel in [1000, CaseDataReader.defaultParallelThreshold] {
            for bytes in [512, 4096] {
                let set = try CaseDataReader.load(folder, program: kitProgram, parallelThreshold: parallel,
                                                  spill: SpillPolicy(threshold: 0, partitionBytes: bytes))
                #expect(set.spillFolder != nil)
                let spilled = judged(set)
                #expect(spilled.issues == memory.issues, "halves below \(parallel) bytes, ranges of \(bytes) bytes")
                #expect(spilled.skipped == memory.skipped)
                #expect(spilled.events == memory.events)
                #expect(spilled.due == memory.due)
                #expect(spilled.findings == memory.findings)
            }
        }
    }

    @Test("a file under the threshold stays in memory")
    func underThreshold() throws {
        let folder = try dataFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CaseDataReader.load(folder, program: kitProgram).spillFolder == nil)
    }
}
