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

/// The example blocks of grammar/duly.ebnf.
func grammarExamples() -> [(name: String, text: String)] { TestSupport.grammarExamples() }
