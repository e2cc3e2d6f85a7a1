import DulyKit
import DulySource
import DulyTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// What CI reads from `duly test`: a JUnit report that never looks green when something could not
/// run, and the exit statuses of the commands it calls.
@Suite("reports for CI", .serialized)
struct TestReportCITests {
    let runner = PolicyTestRunnerTests()

    @Test("a test file with an extra cell is an <error> test case, not a missing file")
    func malformedFileIsAnError() throws {
        let path = try runner.tree(PolicyTestRunnerTests.oneDay.replacingOccurrences(of: "E1,S1,2024-10-08,缺课,TJ-SCH,否", with: "E1,S1,2024-10-08,缺课,TJ-SCH,否,多余")
                                   + "应有待办\n对象,行为,角色,状态\nS1,劝返,班主任,no-deadline\n")
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyTestRunner.run(paths: [path])
        let xml = PolicyTestReports.junit(report)
        #expect(report.diagnostics.contains(where: \.isError) || report.failed > 0)
        #expect(xml.contains("通江县.dulytest"), "\(xml)")
        #expect(xml.contains("<error type=\"D08") || xml.contains("<failure"), "\(xml)")
        #expect(!xml.contains("tests=\"0\""), "\(xml)")
        #expect(try XMLDocument(xmlString: xml).rootElement() != nil)
    }

    @Test("a test file that does not parse is an <error> test case with its message")
    func unparsableFileIsAnError() throws {
        let path = try runner.tree(PolicyTestRunnerTests.oneDay.replacingOccurrences(of: "截至 2024-10-08", with: "截至 昨天"))
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyTestRunner.run(paths: [path])
        let xml = PolicyTestReports.junit(report)
        #expect(xml.contains("<error type=\"D0801\" message=\""), "\(xml)")
        #expect(xml.contains("`昨天` is not a date"))
        #expect(xml.contains("errors=\"2\""))
        #expect(!xml.contains("tests=\"0\" failures=\"0\""))
    }

    @Test("a policy error gives a failing report, not an empty one")
    func policyErrorFailsTheReport() throws {
        let path = try runner.tree(PolicyTestRunnerTests.oneDay + "应有待办\n对象,行为,角色,状态\nS1,劝返,班主任,no-deadline\n")
        defer { TestSupport.removeTemporary(path) }
        let county = (path as NSString).deletingLastPathComponent + "/通江县.duly"
        let text = try String(contentsOfFile: county, encoding: .utf8)
        try (text + "\n规则 坏规则 {\n  依据 TJ-1\n  当 缺课\n  班主人 须 劝返 1个工作日内\n}\n").write(toFile: county, atomically: true, encoding: .utf8)
        let report = PolicyTestRunner.run(paths: [path])
        let xml = PolicyTestReports.junit(report)
        #expect(xml.contains("<error type=\"D0201\""), "\(xml)")
        #expect(!xml.contains("errors=\"0\">\n</testsuites>"))
        #expect(report.hasFailures)
    }

    @Test("with --coverage, each rule no case exercises is a failing test case")
    func uncoveredRulesFail() throws {
        let path = try runner.tree(PolicyTestRunnerTests.oneDay + "应有待办\n对象,行为,角色,状态\nS1,劝返,班主任,no-deadline\n")
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyTestRunner.run(paths: [path])
        #expect(!report.uncovered.isEmpty)
        let with = PolicyTestReports.junit(report, coverage: true)
        let without = PolicyTestReports.junit(report, coverage: false)
        #expect(with.contains("<testsuite name=\"coverage\" tests=\"\(report.uncovered.count)\" failures=\"\(report.uncovered.count)\""))
        #expect(with.contains("no test case exercises \(report.uncovered[0].id)"))
        #expect(!without.contains("name=\"coverage\""))
    }

    @Test("duly test --run keeps only the cases whose name matches")
    func runPattern() throws {
        let two = PolicyTestRunnerTests.oneDay + "应有待办\n对象,行为,角色,状态\nS1,劝返,班主任,no-deadline\n\n"
            + PolicyTestRunnerTests.oneDay.replacingOccurrences(of: "缺课 1 天:班主任劝返", with: "另一个用例") + "其余不计\n"
        let path = try runner.tree(two)
        defer { TestSupport.removeTemporary(path) }
        #expect(PolicyTestRunner.run(paths: [path]).results.count == 2)
        let only = PolicyTestRunner.run(paths: [path], selecting: { $0.contains("另一个") })
        #expect(only.results.map(\.name) == ["另一个用例"])
        let r = try CommandLine.run(["test", path, "--run", "^缺课"])
        #expect(r.out.hasSuffix("1 passed, 0 failed\n"), "\(r.out)")
        #expect(try CommandLine.run(["test", path, "--run", "("]).status == 2)
    }

    @Test("shell completion offers folders for --policy and --data", arguments: ["bash", "zsh", "fish"])
    func completion(shell: String) throws {
        let r = try CommandLine.run(["--generate-completion-script", shell])
        #expect(r.status == 0)
        switch shell {
        case "bash": #expect(r.out.contains("'--policy')\n        __duly_add_completions -d") && r.out.contains("'--data')\n        __duly_add_completions -d"))
        case "zsh": #expect(r.out.contains("--policy[") && r.out.contains("_files -/"))
        default: #expect(r.out.contains("-l 'policy' -d 'The policy folder (or a file in it); the whole tree is loaded.' -rfa '(__duly_complete_directories)'"))
        }
    }

    @Test("shell completion offers rule files to check and fmt and test files to test")
    func completionOfPaths() throws {
        let r = try CommandLine.run(["--generate-completion-script", "bash"])
        #expect(r.out.contains("-o plusdirs -fX '!*.@(duly)'"))
        #expect(r.out.contains("-o plusdirs -fX '!*.@(dulytest)'"))
    }

    @Test("a path that does not exist is bad usage (2) for catalog as for check")
    func missingPathIsUsage() throws {
        #expect(try CommandLine.run(["catalog", "nope"]).status == 2)
        #expect(try CommandLine.run(["check", "nope"]).status == 2)
    }

    @Test("XML text keeps tabs and line breaks, escapes markup, and marks control characters XML cannot carry")
    func xmlText() throws {
        #expect(XMLText.escape("a&<>\"'\t\n\u{1}\u{FFFE}贵州") == "a&amp;&lt;&gt;&quot;'\t\n\u{FFFD}\u{FFFD}贵州")
        // What it writes parses as XML.
        let doc = try XMLDocument(xmlString: "<a b=\"\(XMLText.escape("x\"&\u{7}"))\">\(XMLText.escape("<&\u{0}>"))</a>")
        #expect(doc.rootElement()?.stringValue == "<&\u{FFFD}>")
    }
}
