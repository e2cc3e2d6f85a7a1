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
              duly findings --data examples/贵州省 --rule GZ-2 --kind missed --org 道真县教育局

            Nothing outside the data's coverage is judged (coverage.csv, else its first to its \
            last event): such periods and deadlines are counted as not judged on stderr, with a \
            warning when the as-of date is after the data.

            There being findings is status 1. \(ExitStatus.helpText)
            """
    )

    @OptionGroup var common: EvaluationCommandOptions

    @OptionGroup var window: FindingsWindowOptions

    @OptionGroup var filters: ResultFilterOptions

    @Option(help: "Only findings of this kind: late, missed, forbidden, missing-prerequisite or out-of-order. Repeatable.")
    var kind: [String] = []

    @Option(help: "Only findings of this severity: error or warning. Repeatable.")
    var severity: [String] = []

    @Option(help: "text, csv, json, md or xlsx (an Excel workbook; redirect it to a file).")
    var format: ReportFormat = .text

    @Flag(help: "Start CSV output with a UTF-8 byte order mark, for Excel.")
    var bom = false

    func run() throws {
        try refuseWorkbookOnTerminal(format, language: common.messages.language)
        let (lo, hi) = try window.dates()
        var filter = filters.filter
        filter.kinds = kind
        filter.severities = severity
        let language = common.messages.language
        let report = try runEvaluation(common) { asOf, input in
            let keep = try ResultFilterOptions.resolve(filter, input, language: language)
            let inWindow = EvaluationOptions.findings(from: lo, to: hi)
            return EvaluationOptions(asOf: asOf, windowStart: lo, keepFinding: { f in inWindow(f) && keep.keeps(f) })
        }
        if format == .xlsx {
            return try finishWorkbook({ () throws(ReportWorkbookError) in try Reports.findingsWorkbook(report, report.findings, language: language) },
                                      report, problems: !report.findings.isEmpty, language: language)
        }
        try finish(Reports.findings(report, report.findings, format: format, bom: bom, language: common.messages.language, width: tableWidth()),
                   report, problems: !report.findings.isEmpty)
    }
}
