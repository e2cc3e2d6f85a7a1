import ArgumentParser
import DulyKit
import DulySource

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Print every catalog ID with the rule that encodes it (the source of docs/policies.md).",
        discussion: """
            Example:
              duly catalog policies > docs/policies.md

            \(ExitStatus.helpText)
            """
    )

    @Argument(help: "The policy tree.", completion: .directory)
    var paths: [String] = ["policies"]

    @OptionGroup var messages: MessageOptions

    func run() throws {
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
        print(PolicyCatalog.markdown(program, sources: report.sources), terminator: "")
    }
}
