import Testing
import DulySource
@testable import DulySyntax

@Suite("grammar examples")
struct GrammarExampleTests {
    @Test("the grammar has examples of every construct")
    func hasExamples() throws {
        #expect(try grammarExamples().count >= 7)
    }

    @Test("every example in the grammar parses without a diagnostic", arguments: try! grammarExamples().map(\.name))
    func exampleParses(name: String) throws {
        let example = try #require(try grammarExamples().first { $0.name == name })
        let (syntax, diagnostics, file) = parse(example.text, path: "grammar/\(name)")
        #expect(plain(diagnostics, file) == [])
        #expect(!syntax.items.isEmpty)
    }
}
