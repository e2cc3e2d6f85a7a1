@preconcurrency import Glibc
import ArgumentParser
import DulySource
import DulyKit
import Foundation

/// `--out FILE` and `--force`, for the commands that write one report.
struct OutputFileOptions: ParsableArguments {
    static let outWords = Words(
        en: "Write the report to this file instead of standard output: whole or not at all (a temporary file beside it, then a rename). Refused when it exists (unless --force), when it is an input, or when its extension contradicts --format.",
        zh: "把结果写入这个文件,而不是标准输出:要么完整写出,要么不写(先写到旁边的临时文件,再改名)。文件已存在时拒绝(除非加 --force);不能是输入文件;扩展名须与 --format 一致。")
    static let forceWords = Words(
        en: "With --out: replace a file that exists.",
        zh: "与 --out 同用:覆盖已存在的文件。")

    @Option(help: .words(outWords), completion: .file())
    var out: String?

    @Flag(help: .words(forceWords))
    var force = false
}

/// Where a command's report goes: standard output, or the file `--out` names.
///
/// A file is written whole or not at all: into a temporary file beside it, then linked (or,
/// with `--force`, renamed) into place, so a reader never sees half a report and a failed run
/// leaves what was there before. Everything that can be refused is checked by `prepare`,
/// before any work, so a run that is refused costs nothing and changes nothing.
struct ReportOutput {
    /// The file, checked, or nil for standard output.
    let file: OutputFile?
    let language: MessageLanguage

    var path: String? { file?.path }
    var isStandardOutput: Bool { file == nil }

    /// The extensions each `--format` value writes; an `--out` name with another of these
    /// extensions contradicts the format. Extensions outside the table (or none) are the
    /// user's choice.
    static let extensions: [String: Set<String>] = [
        "text": ["txt", "text", "log"], "plain": ["txt", "text", "log"], "github": ["txt", "log"],
        "csv": ["csv"], "json": ["json"], "md": ["md", "markdown"], "xlsx": ["xlsx"],
        "sarif": ["sarif", "json"], "junit": ["xml"],
    ]
    static let knownExtensions: Set<String> = Set(extensions.values.joined()).union(["xls", "tsv", "jsonl", "xml", "html"])

    /// The format a command uses: `--format` when given, else the one the `--out` file's
    /// extension names (`--out 待办.xlsx` writes a workbook), else `fallback`. A given format the
    /// extension contradicts is refused (exit 2).
    static func format<Format: RawRepresentable & CaseIterable>(_ given: Format?, default fallback: Format, out: String?,
                                                                language: MessageLanguage) throws -> Format where Format.RawValue == String {
        guard let out else { return given ?? fallback }
        let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
        guard knownExtensions.contains(ext) else { return given ?? fallback }
        if let given {
            guard extensions[given.rawValue, default: []].contains(ext) else {
                let stem = URL(fileURLWithPath: out).deletingPathExtension().lastPathComponent
                let suggested = extensions[given.rawValue].flatMap { $0.sorted().first }.map { "\(stem).\($0)" }
                refuse(en: "`\(out)` ends in .\(ext) but --format is \(given.rawValue); " + (suggested.map { "name it `\($0)` or " } ?? "") + "choose the --format its name says",
                       zh: "`\(out)` 的扩展名是 .\(ext),但 --format 是 \(given.rawValue);" + (suggested.map { "请改名为 `\($0)`,或" } ?? "请") + "选用与扩展名一致的 --format",
                       language: language)
                throw ExitStatus.usage.code
            }
            return given
        }
        // The format named like the extension first (.json is json, not sarif), then one that writes it.
        if let named = Format.allCases.first(where: { $0.rawValue == ext })
            ?? Format.allCases.first(where: { extensions[$0.rawValue, default: []].contains(ext) }) {
            return named
        }
        let names = Format.allCases.map(\.rawValue).joined(separator: ", ")
        refuse(en: "`\(out)` ends in .\(ext), which this command does not write (--format: \(names)); choose another name",
               zh: "本命令不输出 .\(ext) 文件(--format 可选:\(names));请为 `\(out)` 换一个扩展名", language: language)
        throw ExitStatus.usage.code
    }

    /// Checks `path` before any work (`OutputFile`); a refusal is exit 2 and leaves the file
    /// untouched.
    static func prepare(_ path: String?, force: Bool, inputs: [String], language: MessageLanguage) throws -> ReportOutput {
        guard let path else { return ReportOutput(file: nil, language: language) }
        do {
            return ReportOutput(file: try OutputFile(path, force: force, inputs: inputs), language: language)
        } catch {
            throw fail(error, language)
        }
    }

    /// Prints why an output file cannot be written and gives the exit status it means.
    static func fail(_ error: OutputFileError, _ language: MessageLanguage) -> ExitCode {
        switch error {
        case .refused(let text):
            refuse(en: text.en, zh: text.zh, language: language)
            return ExitStatus.usage.code
        case .failed(let text):
            refuse(en: text.en, zh: text.zh, language: language)
            return ExitStatus.toolFailure.code
        }
    }

    /// Prints a refusal on standard error.
    static func refuse(en: String, zh: String, language: MessageLanguage) {
        printError(language == .zh ? "错误:" + zh : "error: " + en)
    }

    /// Writes `text` to the destination.
    func write(_ text: String) throws { try write(Data(text.utf8)) }

    /// Writes what `produce` hands over, piece by piece: a long list is never held whole. A
    /// file is still written whole or not at all.
    func write(pieces produce: ((UnsafeRawBufferPointer) -> Void) -> Void) throws {
        guard let file else {
            produce { piece in _ = fwrite(piece.baseAddress, 1, piece.count, stdout) }
            return
        }
        do {
            try file.write(pieces: produce)
        } catch {
            throw Self.fail(error, language)
        }
        printError(language == .zh ? "已写出 `\(file.path)`" : "wrote `\(file.path)`")
    }

    /// Writes `data` to the destination: standard output, or the file whole or not at all.
    func write(_ data: Data) throws {
        try write(pieces: { put in data.withUnsafeBytes { put($0) } })
    }
}

/// The help of the options `due` and `findings` share: the lists they write.
enum ListHelp {
    static let format = Words(
        en: "text, csv, json, md or xlsx (an Excel workbook, for --out or a redirect). Default: what the --out name ends in, else text.",
        zh: "输出格式:text、csv、json、md 或 xlsx(Excel 工作簿,用 --out 或重定向写入文件)。默认按 --out 文件的扩展名,否则为 text。")
    static let bom = Words(en: "Start CSV output with a UTF-8 byte order mark, for Excel.",
                           zh: "CSV 输出以 UTF-8 字节顺序标记(BOM)开头,便于 Excel 正确识别中文。")
}
