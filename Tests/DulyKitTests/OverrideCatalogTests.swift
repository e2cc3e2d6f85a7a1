import DulyTestSupport
import Foundation
import Testing

/// `duly catalog` lists a county's override with the clause of its own document that sets it.
@Suite("overrides in the catalog")
struct OverrideCatalogTests {
    /// A province with a 5-working-day reply and a county that shortens it to 3, citing its own document.
    func tree() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("省"), withIntermediateDirectories: true)
        let vocabulary = try String(contentsOf: CommandLine.root.appendingPathComponent("Tests/DulyCheckTests/Golden/vocabulary.fixture"), encoding: .utf8)
        try vocabulary.write(to: dir.appendingPathComponent("词汇.duly"), atomically: true, encoding: .utf8)
        try """
            政策 测试省 {
              日历 四川
              文件 省文件 {
                文号 "测省教〔2020〕1号"
                涵盖 GZ-7
              }
            }

            参数 回复时限 = 5个工作日

            规则 回复 {
              依据 GZ-7
              当 函告
              户籍地教育局 须 回复 回复时限 内
            }
            """.write(to: dir.appendingPathComponent("省/测试省.duly"), atomically: true, encoding: .utf8)
        try """
            policy 测试县 {
              extends 测试省
              document 县文件 {
                number "测县教〔2021〕2号"
                covers TJ-1
              }
            }

            override 回复时限 = 3 working days cite TJ-1 (第三条) "三个工作日内回复" because "本县要求更快"
            """.write(to: dir.appendingPathComponent("省/测试县.duly"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: CommandLine.root.appendingPathComponent("policies/calendars"),
                                         to: dir.appendingPathComponent("calendars"))
        return dir
    }

    @Test("a stricter override with a citation is listed under its catalog ID and in the overrides table")
    func stricterOverrideWithCitation() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let check = try CommandLine.run(["check", "."], in: dir)
        #expect(check.status == 0, "\(check.out)")
        let r = try CommandLine.run(["catalog", "."], in: dir)
        #expect(r.status == 0, "\(r.err)")
        let golden = CommandLine.root.appendingPathComponent("Tests/DulyKitTests/Fixtures/catalog-override.md").path
        if TestSupport.isRecording {
            try r.out.write(toFile: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded catalog-override.md; review it and run again without DULY_RECORD")
            return
        }
        #expect(r.out == (try String(contentsOfFile: golden, encoding: .utf8)))
        // In Chinese the frame is Chinese; the rules' readings and reasons are the files' own words.
        let zh = try CommandLine.run(["catalog", ".", "--lang", "zh"], in: dir)
        #expect(zh.out.hasPrefix("# 规则目录\n"))
        #expect(zh.out.contains("| 编号 | 辖区 | 文件 | 规则 | 位置 | 可检查 |") && zh.out.contains("## 覆盖"))
        #expect(!zh.out.contains("checkable") && !zh.out.contains("Overrides"))
    }
}
