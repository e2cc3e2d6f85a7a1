import ArgumentParser
import DulyKit
import DulySource

struct CheckCommand: ParsableCommand {
    enum Help {
        static let abstract = Words(en: "Check policy files for errors and for inconsistencies across the hierarchy.",
                                    zh: "检查政策文件中的错误,以及上下级政策之间的不一致之处。")
        static let discussion = Words(
            en: """
                Files or folders (searched recursively for .duly files). A single file is checked \
                together with the policy tree it belongs to, so its parents and the vocabulary resolve. \
                Consistency lints (D05xx) may be disabled with --disable, or silenced in place with a \
                reason: `# duly: allow D0503 "本县另有规定"` on the line above. D0502 (a child laxer than \
                its parent) is never silenced.

                Examples:
                  duly check policies
                  duly check policies/四川省/通江县.duly --lang en
                  duly check policies --format sarif > duly.sarif
                  duly check policies --werror --disable D0501
                  duly check policies --format json --out check.json
                """,
            zh: """
                可以给出文件或文件夹(在文件夹中递归查找 .duly 文件)。只给一个文件时,会连同它所属的整个\
                政策树一起检查,以便找到上级政策和词汇表。一致性检查(D05xx)可用 --disable 关闭,也可以在\
                相应行的上一行写明理由、就地免检:`# duly: allow D0503 "本县另有规定"`。D0502(下级政策比\
                上级宽松)不能免检。

                示例:
                  duly check policies
                  duly check policies/四川省/通江县.duly --lang en
                  duly check policies --format sarif > duly.sarif
                  duly check policies --werror --disable D0501
                  duly check policies --format json --out check.json     # 把检查结果写入文件
                """)
        static let paths = Words(en: "Policy files or folders.", zh: "政策文件或文件夹。")
        static let format = Words(
            en: "Output: text (source lines and carets), plain (one line each), json, sarif (SARIF 2.1.0), github (workflow annotations).",
            zh: "输出格式:text(附源代码行和位置标记)、plain(每条一行)、json、sarif(SARIF 2.1.0)、github(GitHub 工作流注释)。")
        static let werror = Words(en: "Treat warnings as errors (exit 1 when there are any).",
                                  zh: "把警告当作错误(有警告即以退出状态 1 结束)。")
        static let disable = Words(en: "Disable a consistency lint by code (D05xx, except D0502); repeatable.",
                                   zh: "按代码关闭一项一致性检查(D05xx,D0502 除外);可重复。")
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "check", abstract: Help.abstract.shown,
                             discussion: helpPage(Help.discussion, ExitStatus.words))
    }

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, plain, json, sarif, github
    }

    @Argument(help: .words(Help.paths), completion: .file(extensions: ["duly"]))
    var paths: [String] = ["policies"]

    @Option(help: .words(Help.format))
    var format: OutputFormat?

    @Flag(help: .words(Help.werror))
    var werror = false

    @Option(name: .customLong("disable"), parsing: .singleValue, help: .words(Help.disable))
    var disabled: [String] = []

    @OptionGroup var messages: MessageOptions

    @OptionGroup var output: OutputFileOptions

    func validate() throws {
        for id in disabled.flatMap({ $0.split(separator: ",").map(String.init) }) {
            guard let code = DiagnosticCode.named(id) else {
                throw usageError(en: "`\(id)` is not a diagnostic code (see docs/diagnostics.md)", zh: "`\(id)` 不是诊断代码(见 docs/diagnostics.md)")
            }
            guard code.isLint else {
                throw usageError(en: "`\(id)` cannot be disabled: only consistency lints (D05xx) can", zh: "`\(id)` 不能关闭:只有一致性检查(D05xx)可以关闭")
            }
            guard code.isSilenceable else {
                throw usageError(en: "`\(id)` cannot be disabled: a child jurisdiction may be stricter than its parent, never laxer",
                                 zh: "`\(id)` 不能关闭:下级辖区可以比上级严格,但不能比上级宽松")
            }
        }
    }

    func run() throws {
        let format = try ReportOutput.format(self.format, default: .text, out: output.out, language: messages.language)
        let destination = try ReportOutput.prepare(output.out, force: output.force, inputs: paths, language: messages.language)
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
                                              color: messages.useColor && destination.isStandardOutput && format == .text, files: report.sources)
            try destination.write(renderer.render(diagnostics))
            let errors = diagnostics.filter(\.isError).count, warnings = diagnostics.count - errors
            let files = report.requestedFiles.count
            let note = PolicyCheck.assumedCalendarNote(report.assumedCalendars, language: language)
            if !note.isEmpty { printError(note) }
            printError(language == .zh
                ? "检查了 \(files) 个文件:\(errors) 个错误,\(warnings) 个警告"
                : "checked \(files) file\(files == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        case .json:
            try destination.write(CheckOutput.json(report, diagnostics: diagnostics, language: language))
        case .sarif:
            try destination.write(CheckOutput.sarif(report, diagnostics: diagnostics, language: language, toolVersion: Duly.version))
        case .github:
            try destination.write(CheckOutput.github(report, diagnostics: diagnostics, language: language))
        }
        if diagnostics.contains(where: \.isError) { throw ExitStatus.problemsFound.code }
    }
}
