import ArgumentParser
import DulyKit
import DulySource

/// `duly catalog`: the catalog of policy clauses and the rules that encode them, as Markdown.
struct CatalogCommand: ParsableCommand {
    enum Help {
        static let abstract = Words(en: "Print every catalog ID with the rule that encodes it (the source of docs/policies.md).",
                                    zh: "列出每个目录编号及实现它的规则(docs/policies.md 即由此生成)。")
        static let discussion = Words(
            en: """
                The catalog is Markdown, written to standard output or, with --out, to a file.

                Examples:
                  duly catalog policies --lang en > docs/policies.md
                  duly catalog policies --out catalog.md
                """,
            zh: """
                目录为 Markdown 格式,写到标准输出;加 --out 时写入文件。

                示例:
                  duly catalog policies --lang en > docs/policies.md
                  duly catalog policies --out catalog.md
                """)
        static let paths = Words(en: "The policy tree.", zh: "政策树(政策文件夹)。")
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "catalog", abstract: Help.abstract.shown,
                             discussion: helpPage(Help.discussion, ExitStatus.words))
    }

    @Argument(help: .words(Help.paths), completion: .directory)
    var paths: [String] = ["policies"]

    @OptionGroup var messages: MessageOptions

    @OptionGroup var output: OutputFileOptions

    func run() throws {
        let destination = try ReportOutput.prepare(output.out, force: output.force, inputs: paths, language: messages.language)
        let report = PolicyCheck.run(paths: paths)
        // A path that does not exist is bad usage, as for every command.
        if report.diagnostics.contains(where: { $0.code == .unreadableFile && $0.span == nil && !report.requestedFiles.contains($0.path) }) {
            printError(DiagnosticRenderer(style: .plain, language: messages.language, files: [:]).render(report.diagnostics.filter { $0.code == .unreadableFile }))
            throw ExitStatus.usage.code
        }
        guard let program = report.program, report.errorCount == 0 else {
            printError(DiagnosticRenderer(style: .human, language: messages.language, files: report.sources).render(report.diagnostics.filter(\.isError)))
            throw ExitStatus.problemsFound.code
        }
        try destination.write(PolicyCatalog.markdown(program, sources: report.sources, language: messages.language))
    }
}
