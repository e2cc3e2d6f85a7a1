import ArgumentParser
import DulyKit
import DulySource

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check policy files for errors and for inconsistencies across the hierarchy.",
        discussion: """
            Files or folders (searched recursively for .duly files). A single file is checked
            together with the policy tree it belongs to, so its parents and the vocabulary resolve.
            Consistency lints (D05xx) may be disabled with --disable, or silenced in place with a
            reason: `# duly: allow D0503 "本县另有规定"` on the line above. D0502 (a child laxer than
            its parent) is never silenced.

            Examples:
              duly check policies
              duly check policies/四川省/通江县.duly --lang en
              duly check policies --format sarif > duly.sarif
              duly check policies --werror --disable D0501

            \(ExitStatus.helpText)
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, plain, json, sarif, github
    }

    @Argument(help: "Policy files or folders.", completion: .file(extensions: ["duly"]))
    var paths: [String] = ["policies"]

    @Option(help: "Output: text (source lines and carets), plain (one line each), json, sarif (SARIF 2.1.0), github (workflow annotations).")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors (exit 1 when there are any).")
    var werror = false

    @Option(name: .customLong("disable"), parsing: .singleValue, help: "Disable a consistency lint by code (D05xx, except D0502); repeatable.")
    var disabled: [String] = []

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        for id in disabled.flatMap({ $0.split(separator: ",").map(String.init) }) {
            guard let code = DiagnosticCode.named(id) else { throw ValidationError("`\(id)` is not a diagnostic code (see docs/diagnostics.md)") }
            guard code.isLint else { throw ValidationError("`\(id)` cannot be disabled: only consistency lints (D05xx) can") }
            guard code.isSilenceable else { throw ValidationError("`\(id)` cannot be disabled: a child jurisdiction may be stricter than its parent, never laxer") }
        }
    }

    func run() throws {
        let report = PolicyCheck.run(paths: paths)
        if report.diagnostics.contains(where: { $0.code == .unreadableFile && $0.span == nil && !report.requestedFiles.contains($0.path) }) {
            let renderer = DiagnosticRenderer(style: .plain, language: messages.language, files: [:])
            printError(renderer.render(report.diagnostics.filter { $0.code == .unreadableFile }))
            throw ExitStatus.usage.code
        }
        let off = Set(disabled.flatMap { $0.split(separator: ",").map(String.init) })
        var diagnostics = report.diagnostics.filter { !off.contains($0.code.id) }
        if werror {
            diagnostics = diagnostics.map { d in
                var d = d
                if d.severity == .warning { d.severity = .error }
                return d
            }
        }
        let language = messages.language
        switch format {
        case .text, .plain:
            let renderer = DiagnosticRenderer(style: format == .text ? .human : .plain, language: language,
                                              color: messages.useColor && format == .text, files: report.sources)
            print(renderer.render(diagnostics), terminator: "")
            let errors = diagnostics.filter(\.isError).count, warnings = diagnostics.count - errors
            let files = report.requestedFiles.count
            let note = PolicyCheck.assumedCalendarNote(report.assumedCalendars, language: language)
            if !note.isEmpty { printError(note) }
            printError(language == .zh
                ? "检查了 \(files) 个文件:\(errors) 个错误,\(warnings) 个警告"
                : "checked \(files) file\(files == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        case .json:
            print(CheckOutput.json(report, diagnostics: diagnostics, language: language), terminator: "")
        case .sarif:
            print(CheckOutput.sarif(report, diagnostics: diagnostics, language: language, toolVersion: Duly.version), terminator: "")
        case .github:
            print(CheckOutput.github(report, diagnostics: diagnostics, language: language), terminator: "")
        }
        if diagnostics.contains(where: \.isError) { throw ExitStatus.problemsFound.code }
    }
}
