import ArgumentParser
import DulyKit
import DulyTime
import Foundation

extension PolicyDiffFormat: ExpressibleByArgument {}

struct DiffCommand: ParsableCommand {
    enum Help {
        static let abstract = Words(en: "Show what a policy change would change on case data.",
                                    zh: "显示修改政策会让案例数据的评判结果发生哪些变化。")
        /// The same command lines in both languages' help.
        static let examples = """
              duly diff HEAD~1:policies/贵州省/贵州省.duly policies/贵州省/贵州省.duly \\
                --data examples/贵州省 --as-of 2024-10-10
              duly diff main:policies policies --data examples/贵州省 \\
                --from 2024-09-01 --to 2024-12-31 --format md
              duly diff old/policies new/policies --data cases --format json
              duly diff main:policies policies --data examples/贵州省 --as-of 2024-10-10 \\
                --out diff.md
            """
        static let discussion = Words(
            en: """
                Evaluates the OLD and the NEW policy over the same case data at the same date and \
                prints the due actions added, removed or moved (old and new deadline), the findings \
                added or removed, and counts per rule and per organisation. OLD and NEW are policy \
                files or folders, or REV:PATH for PATH as committed at a git revision (PATH from the \
                repository's top, as in `git show`); a revision's whole policy tree and calendars \
                are read from that commit into a temporary folder.

                Examples:
                \(examples)

                Exit status: 0 nothing changes · 1 a version has policy errors · 2 bad usage (a \
                missing path, an unknown revision) · 3 calendar data missing · 4 the tool failed · \
                5 the outcomes change.
                """,
            zh: """
                用同一份案例数据、在同一评判日期,分别按旧政策(OLD)和新政策(NEW)评判,列出新增、消失\
                或截止日期变动(新旧截止日期)的待办事项,新增或消失的违规记录,以及按规则和按单位的计数。\
                OLD 和 NEW 是政策文件或文件夹,也可以写成 REV:PATH,表示某个 git 版本中提交的 PATH(PATH \
                从仓库根目录算起,与 `git show` 相同);该版本的整个政策树和日历会从那次提交读到一个临时文件夹中。

                示例:
                \(examples)

                退出状态:0 没有变化 · 1 某个版本的政策有错误 · 2 用法错误(路径不存在、版本不存在)· \
                3 缺少日历数据 · 4 工具本身出错 · 5 评判结果有变化。
                """)
        static let old = Words(en: "The old policy: a path, or REV:PATH.", zh: "旧政策:路径,或 REV:PATH。")
        static let new = Words(en: "The new policy: a path, or REV:PATH.", zh: "新政策:路径,或 REV:PATH。")
        static let data = Words(en: "The case-data folder: organisations.csv, students.csv, events.csv or events.jsonl.",
                                zh: "案例数据文件夹:organisations.csv、students.csv、events.csv 或 events.jsonl。")
        static let from = Words(en: "Compare findings from this date (with --to instead of --as-of).",
                                zh: "比较从这一天起的违规记录(与 --to 同用,代替 --as-of)。")
        static let to = Words(en: "Compare findings up to this date; due actions are judged at it.",
                              zh: "比较到这一天为止的违规记录;待办事项按这一天评判。")
        static let format = Words(en: "text, json or md. Default: what the --out name ends in, else text.",
                                  zh: "输出格式:text、json 或 md。默认按 --out 文件的扩展名,否则为 text。")
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "diff", abstract: Help.abstract.shown, discussion: helpPage(Help.discussion))
    }

    @Argument(help: .words(Help.old), completion: .file(extensions: ["duly"]))
    var old: String

    @Argument(help: .words(Help.new), completion: .file(extensions: ["duly"]))
    var new: String

    @Option(help: .words(Help.data), completion: .directory)
    var data: String

    @Option(name: .customLong("as-of"), help: .words(EvaluationCommandOptions.Help.asOf))
    var asOf: String?

    @Option(help: .words(Help.from))
    var from: String?

    @Option(help: .words(Help.to))
    var to: String?

    @Option(help: .words(Help.format))
    var format: PolicyDiffFormat?

    @OptionGroup var messages: MessageOptions

    @Option(help: .words(EvaluationCommandOptions.Help.threads))
    var threads: Int = 2

    @OptionGroup var output: OutputFileOptions

    func validate() throws {
        if asOf != nil && (from != nil || to != nil) { throw usageError(en: "give either --as-of or --from/--to, not both", zh: "--as-of 与 --from/--to 只能给出一种") }
        if (from == nil) != (to == nil) { throw usageError(en: "--from and --to go together", zh: "--from 和 --to 须一起给出") }
    }

    func run() throws {
        let format = try ReportOutput.format(self.format, default: .text, out: output.out, language: messages.language)
        let cwd = FileManager.default.currentDirectoryPath
        // Only what is on disk can be overwritten; a REV:PATH is read from git.
        let inputs = [old, new, data].filter { FileManager.default.fileExists(atPath: $0) }
        let destination = try ReportOutput.prepare(output.out, force: output.force, inputs: inputs, language: messages.language)
        let lo = try parseDate(from, "--from"), hi = try parseDate(to, "--to")
        if let lo, let hi, hi < lo { throw usageError(en: "--to \(hi) is before --from \(lo)", zh: "--to \(hi) 早于 --from \(lo)") }
        let day = try parseDate(asOf, "--as-of") ?? hi ?? Self.today()
        let report: PolicyDiffReport
        do {
            report = try PolicyDiff.run(old: PolicyVersion.parse(old, workingDirectory: cwd), new: PolicyVersion.parse(new, workingDirectory: cwd),
                                        data: data, options: PolicyDiffOptions(asOf: day, from: lo, to: hi, threads: threads),
                                        workingDirectory: cwd)
        } catch {
            printError((messages.language == .zh ? "错误:" : "error: ") + error.message(in: messages.language))
            switch error {
            case .usage: throw ExitStatus.usage.code
            case .policyErrors, .unusableData: throw ExitStatus.problemsFound.code
            case .missingCalendarData: throw ExitStatus.missingCalendarData.code
            case .toolFailure: throw ExitStatus.toolFailure.code
            }
        }
        printError(report.warnings[messages.language] ?? "")
        if let coverage = report.coverage[messages.language] { printError(coverage) }
        try destination.write(PolicyDiffOutput.render(report, format: format, language: messages.language))
        if report.hasMissingCalendarData { throw ExitStatus.missingCalendarData.code }
        if report.hasChanges { throw ExitStatus.changesFound.code }
    }

    static func today() -> CivilDate { beijingToday() }
}
