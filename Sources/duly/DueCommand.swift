import ArgumentParser
import DulyKit
import DulySource
import DulyModel
import DulyTime
import Foundation

/// One `--format` vocabulary for every command: the human-readable form is `text` wherever it
/// is offered. `table`, its former name for `due` and `findings`, is still read.
extension ReportFormat: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument == "table" ? "text" : argument)
    }
}

/// Options `due`, `findings` and `explain` share.
struct EvaluationCommandOptions: ParsableArguments {
    @Option(help: "The policy folder (or a file in it); the whole tree is loaded.", completion: .directory)
    var policy: String = "policies"

    @Option(help: "The case-data folder: organisations.csv, students.csv, events.csv or events.jsonl; optionally coverage.csv and school_calendar.csv; or the same tables as .xlsx workbooks or sheets.", completion: .directory)
    var data: String

    @Option(name: .customLong("as-of"), help: "The date to judge at, YYYY-MM-DD (default: today in Beijing).")
    var asOf: String?

    @Option(help: "The calendars folder (default: `calendars` beside the policies).", completion: .directory)
    var calendars: String?

    @Flag(help: "Treat any bad data row as fatal (exit 1) instead of skipping it.")
    var strict = false

    @Option(help: "Threads to evaluate on (1 or 2).")
    var threads: Int = 2

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        guard (1...2).contains(threads) else { throw ValidationError("--threads is 1 or 2") }
        _ = try asOfDate()
    }

    func asOfDate() throws -> CivilDate {
        if let asOf {
            guard let d = CivilDate(asOf) else { throw ValidationError("invalid --as-of `\(asOf)`: expected YYYY-MM-DD") }
            return d
        }
        return beijingToday()
    }
}

/// `--rule`, `--org`, `--role` (both lists), `--kind`, `--severity` (findings) and `--status`
/// (due): each may be repeated; a value that names nothing is bad usage, with a suggestion.
struct ResultFilterOptions: ParsableArguments {
    @Option(help: "Only this rule: its name, its ID (贵州省/月度报告) or a catalog ID it cites (GZ-2). Repeatable.")
    var rule: [String] = []

    @Option(help: "Only obligations or findings of this organisation (its ID or name). Repeatable.")
    var org: [String] = []

    @Option(help: "Only obligations or findings of this role (e.g. 班主任, 县教育局). Repeatable.")
    var role: [String] = []

    var filter: ResultFilter { ResultFilter(rules: rule, organisations: org, roles: role) }

    /// The filter checked against the loaded policy and data; a value that names nothing ends
    /// the run with status 2.
    static func resolve(_ filter: ResultFilter, _ input: EvaluationInput, language: MessageLanguage) throws -> ResultFilter.Resolved {
        do {
            return try filter.resolve(program: input.program, organisations: input.data.organisations)
        } catch {
            printError((language == .zh ? "错误:" : "error: ") + error.message.text(language))
            throw ExitStatus.usage.code
        }
    }
}

/// `--from` and `--to`, which `findings` and `explain` share: the findings kept, and where the
/// data is taken to begin.
struct FindingsWindowOptions: ParsableArguments {
    @Option(help: "Only findings on or after this date; also where the data is taken to begin.")
    var from: String?

    @Option(help: "Only findings on or before this date (default: the as-of date).")
    var to: String?

    func validate() throws { _ = try dates() }

    func dates() throws -> (from: CivilDate?, to: CivilDate?) {
        let lo = try parseDate(from, "--from"), hi = try parseDate(to, "--to")
        if let lo, let hi, hi < lo { throw ValidationError("--to \(hi) is before --from \(lo)") }
        return (lo, hi)
    }
}

/// The one place the tool reads the clock, for the default `--as-of`: the date in Beijing now
/// (UTC+8, no daylight saving). The library never reads it.
func beijingToday() -> CivilDate {
    let seconds = Int(Date().timeIntervalSince1970) + 8 * 3600
    return CivilDate(dayNumber: Int32(seconds / 86400))
}

