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

/// `--format xlsx` writes a binary workbook: refused when it would go to a terminal, where it
/// would only spray bytes (exit 2). Checked before any work; a workbook for `--out` is fine.
/// `name` is the file the message suggests, in both languages.
func refuseWorkbookOnTerminal(_ format: ReportFormat, output: ReportOutput, name: Words) throws {
    guard output.isStandardOutput,
          let message = workbookOnTerminalRefusal(format, isTerminal: isatty(STDOUT_FILENO) == 1, name: name, language: output.language) else { return }
    printError(message)
    throw ExitStatus.usage.code
}

/// The refusal to write a workbook to a terminal, or nil when the workbook may be written.
func workbookOnTerminalRefusal(_ format: ReportFormat, isTerminal: Bool, name: Words, language: MessageLanguage) -> String? {
    guard format == .xlsx, isTerminal else { return nil }
    return language == .zh ? "错误:--format xlsx 输出的是 Excel 工作簿(二进制),不能写到终端;请用 --out \(name.zh),或重定向到文件,例如 `> \(name.zh)`"
                           : "error: --format xlsx writes an Excel workbook (binary), not for a terminal; use --out \(name.en), or redirect it to a file, e.g. `> \(name.en)`"
}

/// Writes a workbook's bytes to the output, then exits as `finish` does.
func finishWorkbook(_ make: () throws(ReportWorkbookError) -> Data, _ report: EvaluationReport, problems: Bool, to output: ReportOutput) throws {
    let data: Data
    do { data = try make() } catch {
        printError(output.language == .zh ? "错误:无法生成工作簿:\(error.reason)" : "error: the workbook could not be made: \(error.reason)")
        throw ExitStatus.toolFailure.code
    }
    try output.write(data)
    if report.hasMissingCalendarData { throw ExitStatus.missingCalendarData.code }
    if problems { throw ExitStatus.problemsFound.code }
}

/// The folder `--split-by` writes into: made when missing; one that holds files is refused
/// (exit 2) unless `force`, so a second run cannot mix with a first one's lists by surprise.
func prepareSplitFolder(_ path: String, force: Bool, language: MessageLanguage) throws -> String {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
        guard isFolder.boolValue else {
            printError(language == .zh ? "错误:`\(path)` 不是文件夹" : "error: `\(path)` is not a folder")
            throw ExitStatus.usage.code
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if !entries.isEmpty && !force {
            printError(language == .zh ? "错误:文件夹 `\(path)` 不是空的;换一个文件夹,或加 --force 覆盖同名文件"
                                       : "error: the folder `\(path)` is not empty; choose another or add --force to replace files of the same names")
            throw ExitStatus.usage.code
        }
        return path
    }
    do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
        printError(language == .zh ? "错误:无法创建文件夹 `\(path)`:\(error.localizedDescription)" : "error: cannot make the folder `\(path)`: \(error.localizedDescription)")
        throw ExitStatus.toolFailure.code
    }
    return path
}

/// Writes each file atomically (a temporary name in the same folder, then a rename), and says
/// on standard error how many were written.
func writeSplitFiles(_ files: [(fileName: String, data: Data)], into folder: String, language: MessageLanguage) throws {
    for (name, data) in files {
        let target = folder + "/" + name
        let temporary = folder + "/.\(name).\(getpid()).tmp"
        let written = FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o644])
        guard written, rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            printError(language == .zh ? "错误:无法写出 `\(target)`:\(reason)" : "error: cannot write `\(target)`: \(reason)")
            throw ExitStatus.toolFailure.code
        }
    }
    printError(language == .zh ? "已写出 \(files.count) 个文件到 `\(folder)`" : "wrote \(files.count) file\(files.count == 1 ? "" : "s") into `\(folder)`")
}
