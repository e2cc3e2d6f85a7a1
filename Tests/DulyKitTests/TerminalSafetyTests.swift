import DulySource
import DulyTestSupport
import Foundation
import Testing

/// Control characters and formulas from case data reach neither the terminal nor a spreadsheet
/// as such.
@Suite("terminal safety", .serialized)
struct TerminalSafetyTests {
    static let hostile = "王\u{1B}]0;owned\u{07}小\u{1B}[2J明\u{0}\u{202E}"

    @Test("control characters and bidi overrides are written as escapes", arguments: [
        ("a\u{1B}[31mb", "a\\x1B[31mb"), ("bell\u{07}", "bell\\x07"), ("nul\u{0}", "nul\\x00"), ("del\u{7F}", "del\\x7F"),
        ("c1\u{9B}", "c1\\x9B"), ("rtl\u{202E}txt", "rtl\\u{202E}txt"), ("iso\u{2066}", "iso\\u{2066}"), ("line\nbreak\ttab\r", "line\\nbreak\\ttab\\r"),
        ("王小明 (GZ-S01)", "王小明 (GZ-S01)"),
    ])
    func visible(input: String, expected: String) {
        #expect(TerminalText.visible(input) == expected)
    }

    @Test("cells that a spreadsheet would run as a formula start with an apostrophe; plain numbers do not", arguments: [
        ("=HYPERLINK(\"http://x\",\"点我\")", "'=HYPERLINK(\"http://x\",\"点我\")"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"), ("-3", "-3"), ("+5", "+5"), ("-1.5", "-1.5"), ("-", "'-"), ("王小明", "王小明"), ("2024-10-08", "2024-10-08"),
    ])
    func spreadsheetSafe(input: String, expected: String) {
        #expect(TerminalText.spreadsheetSafe(input) == expected)
    }

    /// examples/贵州省 with the first student renamed, and an event of an unknown type whose name
    /// holds escapes.
    static func hostileData() throws -> String {
        let folder = NSTemporaryDirectory() + "duly-hostile-" + UUID().uuidString
        try FileManager.default.copyItem(atPath: TestSupport.packageRoot.appendingPathComponent("examples/贵州省").path, toPath: folder)
        let students = folder + "/students.csv"
        var text = try String(contentsOfFile: students, encoding: .utf8)
        text = text.replacingOccurrences(of: "GZ-S03,张亮,", with: "GZ-S03,\(hostile),")
        try text.write(toFile: students, atomically: true, encoding: .utf8)
        let events = folder + "/events.csv"
        let e = try String(contentsOfFile: events, encoding: .utf8)
        try (e + "EX1,GZ-S01,2024-09-23,08:00,旷\u{1B}[1m课,ZA-SCH-01,,,,,\n").write(toFile: events, atomically: true, encoding: .utf8)
        return folder
    }

    static func hasRawControls(_ s: String) -> Bool {
        s.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x202E }
    }

    @Test("table, markdown and warnings show escapes, never the raw control characters", arguments: ["text", "table", "md"])
    func tablesAndWarnings(format: String) throws {
        let folder = try Self.hostileData()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try CommandLine.run(["due", "--data", folder, "--as-of", "2024-10-12", "--format", format])
        #expect(!Self.hasRawControls(r.out), "raw control characters in the \(format) output")
        #expect(!Self.hasRawControls(r.err), "raw control characters in the warnings")
        // Piped, a table keeps its cells whole (only a terminal's width cuts them), as markdown does.
        let shown = "王\\x1B]0;owned\\x07小\\x1B[2J明\\x00\\u{202E}"
        #expect(r.out.contains(shown), "\(r.out.prefix(400))")
        #expect(r.err.contains("旷\\x1B[1m课"), "\(r.err.prefix(400))")
    }

    @Test("CSV output neutralises formulas but keeps negative day counts numeric")
    func csvFormulas() throws {
        let folder = try Self.hostileData()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let students = folder + "/students.csv"
        let text = try String(contentsOfFile: students, encoding: .utf8)
        try text.replacingOccurrences(of: Self.hostile, with: "=1+1").write(toFile: students, atomically: true, encoding: .utf8)
        let r = try CommandLine.run(["due", "--data", folder, "--as-of", "2024-10-12", "--format", "csv"])
        #expect(r.out.contains(",'=1+1"), "\(r.out.prefix(400))")
        #expect(!r.out.contains(",=1+1"))
        #expect(r.out.split(separator: "\r\n").contains { $0.contains(",-") && !$0.contains(",'-") }, "a negative day count stays a number")
    }

    @Test("a policy file with an escape sequence is quoted with the escape shown")
    func policyDiagnostics() throws {
        let path = try CommandLine.temporaryFile("政策 测试县 {\n  继承 教育部\n}\n规则 坏 {\n  依据 MOE-5\n  当 确认辍学\n  学\u{1B}[2J校 须 劝返 5个工作日内\n}\n")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        for format in ["text", "plain", "github"] {
            let r = try CommandLine.run(["check", path, "--format", format])
            #expect(!Self.hasRawControls(r.out) && !Self.hasRawControls(r.err), "\(format)")
            if format == "text" { #expect((r.out + r.err).contains("\\x1B"), "\(r.out)") }
        }
    }
}
