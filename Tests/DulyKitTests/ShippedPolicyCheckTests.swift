import DulyTestSupport
import Foundation
import Testing
import DulyKit
import DulyModel
import DulySource

private let policies = TestSupport.packageRoot.appendingPathComponent("policies").path

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

@Suite("the catalog table")
struct CatalogTableTests {
    /// The catalog of the source documents (the seeds README), every ID the policies must encode.
    /// The 68 IDs of the revised catalog in the source documents' README.
    static let seedsCatalog: [String] = {
        let ids =
        (1...20).map { "GZ-\($0)" } + (1...14).map { "ST-\($0)" } + (1...7).map { "LX-\($0)" } + (1...6).map { "TJ-\($0)" }
        + (1...16).map { "MOE-\($0)" } + ["YN-1"] + (1...4).map { "CX-\($0)" }
        precondition(ids.count == 68)
        return ids
    }()

    @Test("docs/policies.md is what `duly catalog policies` prints")
    func fresh() throws {
        let report = ShippedPolicyCheckTests.report
        let program = try #require(report.program)
        // Paths in the table are as `duly catalog policies` prints them, relative to the package root.
        var sources: [String: SourceFile] = [:]
        let root = URL(fileURLWithPath: policies).deletingLastPathComponent().path + "/"
        for (path, file) in report.sources { sources[path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path] = file }
        var relative = program
        for (name, j) in program.jurisdictions {
            var j = j
            j.rules = j.rules.map { rule in
                var rule = rule
                if rule.place.path.hasPrefix(root) { rule.place.path = String(rule.place.path.dropFirst(root.count)) }
                return rule
            }
            relative.jurisdictions[name] = j
        }
        let generated = PolicyCatalog.markdown(relative, sources: sources)
        let path = root + "docs/policies.md"
        if TestSupport.isRecording {
            try generated.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("rewrote docs/policies.md; review it and run again without DULY_RECORD")
            return
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == generated, "docs/policies.md is stale: run `duly catalog policies > docs/policies.md`")
    }

    @Test("every ID of the seeds catalog is encoded by a rule, checkable or not")
    func everyID() throws {
        let program = try #require(ShippedPolicyCheckTests.report.program)
        let entries = PolicyCatalog.entries(program)
        #expect(Set(entries.map(\.id.rawValue)) == Set(CatalogTableTests.seedsCatalog))
        for e in entries { #expect(!e.rules.isEmpty, "\(e.id) has no rule") }
    }
}
