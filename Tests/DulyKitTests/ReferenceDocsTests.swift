import DulyTestSupport
import Foundation
import Testing
import DulyKit
import DulySource

private let root = TestSupport.packageRoot.path

@Suite("generated reference docs")
struct ReferenceDocsTests {
    @Test("docs/diagnostics.md lists exactly the codes the tool uses", arguments: [
        ("docs/diagnostics.md", ReferenceDocs.diagnostics()),
        ("docs/keywords.md", ReferenceDocs.keywords()),
    ])
    func fresh(path: String, generated: String) throws {
        let full = root + "/" + path
        if TestSupport.isRecording {
            try generated.write(toFile: full, atomically: true, encoding: .utf8)
            Issue.record("rewrote \(path); review it and run again without DULY_RECORD")
            return
        }
        let onDisk = try String(contentsOfFile: full, encoding: .utf8)
        #expect(onDisk == generated, "\(path) is stale: run `duly docs \(path.dropFirst(5).dropLast(3))` > \(path)")
    }

    @Test("diagnostic codes are unique and grouped by phase")
    func uniqueCodes() {
        let ids = DiagnosticCode.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        #expect(ids.allSatisfy { $0.count == 5 && $0.hasPrefix("D") })
    }
}
