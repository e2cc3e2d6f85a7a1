import ArgumentParser
import DulyKit
import DulySource

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check policy files for errors.",
        discussion: """
            Files or folders (searched recursively for .duly files). A single file is checked
            together with the policy tree it belongs to, so its parents and the vocabulary resolve.

            Example:
              duly check policies
              duly check policies/四川省/通江县.duly --lang en --format json

            \(ExitStatus.helpText)
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, plain, json
    }

    @Argument(help: "Policy files or folders.")
    var paths: [String] = ["policies"]

    @Option(help: "Output: text (source lines and carets), plain (one line each), json (JSON Lines).")
    var format: OutputFormat = .text

    @OptionGroup var messages: MessageOptions

    func run() throws {
        let report = PolicyCheck.run(paths: paths)
        if report.diagnostics.contains(where: { $0.code == .unreadableFile && $0.span == nil && !report.requestedFiles.contains($0.path) }) {
            let renderer = DiagnosticRenderer(style: .plain, language: messages.language, files: [:])
            printError(renderer.render(report.diagnostics.filter { $0.code == .unreadableFile }))
            throw ExitStatus.usage.code
        }
        let style: DiagnosticRenderer.Style = switch format {
        case .text: .human
        case .plain: .plain
        case .json: .json
        }
        let renderer = DiagnosticRenderer(style: style, language: messages.language, color: messages.useColor && format == .text,
                                          files: report.sources)
        print(renderer.render(report.diagnostics), terminator: "")
        if format != .json {
            let zh = messages.language == .zh
            let summary = zh
                ? "检查了 \(report.requestedFiles.count) 个文件:\(report.errorCount) 个错误,\(report.warningCount) 个警告"
                : "checked \(report.requestedFiles.count) file\(report.requestedFiles.count == 1 ? "" : "s"): \(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")"
            printError(summary)
        }
        if report.errorCount > 0 { throw ExitStatus.problemsFound.code }
    }
}
