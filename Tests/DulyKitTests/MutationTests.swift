import DulyTestSupport
import Foundation
import Testing
import DulyKit
import DulySource

/// Realistic mistakes applied one at a time to a copy of the shipped policy tree: `duly check`
/// must fail on each with the right code. The unmutated copy must pass, so a failure is the
/// mistake's doing.
@Suite("policy mutations", .serialized)
struct MutationTests {
    static let shipped = TestSupport.packageRoot.appendingPathComponent("policies")

    struct Mutation: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var transform: @Sendable (String) -> String
        var code: String
        var testDescription: String { name }
    }

    /// Replaces `old` with `new` exactly once; a mutation that no longer applies must fail loudly.
    static func replacing(_ old: String, _ new: String) -> @Sendable (String) -> String {
        { text in
            precondition(text.components(separatedBy: old).count == 2, "mutation target `\(old)` must occur once")
            return text.replacingOccurrences(of: old, with: new)
        }
    }

    static let guizhouCounty = """
        policy 某县 {
          extends 贵州省
        }

        """

    static let mutations: [Mutation] = [
        Mutation(name: "a county lengthens the province's 5-working-day reply limit", file: "贵州省/某县.duly",
                 transform: { _ in guizhouCounty + "override 回复时限 = 10 working days\n" }, code: "D0502"),
        Mutation(name: "a county replaces the reply rule with a longer deadline", file: "贵州省/某县.duly",
                 transform: { _ in guizhouCounty + "rule 户籍地回复 {\n  cite GZ-7\n  when 函告\n  户籍地政府 or 户籍地教育局 must 回复 to 学籍地教育局 and 学校 within 8 working days after 收到日期\n}\n" }, code: "D0502"),
        Mutation(name: "a county drops the no-refusal prohibition as uncheckable", file: "贵州省/某县.duly",
                 transform: { _ in guizhouCounty + "uncheckable 不得拒收 {\n  cite GZ-8\n  reason \"not recorded here\"\n}\n" }, code: "D0502"),
        Mutation(name: "a county checks schools monthly instead of half-monthly", file: "贵州省/某县.duly",
                 transform: { _ in guizhouCounty + "rule 半月检查 {\n  cite GZ-1\n  for each managed 学校\n  乡镇中心校 must 检查学校 every month\n}\n" }, code: "D0502"),
        Mutation(name: "a county moves the ledger deadline from 30 September to 31 October", file: "贵州省/某县.duly",
                 transform: { _ in guizhouCounty + "rule 更新就读台账 {\n  cite GZ-11\n  县政府 must 更新就读台账 every year by 10-31 (inclusive, not rolling)\n}\n" }, code: "D0502"),
        Mutation(name: "the 1357 steps are listed out of order", file: "四川省/通江县.duly",
                 transform: replacing("第 1 天 {", "第 9 天 {"), code: "D0504"),
        Mutation(name: "a rule cites a requirement the document does not have", file: "四川省/通江县.duly",
                 transform: replacing("依据 TJ-1 \"建立“1357”报告制度\"", "依据 TJ-9 \"建立“1357”报告制度\""), code: "D0510"),
        Mutation(name: "a requirement of the document loses its rule", file: "四川省/通江县.duly",
                 transform: { text in String(text[..<(text.range(of: "规则 小学包送包核")?.lowerBound ?? text.endIndex)]) }, code: "D0511"),
        Mutation(name: "a role is misspelt", file: "四川省/通江县.duly",
                 transform: replacing("班主任 须 及时 劝返", "班主人 须 及时 劝返"), code: "D0201"),
        Mutation(name: "an event type is misspelt", file: "四川省/通江县.duly",
                 transform: replacing("计数 连续 教学日 缺课", "计数 连续 教学日 缺勤"), code: "D0202"),
        Mutation(name: "a province extends its own county", file: "四川省/四川省.duly",
                 transform: replacing("继承 教育部", "继承 通江县"), code: "D0401"),
        Mutation(name: "a city names its parent wrongly", file: "四川省/巴中市.duly",
                 transform: replacing("继承 四川省", "继承 四川"), code: "D0205"),
        Mutation(name: "a county counts teaching days in a calendar without terms", file: "四川省/通江县.duly",
                 transform: replacing("日历 四川", "日历 national"), code: "D0509"),
        Mutation(name: "a province adds a second reply rule with another deadline", file: "贵州省/贵州省.duly",
                 transform: { $0 + "\nrule 户籍地再回复 {\n  cite GZ-7\n  when 函告 where 学生.户籍县 != 学生.学籍县 and 学生.户籍省 == 学生.学籍省\n  户籍地政府 or 户籍地教育局 must 回复 to 学籍地教育局 and 学校 within 3 working days after 收到日期\n}\n" }, code: "D0506"),
        Mutation(name: "an uncheckable requirement loses its reason", file: "四川省/通江县.duly",
                 transform: replacing("  原因 \"为每位干部划定负责的片区或群体;没有规定案例数据能够反映的行为、次数或期限\"\n  reason \"assigns each official an area or group to answer for; it names no act, count or deadline that case data could show\"\n", ""), code: "D0315"),
        Mutation(name: "a deadline loses its unit", file: "河南省/上天梯管理区.duly",
                 transform: replacing("= 1周", "= 1"), code: "D0107"),
    ]

    func copyOfShippedTree() throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("duly-mutation-\(UUID().uuidString)/policies")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: MutationTests.shipped, to: copy)
        return copy
    }

    @Test("the unmutated copy checks clean")
    func baseline() throws {
        let copy = try copyOfShippedTree()
        defer { TestSupport.removeTemporary(copy) }
        #expect(PolicyCheck.run(paths: [copy.path]).errorCount == 0)
    }

    @Test("duly check fails on each mistake with the right code", arguments: MutationTests.mutations)
    func mutation(_ m: Mutation) throws {
        let copy = try copyOfShippedTree()
        defer { TestSupport.removeTemporary(copy) }
        let file = copy.appendingPathComponent(m.file)
        let original = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        try m.transform(original).write(to: file, atomically: true, encoding: .utf8)
        let report = PolicyCheck.run(paths: [copy.path])
        let errors = report.diagnostics.filter(\.isError)
        // Exactly the mistake's code, and reported in the file the mistake was made in.
        #expect(Set(errors.map(\.code.id)) == [m.code], "expected only \(m.code), got \(errors.map { "\($0.code.id) \($0.path)" })")
        #expect(errors.contains { $0.code.id == m.code && $0.path.hasSuffix("/" + m.file) })
    }
}
