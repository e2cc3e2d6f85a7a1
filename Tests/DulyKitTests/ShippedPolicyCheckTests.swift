import Foundation
import Testing
import DulyKit
import DulyModel
import DulySource

private let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("policies").path

@Suite("shipped policy tree")
struct ShippedPolicyCheckTests {
    static let report = PolicyCheck.run(paths: [policies])

    @Test("duly check policies finds no errors")
    func noErrors() {
        let errors = ShippedPolicyCheckTests.report.diagnostics.filter(\.isError)
        #expect(errors.map { "\($0.path): \($0.code.id) \($0.message.en)" } == [])
    }

    @Test("the only warnings are unquantified terms awaiting a jurisdiction's definition")
    func onlyTermWarnings() {
        let other = ShippedPolicyCheckTests.report.diagnostics.filter { $0.code != .unquantifiedTerm }
        #expect(other.isEmpty)
    }

    @Test("every jurisdiction of the seeds is in the tree, with its parent")
    func hierarchy() throws {
        let program = try #require(ShippedPolicyCheckTests.report.program)
        let expected: [(String, String?)] = [
            ("教育部", nil), ("云南省", "教育部"), ("楚雄州", "云南省"), ("贵州省", "教育部"),
            ("河南省", "教育部"), ("信阳市", "河南省"), ("上天梯管理区", "信阳市"),
            ("甘肃省", "教育部"), ("临夏州", "甘肃省"), ("四川省", "教育部"), ("巴中市", "四川省"), ("通江县", "巴中市"),
        ]
        for (name, parent) in expected {
            let j = try #require(program.jurisdictions[JurisdictionName(name)], "missing \(name)")
            #expect(j.parent.map(\.rawValue) == parent, "\(name) should extend \(parent ?? "nothing")")
        }
    }

    @Test("通江县 inherits the national rules through 巴中市 and 四川省")
    func inheritance() throws {
        let program = try #require(ShippedPolicyCheckTests.report.program)
        let rules = program.effectiveRules(for: "通江县")
        #expect(rules.contains { $0.jurisdiction == "教育部" })
        #expect(rules.contains { $0.name == "一三五七" && $0.jurisdiction == "通江县" })
        #expect(program.calendar(for: "通江县") == "四川")
    }
}
