import DulyTestSupport
import Foundation
import Testing

/// What a clerk sees from `due`, `findings`, `explain`, `test` and `calendar` on the shipped
/// examples, pinned in both languages: under `LANG=zh_CN.UTF-8` with no `--lang`, and under
/// `--lang en`. A Chinese output with a run of English words fails here. (`findings` exits 1:
/// there are findings.)
@Suite("outputs in both languages")
struct BilingualOutputTests {
    static let commands: [(name: String, arguments: [String])] = [
        ("due-guizhou", ["due", "--data", "examples/贵州省", "--as-of", "2024-10-12"]),
        ("due-tongjiang-csv", ["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--format", "csv"]),
        ("findings-tongjiang", ["findings", "--data", "examples/通江县", "--as-of", "2024-10-18"]),
        ("findings-shangtianti-md", ["findings", "--data", "examples/上天梯管理区", "--as-of", "2024-10-09", "--format", "md"]),
        ("explain-guizhou", ["explain", "GZ-S03", "--data", "examples/贵州省", "--as-of", "2024-10-12"]),
        ("explain-school", ["explain", "DZ-SCH-02", "--data", "examples/贵州省", "--as-of", "2024-10-20"]),
        ("test-sichuan", ["test", "policies/四川省"]),
        ("calendar-add", ["calendar", "add", "2024-09-27", "5个工作日", "--calendar", "四川"]),
        ("calendar-show", ["calendar", "show", "2024-10", "--calendar", "贵州"]),
    ]

    static func transcript(_ r: (status: Int32, out: String, err: String)) -> String {
        "exit status \(r.status)\n--- standard output\n\(r.out)--- standard error\n\(r.err)"
    }

    func check(_ name: String, _ actual: String) {
        let path = CommandLine.root.appendingPathComponent("Tests/DulyKitTests/Fixtures/bilingual/\(name).txt").path
        if TestSupport.isRecording {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); review the diff and run again without DULY_RECORD")
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("no golden file \(name); run with DULY_RECORD=1")
            return
        }
        #expect(expected == actual, "\(name) changed")
    }

    @Test("each command's output is pinned under LANG=zh_CN.UTF-8 and has no English sentence", arguments: commands.map(\.name))
    func chinese(_ name: String) throws {
        let arguments = Self.commands.first { $0.name == name }!.arguments
        let r = try CommandLine.run(arguments, environment: ["LANG": "zh_CN.UTF-8", "COLUMNS": "100"])
        #expect(r.status == (arguments[0] == "findings" ? 1 : 0), "\(r.err)")
        check("\(name).zh", Self.transcript(r))
        for line in (r.out + r.err).split(separator: "\n") {
            let cleaned = line.replacingOccurrences(of: "duly catalog", with: "")
            if let run = cleaned.range(of: #"[A-Za-z]{2,}[,;:'()]*\s+[A-Za-z]{2,}"#, options: .regularExpression) {
                Issue.record("`\(cleaned[run])` in: \(line)")
            }
        }
    }

    @Test("each command's output is pinned under --lang en", arguments: commands.map(\.name))
    func english(_ name: String) throws {
        let arguments = Self.commands.first { $0.name == name }!.arguments
        let r = try CommandLine.run(arguments + ["--lang", "en"], environment: ["LANG": "zh_CN.UTF-8", "COLUMNS": "100"])
        #expect(r.status == (arguments[0] == "findings" ? 1 : 0), "\(r.err)")
        check("\(name).en", Self.transcript(r))
        #expect(r.out != (try CommandLine.run(arguments, environment: ["LANG": "zh_CN.UTF-8", "COLUMNS": "100"]).out) || r.out.isEmpty)
    }

    @Test("diff and due say why they stop in the reader's language")
    func stoppingErrors() throws {
        let zh = ["LANG": "zh_CN.UTF-8"]
        let noPolicy = try CommandLine.run(["diff", "policies", "没有这个目录", "--data", "examples/贵州省", "--as-of", "2024-10-12"], environment: zh)
        #expect(noPolicy.status == 2)
        #expect(noPolicy.err == "错误:`没有这个目录` 处没有规则\n", "\(noPolicy.err)")
        let unknownRevision = try CommandLine.run(["diff", "no-such-rev:policies", "policies", "--data", "examples/贵州省", "--as-of", "2024-10-12"],
                                                  environment: zh)
        #expect(unknownRevision.status == 2)
        #expect(unknownRevision.err.hasPrefix("错误:"), "\(unknownRevision.err)")
        let calendars = try CommandLine.run(["due", "--data", "examples/贵州省", "--as-of", "2024-10-12", "--calendars", "/nonexistent/calendars"],
                                            environment: zh)
        #expect(calendars.status == 3)
        #expect(calendars.err.hasPrefix("错误:无法读取日历文件夹 `/nonexistent/calendars`"), "\(calendars.err)")
        for r in [noPolicy, unknownRevision, calendars] {
            let prose = r.err.replacingOccurrences(of: #"`[^`]*`"#, with: "", options: .regularExpression)
            #expect(prose.range(of: #"[A-Za-z]{2,}[,;:'()]*\s+[A-Za-z]{2,}"#, options: .regularExpression) == nil, "\(r.err)")
        }
    }
}
