import DulyTestSupport
import DulyKit
import DulyModel
import DulySource
import DulyTime
import Foundation
import Testing

/// The diff fixtures: a base tree, case data, and for each case the new files and the pinned
/// outputs. See Fixtures/diff/README.md.
enum DiffFixtures {
    static let packageRoot = TestSupport.packageRoot
    static let folder = packageRoot.appendingPathComponent("Tests/DulyKitTests/Fixtures/diff")
    static let data = folder.appendingPathComponent("data").path
    static let shippedCalendars = packageRoot.appendingPathComponent("policies/calendars")
    static let isRecording = TestSupport.isRecording

    static func temporaryFolder(_ tag: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-diff-test-\(tag)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A policy tree in `dir/name`: the base files, the overlay's files over them, the shipped calendars.
    static func tree(at dir: URL, overlay: URL?) throws {
        let fm = FileManager.default
        try fm.copyItem(at: folder.appendingPathComponent("base"), to: dir)
        if let overlay {
            for name in try fm.contentsOfDirectory(atPath: overlay.path) {
                let target = dir.appendingPathComponent(name)
                if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
                try fm.copyItem(at: overlay.appendingPathComponent(name), to: target)
            }
        }
        try fm.copyItem(at: shippedCalendars, to: dir.appendingPathComponent("calendars"))
    }

    /// `old/` and `new/` for a case, in a fresh temporary folder.
    static func prepare(_ name: String) throws -> URL {
        let dir = try temporaryFolder(name)
        try tree(at: dir.appendingPathComponent("old"), overlay: nil)
        try tree(at: dir.appendingPathComponent("new"), overlay: folder.appendingPathComponent("cases/\(name)/new"))
        return dir
    }

    /// `--as-of D` or `--from A --to B`, as written in the case's `options` file.
    static func options(_ name: String) throws -> PolicyDiffOptions {
        let words = try String(contentsOf: folder.appendingPathComponent("cases/\(name)/options"), encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).map(String.init)
        var values: [String: CivilDate] = [:]
        for i in stride(from: 0, to: words.count - 1, by: 2) { values[words[i]] = CivilDate(words[i + 1]) }
        let to = values["--to"]
        return PolicyDiffOptions(asOf: try #require(values["--as-of"] ?? to), from: values["--from"], to: to)
    }

    static func run(_ name: String, data: String = DiffFixtures.data) throws -> PolicyDiffReport {
        let dir = try prepare(name)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try PolicyDiff.run(old: PolicyVersion(.path("old")), new: PolicyVersion(.path("new")), data: data,
                                  options: try options(name), workingDirectory: dir.path)
    }

    /// Compares with `cases/NAME/FILE`, or rewrites it under DULY_RECORD=1 and fails.
    static func check(_ actual: String, _ name: String, _ file: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let path = folder.appendingPathComponent("cases/\(name)/\(file)")
        if isRecording {
            try actual.write(to: path, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name)/\(file); review the diff and run again without DULY_RECORD", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: path, encoding: .utf8)
        #expect(actual == expected, "run with DULY_RECORD=1 to rewrite \(name)/\(file), then review the diff", sourceLocation: sourceLocation)
    }

    static func goldens(_ report: PolicyDiffReport, _ name: String, all: Bool = false) throws {
        try check(PolicyDiffOutput.render(report, format: .text, language: .en), name, "expected.txt")
        let json = PolicyDiffOutput.render(report, format: .json)
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) is [String: Any], "the JSON output must parse")
        try check(json, name, "expected.json")
        if all {
            try check(PolicyDiffOutput.render(report, format: .text, language: .zh), name, "expected.zh.txt")
            try check(PolicyDiffOutput.render(report, format: .md, language: .en), name, "expected.md")
        }
    }
}

@Suite("duly diff goldens")
struct PolicyDiffGoldenTests {
    /// GZ-7's reply limit goes from 5 to 3 working days. Each letter's deadline is counted from
    /// the day after receipt (开始的当日不计入) in working days of the 2024 national calendar
    /// (policies/calendars/national/2024.cal: 中秋 off 09-15..09-17 with 09-14 (Sat) worked;
    /// 国庆 off 10-01..10-07 with 09-29 (Sun) and 10-12 (Sat) worked):
    ///
    /// - 王小明, received Tue 09-10: 09-11, 09-12, 09-13 | 09-14 (Sat, worked), then 09-15..17
    ///   off, 09-18. 5 → 09-18, 3 → 09-13. He was answered on 09-18: on time before, late now.
    /// - 张亮, received Fri 09-27: 09-28 (Sat) off, 09-29 (Sun, worked), 09-30, then 10-01..07
    ///   off, 10-08 | 10-09, 10-10. 5 → 10-10, 3 → 10-08. No answer by the as-of date 10-10:
    ///   due today before, missed now.
    /// - 陈芳, received Sun 09-29 (a worked day, but the day of receipt never counts): 09-30,
    ///   10-08, 10-09 | 10-10, 10-11. 5 → 10-11, 3 → 10-09. Answered 10-09: on time under both.
    /// - 赵军, received Tue 10-08: 10-09, 10-10, 10-11 | 10-12 (Sat, worked), 10-13 (Sun) off,
    ///   10-14. 5 → 10-14, 3 → 10-11.
    /// - 吴敏, received Wed 10-09: 10-10, 10-11, 10-12 (Sat, worked) | 10-14, 10-15.
    ///   5 → 10-15, 3 → 10-12, a Saturday.
    ///
    /// Nothing else moves: the ledger duties and the monthly reports do not use the limit.
    @Test("a reply limit cut from 5 to 3 working days moves exactly the five letters' deadlines")
    func replyLimit() throws {
        let report = try DiffFixtures.run("reply-limit-5-to-3")
        let moves = report.changes.moved.map { "\($0.new.subjectName) \($0.old.due!) → \($0.new.due!)" }
        #expect(moves == [
            "王小明 2024-09-18 → 2024-09-13",
            "张亮 2024-10-10 → 2024-10-08",
            "陈芳 2024-10-11 → 2024-10-09",
            "赵军 2024-10-14 → 2024-10-11",
            "吴敏 2024-10-15 → 2024-10-12",
        ])
        #expect(report.changes.moved.allSatisfy { $0.new.rule == RuleID("贵州省/户籍地回复") })
        #expect(report.changes.added.isEmpty && report.changes.removed.isEmpty && report.changes.findingsRemoved.isEmpty)
        #expect(report.changes.findingsAdded.map { "\($0.kind.rawValue) \($0.subjectName)" } == ["late 王小明", "missed 张亮"])
        try DiffFixtures.goldens(report, "reply-limit-5-to-3", all: true)
    }

    @Test("a removed rule removes its due actions, done or open, and its findings")
    func ruleRemoved() throws {
        let report = try DiffFixtures.run("rule-removed")
        #expect(report.changes.removed.map(\.subjectName) == ["李梅", "黄静", "周涛"])
        #expect(report.changes.findingsRemoved.map(\.subjectName) == ["李梅"])
        #expect(report.changes.moved.isEmpty && report.changes.added.isEmpty && report.changes.findingsAdded.isEmpty)
        try DiffFixtures.goldens(report, "rule-removed")
    }

    @Test("an added prohibition adds the findings of the acts it forbids, within the window")
    func prohibitionAdded() throws {
        let report = try DiffFixtures.run("prohibition-added")
        #expect(report.changes.findingsAdded.map { "\($0.kind.rawValue) \($0.subjectName) \($0.date)" } == ["forbidden 刘洋 2024-10-09"])
        #expect(report.changes.moved.isEmpty && report.changes.added.isEmpty && report.changes.removed.isEmpty)
        try DiffFixtures.goldens(report, "prohibition-added")
    }

    @Test("rules reordered and comments reworded change nothing")
    func noChange() throws {
        let report = try DiffFixtures.run("no-change")
        #expect(!report.hasChanges)
        try DiffFixtures.goldens(report, "no-change")
    }

    @Test("the output is the same bytes whatever the order of the data's rows", arguments: [1, 2, 3])
    func shuffledRows(seed: UInt64) throws {
        let dir = try DiffFixtures.temporaryFolder("shuffled")
        defer { try? FileManager.default.removeItem(at: dir) }
        try TestSupport.shuffleCSVFiles(from: DiffFixtures.data, to: dir.path, seed: seed)
        for name in ["reply-limit-5-to-3", "rule-removed"] {
            let report = try DiffFixtures.run(name, data: dir.path)
            let expected = try String(contentsOf: DiffFixtures.folder.appendingPathComponent("cases/\(name)/expected.json"), encoding: .utf8)
            #expect(PolicyDiffOutput.render(report, format: .json) == expected)
        }
    }

    @Test("text output fits 80 columns")
    func width() throws {
        for name in ["reply-limit-5-to-3", "rule-removed", "prohibition-added"] {
            for file in ["expected.txt"] + (name == "reply-limit-5-to-3" ? ["expected.zh.txt"] : []) {
                let text = try String(contentsOf: DiffFixtures.folder.appendingPathComponent("cases/\(name)/\(file)"), encoding: .utf8)
                for line in text.split(separator: "\n") { #expect(DisplayWidth.of(line) <= 80, "\(name)/\(file): \(line)") }
            }
        }
    }
}

