import DulyTestSupport
import Foundation
import Testing

/// Conditions and evidence judged on small data sets: a cut-off instant under both readings,
/// age in 周岁 on the event date, and a prerequisite recorded by a named body.
///
/// Each case in `Fixtures/conditions` is `NAME.duly` (the policy of the jurisdiction `测试省`),
/// `NAME.events.csv` and, if the case needs one, `NAME.students.csv`; the shared
/// `vocabulary.duly` and `organisations.csv` complete the tree. `NAME.expected` pins what
/// `duly check`, `duly findings --format csv` and `duly explain` for each subject of the events
/// print, judged at 2024-12-31.
@Suite("conditions and evidence on small data sets", .serialized)
struct ConditionGoldenTests {
    static let folder = CommandLine.root.appendingPathComponent("Tests/DulyKitTests/Fixtures/conditions")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".duly") && $0 != "vocabulary.duly" }.map { String($0.dropLast(5)) }.sorted()
    }

    static let defaultStudents = """
        学号,姓名,学校,出生日期
        S1,甲,SCH,2010-05-01
        S2,乙,SCH,2010-05-01
        S3,丙,SCH,2010-05-01

        """

    func run(_ name: String) throws -> String {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("duly-conditions-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let policies = root.appendingPathComponent("policies"), data = root.appendingPathComponent("data")
        try fm.createDirectory(at: policies, withIntermediateDirectories: true)
        try fm.createDirectory(at: data, withIntermediateDirectories: true)
        let f = ConditionGoldenTests.folder
        try fm.copyItem(at: CommandLine.root.appendingPathComponent("policies/calendars"), to: policies.appendingPathComponent("calendars"))
        try fm.copyItem(at: f.appendingPathComponent("vocabulary.duly"), to: policies.appendingPathComponent("词汇.duly"))
        try fm.copyItem(at: f.appendingPathComponent("\(name).duly"), to: policies.appendingPathComponent("测试省.duly"))
        try fm.copyItem(at: f.appendingPathComponent("organisations.csv"), to: data.appendingPathComponent("organisations.csv"))
        try fm.copyItem(at: f.appendingPathComponent("\(name).events.csv"), to: data.appendingPathComponent("events.csv"))
        let students = f.appendingPathComponent("\(name).students.csv")
        if fm.fileExists(atPath: students.path) {
            try fm.copyItem(at: students, to: data.appendingPathComponent("students.csv"))
        } else {
            try ConditionGoldenTests.defaultStudents.write(to: data.appendingPathComponent("students.csv"), atomically: true, encoding: .utf8)
        }
        let check = try CommandLine.run(["check", policies.path, "--format", "plain"])
        let findings = try CommandLine.run(["findings", "--policy", policies.path, "--data", data.path, "--as-of", "2024-12-31",
                                            "--format", "csv", "--lang", "en"])
        func clean(_ s: String) -> String { s.replacingOccurrences(of: root.path, with: "ROOT") }
        var out = "$ duly check (status \(check.status))\n" + clean(check.out) + clean(check.err)
            + "\n$ duly findings (status \(findings.status))\n" + clean(findings.out) + clean(findings.err)
        // Every subject of the events, in order of first appearance.
        let rows = try String(contentsOf: data.appendingPathComponent("events.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        var subjects: [String] = []
        for row in rows {
            let subject = String(row.split(separator: ",", omittingEmptySubsequences: false)[1])
            if !subjects.contains(subject) { subjects.append(subject) }
        }
        for subject in subjects {
            let explain = try CommandLine.run(["explain", subject, "--policy", policies.path, "--data", data.path, "--as-of", "2024-12-31",
                                               "--lang", "en"])
            out += "\n$ duly explain \(subject) (status \(explain.status))\n" + clean(explain.out) + clean(explain.err)
        }
        return out
    }

    @Test("each case prints exactly its pinned findings and trace", arguments: ConditionGoldenTests.cases)
    func golden(_ name: String) throws {
        let actual = try run(name)
        let path = ConditionGoldenTests.folder.appendingPathComponent("\(name).expected").path
        if TestSupport.isRecording {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name).expected; review it and run again without DULY_RECORD")
            return
        }
        #expect(actual == (try String(contentsOfFile: path, encoding: .utf8)))
    }
}
