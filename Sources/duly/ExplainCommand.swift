import ArgumentParser
import DulyKit
import DulyModel
import DulySource
import DulyTime

struct ExplainCommand: ParsableCommand {
    enum Help {
        static let abstract = Words(en: "Trace how the rules apply to one subject.",
                                    zh: "逐步说明规则如何适用于某一个对象(学生或单位)。")
        static let discussion = Words(
            en: """
                For a student or an organisation: which rules fired on which events, how each \
                deadline was counted day by day, and why each obligation is open or closed.

                Examples:
                  duly explain GZ-S03 --data examples/贵州省 --as-of 2024-10-12
                  duly explain ZA-SCH-01 --data examples/贵州省 --from 2024-10-01 --to 2024-10-12
                  duly explain 陈芳 --data examples/贵州省 --as-of 2024-10-12
                  duly explain GZ-S03 --data examples/贵州省 --as-of 2024-10-12 --out GZ-S03.json

                A name that several students or organisations share lists them, with their IDs and \
                schools, and ends with status 2: run again with the ID. --out FILE writes the trace \
                to that file (a .json name gives JSON).

                Only the subject's rows are read and checked (found by one quick pass over the \
                files, which also finds what the data covers), so the count of bad rows is of \
                those rows; run due or findings to check whole files. A CSV with a quoted cell, \
                JSON Lines or GB18030 is read whole.
                """,
            zh: """
                对一名学生或一个单位说明:哪些规则因哪些事件而触发,每个截止日期如何逐日推算,\
                每项待办事项为何尚未办结或已经办结。

                示例:
                  duly explain GZ-S03 --data examples/贵州省 --as-of 2024-10-12
                  duly explain ZA-SCH-01 --data examples/贵州省 --from 2024-10-01 --to 2024-10-12
                  duly explain 陈芳 --data examples/贵州省 --as-of 2024-10-12        # 按姓名查找
                  duly explain GZ-S03 --data examples/贵州省 --as-of 2024-10-12 --out GZ-S03.json

                有多名学生或多个单位同名时,会列出它们的编号和学校,并以退出状态 2 结束:请改用编号再运行。\
                --out 文件名:把说明写入该文件(扩展名为 .json 时输出 JSON)。

                只读取并检查该对象的数据行(先快速扫描一遍文件找出这些行,同时得出数据覆盖范围),\
                所以错误行的计数只针对这些行;要检查整个文件,请运行 due 或 findings。\
                含带引号单元格的 CSV、JSON Lines 或 GB18030 文件仍整体读取。
                """)
        static let subject = Words(en: "The student's or organisation's ID, or its name.", zh: "学生或单位的编号,或其名称。")
        static let format = Words(en: "text or json (default: what the --out name ends in, else text).",
                                  zh: "输出格式:text 或 json(默认按 --out 文件的扩展名,否则为 text)。")
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "explain", abstract: Help.abstract.shown,
                             discussion: helpPage(Help.discussion, ExitStatus.words))
    }

    @Argument(help: .words(Help.subject))
    var subject: String

    @OptionGroup var common: EvaluationCommandOptions

    enum TraceFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
        var report: ReportFormat { self == .json ? .json : .text }
    }

    @OptionGroup var window: FindingsWindowOptions

    @Option(help: .words(Help.format))
    var format: TraceFormat?

    @OptionGroup var output: OutputFileOptions

    func run() throws {
        let format = try ReportOutput.format(self.format, default: .text, out: output.out, language: common.messages.language)
        let destination = try ReportOutput.prepare(output.out, force: output.force, inputs: common.inputs, language: common.messages.language)
        let (lo, hi) = try window.dates()
        let zh = common.messages.language == .zh
        var subject = self.subject
        let report = try runEvaluation(common, focus: subject) { asOf, input in
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
        try finish(Reports.explain(report, subject: subject, format: format.report, language: common.messages.language), report, problems: false,
                   to: destination)
    }
}
