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
    enum Help {
        static let policy = Words(en: "The policy folder (or a file in it); the whole tree is loaded.",
                                  zh: "政策文件夹(或其中的一个政策文件);会载入整个政策树。")
        static let data = Words(
            en: "The case-data folder: organisations.csv, students.csv, events.csv or events.jsonl; optionally coverage.csv and school_calendar.csv; or the same tables as .xlsx workbooks or sheets.",
            zh: "案例数据文件夹:organisations.csv、students.csv、events.csv 或 events.jsonl,可另附 coverage.csv 和 school_calendar.csv;也可以是内容相同的 .xlsx 工作簿或工作表。")
        static let asOf = Words(en: "The date to judge at, YYYY-MM-DD (default: today in Beijing).",
                                zh: "评判日期,格式 YYYY-MM-DD(默认:北京时间今天)。")
        static let calendars = Words(en: "The calendars folder (default: the `calendars` folder in the policy tree's root).",
                                     zh: "日历文件夹(默认:政策树根目录下的 `calendars` 文件夹)。")
        static let strict = Words(en: "Treat any bad data row as fatal (exit 1) instead of skipping it.",
                                  zh: "数据中只要有一行有误就终止(退出状态 1),而不是跳过该行。")
        static let threads = Words(en: "Threads to evaluate on (1 or 2).", zh: "评判所用的线程数(1 或 2)。")
    }

    @Option(help: .words(Help.policy), completion: .directory)
    var policy: String = "policies"

    @Option(help: .words(Help.data), completion: .directory)
    var data: String

    @Option(name: .customLong("as-of"), help: .words(Help.asOf))
    var asOf: String?

    @Option(help: .words(Help.calendars), completion: .directory)
    var calendars: String?

    @Flag(help: .words(Help.strict))
    var strict = false

    @Option(help: .words(Help.threads))
    var threads: Int = 2

    @OptionGroup var messages: MessageOptions

    /// The files and folders this run reads, which `--out` must never name.
    var inputs: [String] { [policy, data] + [calendars ?? Workspace.calendarsDirectory(forPolicy: policy)].compactMap { $0 } }

    func validate() throws {
        guard (1...2).contains(threads) else { throw usageError(en: "--threads is 1 or 2", zh: "--threads 只能是 1 或 2") }
        _ = try asOfDate()
    }

    func asOfDate() throws -> CivilDate {
        if let asOf { return try parseDate(asOf, "--as-of")! }
        return beijingToday()
    }
}

/// `--rule`, `--org`, `--role` (both lists), `--kind`, `--severity` (findings) and `--status`
/// (due): each may be repeated; a value that names nothing is bad usage, with a suggestion.
struct ResultFilterOptions: ParsableArguments {
    enum Help {
        static let rule = Words(en: "Only this rule: its name, its ID (贵州省/月度报告) or a catalog ID it cites (GZ-2). Repeatable.",
                                zh: "只看这条规则:规则名、规则编号(如 贵州省/月度报告)或它引用的目录编号(如 GZ-2)。可重复。")
        static let org = Words(en: "Only obligations or findings of this organisation (its ID or name). Repeatable.",
                               zh: "只看这个单位的待办事项或违规记录(单位编号或名称)。可重复。")
        static let role = Words(en: "Only obligations or findings of this role (e.g. 班主任, 县教育局). Repeatable.",
                                zh: "只看这个角色的待办事项或违规记录(如 班主任、县教育局)。可重复。")
    }

    @Option(help: .words(Help.rule))
    var rule: [String] = []

    @Option(help: .words(Help.org))
    var org: [String] = []

    @Option(help: .words(Help.role))
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
    enum Help {
        static let from = Words(en: "Only findings on or after this date; also where the data is taken to begin.",
                                zh: "只看这一天及以后的违规记录;数据也视为从这一天开始。")
        static let to = Words(en: "Only findings on or before this date (default: the as-of date).",
                              zh: "只看这一天及以前的违规记录(默认:评判日期)。")
    }

    @Option(help: .words(Help.from))
    var from: String?

    @Option(help: .words(Help.to))
    var to: String?

    func validate() throws { _ = try dates() }

