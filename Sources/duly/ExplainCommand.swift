import ArgumentParser
import DulyKit
import DulyModel
import DulyTime

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Trace how the rules apply to one subject.",
        discussion: """
            For a student or an organisation: which rules fired on which events, how each \
            deadline was counted day by day, and why each obligation is open or closed.

            Example:
              duly explain GZ-S03 --data examples/贵州省 --as-of 2024-10-12
              duly explain ZA-SCH-01 --data examples/贵州省 --from 2024-10-01 --to 2024-10-12

            \(ExitStatus.helpText)
            """
    )

    @Argument(help: "The student's or organisation's ID.")
    var subject: String

    @OptionGroup var common: EvaluationCommandOptions

    enum TraceFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
        var report: ReportFormat { self == .json ? .json : .text }
    }

    @OptionGroup var window: FindingsWindowOptions

    @Option(help: "text or json.")
    var format: TraceFormat = .text

    func run() throws {
        let (lo, hi) = try window.dates()
        let report = try runEvaluation(common) { asOf, _ in
            EvaluationOptions(asOf: asOf, windowStart: lo, keepFinding: EvaluationOptions.findings(from: lo, to: hi), traceSubject: subject)
        }
        guard report.subjectFound else {
            printError("error: no student or organisation `\(subject)` in \(common.data)")
            throw ExitStatus.usage.code
        }
        try finish(Reports.explain(report, subject: subject, format: format.report), report, problems: false)
    }
}
