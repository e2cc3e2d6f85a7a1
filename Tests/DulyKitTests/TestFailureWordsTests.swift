import DulyData
import DulyKit
import DulyModel
import DulySource
import DulyTime
import Foundation
import Testing

@Suite("policy-test failures in both languages")
struct TestFailureWordsTests {
    static let issue = DataIssue(file: "events.csv", row: 3, column: "date", code: .badDate, en: "invalid date `2024-02-30`", zh: "日期 `2024-02-30` 无效")
    static let problem = EvaluationProblem(.noCalendar(JurisdictionName("贵州省")))

    /// One failure of each kind; `index` numbers the kinds and stops compiling when one is added.
    static let samples: [TestFailure] = [
        .noAsOf,
        .unreadableData(LocalizedText(en: "`x` is not a folder of case data", zh: "`x` 不是案例数据文件夹")),
        .badData(line: 16, issue),
        .badData(line: nil, issue),
        .problem(problem),
        .unknownRule(line: 11, name: "一二三"),
        .unknownColumn(line: 19, .due, column: "颜色"),
        .notFound(line: 20, .finding, expected: "类型=missed 规则=贵州省/户籍地回复",
                  closest: [[ResultCell(column: "kind", value: "late"), ResultCell(column: "rule", value: "贵州省/户籍地回复")]]),
        .unexpected(.due, [ResultCell(column: "due", value: "2024-10-10"), ResultCell(column: "action", value: "回复")]),
    ]
    static let kinds = 8
    static func index(_ f: TestFailure) -> Int {
        switch f {
        case .noAsOf: 0
        case .unreadableData: 1
        case .badData: 2
        case .problem: 3
        case .unknownRule: 4
        case .unknownColumn: 5
        case .notFound: 6
        case .unexpected: 7
        }
    }

    @Test("every kind of failure reads in Chinese, without an English sentence, and in English as before")
    func everyKind() {
        #expect(Set(Self.samples.map(Self.index)) == Set(0..<Self.kinds))
        for f in Self.samples {
            let zh = PolicyTestReports.failure(f, .zh), en = PolicyTestReports.failure(f, .en)
            #expect(zh != en)
            // Values the author wrote (a quoted path in an unreadable-data error) stay as written.
            let prose = zh.replacingOccurrences(of: #"`[^`]*`"#, with: "", options: .regularExpression)
            #expect(prose.range(of: #"[A-Za-z]{2,}[,;:'()]*\s+[A-Za-z]{2,}"#, options: .regularExpression) == nil, "\(zh)")
        }
        #expect(PolicyTestReports.failure(.badData(line: 16, Self.issue), .en) == "bad test data: line 16: invalid date `2024-02-30`")
        #expect(PolicyTestReports.failure(.badData(line: 16, Self.issue), .zh) == "测试数据有误:第 16 行:日期 `2024-02-30` 无效")
        #expect(PolicyTestReports.failure(.badData(line: nil, Self.issue), .en)
                == "bad test data: events.csv:3: column date: bad-date: invalid date `2024-02-30`")
        #expect(PolicyTestReports.failure(.problem(Self.problem), .zh) == "评判问题:贵州省 指定的日历没有加载")
        #expect(PolicyTestReports.failure(Self.samples[8], .en) == "unexpected due: due=2024-10-10 action=回复")
        #expect(PolicyTestReports.failure(Self.samples[8], .zh) == "多出的待办:截止=2024-10-10 行为=回复")
    }
}