func parseDate(_ text: String?, _ option: String) throws -> CivilDate? {
    guard let text else { return nil }
    guard let d = CivilDate(text) else { throw ValidationError("invalid \(option) `\(text)`: expected YYYY-MM-DD") }
    return d
}

/// Progress on stderr: only on a terminal, only once a run has taken a second.
final class Progress: @unchecked Sendable {
    let started = Date()
    let enabled = isatty(STDERR_FILENO) != 0
    var shown = false
    func update(_ done: Int, _ total: Int) {
        guard enabled, Date().timeIntervalSince(started) > 1 else { return }
        shown = true
        FileHandle.standardError.write(Data("\revaluated \(done) of \(total) subjects".utf8))
    }
    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// The recipe behind `due`, `findings` and `explain`: policy, calendars, data, evaluation.
func runEvaluation(_ o: EvaluationCommandOptions, _ options: (CivilDate, EvaluationInput) throws -> EvaluationOptions) throws -> EvaluationReport {
    let asOf = try o.asOfDate()
    let input: EvaluationInput
    do {
        input = try Evaluation.prepare(policy: o.policy, calendars: o.calendars, data: o.data)
    } catch {
        switch error {
        case .noPolicy(let p):
            printError("error: no policy at `\(p)`")
            throw ExitStatus.usage.code
        case .policyErrors(let check):
            let renderer = DiagnosticRenderer(style: .plain, language: o.messages.language, files: check.sources)
            printError(renderer.render(check.diagnostics.filter(\.isError)))
            printError(o.messages.language == .zh ? "错误:规则有错误;请运行 `duly check \(o.policy)`"
                                                   : "error: the policy has errors; run `duly check \(o.policy)`")
            throw ExitStatus.problemsFound.code
        case .calendars(let m):
            printError("error: \(m)")
            throw ExitStatus.missingCalendarData.code
        case .data(let m):
            printError((o.messages.language == .zh ? "错误:" : "error: ") + m.text(o.messages.language))
            throw ExitStatus.usage.code
        case .toolFailure(let m):
            printError((o.messages.language == .zh ? "错误:" : "error: ") + m.text(o.messages.language))
            throw ExitStatus.toolFailure.code
        case .unusableData(let issues):
            for issue in issues { printError((o.messages.language == .zh ? "错误:" : "error: ") + TerminalText.visible(issue.text(in: o.messages.language))) }
            printError(o.messages.language == .zh ? "错误:案例数据无法使用,未作评判" : "error: the case data cannot be used; nothing was judged")
            throw ExitStatus.problemsFound.code
        }
    }
    let progress = Progress()
    var evaluation = try options(asOf, input)
    evaluation.threads = o.threads
    let report = Evaluation.run(program: input.program, calendars: input.calendars, data: input.data, options: evaluation,
                                progress: { progress.update($0, $1) })
    progress.finish()
    printError(Reports.issues(report, language: o.messages.language))
    printError(Reports.coverage(report, language: o.messages.language))
    if o.strict && report.skippedRows > 0 {
        printError("error: --strict: \(report.skippedRows) bad row\(report.skippedRows == 1 ? "" : "s")")
        throw ExitStatus.problemsFound.code
    }
    return report
}

/// Writes the output; a missing calendar year is exit 3 after the output.
func finish(_ text: String, _ report: EvaluationReport, problems: Bool) throws {
    print(text, terminator: "")
    if report.hasMissingCalendarData { throw ExitStatus.missingCalendarData.code }
    if problems { throw ExitStatus.problemsFound.code }
}

struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "List open obligations sorted by deadline.",
        discussion: """
            Each open obligation: the due date (and time), days left (negative: overdue), the \
            subject, the action, the organisation and role that must act, and the rule's citation.

            Examples:
              duly due --policy policies --data examples/通江县 --as-of 2024-10-08
              duly due --data examples/贵州省 --org ZA-JYJ --within 7d --format csv --bom > due.csv
              duly due --data examples/通江县 --as-of 2024-10-18 --format xlsx > 待办.xlsx
              duly due --data examples/通江县 --as-of 2024-10-18 --split-by organisation --out 各校清单 --format xlsx

            Bad rows are reported on stderr with file, row and column and skipped; the count of \
            skipped rows is always printed. \(ExitStatus.helpText)
            """
    )

    @OptionGroup var common: EvaluationCommandOptions

    @OptionGroup var filters: ResultFilterOptions

    @Option(help: "Only obligations of this status: open, due-soon, overdue, no-deadline or undetermined. Repeatable.")
    var status: [String] = []

    @Option(help: "Only obligations due within this many days, e.g. 7d (overdue ones included).")
    var within: String?

    @Option(help: "Days before the deadline an obligation counts as due soon.")
    var soon: Int = 2

    @Option(help: "text, csv, json, md or xlsx (an Excel workbook; redirect it to a file).")
    var format: ReportFormat = .text

    @Flag(help: "Start CSV output with a UTF-8 byte order mark, for Excel.")
    var bom = false

    @Option(name: .customLong("split-by"), help: "`organisation`: write one file per responsible organisation into --out, named by it.")
    var splitBy: SplitKey?

    @Option(help: "With --split-by: the folder to write the files into (made when missing; refused when not empty, unless --force).", completion: .directory)
    var out: String?

    @Flag(help: "With --split-by: write into a folder that is not empty, replacing files of the same names.")
    var force = false

    enum SplitKey: String, ExpressibleByArgument { case organisation }

    func validate() throws {
        if splitBy != nil, out == nil { throw ValidationError("--split-by needs --out DIR / --split-by 需要 --out 目录") }
        if splitBy == nil, out != nil { throw ValidationError("--out needs --split-by organisation / --out 需要 --split-by organisation") }
    }

    func run() throws {
        let splitFolder = try out.map { try prepareSplitFolder($0, force: force, language: common.messages.language) }
        if splitFolder == nil { try refuseWorkbookOnTerminal(format, language: common.messages.language) }
        var days: Int?
        if let within {
            let digits = within.hasSuffix("d") || within.hasSuffix("天") ? String(within.dropLast()) : within
            guard let n = Int(digits), n >= 0 else { throw ValidationError("invalid --within `\(within)`: expected a number of days such as 7d") }
            days = n
        }
        let limit = days
        var filter = filters.filter
        filter.statuses = status
        let language = common.messages.language
        let report = try runEvaluation(common) { asOf, input in
            let keep = try ResultFilterOptions.resolve(filter, input, language: language)
            return EvaluationOptions(asOf: asOf, soonDays: soon, keepDue: { a in
                guard a.status.isOpen, keep.keeps(a) else { return false }
                if let limit, let left = a.daysLeft, left > limit { return false }
                if limit != nil && a.daysLeft == nil { return false }
                return true
            }, keepsDoneDueActions: false)
        }
        if let splitFolder {
            let files: [(fileName: String, data: Data)]
            do { files = try Reports.splitDue(report, report.dueActions, format: format, bom: bom, language: language) } catch {
                printError(language == .zh ? "错误:无法生成工作簿:\(error.reason)" : "error: the workbook could not be made: \(error.reason)")
                throw ExitStatus.toolFailure.code
            }
            try writeSplitFiles(files, into: splitFolder, language: language)
            if report.hasMissingCalendarData { throw ExitStatus.missingCalendarData.code }
            return
        }
        if format == .xlsx {
            return try finishWorkbook({ () throws(ReportWorkbookError) in try Reports.dueWorkbook(report, report.dueActions, language: language) },
                                      report, problems: false, language: language)
        }
        try finish(Reports.due(report, report.dueActions, format: format, bom: bom, language: common.messages.language, width: tableWidth()),
                   report, problems: false)
    }
}
