@preconcurrency import Glibc
import DulyKit
import DulySource
import Foundation

/// The C library's standard output stream, which `print` writes through: read once the
/// command has finished, on the main thread, to learn whether everything reached the file.
func standardOutputStream() -> UnsafeMutablePointer<FILE> { stdout }

/// The width tables are cut to: the terminal's columns when standard output is a terminal
/// (`COLUMNS` when the terminal does not say, else 80), and no limit when it is a file or a
/// pipe, so a saved or piped table keeps every cell whole.
func tableWidth() -> Int? {
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    if let raw = getenv("COLUMNS"), let columns = Int(String(cString: raw)), columns > 0 { return columns }
    return 80
}

/// `--format xlsx` writes a binary workbook: refused when standard output is a terminal, where
/// it would only spray bytes (exit 2). Checked before any work.
func refuseWorkbookOnTerminal(_ format: ReportFormat, language: MessageLanguage) throws {
    guard format == .xlsx, isatty(STDOUT_FILENO) == 1 else { return }
    printError(language == .zh ? "错误:--format xlsx 输出的是 Excel 工作簿(二进制),不能写到终端;请重定向到文件,例如 `> 待办.xlsx`"
                               : "error: --format xlsx writes an Excel workbook (binary), not for a terminal; redirect it to a file, e.g. `> due.xlsx`")
    throw ExitStatus.usage.code
}

/// Writes a workbook's bytes to standard output, then exits as `finish` does.
func finishWorkbook(_ make: () throws(ReportWorkbookError) -> Data, _ report: EvaluationReport, problems: Bool, language: MessageLanguage) throws {
    let data: Data
    do { data = try make() } catch {
        printError(language == .zh ? "错误:无法生成工作簿:\(error.reason)" : "error: the workbook could not be made: \(error.reason)")
        throw ExitStatus.toolFailure.code
    }
    _ = data.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, stdout) }
    if report.hasMissingCalendarData { throw ExitStatus.missingCalendarData.code }
    if problems { throw ExitStatus.problemsFound.code }
}
