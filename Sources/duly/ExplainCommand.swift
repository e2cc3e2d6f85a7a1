import ArgumentParser
import DulyKit
import DulyModel
import DulySource
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
              duly explain 陈芳 --data examples/贵州省 --as-of 2024-10-12

            A name that several students or organisations share lists them, with their IDs and \
            schools, and ends with status 2: run again with the ID.

            \(ExitStatus.helpText)
            """
    )

    @Argument(help: "The student's or organisation's ID, or its name.")
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
        let zh = common.messages.language == .zh
        var subject = self.subject
        let report = try runEvaluation(common) { asOf, input in
            // A clerk may type the name: one match is that subject; several are listed.
            let named = input.data.subjects(named: subject)
            if named.count > 1 {
                printError(zh ? "错误:有 \(named.count) 个对象名为 `\(subject)`,请用编号再运行:"
                              : "error: \(named.count) subjects are named `\(subject)`; run again with the ID:")
                for s in named {
                    printError("  " + TerminalText.visible("\(s.id)  \(s.name)" + (s.school.map { "  \($0)" } ?? "")))
                }
                throw ExitStatus.usage.code
            }
            if let only = named.first { subject = only.id }
            return EvaluationOptions(asOf: asOf, windowStart: lo, keepFinding: EvaluationOptions.findings(from: lo, to: hi), traceSubject: subject)
        }
        guard report.subjectFound else {
            printError(zh ? "错误:\(common.data) 中没有编号或名称为 `\(subject)` 的学生或组织"
                          : "error: no student or organisation `\(subject)` (ID or name) in \(common.data)")
            throw ExitStatus.usage.code
        }
        try finish(Reports.explain(report, subject: subject, format: format.report, language: common.messages.language), report, problems: false)
    }
}
