import ArgumentParser
import DulyKit

/// `duly docs`: the generated references, so the docs cannot drift from the code.
struct DocsCommand: ParsableCommand {
    enum Help {
        static let abstract = Words(en: "Print a generated reference (the source of docs/diagnostics.md and docs/keywords.md).",
                                    zh: "输出自动生成的参考文档(docs/diagnostics.md 和 docs/keywords.md 即由此生成)。")
        static let discussion = Words(
            en: """
                Examples:
                  duly docs diagnostics > docs/diagnostics.md
                  duly docs keywords --out keywords.md
                """,
            zh: """
                示例:
                  duly docs diagnostics > docs/diagnostics.md
                  duly docs keywords --out keywords.md
                """)
        static let reference = Words(en: "diagnostics or keywords", zh: "diagnostics(诊断代码一览)或 keywords(关键字一览)")
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "docs", abstract: Help.abstract.shown, discussion: helpPage(Help.discussion))
    }

    enum Reference: String, ExpressibleByArgument, CaseIterable {
        case diagnostics, keywords
    }

    @Argument(help: .words(Help.reference))
    var reference: Reference

    @OptionGroup var messages: MessageOptions

    @OptionGroup var output: OutputFileOptions

    func run() throws {
        let destination = try ReportOutput.prepare(output.out, force: output.force, inputs: [], language: messages.language)
        switch reference {
        case .diagnostics: try destination.write(ReferenceDocs.diagnostics())
        case .keywords: try destination.write(ReferenceDocs.keywords())
        }
    }
}
