import Foundation
import Testing
import DulySource
@testable import DulySyntax

@Suite("grammar examples")
struct GrammarExampleTests {
    @Test("the grammar has examples of every construct")
    func hasExamples() throws {
        #expect(grammarExamples().count == 12)
    }

    @Test("every example in the grammar parses without a diagnostic", arguments: grammarExamples().map(\.name))
    func exampleParses(name: String) throws {
        let example = try #require(grammarExamples().first { $0.name == name })
        let (syntax, diagnostics, file) = parse(example.text, path: "grammar/\(name)")
        #expect(plain(diagnostics, file) == [])
        #expect(!syntax.items.isEmpty)
    }
}

@Suite("shipped policies")
struct ShippedPolicyParseTests {
    static func policyFiles() -> [String] {
        let root = packageRoot + "/policies"
        let e = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        while let p = e?.nextObject() as? String { if p.hasSuffix(".duly") { files.append(p) } }
        return files.sorted()
    }

    @Test("the policy tree holds the vocabulary and every seed jurisdiction")
    func present() {
        let files = ShippedPolicyParseTests.policyFiles()
        #expect(files.contains("控辍保学.duly"))
        #expect(files.contains("四川省/通江县.duly"))
        #expect(files.count == 13)
    }

    @Test("every file in policies/ parses without a diagnostic", arguments: ShippedPolicyParseTests.policyFiles())
    func parses(relative: String) throws {
        let text = try String(contentsOfFile: packageRoot + "/policies/" + relative, encoding: .utf8)
        let (syntax, diagnostics, file) = parse(text, path: relative)
        #expect(plain(diagnostics, file) == [])
        #expect(!syntax.items.isEmpty)
    }
}
