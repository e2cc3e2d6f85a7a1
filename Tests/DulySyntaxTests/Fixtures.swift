import DulySource
import DulyTestSupport
import Foundation
@testable import DulySyntax

/// The package root, found from this file so tests run from any working directory.
let packageRoot = TestSupport.packageRoot.path

func parse(_ text: String, path: String = "test.duly") -> (FileSyntax, [Diagnostic], SourceFile) {
    let file = SourceFile(path: path, text: text)
    let (syntax, diagnostics) = Parser.parse(file)
    return (syntax, diagnostics, file)
}

/// `path:line:col: code: message` lines, the form golden expectations are written in.
func plain(_ diagnostics: [Diagnostic], _ file: SourceFile) -> [String] {
    diagnostics.sortedForDisplay().map { d in
        let loc = d.span.map { file.location(of: $0.start) }
        return "\(loc.map { "\($0.line):\($0.column)" } ?? "-"): \(d.code.id): \(d.message.en)"
    }
}

/// The example blocks of grammar/duly.ebnf: `(*@example name` … `*)`.
func grammarExamples() throws -> [(name: String, text: String)] {
    let text = try String(contentsOfFile: packageRoot + "/grammar/duly.ebnf", encoding: .utf8)
    var examples: [(String, String)] = []
    var current: (String, [Substring])?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("(*@example ") {
            current = (String(line.dropFirst("(*@example ".count)), [])
        } else if line == "*)", let c = current {
            examples.append((c.0, c.1.joined(separator: "\n") + "\n"))
            current = nil
        } else if current != nil {
            current!.1.append(line)
        }
    }
    return examples
}
