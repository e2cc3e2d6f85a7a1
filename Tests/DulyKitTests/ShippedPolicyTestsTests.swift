import Foundation
import Testing
import DulyKit

/// The policy tests beside the shipped policies run under `swift test` too, so CI runs them.
@Suite("shipped policy tests")
struct ShippedPolicyTestsTests {
    static let report: PolicyTestReport = {
        let policies = CommandLine.root.appendingPathComponent("policies").path
        return PolicyTestRunner.run(paths: [policies])
    }()

    @Test("every case of every *.dulytest file passes")
    func allPass() {
        let report = ShippedPolicyTestsTests.report
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map { "\($0.path): \($0.message.en)" })")
        for r in report.results where !r.passed {
            let detail = r.failures.joined(separator: "\n  ")
            Issue.record(Comment(rawValue: "\(r.file):\(r.line) \(r.name)\n  \(detail)"))
        }
        // Every case written in the files ran: count the case lines independently of the parser.
        let written = report.sources.filter { $0.key.hasSuffix(".dulytest") }.values.reduce(0) { total, file in
            total + file.text.split(separator: "\n").filter { $0.hasPrefix("用例 ") || $0.hasPrefix("case ") }.count
        }
        #expect(report.results.count == written)
        #expect(written == 156)
    }

    @Test("every checkable rule of the shipped policies is exercised by a case")
    func coverage() {
        #expect(ShippedPolicyTestsTests.report.uncovered.map(\.id.rawValue) == [])
    }

    @Test("every policy file with checkable rules has a test file beside it")
    func testFilesBesidePolicies() throws {
        let root = CommandLine.root.appendingPathComponent("policies").path
        for policy in ["四川省/通江县", "贵州省/贵州省", "河南省/上天梯管理区", "甘肃省/临夏州", "云南省/楚雄州"] {
            #expect(FileManager.default.fileExists(atPath: "\(root)/\(policy).dulytest"), "\(policy).dulytest is missing")
        }
    }
}
