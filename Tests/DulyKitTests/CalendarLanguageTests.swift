import Foundation
import Testing

/// `duly calendar` speaks the user's language: the worked examples of the day-counting rules give
/// the same last day in both, and the Chinese wording carries no English sentence.
@Suite("calendar in Chinese")
struct CalendarLanguageTests {
    @Test("the worked examples give the same last day in English and Chinese, and the Chinese explains in Chinese", arguments: [
        ("2024-09-27", "5个工作日", "2024-10-10", "09-29 调休上班"),
        ("2024-09-29", "7天", "2024-10-08", "顺延至下一个工作日 2024-10-08"),
        ("2024-04-01", "6天", "2024-04-07", "末日 04-07"),
        ("2023-09-28", "7天", "2023-10-07", "顺延至下一个工作日 2023-10-07(调休上班)"),
        ("2025-01-29", "3个工作日", "2025-02-07", "从下一个工作日起计"),
        ("2024-01-31", "1个月", "2024-02-29", "没有对应日,以该月最后一日 02-29 为末日"),
    ])
    func workedExamples(start: String, period: String, last: String, phrase: String) throws {
        let en = try CommandLine.run(["calendar", "add", start, period])
        let zh = try CommandLine.run(["calendar", "add", start, period, "--lang", "zh"])
        #expect(en.status == 0 && zh.status == 0)
        #expect(en.out.hasPrefix(last + "  ("))
        #expect(zh.out.hasPrefix(last + "  ("))
        #expect(zh.out.contains(phrase), "\(zh.out)")
        for english in ["after", "working day", "moved", "last day", "corresponding", "rest day", "holiday"] {
            #expect(!zh.out.contains(english), "`\(english)` in \(zh.out)")
        }
    }

    @Test("the month sheet's header, terms and legend follow LANG")
    func monthSheet() throws {
        let zh = try CommandLine.run(["calendar", "show", "2024-09", "--calendar", "贵州"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.status == 0)
        #expect(zh.out.contains("日历 `贵州`") && zh.out.contains("图例:休 法定节假日") && zh.out.contains("学期 2024-09-01"))
        #expect(!zh.out.contains("legend") && !zh.out.contains("term "))
        let en = try CommandLine.run(["calendar", "show", "2024-09", "--calendar", "贵州"])
        #expect(en.out.contains("legend: 休 statutory holiday"))
    }
}
