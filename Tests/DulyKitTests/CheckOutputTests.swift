import Foundation
import Testing
import DulyKit
import DulySource

/// `duly check`'s CI outputs, run through the executable as CI would.
@Suite("check outputs for CI")
struct CheckOutputTests {
    /// A two-file tree with one error (a county laxer than its province) and one warning.
    func tree() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-ci-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("省"), withIntermediateDirectories: true)
        let vocabulary = try String(contentsOf: CommandLine.root.appendingPathComponent("Tests/DulyCheckTests/Golden/vocabulary.fixture"), encoding: .utf8)
        try vocabulary.write(to: dir.appendingPathComponent("词汇.duly"), atomically: true, encoding: .utf8)
        try """
            政策 测试省 {
              日历 四川
            }

            参数 回复时限 = 5个工作日

            规则 回复 {
              依据 GZ-7
              当 函告
              户籍地教育局 须 回复 回复时限 内
              学校 须 及时 劝返
            }
            """.write(to: dir.appendingPathComponent("省/测试省.duly"), atomically: true, encoding: .utf8)
        try """
            政策 测试县 {
              继承 测试省
            }

            覆盖 回复时限 = 10个工作日
            """.write(to: dir.appendingPathComponent("省/测试县.duly"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: CommandLine.root.appendingPathComponent("policies/calendars"),
                                         to: dir.appendingPathComponent("calendars"))
        return dir.path
    }

    @Test("github annotations name file, line and column, with commas and newlines escaped")
    func github() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CommandLine.run(["check", dir, "--format", "github"])
        #expect(r.status == 1)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.contains { $0.hasPrefix("::error file=\(dir)/省/测试县.duly,line=5,col=4,endLine=5,endColumn=8,title=duly D0502::parameter `回复时限` allows 10 working days") })
        #expect(lines.contains { $0.hasPrefix("::warning file=\(dir)/省/测试省.duly,line=11,col=3,") && $0.contains("%0Ahelp: ") })
    }

    @Test("--werror fails on warnings, --disable drops a lint, and neither errors of the language nor D0502 can be disabled")
    func switches() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try CommandLine.run(["check", dir, "--disable", "D0501"]).status == 1)
        let laxer = try CommandLine.run(["check", dir, "--disable", "D0502"])
        #expect(laxer.status == 2)
        #expect(laxer.err.contains("never laxer"))
        let county = dir + "/省/测试县.duly"
        let text = try String(contentsOfFile: county, encoding: .utf8)
        try text.replacingOccurrences(of: "10个工作日", with: "3个工作日").write(toFile: county, atomically: true, encoding: .utf8)
        #expect(try CommandLine.run(["check", dir]).status == 0)
        #expect(try CommandLine.run(["check", dir, "--werror"]).status == 1)
        #expect(try CommandLine.run(["check", dir, "--disable", "D0501", "--werror"]).status == 0)
        let refused = try CommandLine.run(["check", dir, "--disable", "D0201"])
        #expect(refused.status == 2)
        #expect(refused.err.contains("only consistency lints (D05xx) can"))
    }

    @Test("neither a reason on the override nor a suppression comment silences a laxer value")
    func suppression() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let county = dir + "/省/测试县.duly"
        let text = try String(contentsOfFile: county, encoding: .utf8)
        try text.replacingOccurrences(of: "覆盖 回复时限 = 10个工作日", with: "# duly: allow D0502 \"本县山区交通不便,经省厅同意\"\n覆盖 回复时限 = 10个工作日 理由 \"山区\"")
            .write(toFile: county, atomically: true, encoding: .utf8)
        let r = try CommandLine.run(["check", dir, "--format", "plain"])
        #expect(r.status == 1)
        #expect(r.out.contains("error[D0502]"))
        #expect(r.out.contains("error[D0512]"))
    }

    @Test("an inline suppression with a reason silences another lint on its declaration")
    func suppressionOfOtherLint() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let county = dir + "/省/测试县.duly"
        let text = try String(contentsOfFile: county, encoding: .utf8)
        try text.replacingOccurrences(of: "10个工作日", with: "3个工作日").write(toFile: county, atomically: true, encoding: .utf8)
        let province = dir + "/省/测试省.duly"
        let ptext = try String(contentsOfFile: province, encoding: .utf8)
        try ptext.replacingOccurrences(of: "  学校 须 及时 劝返", with: "  # duly: allow D0501 \"由各县定义\"\n  学校 须 及时 劝返")
            .write(toFile: province, atomically: true, encoding: .utf8)
        let r = try CommandLine.run(["check", dir, "--format", "plain", "--werror"])
        #expect(r.status == 0)
        #expect(!r.out.contains("D0501"))
    }

    @Test("SARIF output is a 2.1.0 log with rules, levels, regions and the parent as a related location")
    func sarifShape() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CommandLine.run(["check", dir, "--format", "sarif"])
        #expect(r.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let lax = try #require(results.first { $0["ruleId"] as? String == "D0502" })
        #expect(lax["level"] as? String == "error")
        let region = (((lax["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        #expect(region?["startLine"] as? Int == 5)
        #expect(region?["startColumn"] as? Int == 4)
        #expect((lax["relatedLocations"] as? [[String: Any]])?.count == 1)
        let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        #expect(rules?.map { $0["id"] as? String } == ["D0501", "D0502"])
    }

    @Test("SARIF output validates against the SARIF 2.1.0 JSON schema")
    func sarifSchema() throws {
        let schema = CommandLine.root.appendingPathComponent("Tests/DulyKitTests/Fixtures/sarif-schema-2.1.0.json").path
        #expect(FileManager.default.fileExists(atPath: schema))
        let dir = try tree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CommandLine.run(["check", dir, "--format", "sarif"])
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("duly-\(UUID().uuidString).sarif")
        defer { try? FileManager.default.removeItem(at: log) }
        try r.out.write(to: log, atomically: true, encoding: .utf8)
        let validate = Process()
        validate.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        validate.arguments = ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); log = json.load(open(sys.argv[2]))
            jsonschema.Draft7Validator.check_schema(schema)
            errors = list(jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(log))
            for e in errors: print(list(e.path), e.message)
            sys.exit(1 if errors else 0)
            """, schema, log.path]
        let out = Pipe()
        validate.standardOutput = out
        validate.standardError = out
        try validate.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        validate.waitUntilExit()
        #expect(validate.terminationStatus == 0, "schema validation failed: \(text)")
    }
}