    func dates() throws -> (from: CivilDate?, to: CivilDate?) {
        let lo = try parseDate(from, "--from"), hi = try parseDate(to, "--to")
        if let lo, let hi, hi < lo { throw usageError(en: "--to \(hi) is before --from \(lo)", zh: "--to \(hi) 早于 --from \(lo)") }
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
    guard let d = CivilDate(text) else {
        throw usageError(en: "invalid \(option) `\(text)`: expected YYYY-MM-DD", zh: "\(option) `\(text)` 无效:应为 YYYY-MM-DD 格式的日期")
    }
    return d
}

/// Bad usage found by a command's own checks, in the language of this run (exit 2).
func usageError(en: String, zh: String) -> ValidationError {
    ValidationError(UserLanguage.current == .zh ? zh : en)
}

/// Progress on stderr: only on a terminal, only once a run has taken a second.
final class Progress: @unchecked Sendable {
    let started = Date()
    let enabled = isatty(STDERR_FILENO) != 0
    let language: MessageLanguage
    var shown = false
    init(language: MessageLanguage) { self.language = language }
    func update(_ done: Int, _ total: Int) {
        guard enabled, Date().timeIntervalSince(started) > 1 else { return }
        shown = true
        FileHandle.standardError.write(Data((language == .zh ? "\r已评判 \(done)/\(total) 个对象" : "\revaluated \(done) of \(total) subjects").utf8))
    }
    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// The recipe behind `due`, `findings` and `explain`: policy, calendars, data, evaluation.
/// `focus`: the subject `explain` names, whose rows alone are read when the data allows.
func runEvaluation(_ o: EvaluationCommandOptions, focus: String? = nil,
                   _ options: (CivilDate, EvaluationInput) throws -> EvaluationOptions) throws -> EvaluationReport {
    let asOf = try o.asOfDate()
    let input: EvaluationInput
    do {
        input = try Evaluation.prepare(policy: o.policy, calendars: o.calendars, data: o.data, focus: focus)
    } catch {
        switch error {
        case .noPolicy(let p):
            printError(o.messages.language == .zh ? "错误:`\(p)` 处没有政策文件" : "error: no policy at `\(p)`")
            throw ExitStatus.usage.code
        case .policyErrors(let check):
            let renderer = DiagnosticRenderer(style: .plain, language: o.messages.language, files: check.sources)
            printError(renderer.render(check.diagnostics.filter(\.isError)))
            printError(o.messages.language == .zh ? "错误:规则有错误;请运行 `duly check \(o.policy)`"
                                                   : "error: the policy has errors; run `duly check \(o.policy)`")
            throw ExitStatus.problemsFound.code
        case .calendars(let m):
            printError((o.messages.language == .zh ? "错误:" : "error: ") + m.text(o.messages.language))
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
    let progress = Progress(language: o.messages.language)
    var evaluation = try options(asOf, input)
    evaluation.threads = o.threads
    let report = Evaluation.run(program: input.program, calendars: input.calendars, data: input.data, options: evaluation,
                                progress: { progress.update($0, $1) })
    progress.finish()
    printError(Reports.issues(report, language: o.messages.language))
    printError(Reports.coverage(report, language: o.messages.language))
    if o.strict && report.skippedRows > 0 {
        printError(o.messages.language == .zh ? "错误:--strict:有 \(report.skippedRows) 行数据有误"
                                               : "error: --strict: \(report.skippedRows) bad row\(report.skippedRows == 1 ? "" : "s")")
        throw ExitStatus.problemsFound.code
    }
    return report
}

/// Writes the output; a missing calendar year is exit 3 after the output.
func finish(_ text: String, _ report: EvaluationReport, problems: Bool, to output: ReportOutput) throws {
    try finish(report, problems: problems, to: output) { put in
        var text = text
        text.withUTF8 { put(UnsafeRawBufferPointer($0)) }
    }
}

/// The same for a report written piece by piece (`Reports.due(…put:)`): the output, then the
/// exit status the results call for.
func finish(_ report: EvaluationReport, problems: Bool, to output: ReportOutput, pieces: ((UnsafeRawBufferPointer) -> Void) -> Void) throws {
    try output.write(pieces: pieces)
    if report.hasMissingCalendarData { throw ExitStatus.missingCalendarData.code }
    if problems { throw ExitStatus.problemsFound.code }
}

struct DueCommand: ParsableCommand {
    enum Help {
        static let abstract = Words(en: "List open obligations sorted by deadline.", zh: "按截止日期列出尚未办结的待办事项。")
        static let discussion = Words(
            en: """
                Each open obligation: the due date (and time), days left (negative: overdue), the \
                subject, the action, the organisation and role that must act, and the rule's citation.

                Examples:
                  duly due --policy policies --data examples/通江县 --as-of 2024-10-08
                  duly due --data examples/贵州省 --org ZA-JYJ --within 7d \\
                    --format csv --bom > due.csv
                  duly due --data examples/通江县 --as-of 2024-10-18 --out 待办.xlsx
                  duly due --data examples/通江县 --as-of 2024-10-18 \\
                    --split-by organisation --out 各校清单 --format xlsx

                --out FILE writes the list to that file, in the format its extension names unless \
                --format says otherwise; with --split-by organisation, --out names a folder instead. \
                Bad rows are reported on stderr with file, row and column and skipped; the count of \
                skipped rows is always printed.
                """,
            zh: """
                每项待办事项列出:截止日期(及时间)、剩余天数(负数表示已逾期)、对象、应办事项、\
                须办理的单位和角色,以及规则的出处。

                示例:
                  duly due --policy policies --data examples/通江县 --as-of 2024-10-08
                  duly due --data examples/贵州省 --org ZA-JYJ --within 7d \\
                    --format csv --bom > due.csv
                  duly due --data examples/通江县 --as-of 2024-10-18 --out 待办.xlsx   # Excel 工作簿
                  duly due --data examples/通江县 --as-of 2024-10-18 \\
                    --split-by organisation --out 各校清单 --format xlsx

                --out 文件名:把清单写入该文件,未给 --format 时按扩展名确定格式;与 --split-by organisation \
                同用时,--out 指定的是文件夹。有误的数据行会在标准错误输出中注明文件、行号和列,然后跳过;\
                跳过的行数总会列出。
                """)
        static let status = Words(
            en: "Only obligations of this status: open, due-soon, overdue, no-deadline or undetermined. Repeatable.",
            zh: "只看这种状态的待办事项:open(未到期)、due-soon(即将到期)、overdue(已逾期)、no-deadline(无截止日期)或 undetermined(截止日期无法确定)。可重复。")
        static let within = Words(en: "Only obligations due within this many days, e.g. 7d (overdue ones included).",
                                  zh: "只看这么多天内到期的待办事项,如 7d(已逾期的也包括在内)。")
        static let soon = Words(en: "Days before the deadline an obligation counts as due soon.",
                                zh: "截止日期前多少天起算作即将到期。")
        static let format = ListHelp.format
        static let bom = ListHelp.bom
        static let splitBy = Words(en: "`organisation`: write one file per responsible organisation into the folder --out names, each named by it.",
                                   zh: "`organisation`:按负责单位拆分,每个单位一个文件,以单位命名,写入 --out 指定的文件夹。")
        static let out = Words(
            en: "The file to write the list to instead of standard output: whole or not at all; refused when it exists (unless --force), when it is an input, or when its extension contradicts --format. With --split-by: the folder to write the files into (made when missing; refused when not empty, unless --force).",
            zh: "把清单写入这个文件,而不是标准输出:要么完整写出,要么不写;文件已存在时拒绝(除非加 --force),不能是输入文件,扩展名须与 --format 一致。与 --split-by 同用时:存放各文件的文件夹(不存在则新建;不是空文件夹时拒绝,除非加 --force)。")
        static let force = Words(
            en: "With --out: replace a file that exists; with --split-by, write into a folder that is not empty, replacing files of the same names.",
            zh: "与 --out 同用:覆盖已存在的文件;与 --split-by 同用:写入非空文件夹,覆盖同名文件。")
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "due", abstract: Help.abstract.shown,
                             discussion: helpPage(Help.discussion, ExitStatus.words))
    }

    @OptionGroup var common: EvaluationCommandOptions

    @OptionGroup var filters: ResultFilterOptions

    @Option(help: .words(Help.status))
    var status: [String] = []

    @Option(help: .words(Help.within))
    var within: String?

    @Option(help: .words(Help.soon))
    var soon: Int = 2

    @Option(help: .words(Help.format))
    var format: ReportFormat?

    @Flag(help: .words(Help.bom))
    var bom = false

    @Option(name: .customLong("split-by"), help: .words(Help.splitBy))
    var splitBy: SplitKey?

    @Option(help: .words(Help.out), completion: .file())
    var out: String?

    @Flag(help: .words(Help.force))
    var force = false

    enum SplitKey: String, ExpressibleByArgument { case organisation }

    func validate() throws {
        if splitBy != nil, out == nil { throw usageError(en: "--split-by needs --out DIR", zh: "--split-by 需要 --out 目录") }
    }

    func run() throws {
        let language = common.messages.language
        let splitFolder = try splitBy.map { _ in try prepareSplitFolder(out!, force: force, language: language) }
        let format = splitBy == nil ? try ReportOutput.format(self.format, default: .text, out: out, language: language) : self.format ?? .text
        let output = try ReportOutput.prepare(splitBy == nil ? out : nil, force: force, inputs: common.inputs, language: language)
        if splitFolder == nil { try refuseWorkbookOnTerminal(format, output: output, name: Words(en: "due.xlsx", zh: "待办.xlsx")) }
        var days: Int?
        if let within {
            let digits = within.hasSuffix("d") || within.hasSuffix("天") ? String(within.dropLast()) : within
            guard let n = Int(digits), n >= 0 else {
                throw usageError(en: "invalid --within `\(within)`: expected a number of days such as 7d", zh: "--within `\(within)` 无效:应为天数,如 7d")
            }
            days = n
        }
        let limit = days
        var filter = filters.filter
        filter.statuses = status
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
                                      report, problems: false, to: output)
        }
        let width = output.isStandardOutput ? tableWidth() : nil
        try finish(report, problems: false, to: output) { put in
            Reports.due(report, report.dueActions, format: format, bom: bom, language: language, width: width, put: put)
        }
    }
}
