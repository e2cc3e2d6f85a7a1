import ArgumentParser
import DulyKit
import DulySource

struct TestCommand: ParsableCommand {
    enum Help {
        static let abstract = Words(en: "Run the policy tests (*.dulytest) beside the policies.",
                                    zh: "运行政策文件旁的政策测试(*.dulytest)。")
        static let discussion = Words(
            en: """
                Each case gives organisations, students and events, an `as of` date, and the open \
                duties and findings it expects; anything else it did not expect fails the case unless \
                the case says `others allowed` / `其余不计`. See docs/policy-tests.md.

                Examples:
                  duly test policies
                  duly test policies/四川省/通江县.dulytest
                  duly test policies --coverage          # also list rules no case exercises
                  duly test policies --format junit > duly-tests.xml
                  duly test policies --run 'GZ-7'        # only the cases whose name matches
                  duly test policies --out duly-tests.xml
                """,
            zh: """
                每个测试用例给出单位、学生和事件,一个评判日期(`as of` / `截至`),以及预期的待办事项和违规\
                记录;出现未预期的结果即判该用例失败,除非用例写明 `others allowed` / `其余不计`。\
                详见 docs/policy-tests.md。

                示例:
                  duly test policies
                  duly test policies/四川省/通江县.dulytest
                  duly test policies --coverage          # 同时列出没有任何用例覆盖的规则
                  duly test policies --format junit > duly-tests.xml
                  duly test policies --run 'GZ-7'        # 只运行名称匹配的用例
                  duly test policies --out duly-tests.xml   # 按扩展名写出 JUnit 格式的 XML 文件
                """)
        static let paths = Words(en: "Test files or folders.", zh: "测试文件或文件夹。")
        static let format = Words(en: "Output: text, or junit (JUnit XML). Default: what the --out name ends in, else text.",
                                  zh: "输出格式:text,或 junit(JUnit 格式的 XML)。默认按 --out 文件的扩展名,否则为 text。")
        static let coverage = Words(en: "List the checkable rules no case exercises; exit 1 if there are any.",
                                    zh: "列出没有任何用例覆盖的可检查规则;有则退出状态 1。")
        static let run = Words(en: "Only the cases whose name matches this regular expression, e.g. 'GZ-7' or '^TJ-[1-3] '.",
                               zh: "只运行名称与这个正则表达式匹配的用例,如 'GZ-7' 或 '^TJ-[1-3] '。")
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "test", abstract: Help.abstract.shown,
                             discussion: helpPage(Help.discussion, ExitStatus.words))
    }

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, junit
    }

    @Argument(help: .words(Help.paths), completion: .file(extensions: ["dulytest"]))
    var paths: [String] = ["policies"]

    @Option(help: .words(Help.format))
    var format: OutputFormat?

    @Flag(help: .words(Help.coverage))
    var coverage = false

    @OptionGroup var messages: MessageOptions

    @Option(name: .customLong("run"), help: .words(Help.run))
    var pattern: String?

    @OptionGroup var output: OutputFileOptions

    func run() throws {
        let format = try ReportOutput.format(self.format, default: .text, out: output.out, language: messages.language)
        let destination = try ReportOutput.prepare(output.out, force: output.force, inputs: paths, language: messages.language)
        var selecting: ((String) -> Bool)?
        if let pattern {
            guard let regex = try? Regex(pattern) else {
                throw usageError(en: "invalid --run `\(pattern)`: not a regular expression", zh: "--run `\(pattern)` 无效:不是正则表达式")
            }
            selecting = { name in (try? regex.firstMatch(in: name)) != nil }
        }
        let report = PolicyTestRunner.run(paths: paths, selecting: selecting)
        if report.diagnostics.contains(where: { $0.code == .unreadableFile && $0.span == nil }) {
            printError(DiagnosticRenderer(style: .plain, language: messages.language, files: [:]).render(report.diagnostics))
            throw ExitStatus.usage.code
        }
        if !report.diagnostics.isEmpty {
            let renderer = DiagnosticRenderer(style: .human, language: messages.language, color: messages.useColor, files: report.sources)
            printError(renderer.render(report.diagnostics.sortedForDisplay()))
        }
        switch format {
        case .text: try destination.write(PolicyTestReports.text(report, language: messages.language, coverage: coverage))
        case .junit: try destination.write(PolicyTestReports.junit(report, coverage: coverage))
        }
        if let failure = report.toolFailure {
            printError(messages.language == .zh ? "错误:无法运行测试:\(failure.zh)" : "error: the tests could not be run: \(failure.en)")
            throw ExitStatus.toolFailure.code
        }
        if report.hasFailures || (coverage && !report.uncovered.isEmpty) { throw ExitStatus.problemsFound.code }
    }
}
