import ArgumentParser
import DulyKit
import DulyModel
import DulyTime

struct FindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "List late, missed, forbidden and out-of-order findings.",
        discussion: """
            Each finding: its date, kind (late, missed, forbidden, missing-prerequisite, \
            out-of-order), severity, the subject, the responsible organisation, the evidence \
            (event IDs) and the rule's citation; then counts per rule and per organisation.

            Examples:
              duly findings --data examples/通江县 --as-of 2024-12-31
              duly findings --data examples/贵州省 --from 2024-09-01 --to 2024-12-31 --format json

            Nothing outside the data's coverage is judged (coverage.csv, else its first to its \
            last event): such periods and deadlines are counted as not judged on stderr, with a \
            warning when the as-of date is after the data.

            There being findings is status 1. \(ExitStatus.helpText)
            """
    )

    @OptionGroup var common: EvaluationCommandOptions

    @Option(help: "Only findings on or after this date; also where the data is taken to begin.")
    var from: String?

    @Option(help: "Only findings on or before this date (default: the as-of date).")
    var to: String?

    @Option(help: "table, csv, json or md.")
    var format: ReportFormat = .table

    @Flag(help: "Start CSV output with a UTF-8 byte order mark, for Excel.")
    var bom = false

    func validate() throws {
        if let lo = try parseDate(from, "--from"), let hi = try parseDate(to, "--to"), hi < lo {
            throw ValidationError("--to \(hi) is before --from \(lo)")
        }
    }

    func run() throws {
        let lo = try parseDate(from, "--from"), hi = try parseDate(to, "--to")
        let report = try runEvaluation(common) { asOf in
            EvaluationOptions(asOf: asOf, windowStart: lo, keepFinding: EvaluationOptions.findings(from: lo, to: hi))
        }
        try finish(Reports.findings(report, report.findings, format: format, bom: bom, language: common.messages.language), report, problems: !report.findings.isEmpty)
    }
}
