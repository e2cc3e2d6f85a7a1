import Foundation
import Testing
import DulySource
@testable import DulySyntax

/// The code blocks of the language reference and the guide. A block is valid when it parses as
/// a file, as the clauses of a rule, or as the clauses of a vocabulary; blocks fenced as
/// ```text are prose (formats, command lines) and are skipped.
func documentationBlocks() -> [(id: String, text: String)] {
    var blocks: [(String, String)] = []
    for doc in ["docs/language.md", "docs/language.zh.md", "docs/guide.zh.md"] {
        guard let text = try? String(contentsOfFile: packageRoot + "/" + doc, encoding: .utf8) else { continue }
        var current: [Substring]?
        var startLine = 0
        var fence = ""
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") {
                if current == nil {
                    current = []
                    startLine = i + 1
                    fence = String(line.dropFirst(3))
                } else {
                    if fence.isEmpty || fence == "duly" { blocks.append(("\(doc):\(startLine)", current!.joined(separator: "\n") + "\n")) }
                    current = nil
                }
            } else if current != nil {
                current!.append(line)
            }
        }
    }
    return blocks
}

@Suite("documentation examples")
struct DocumentationExampleTests {
    @Test("the reference has examples")
    func hasBlocks() { #expect(documentationBlocks().count == 100) }

    @Test("every example in the docs parses", arguments: documentationBlocks().map(\.id))
    func parses(id: String) throws {
        let block = try #require(documentationBlocks().first { $0.id == id })
        let attempts = [
            block.text,
            "规则 示例 {\n" + block.text + "}\n",
            "升级 示例 {\n" + block.text + "}\n",
            "词汇 示例 {\n" + block.text + "}\n",
            "政策 示例 {\n" + block.text + "}\n",
        ]
        var first: [String] = []
        for (n, attempt) in attempts.enumerated() {
            let (_, diagnostics, file) = parse(attempt, path: id)
            if diagnostics.isEmpty { return }
            if n == 0 { first = plain(diagnostics, file) }
        }
        Issue.record("\(id) does not parse: \(first)")
    }
}
