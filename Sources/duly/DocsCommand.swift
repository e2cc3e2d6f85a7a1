import ArgumentParser
import DulyKit

struct DocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Print a generated reference (the source of docs/diagnostics.md and docs/keywords.md).",
        discussion: """
            Example:
              duly docs diagnostics > docs/diagnostics.md
            """
    )

    enum Reference: String, ExpressibleByArgument, CaseIterable {
        case diagnostics, keywords
    }

    @Argument(help: "diagnostics or keywords")
    var reference: Reference

    func run() {
        switch reference {
        case .diagnostics: print(ReferenceDocs.diagnostics(), terminator: "")
        case .keywords: print(ReferenceDocs.keywords(), terminator: "")
        }
    }
}
