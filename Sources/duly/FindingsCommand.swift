import ArgumentParser
import DulyKit
import DulyModel
import DulyTime

struct FindingsCommand: ParsableCommand {
    enum Help {
        static let abstract = Words(en: "List late, missed, forbidden and out-of-order findings.",
                                    zh: "列出逾期办理、漏办、违反禁止性规定和办理顺序颠倒等违规记录。")
        static let discussion = Words(
            en: """
                Each finding: its date, kind (late, missed, forbidden, missing-prerequisite, \
                out-of-order), severity, the subject, the responsible organisation, the evidence \
                (event IDs) and the rule's citation; then counts per rule and per organisation.

                Examples:
                  duly findings --data examples/通江县 --as-of 2024-12-31
                  duly findings --data examples/贵州省 --from 2024-09-01 --to 2024-12-31 \\
                    --format json
                  duly findings --data examples/贵州省 --rule GZ-2 --kind missed --org 道真县教育局
                  duly findings --data examples/通江县 --as-of 2024-12-31 --out findings.csv

                Nothing outside the data's coverage is judged (coverage.csv, else its first to its \
                last event): such periods and deadlines are counted as not judged on stderr, with a \
                warning when the as-of date is after the data. --out FILE writes the list to that \
                file, in the format its extension names unless --format says otherwise.

                There being findings is status 1.
                """,
            zh: """
                每条违规记录列出:日期、类别(late 逾期办理、missed 漏办、forbidden 违反禁止性规定、\
                missing-prerequisite 缺少前置步骤、out-of-order 办理顺序颠倒)、严重程度、对象、负责单位、\
                证据(事件编号)和规则出处;最后按规则和按单位计数。

                示例:
                  duly findings --data examples/通江县 --as-of 2024-12-31
                  duly findings --data examples/贵州省 --from 2024-09-01 --to 2024-12-31 \\
                    --format json
                  duly findings --data examples/贵州省 --rule GZ-2 --kind missed --org 道真县教育局
                  duly findings --data examples/通江县 --as-of 2024-12-31 --out findings.csv

                数据覆盖范围以外的时段一概不作评判(以 coverage.csv 为准;没有该文件时,取第一个到最后一个\
                事件之间):这些时段和截止日期在标准错误输出中计为“未评判”;评判日期晚于数据时另有警告。\
                --out 文件名:把违规记录写入该文件,未给 --format 时按扩展名确定格式。

                有违规记录时退出状态为 1。
                """)
        static let kind = Words(
            en: "Only findings of this kind: late, missed, forbidden, missing-prerequisite or out-of-order. Repeatable.",
            zh: "只看这一类违规记录:late(逾期办理)、missed(漏办)、forbidden(违反禁止性规定)、missing-prerequisite(缺少前置步骤)或 out-of-order(办理顺序颠倒)。可重复。")
        static let severity = Words(en: "Only findings of this severity: error or warning. Repeatable.",
                                    zh: "只看这种严重程度的违规记录:error(错误)或 warning(警告)。可重复。")
        static let format = ListHelp.format
        static let bom = ListHelp.bom
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "findings", abstract: Help.abstract.shown,
                             discussion: helpPage(Help.discussion, ExitStatus.words))
    }

    @OptionGroup var common: EvaluationCommandOptions

    @OptionGroup var window: FindingsWindowOptions

    @OptionGroup var filters: ResultFilterOptions

    @Option(help: .words(Help.kind))
    var kind: [String] = []

    @Option(help: .words(Help.severity))
    var severity: [String] = []

    @Option(help: .words(Help.format))
    var format: ReportFormat?

    @Flag(help: .words(Help.bom))
    var bom = false

    @OptionGroup var output: OutputFileOptions

    func run() throws {
        let language = common.messages.language
        let format = try ReportOutput.format(self.format, default: .text, out: output.out, language: language)
        let destination = try ReportOutput.prepare(output.out, force: output.force, inputs: common.inputs, language: language)
        try refuseWorkbookOnTerminal(format, output: destination, name: Words(en: "findings.xlsx", zh: "违规记录.xlsx"))
        let (lo, hi) = try window.dates()
        var filter = filters.filter
        filter.kinds = kind
        filter.severities = severity
        let report = try runEvaluation(common) { asOf, input in
            let keep = try ResultFilterOptions.resolve(filter, input, language: language)
            let inWindow = EvaluationOptions.findings(from: lo, to: hi)
            return EvaluationOptions(asOf: asOf, windowStart: lo, keepFinding: { f in inWindow(f) && keep.keeps(f) })
        }
        if format == .xlsx {
            return try finishWorkbook({ () throws(ReportWorkbookError) in try Reports.findingsWorkbook(report, report.findings, language: language) },
                                      report, problems: !report.findings.isEmpty, to: destination)
        }
        let width = destination.isStandardOutput ? tableWidth() : nil
        try finish(report, problems: !report.findings.isEmpty, to: destination) { put in
            Reports.findings(report, report.findings, format: format, bom: bom, language: language, width: width, put: put)
        }
    }
}
