import DulyFormat
import DulySource
import DulySyntax
import Foundation
import Testing

@Suite("formatter laws on real inputs")
struct LawTests {
    @Test("there are grammar examples to check the laws against")
    func hasExamples() {
        #expect(grammarExamples().count == 12)
    }

    @Test("formatting is idempotent, reads back to the same tree and keeps every comment", arguments: namedInputs().map(\.name))
    func lawsHold(name: String) throws {
        let input = try #require(namedInputs().first { $0.name == name })
        let (tree, diagnostics) = parse(input.text)
        #expect(plain(diagnostics, in: input.text) == [])
        let violations = checkLaws(tree, commentsIn: commentCount(input.text))
        #expect(violations.isEmpty, "\(violations)")
    }

    /// Policy files may live in another checkout while they are being written; set
    /// `DULY_POLICIES=/path/to/policies` to check them without copying them here.
    @Test("the laws hold for the policy files named by DULY_POLICIES",
          .enabled(if: ProcessInfo.processInfo.environment["DULY_POLICIES"] != nil, "set DULY_POLICIES to run it"))
    func externalPolicies() throws {
        let root = try #require(ProcessInfo.processInfo.environment["DULY_POLICIES"])
        let files = dulyFiles(under: root)
        #expect(!files.isEmpty, "no .duly files under \(root)")
        for path in files {
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            let (tree, diagnostics) = parse(text)
            #expect(plain(diagnostics, in: text) == [], "\(path)")
            let violations = checkLaws(tree, commentsIn: commentCount(text))
            #expect(violations.isEmpty, "\(path)\n\(violations)")
        }
    }
}
