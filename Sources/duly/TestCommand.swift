import ArgumentParser
import DulyKit
import DulySource

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the policy tests (*.dulytest) beside the policies.",
        discussion: """
            Each case gives organisations, students and events, an `as of` date, and the open
            duties and findings it expects; anything else it did not expect fails the case unless
            the case says `others allowed` / `其余不计`. See docs/policy-tests.md.

            Examples:
              duly test policies
              duly test policies/四川省/通江县.dulytest
              duly test policies --coverage          # also list rules no case exercises
              duly test policies --format junit > duly-tests.xml
              duly test policies --run 'GZ-7'        # only the cases whose name matches

            \(ExitStatus.helpText)
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, junit
    }

    @Argument(help: "Test files or folders.", completion: .file(extensions: ["dulytest"]))
    var paths: [String] = ["policies"]

    @Option(help: "Output: text, or junit (JUnit XML).")
    var format: OutputFormat = .text

    @Flag(help: "List the checkable rules no case exercises; exit 1 if there are any.")
    var coverage = false

    @OptionGroup var messages: MessageOptions

    @Option(name: .customLong("run"), help: "Only the cases whose name matches this regular expression, e.g. 'GZ-7' or '^TJ-[1-3] '.")
    var pattern: String?

    func run() throws {
        var selecting: ((String) -> Bool)?
        if let pattern {
            guard let regex = try? Regex(pattern) else {
                throw ValidationError("invalid --run `\(pattern)`: not a regular expression")
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
        case .text: print(PolicyTestReports.text(report, language: messages.language, coverage: coverage), terminator: "")
        case .junit: print(PolicyTestReports.junit(report, coverage: coverage), terminator: "")
        }
        if let failure = report.toolFailure {
            printError(messages.language == .zh ? "错误:无法运行测试:\(failure.zh)" : "error: the tests could not be run: \(failure.en)")
            throw ExitStatus.toolFailure.code
        }
        if report.hasFailures || (coverage && !report.uncovered.isEmpty) { throw ExitStatus.problemsFound.code }
    }
}
