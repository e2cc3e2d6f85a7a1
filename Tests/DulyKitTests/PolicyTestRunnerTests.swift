import Foundation
import Testing
import DulyKit
import DulySource
import DulyTestSupport

/// `duly test` itself: a copy of the shipped tree with a test file written for each case.
@Suite("policy test runner", .serialized)
struct PolicyTestRunnerTests {
    static let shared = """
        政策 通江县

        组织
        id,name,kind,managed_by,jurisdiction,county
        TJ-JYJ,通江县教育科技和体育局,县教育局,,通江县,通江县
        TJ-SCH,诺水河镇小学,学校,TJ-JYJ,通江县,通江县

        学生
        学号,姓名,学校,学籍县,户籍县,出生日期,有辍学倾向
        S1,张小华,TJ-SCH,通江县,通江县,2013-05-01,是

        """

    func tree(_ test: String) throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("duly-runner-\(UUID().uuidString)/policies")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CommandLine.root.appendingPathComponent("policies"), to: copy)
        let e = FileManager.default.enumerator(atPath: copy.path)
        var existing: [String] = []
        while let p = e?.nextObject() as? String { if p.hasSuffix(".dulytest") { existing.append(p) } }
        for p in existing { try FileManager.default.removeItem(atPath: copy.path + "/" + p) }
        let path = copy.appendingPathComponent("四川省/通江县.dulytest").path
        try (PolicyTestRunnerTests.shared + test).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let oneDay = """
        用例 "缺课 1 天:班主任劝返"
        截至 2024-10-08
        仅限规则 一三五七
        事件
        id,subject,date,type,actor,有正当理由
        E1,S1,2024-10-08,缺课,TJ-SCH,否

        """

    @Test("a case whose expectations hold passes")
    func passes() throws {
        let path = try tree(PolicyTestRunnerTests.oneDay + "应有待办\n对象,行为,角色,状态\nS1,劝返,班主任,no-deadline\n")
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyTestRunner.run(paths: [path])
        #expect(report.diagnostics.isEmpty)
        #expect(report.passed == 1 && report.failed == 0)
        #expect(PolicyTestReports.text(report, language: .en, coverage: false) == "1 passed, 0 failed\n")
        #expect(PolicyTestReports.text(report, language: .zh, coverage: false) == "通过 1 个,失败 0 个\n")
    }

    @Test("a wrong expectation fails with the line, the difference and the closest result")
    func failsWithDifference() throws {
        let path = try tree(PolicyTestRunnerTests.oneDay + "应有待办\n对象,行为,角色,状态\nS1,劝返,学校,no-deadline\n")
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyTestRunner.run(paths: [path])
        #expect(report.failed == 1)
        let text = PolicyTestReports.text(report, language: .en, coverage: false)
        #expect(text == """
            FAIL \(path):11 缺课 1 天:班主任劝返
              line 19: expected due 对象=S1 行为=劝返 角色=学校 状态=no-deadline, found none; closest: subject=S1 action=劝返 role=班主任 organisation=TJ-SCH due=- status=no-deadline rule=通江县/一三五七
              unexpected due: subject=S1 action=劝返 role=班主任 organisation=TJ-SCH due=- status=no-deadline rule=通江县/一三五七
            0 passed, 1 failed

            """)
    }

    @Test("without an expectation table, anything produced fails the case; others allowed lets it pass")
    func nothingElse() throws {
        let strict = try tree(PolicyTestRunnerTests.oneDay)
        defer { TestSupport.removeTemporary(strict) }
        #expect(PolicyTestRunner.run(paths: [strict]).failed == 1)
        let lenient = try tree(PolicyTestRunnerTests.oneDay + "其余不计\n")
        defer { TestSupport.removeTemporary(lenient) }
        #expect(PolicyTestRunner.run(paths: [lenient]).passed == 1)
    }

    @Test("unknown columns, unknown rules and bad data are failures, not passes")
    func badExpectations() throws {
        let unknownColumnPath = try tree(PolicyTestRunnerTests.oneDay + "应有待办\n对象,颜色\nS1,红\n")
        defer { TestSupport.removeTemporary(unknownColumnPath) }
        let unknownColumn = PolicyTestRunner.run(paths: [unknownColumnPath])
        #expect(unknownColumn.results.first?.failures.first.map { PolicyTestReports.failure($0, .en) } == "line 19: unknown due column `颜色`")
        #expect(unknownColumn.results.first?.failures.first.map { PolicyTestReports.failure($0, .zh) } == "第 19 行:待办表没有 `颜色` 这一列")
        let unknownRulePath = try tree(PolicyTestRunnerTests.oneDay.replacingOccurrences(of: "仅限规则 一三五七", with: "仅限规则 一二三") + "其余不计\n")
        defer { TestSupport.removeTemporary(unknownRulePath) }
        let unknownRule = PolicyTestRunner.run(paths: [unknownRulePath])
        #expect(unknownRule.results.first?.failures.map { PolicyTestReports.failure($0, .en) } == ["line 11: `only rules` names no rule `一二三`"])
        let badDatePath = try tree(PolicyTestRunnerTests.oneDay.replacingOccurrences(of: "E1,S1,2024-10-08", with: "E1,S1,2024-10-32"))
        defer { TestSupport.removeTemporary(badDatePath) }
        let badDate = PolicyTestRunner.run(paths: [badDatePath])
        #expect(badDate.results.first?.failures.first.map { PolicyTestReports.failure($0, .en) }?.hasPrefix("bad test data: line 16:") == true)
    }

    @Test("a malformed test file is reported with its line, and no case runs from it")
    func malformed() throws {
        let path = try tree("用例 \"无日期\"\n事件\nid,subject,date,type,actor\nE1,S1,2024-10-08,缺课\n颜色 红\n")
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyTestRunner.run(paths: [path])
        let lines = report.diagnostics.map { d in "\(d.code.id) \(report.sources[d.path]!.location(of: d.span!.start).line)" }
        // The stray line 15 is read as a row of the still-open events table.
        #expect(lines == ["D0802 14", "D0802 15", "D0801 11"])
        #expect(report.results.isEmpty)
        #expect(report.hasFailures)
    }

    @Test("JUnit output has one test case per case and the failure text")
    func junit() throws {
        let path = try tree(PolicyTestRunnerTests.oneDay + "应有待办\n对象,行为,角色\nS1,劝返,学校\n")
        defer { TestSupport.removeTemporary(path) }
        let xml = PolicyTestReports.junit(PolicyTestRunner.run(paths: [path]))
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"duly test\" tests=\"1\" failures=\"1\" errors=\"0\">"))
        #expect(xml.contains("<testcase classname=\"\(path)\" name=\"缺课 1 天:班主任劝返\""))
        #expect(xml.contains("<failure message=\"line 19: expected due 对象=S1 行为=劝返 角色=学校, found none"))
        #expect(xml.hasSuffix("</testsuite>\n</testsuites>\n"))
    }

    @Test("versions of a rule apply each in its own period")
    func versions() throws {
        let path = try tree("""
            用例 "五月的函告按旧版本 5 个工作日,九月的按新版本 3 个工作日"
            截至 2024-09-27
            仅限规则 回复期限
            事件
            id,subject,date,type,actor,收到日期
            E1,S1,2024-05-06,函告,TJ-SCH,2024-05-06
            E2,S1,2024-09-27,函告,TJ-SCH,2024-09-27
            应有待办
            对象,行为,截止,状态
            S1,回复,2024-05-11,overdue
            S1,回复,2024-10-08,open
            应有发现
            对象,类型,日期,规则
            S1,missed,2024-05-11,通江县/回复期限@2024-01-01

            """)
        defer { TestSupport.removeTemporary(path) }
        // 05-06 + 5 working days: 05-07, 05-08, 05-09, 05-10, 05-11 (make-up Saturday) → 05-11.
        // 09-27 + 3 working days: 09-29 (make-up Sunday), 09-30, 10-08 → 10-08.
        let policy = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("通江县.duly").path
        try (try String(contentsOfFile: policy, encoding: .utf8) + """

            规则 回复期限 {
              依据 TJ-3
              生效 2024-01-01 至 2024-06-30
              当 函告
              户籍地教育局 须 回复 自 收到日期 起 5个工作日内
            }

            规则 回复期限 {
              依据 TJ-3
              生效 2024-07-01
              当 函告
              户籍地教育局 须 回复 自 收到日期 起 3个工作日内
            }

            """).write(toFile: policy, atomically: true, encoding: .utf8)
        let report = PolicyTestRunner.run(paths: [path])
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.message.en))")
        #expect(report.results.map(\.failures) == [[]])
    }
}
