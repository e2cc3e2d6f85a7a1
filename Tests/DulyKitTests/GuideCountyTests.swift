import DulyTestSupport
import Foundation
import Testing
import DulyKit

/// The county the Chinese guide builds step by step (its header, its stricter override, its own
/// rules) is put beside the shipped policies and checked: what the guide teaches must check
/// clean, and the laxer value it warns against must be the error it says.
@Suite("the guide's county")
struct GuideCountyTests {
    static let root = TestSupport.packageRoot

    /// The guide's fenced `duly` blocks (not ```text) that form the county's file.
    static func countyFile() throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent("docs/guide.zh.md"), encoding: .utf8)
        var blocks: [String] = [], current: [Substring]?, fence = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let c = current {
                    if fence.isEmpty || fence == "duly" { blocks.append(c.joined(separator: "\n")) }
                    current = nil
                } else {
                    current = []
                    fence = String(line.dropFirst(3))
                }
            } else if current != nil {
                current!.append(line)
            }
        }
        let header = try #require(blocks.first { $0.contains("政策 某某县") })
        let county = blocks.filter { b in
            b.hasPrefix("覆盖 回复时限 = 3个工作日") || b.contains("依据 MX-")
        }
        #expect(county.count >= 3, "the override, the stricter rule and the county's own rules")
        return ([header] + county).joined(separator: "\n\n") + "\n"
    }

    static func check(_ file: String) throws -> PolicyCheckReport {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-guide-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: root.appendingPathComponent("policies"), to: dir)
        try file.write(to: dir.appendingPathComponent("贵州省/某某县.duly"), atomically: true, encoding: .utf8)
        return PolicyCheck.run(paths: [dir.path])
    }

    @Test("the county the guide writes checks clean beside the shipped policies")
    func checksClean() throws {
        let report = try Self.check(try Self.countyFile())
        #expect(report.errorCount == 0, "\(report.diagnostics.filter(\.isError).map { "\($0.code.id) \($0.message.en)" })")
    }

    @Test("the laxer reply limit the guide warns about is D0502, and its suppression is D0512")
    func laxerIsAnError() throws {
        let laxer = try Self.countyFile().replacingOccurrences(of: "覆盖 回复时限 = 3个工作日", with: "覆盖 回复时限 = 7个工作日")
        let report = try Self.check(laxer)
        #expect(report.diagnostics.contains { $0.code.id == "D0502" })
        let suppressed = laxer.replacingOccurrences(of: "覆盖 回复时限 = 7个工作日", with: "# duly: 允许 D0502 \"经省教育厅批复同意\"\n覆盖 回复时限 = 7个工作日")
        let again = try Self.check(suppressed)
        #expect(again.diagnostics.contains { $0.code.id == "D0502" } && again.diagnostics.contains { $0.code.id == "D0512" })
    }
}
