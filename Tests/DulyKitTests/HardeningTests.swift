import DulyData
import DulyKit
import DulyModel
import DulySource
import DulyTestSupport
import DulyTime
import Foundation
import Testing

/// Inputs that used to crash the tool or be read as empty without a word: each test reproduces
/// one, and holds the located error or the reading that replaced it.
@Suite("hardening", .serialized)
struct HardeningTests {
    /// Runs `duly` with a private copy of the shipped policies in which `edit` has been applied.
    static func withPolicies(_ edit: (URL) throws -> Void, _ body: (URL) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-hardening-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let policies = dir.appendingPathComponent("policies")
        try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent("policies"), to: policies)
        try edit(policies)
        try body(dir)
    }

    static func replace(_ file: URL, _ old: String, _ new: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(old), "\(file.lastPathComponent) no longer holds `\(old)`")
        try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
    }

    // MARK: - Crashes

    @Test("--as-of 9999-09-01 with a rule that recurs every school year exits 3 with the reason, not a trap")
    func asOfAtTheEndOfTime() throws {
        let r = try CommandLine.run(["due", "--data", "examples/贵州省", "--as-of", "9999-09-01"])
        #expect(r.status == 3, "\(r.err.suffix(600))")
        #expect(r.err.contains("falls outside the years 1–9999"))
    }

    @Test("a duration that overflows date arithmetic is a located check error", arguments: ["400000000 weeks", "200000000 months", "3652059 days"])
    func overflowingDurationIsRejected(duration: String) throws {
        try Self.withPolicies({ p in
            try Self.replace(p.appendingPathComponent("贵州省/贵州省.duly"), "parameter 回复时限 \"reply limit\" = 5 working days",
                             "parameter 回复时限 \"reply limit\" = \(duration)")
        }) { dir in
            let r = try CommandLine.run(["check", "policies"], in: dir)
            #expect(r.status == 1)
            #expect(r.out.contains("policies/贵州省/贵州省.duly:21:32: error[D0610]"), "\(r.out.prefix(800))")
            let due = try CommandLine.run(["due", "--policy", "policies", "--data", CommandLine.root.appendingPathComponent("examples/贵州省").path,
                                           "--as-of", "2024-10-10"], in: dir)
            #expect(due.status == 1, "a policy with errors is not evaluated")
        }
    }

    @Test("the longest countable duration is accepted, and one unit more is not", arguments: [
        Duration(3_652_058, .calendarDay), Duration(3_652_058, .workingDay), Duration(521_722, .week), Duration(243_470, .halfMonth),
        Duration(119_987, .month), Duration(9998, .year),
    ])
    func longestCountableDurationIsAccepted(d: Duration) throws {
        #expect(d.isCountable)
        #expect(CivilDate.earliest.adding(checkedDays: d.count * (d.unit == .week ? 7 : d.unit == .halfMonth ? 15 : 1)) != nil || d.unit == .month || d.unit == .year)
        #expect(!Duration(d.count + 1, d.unit).isCountable)
    }

    @Test("counting past 9999-12-31 is an error value, never a trap")
    func deadlineArithmeticIsTotal() throws {
        let calendar = try CalendarLoading.loadCalendar(named: "national", from: TestSupport.packageRoot.appendingPathComponent("policies/calendars").path)
        let start = CivilDate(2024, 9, 27)
        for duration in [Duration(400_000_000, .week), Duration(200_000_000, .month), Duration(Int.max / 2, .halfMonth), Duration(Int.max, .year)] {
            #expect(throws: CalendarError.self) { try calendar.dueDate(from: start, adding: duration) }
            #expect(throws: CalendarError.self) { try calendar.deadline(from: start, adding: duration) }
        }
        #expect(CivilDate.latest.adding(checkedDays: 1) == nil)
        #expect(CivilDate.earliest.adding(checkedDays: -1) == nil)
        #expect(CivilDate.latest.adding(checkedMonths: 1) == nil)
        #expect(CivilDate(9999, 11, 30).adding(checkedMonths: 1)?.date == CivilDate(9999, 12, 30))
        #expect(throws: CalendarError.self) { try Period.all(.schoolYear, intersecting: CivilDate(9999, 9, 1)...CivilDate(9999, 9, 1)) }
        #expect(throws: CalendarError.self) { try Period.all(.schoolYear, intersecting: CivilDate(1, 3, 1)...CivilDate(1, 3, 1)) }
        #expect(try Period.all(.schoolYear, intersecting: CivilDate(9998, 9, 1)...CivilDate(9999, 8, 31)).count == 1)
    }

    @Test("`duly calendar add` with an overflowing duration exits 2")
    func calendarAddOverflow() throws {
        for (text, message) in [("400000000 weeks", "the number is too large"), ("9999 years", "falls outside the years 1–9999")] {
            let r = try CommandLine.run(["calendar", "add", "2024-01-01", text])
            #expect(r.status == 2, "\(text): \(r.status) \(r.err)")
            #expect(r.err.contains(message), "\(r.err)")
        }
    }

    @Test("effective from 0001-01-01 is a located check error, and the data is never judged with it")
    func yearOne() throws {
        try Self.withPolicies({ p in
            try Self.replace(p.appendingPathComponent("教育部.duly"), "生效 2020-06-23", "生效 0001-01-01")
            try Self.replace(p.appendingPathComponent("贵州省/贵州省.duly"), "effective from 2021-04-25", "effective from 0001-01-01")
        }) { dir in
            let data = dir.appendingPathComponent("data")
            try FileManager.default.copyItem(at: CommandLine.root.appendingPathComponent("examples/贵州省"), to: data)
            let events = data.appendingPathComponent("events.csv")
            let text = try String(contentsOf: events, encoding: .utf8)
            try (text + "E9999,GZ-S01,0001-03-01,08:00,确认辍学,ZA-SCH-01,,,,,\n").write(to: events, atomically: true, encoding: .utf8)
            let check = try CommandLine.run(["check", "policies"], in: dir)
            #expect(check.out.contains("policies/教育部.duly:9:6: error[D0611]: `0001-01-01` is too close to the limits of the calendar"), "\(check.out.prefix(600))")
            let r = try CommandLine.run(["findings", "--policy", "policies", "--data", data.path, "--as-of", "2024-10-10"], in: dir)
            #expect(r.status == 1, "\(r.err.suffix(600))")
            #expect(!r.err.contains("Fatal error"))
        }
    }

    @Test("a students.csv of 32 MB or more without an ID column is reported, not a crash")
    func largeStudentsWithoutID() throws {
        let folder = NSTemporaryDirectory() + "duly-noid-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try validOrganisations.write(toFile: folder + "/organisations.csv", atomically: true, encoding: .utf8)
        try eventsHeader.appending("E1,S1,2024-09-02,08:00,缺课,ZA-SCH-01,,,否,\n").write(toFile: folder + "/events.csv", atomically: true, encoding: .utf8)
        var text = "姓名,学校,学籍县\n"
        text.reserveCapacity(40 << 20)
        let row = "王小明,ZA-SCH-01,正安县\n"
        while text.utf8.count < (33 << 20) { text += row }
        try text.write(toFile: folder + "/students.csv", atomically: false, encoding: .utf8)
        let set = try CaseDataReader.load(folder, program: kitProgram)
        #expect(set.studentCount == 0)
        #expect(set.issues.contains { $0.code == .missingColumn })
        // No student can be read, so no event can either: both files are unusable.
        #expect(set.unusableFileIssues.map(\.file).contains("students.csv"))
    }

    // MARK: - Bounded work

    /// A tree of the shipped vocabulary and national policy plus `files` (name → text).
    static func tree(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-bounded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["控辍保学.duly", "教育部.duly"] {
            try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent("policies/\(name)"), to: dir.appendingPathComponent(name))
        }
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    static func rule(_ name: String) -> String { "规则 \(name) {\n  依据 MOE-5\n  当 确认辍学\n  学校 须 劝返 5个工作日内\n}\n" }

    @Test("a chain of extends may be 16 levels deep, not 17; the error points at the 17th level's extends")
    func chainLengthLimit() throws {
        func chain(_ levels: Int) -> [String: String] {
            var files: [String: String] = [:]
            var parent = "教育部"
            for i in 1..<levels {
                files["p\(i).duly"] = "政策 L\(i) {\n  继承 \(parent)\n}\n" + Self.rule("R\(i)")
                parent = "L\(i)"
            }
            return files
        }
        let ok = try Self.tree(chain(16))
        defer { try? FileManager.default.removeItem(at: ok) }
        let r16 = try CommandLine.run(["check", ok.path])
        #expect(!r16.out.contains("D0402"), "\(r16.out.prefix(600))")
        let long = try Self.tree(chain(17))
        defer { try? FileManager.default.removeItem(at: long) }
        let r17 = try CommandLine.run(["check", long.path])
        #expect(r17.status == 1)
        #expect(r17.out.contains("p16.duly:2:6: error[D0402]: `L16` is 17 levels below its root"), "\(r17.out.prefix(800))")
    }

    @Test("a file may declare 1000 rules, not 1001; the error points at the first one past the limit")
    func rulesPerFileLimit() throws {
        func county(_ n: Int) -> String { "政策 测试县 {\n  继承 教育部\n}\n" + (0..<n).map { Self.rule("R\($0)") }.joined() }
        let ok = try Self.tree(["县.duly": county(1000)])
        defer { try? FileManager.default.removeItem(at: ok) }
        #expect(!(try CommandLine.run(["check", ok.path])).out.contains("D0008"))
        let many = try Self.tree(["县.duly": county(1001)])
        defer { try? FileManager.default.removeItem(at: many) }
        let r = try CommandLine.run(["check", many.path])
        #expect(r.status == 1)
        // 3 header lines, then 5 lines per rule: the 1001st rule starts on line 5004.
        #expect(r.out.contains("县.duly:5004:1: error[D0008]: the file declares 1001 rules and other items; a policy file holds at most 1000"), "\(r.out.prefix(600))")
    }

    @Test("a cycle in a long chain is reported once, naming every member")
    func cycleInLongChain() throws {
        var files: [String: String] = [:]
        for i in 0..<12 { files["c\(i).duly"] = "政策 C\(i) {\n  继承 C\((i + 1) % 12)\n}\n" }
        let dir = try Self.tree(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CommandLine.run(["check", dir.path])
        let lines = r.out.split(separator: "\n").filter { $0.contains("error[D0401]") }
        #expect(lines.count == 1, "\(r.out.prefix(600))")
        #expect(lines.first?.contains("C0 → C1 → C2 → C3 → C4 → C5 → C6 → C7 → C8 → C9 → C10 → C11 → C0") == true)
    }

    // MARK: - Silent empty data

    @Test("an event dated outside 1900–2199 is a bad date, on both sides of each bound", arguments: [
        ("0478-10-11", false), ("1899-12-31", false), ("1900-01-01", true), ("2199-12-31", true), ("2200-01-01", false),
    ])
    func implausibleEventDate(date: String, accepted: Bool) throws {
        let r = try read(events: eventsHeader + "E1,S1,\(date),08:00,缺课,ZA-SCH-01,,,否,\n")
        #expect(r.set.eventCount == (accepted ? 1 : 0))
        #expect(r.issues == (accepted ? [] : ["events.csv:2: column date: bad-date: `\(date)` lies outside the years 1900–2199 that an event may have"]), "\(r.issues)")
    }

    @Test("CR-only line ends are read as line ends")
    func carriageReturnLineEnds() throws {
        let events = eventsHeader + "E1,S1,2024-09-02,08:00,缺课,ZA-SCH-01,,,否,\nE2,S1,2024-09-03,08:00,缺课,ZA-SCH-01,,,否,\n"
        let lf = try read(events: events)
        let cr = try read(events: events.replacingOccurrences(of: "\n", with: "\r"))
        #expect(cr.set.eventCount == 2)
        #expect(cr.issues == lf.issues)
        let crlf = try read(events: events.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf.set.eventCount == 2)
    }

    @Test("a GBK row after the first 64 KB of a UTF-8 file is reported for its row and the rest is read")
    func gbkRowInUTF8File() throws {
        var text = eventsHeader
        var n = 0
        while text.utf8.count < 70_000 {
            n += 1
            text += "E\(n),S1,2024-09-\(String(format: "%02d", 2 + n % 20)),08:00,缺课,ZA-SCH-01,,,否,\n"
        }
        var bytes = Array(text.utf8)
        let badLine = n + 2
        bytes += Array("X1,S1,2024-09-03,08:00,".utf8) + gb18030("缺课") + Array(",ZA-SCH-01,,,否,\n".utf8)
        bytes += Array("Y1,S2,2024-09-04,08:00,缺课,ZA-SCH-01,,,否,\n".utf8)
        let r = try read(events: "", eventBytes: bytes)
        #expect(r.issues.contains("events.csv:\(badLine): bad-encoding: the row is not valid UTF-8 (the file is read as UTF-8; was this row pasted from a GBK file?)"), "\(r.issues.prefix(5))")
        #expect(r.skipped == 1)
        #expect(r.set.eventCount == n + 1)
        #expect(!r.issues.contains { $0.contains("U+FFFD") })
    }

    @Test("an events file of 1,500 unusable rows says all 1,500 were skipped, though only the first 1,000 issues are kept")
    func unusableFileCountsEveryRow() throws {
        let rows = (1...1500).map { "E\($0),S1,2024-09-02,08:00,旷工,ZA-SCH-01,,,否,\n" }.joined()
        let r = try read(events: eventsHeader + rows)
        #expect(r.skipped == 1500)
        #expect(r.set.unusableFileIssues.map(\.description) == [
            "events.csv:0: no-rows: no row of `events.csv` could be read (1500 rows skipped); is it the right file, in CSV?"])
    }

    @Test("a row with a CESU-8 character (a surrogate pair) in the first 64 KB is reported on its own; the file stays UTF-8")
    func cesu8RowAtTheTop() throws {
        // 𠮷 as CESU-8 writes it: two three-byte surrogates, which UTF-8 forbids.
        let cesu8: [UInt8] = [0xED, 0xA1, 0x82, 0xED, 0xBE, 0xB7]
        var bytes = Array((eventsHeader + "E1,S1,2024-09-02,08:00,缺课,ZA-SCH-01,,,否,\n").utf8)
        bytes += Array("E2,S1,2024-09-03,08:00,缺课,ZA-SCH-01,,,".utf8) + cesu8 + Array(",\n".utf8)
        bytes += Array("E3,S1,2024-09-04,08:00,缺课,ZA-SCH-01,,,否,\n".utf8)
        let r = try read(events: "", eventBytes: bytes)
        #expect(r.issues == ["events.csv:3: bad-encoding: the row is not valid UTF-8 (the file is read as UTF-8; was this row pasted from a GBK file?)"],
                "\(r.issues)")
        #expect(r.skipped == 1)
        #expect(r.set.eventCount == 2)
    }

    @Test("a data set whose file yields no usable row stops with exit 1, even without --strict", arguments: [
        ("events.csv", "binary"), ("events.csv", "xlsx"), ("students.csv", "xlsx"), ("events.csv", "header only"), ("events.csv", "folder"),
        ("events.csv", "all bad"),
    ])
    func unusableFileIsAnError(file: String, kind: String) throws {
        let folder = try writeDataFolder(students: validStudents, events: eventsHeader + "E1,S1,2024-09-02,08:00,缺课,ZA-SCH-01,,,否,\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/" + file
        try FileManager.default.removeItem(atPath: path)
        switch kind {
        case "binary": try Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }).write(to: URL(fileURLWithPath: path))
        case "xlsx": try Data([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x41, count: 100)).write(to: URL(fileURLWithPath: path))
        case "header only": try eventsHeader.write(toFile: path, atomically: true, encoding: .utf8)
        case "folder": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        default: try (eventsHeader + "E1,S1,2024-13-02,08:00,缺课,ZA-SCH-01,,,否,\nE2,NOBODY,2024-09-02,08:00,缺课,ZA-SCH-01,,,否,\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        }
        for command in ["due", "findings"] {
            let r = try CommandLine.run([command, "--data", folder, "--as-of", "2024-10-08"])
            #expect(r.status == 1, "\(kind): \(r.err)")
            #expect(r.out.isEmpty, "no due list or findings from unusable data")
            #expect(r.err.contains(file), "\(r.err)")
            #expect(r.err.contains("the case data cannot be used"))
        }
    }
}
