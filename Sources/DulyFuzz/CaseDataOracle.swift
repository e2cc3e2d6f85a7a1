import DulyData
import DulyKit
import DulyModel
import DulyTime
import Foundation

extension Fuzz {
    /// One data set read two ways gives one answer.
    ///
    /// The input is up to three parts separated by form feeds (0x0C): organisations, students,
    /// events, in that order; a part left out is the `examples/贵州省` file, so a single part
    /// is an events file. A part that starts with `{` is written as `.jsonl`. The folder is read
    /// all in memory, then in two halves with every events file spilled to temporary files in
    /// two to eight ranges of students; both must give the same rows, issues, skipped-row count, event
    /// count, due actions and findings (evaluated at 2024-10-01 under the shipped policies).
    public static func caseData(_ bytes: [UInt8]) -> [String] { caseDataRun(bytes).broken }

    /// `caseData`, and the events both readings judged (nil when a reading failed).
    static func caseDataRun(_ bytes: [UInt8]) -> (broken: [String], events: Int?) {
        let parts = bytes.split(separator: 0x0C, maxSplits: 2, omittingEmptySubsequences: false).map(Array.init)
        let defaults = CaseDataContext.shared.defaults
        let orgs = parts.count == 3 ? parts[0] : defaults.organisations
        let students = parts.count >= 2 ? parts[parts.count - 2] : defaults.students
        let events = parts.last ?? []
        guard let folder = try? scratchFolder() else { return (["cannot make a scratch folder"], nil) }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func write(_ name: String, _ data: [UInt8]) {
            let ext = data.first == UInt8(ascii: "{") ? "jsonl" : "csv"
            _ = FileManager.default.createFile(atPath: folder + "/" + name + "." + ext, contents: Data(data))
        }
        write("organisations", orgs)
        write("students", students)
        write("events", events)

        let program = CaseDataContext.shared.program
        let memory = Result { () throws(CaseDataError) in try CaseDataReader.load(folder, program: program, spill: .never) }
        // Two to eight ranges of students (more only where one student's events fill a range).
        let partition = max(64, events.count / (2 + Int(checksum(bytes) % 7)))
        let spilled = Result { () throws(CaseDataError) in
            try CaseDataReader.load(folder, program: program, parallelThreshold: 1, spill: SpillPolicy(threshold: 0, partitionBytes: partition))
        }
        switch (memory, spilled) {
        case let (.failure(a), .failure(b)):
            return (a.message == b.message ? [] : ["the readings fail differently:\n  in memory: \(a.message)\n  spilled:   \(b.message)"], nil)
        case let (.failure(a), .success):
            return (["only the reading in memory fails: \(a.message)"], nil)
        case let (.success, .failure(b)):
            return (["only the spilled reading fails: \(b.message)"], nil)
        case let (.success(a), .success(b)):
            let (x, y) = (judged(a, program), judged(b, program))
            var broken: [String] = []
            for (label, left, right) in [("students", x.students, y.students), ("issues", x.issues, y.issues),
                                         ("counts", x.counts, y.counts), ("due actions", x.due, y.due), ("findings", x.findings, y.findings)]
            where left != right {
                broken.append("\(label) differ (spilled in ranges of \(partition) bytes)\n--- in memory ---\n\(left)\n--- spilled ---\n\(right)")
            }
            return (broken, x.events)
        }
    }

    static func judged(_ set: CaseDataSet, _ program: Program) -> (students: String, issues: String, counts: String, due: String, findings: String, events: Int) {
        let report = Evaluation.run(program: program, calendars: CaseDataContext.shared.calendars, data: set,
                                    options: EvaluationOptions(asOf: CivilDate(2024, 10, 1), keepDue: { _ in true },
                                                               keepFinding: { _ in true }, threads: 1))
        return ("\(set.studentCount) students", report.dataIssues.map(\.description).joined(separator: "\n"),
                "skipped \(report.skippedRows), events \(report.events), stored \(set.eventCount)",
                Reports.due(report, report.dueActions, format: .json), Reports.findings(report, report.findings, format: .json),
                report.events)
    }
}

/// The shipped program and calendars, and the default data files, loaded once.
final class CaseDataContext: Sendable {
    static let shared = CaseDataContext()

    let program: Program
    let calendars: [String: WorkCalendar]
    let defaults: (organisations: [UInt8], students: [UInt8])

    init() {
        let root = Fuzz.packageRoot
        let workspace = Workspace(paths: [root + "/policies"])
        guard let program = workspace.program else { fatalError("the shipped policies do not load") }
        self.program = program
        self.calendars = workspace.calendars
        func read(_ name: String) -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: root + "/examples/贵州省/" + name) else { fatalError("cannot read \(name)") }
            return [UInt8](data)
        }
        defaults = (read("organisations.csv"), read("students.csv"))
    }
}
