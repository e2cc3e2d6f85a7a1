import DulySource
import DulySyntax
import DulyTestSupport
import Foundation

/// The package root, found from this file so tests run from any working directory.
let packageRoot = TestSupport.packageRoot.path

func parse(_ text: String, path: String = "test.duly") -> (syntax: FileSyntax, diagnostics: [Diagnostic]) {
    Parser.parse(SourceFile(path: path, text: text))
}

/// `line:col: code: message` lines, so a failed expectation shows what the parser said.
func plain(_ diagnostics: [Diagnostic], in text: String) -> [String] {
    let file = SourceFile(path: "test.duly", text: text)
    return diagnostics.sortedForDisplay().map { d in
        let loc = d.span.map { file.location(of: $0.start) }
        return "\(loc.map { "\($0.line):\($0.column)" } ?? "-"): \(d.code.id): \(d.message.en)"
    }
}

/// The example blocks of grammar/duly.ebnf.
func grammarExamples() -> [(name: String, text: String)] { TestSupport.grammarExamples() }

/// Every `*.duly` file under `root`, sorted, as paths relative to `root`.
func dulyFiles(under root: String) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    var found: [String] = []
    while let path = walker.nextObject() as? String {
        if path.hasSuffix(".duly") { found.append(path) }
    }
    return found.sorted()
}

/// The policy files of this package (`policies/**/*.duly`), relative to the package root.
func policyFiles() -> [String] {
    dulyFiles(under: packageRoot + "/policies").map { "policies/" + $0 }
}

/// The `duly` code blocks of the language reference and the guide, each as a file that parses
/// cleanly: as written, or wrapped in the block its clauses belong to (a block may show only the
/// clauses of a rule). Blocks fenced as another language are prose and are skipped.
func documentationExamples() -> [(name: String, text: String)] {
    var examples: [(String, String)] = []
    for doc in ["docs/language.md", "docs/language.zh.md", "docs/guide.zh.md"] {
        guard let text = try? String(contentsOfFile: packageRoot + "/" + doc, encoding: .utf8) else { continue }
        var current: [Substring]?
        var startLine = 0
        var fence = ""
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.hasPrefix("```") else {
                current?.append(line)
                continue
            }
            guard let lines = current else {
                current = []
                startLine = i + 1
                fence = String(line.dropFirst(3))
                continue
            }
            current = nil
            guard fence.isEmpty || fence == "duly" else { continue }
            let block = lines.joined(separator: "\n") + "\n"
            let wrappings = [block] + ["规则", "升级", "词汇", "政策"].map { "\($0) 示例 {\n" + block + "}\n" }
            if let clean = wrappings.first(where: { parse($0).diagnostics.isEmpty }) {
                examples.append(("\(doc):\(startLine)", clean))
            }
        }
    }
    return examples
}

/// Every input the laws are checked against by name: grammar examples, documentation examples,
/// policy files and the golden inputs, each with its text.
func namedInputs() -> [(name: String, text: String)] {
    var inputs = grammarExamples().map { (name: "grammar: \($0.name)", text: $0.text) }
    inputs += documentationExamples()
    for path in policyFiles() {
        if let text = try? String(contentsOfFile: packageRoot + "/" + path, encoding: .utf8) {
            inputs.append((name: path, text: text))
        }
    }
    for name in goldenNames() {
        if let text = try? String(contentsOfFile: goldenDirectory + "/\(name).input.duly", encoding: .utf8) {
            inputs.append((name: "golden: \(name)", text: text))
        }
    }
    return inputs
}

let goldenDirectory = packageRoot + "/Tests/DulyFormatTests/Golden"

/// The names of the golden cases: `Golden/NAME.input.duly`.
func goldenNames() -> [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: goldenDirectory)) ?? []
    return files.filter { $0.hasSuffix(".input.duly") }.map { String($0.dropLast(".input.duly".count)) }.sorted()
}
