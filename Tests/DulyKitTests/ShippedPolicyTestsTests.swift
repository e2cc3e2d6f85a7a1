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
            let detail = r.failures.map { PolicyTestReports.failure($0, .en) }.joined(separator: "\n  ")
            Issue.record(Comment(rawValue: "\(r.file):\(r.line) \(r.name)\n  \(detail)"))
        }
        // Every case written in the files ran: count the case lines independently of the parser.
        let written = report.sources.filter { $0.key.hasSuffix(".dulytest") }.values.reduce(0) { total, file in
            total + file.text.split(separator: "\n").filter { $0.hasPrefix("用例 ") || $0.hasPrefix("case ") }.count
        }
        #expect(report.results.count == written)
        #expect(written == 309)
    }

    @Test("every checkable rule of the shipped policies is exercised by a case")
    func coverage() {
        #expect(ShippedPolicyTestsTests.report.uncovered.map(\.id.rawValue) == [])
    }

    @Test("every policy file with checkable rules, but the root's, has a test file beside it")
    func testFilesBesidePolicies() throws {
        // The national rules are tested through a jurisdiction that inherits them (楚雄州).
        let program = try #require(ShippedPolicyCheckTests.report.program)
        let needing = program.jurisdictions.values.filter { j in
            j.parent != nil && j.rules.contains { if case .uncheckable = $0.body { return false } else { return true } }
        }.map(\.place.path)
        #expect(needing.count == 4)
        for policy in needing {
            let test = (policy as NSString).deletingPathExtension + ".dulytest"
            #expect(FileManager.default.fileExists(atPath: test), "\(test) is missing")
        }
    }
}
