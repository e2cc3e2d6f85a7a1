import ArgumentParser

/// The exit statuses every `duly` command uses, so a script can tell "your input is wrong"
/// from "you called it wrong" from "the tool failed". Documented in README.md and `--help`.
enum ExitStatus: Int32 {
    /// Nothing to report.
    case success = 0
    /// Problems found in the input: policy errors, files not in canonical form, failing policy
    /// tests, bad case data under `--strict`, findings (`duly findings`).
    case problemsFound = 1
    /// Bad usage: an unknown option, a missing argument, a malformed date or duration argument,
    /// a path that does not exist.
    case usage = 2
    /// Calendar data is missing for a year the computation needs.
    case missingCalendarData = 3
    /// The tool itself failed (an output file could not be written, an internal error).
    case toolFailure = 4
    /// `duly diff` only: the two versions judge the data differently. Distinct from 1, so a
    /// script can tell "this change moves deadlines" from "a version does not check".
    case changesFound = 5

    var code: ExitCode { ExitCode(rawValue) }

    /// The statuses as the last paragraph of each command's help.
    static let words = Words(
        en: "Exit status: 0 clean · 1 problems found in the input · 2 bad usage · 3 calendar data missing · 4 the tool failed · 5 the outcomes change (diff).",
        zh: "退出状态:0 无问题 · 1 输入中发现问题 · 2 用法错误 · 3 缺少日历数据 · 4 工具本身出错 · 5 结果有变化(diff)。")
}
