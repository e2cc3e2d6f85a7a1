import DulyKit
import DulyModel
import Foundation
import Testing

@Suite("assumed school calendars in duly check")
struct SchoolCalendarCheckTests {
    @Test("check lists the policies whose teaching-day rules rest on an assumed school calendar, and still passes")
    func listed() throws {
        let en = try CommandLine.run(["check", "policies"])
        #expect(en.status == 0, "\(en.err)")
        #expect(en.err.contains("note: these policies count teaching days or terms on an assumed school calendar"))
        #expect(en.err.contains("贵州省 (calendar 贵州): 9 rules: 教育部/建档立卡应返尽返, 教育部/开学专项行动, 教育部/开学前县教育局联系, 教育部/开学前学校联系, 贵州省/半月检查, 贵州省/日调度, 贵州省/逐日登记, 贵州省/秋季入学跟踪, 贵州省/开学前宣传"))
        #expect(en.err.contains("通江县 (calendar 四川): 5 rules: 教育部/建档立卡应返尽返, 教育部/开学专项行动, 教育部/开学前县教育局联系, 教育部/开学前学校联系, 通江县/一三五七"))
        let zh = try CommandLine.run(["check", "policies"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.status == 0)
        #expect(zh.err.contains("提示:以下规则按假定的校历"))
        #expect(zh.err.contains("贵州省(日历 贵州):9 条规则:教育部/建档立卡应返尽返、教育部/开学专项行动、教育部/开学前县教育局联系、教育部/开学前学校联系、贵州省/半月检查、贵州省/日调度、贵州省/逐日登记、贵州省/秋季入学跟踪、贵州省/开学前宣传"))
    }

    @Test("a policy whose calendar has no assumed entry, or whose rules count no teaching day, is not listed")
    func notListed() throws {
        let report = PolicyCheck.run(paths: [CommandLine.root.appendingPathComponent("policies").path])
        let names = report.assumedCalendars.map(\.jurisdiction.rawValue)
        #expect(!names.contains("教育部"), "the national calendar has no school calendar")
        #expect(names.contains("贵州省"))

        // A tree whose 贵州 校历 is published for every year lists nothing for 贵州省.
        let tree = NSTemporaryDirectory() + "duly-published-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: tree) }
        try FileManager.default.copyItem(atPath: CommandLine.root.appendingPathComponent("policies").path, toPath: tree)
        let cal = tree + "/calendars/贵州/school.cal"
        let text = try String(contentsOfFile: cal, encoding: .utf8)
        try text.replacingOccurrences(of: "source: assumption", with: "source: 贵州省教育厅校历").write(toFile: cal, atomically: true, encoding: .utf8)
        let published = PolicyCheck.run(paths: [tree])
        #expect(published.errorCount == 0)
        #expect(!published.assumedCalendars.map(\.jurisdiction.rawValue).contains("贵州省"))
        #expect(published.assumedCalendars.map(\.jurisdiction.rawValue).contains("通江县"))
    }
}
