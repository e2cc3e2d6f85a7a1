@preconcurrency import Glibc
import ArgumentParser
import DulySource
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
    /// The file, or nil for standard output.
    let path: String?
    let force: Bool
    let language: MessageLanguage

    var isStandardOutput: Bool { path == nil }

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

    /// Checks `path` before any work: not empty, not a folder nor a device, in a folder that
    /// exists, not an input of this run (nor inside an input folder, nor a link to an input),
    /// and not an existing file unless `force`. Every refusal is exit 2 and leaves the file
    /// untouched. A new file inside an input folder is refused too: the next run would read
    /// the folder with the report in it.
    static func prepare(_ path: String?, force: Bool, inputs: [String], language: MessageLanguage) throws -> ReportOutput {
        guard let path else { return ReportOutput(path: nil, force: force, language: language) }
        func no(_ en: String, _ zh: String) throws -> Never {
            refuse(en: en, zh: zh, language: language)
            throw ExitStatus.usage.code
        }
        if path.isEmpty || path.hasSuffix("/") { try no("--out needs a file name", "--out 需要一个文件名") }
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if exists && isFolder.boolValue { try no("`\(path)` is a folder; --out takes a file name", "`\(path)` 是文件夹;--out 需要文件名") }
        var status = stat()
        if exists, stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            try no("`\(path)` is not a regular file; leave out --out to write to standard output",
                   "`\(path)` 不是普通文件;要写到标准输出,请不加 --out")
        }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var folderIsFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &folderIsFolder), folderIsFolder.boolValue else {
            try no("cannot write `\(path)`: the folder `\(folder)` does not exist", "无法写出 `\(path)`:文件夹 `\(folder)` 不存在")
        }
        for input in inputs {
            if isSameFile(path, input) {
                try no("`\(path)` is an input of this run; write the report elsewhere",
                       "`\(path)` 是本次运行的输入文件;请把结果写到别处")
            }
            if isInside(path, input) {
                try no("`\(path)` is inside `\(input)`, an input folder of this run; write the report elsewhere",
                       "`\(path)` 位于本次运行的输入文件夹 `\(input)` 中;请把结果写到别处")
            }
        }
        if exists && !force {
            try no("`\(path)` exists; choose another name, or add --force to replace it", "`\(path)` 已存在;请换一个文件名,或加 --force 覆盖")
        }
        return ReportOutput(path: path, force: force, language: language)
    }

    /// Whether `target` is the file `input`: the same path after links, or the same device
    /// and inode, which catches hard links.
    static func isSameFile(_ target: String, _ input: String) -> Bool {
        if let a = resolved(target), let b = realPath(input), a == b { return true }
        var a = stat(), b = stat()
        return stat(target, &a) == 0 && stat(input, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Whether `target` lies inside the folder `input`, after links.
    static func isInside(_ target: String, _ input: String) -> Bool {
        guard let folder = realPath(input), let path = resolved(target) else { return false }
        return path.hasPrefix(folder == "/" ? folder : folder + "/")
    }

    /// The real path of `path`, or of its folder followed by its name when it does not exist yet.
    static func resolved(_ path: String) -> String? {
        realPath(path) ?? realPath((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
            .map { $0 + "/" + (path as NSString).lastPathComponent }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Prints a refusal on standard error.
    static func refuse(en: String, zh: String, language: MessageLanguage) {
        printError(language == .zh ? "错误:" + zh : "error: " + en)
    }

    /// Writes `text` to the destination.
    func write(_ text: String) throws { try write(Data(text.utf8)) }

    /// Writes `data` to the destination; a file that cannot be written is exit 4, naming it, and
    /// leaves what was there before.
    func write(_ data: Data) throws {
        guard let path else {
            _ = data.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, stdout) }
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().path + "/.\(url.lastPathComponent).\(getpid()).tmp"
        func fail(_ reason: String) throws -> Never {
            unlink(temporary)
            printError(language == .zh ? "错误:无法写出 `\(path)`:\(reason);没有写出任何内容" : "error: cannot write `\(path)`: \(reason); nothing was written")
            throw ExitStatus.toolFailure.code
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { try fail(String(cString: strerror(errno))) }
        var existing = stat()
        if force, stat(path, &existing) == 0 { fchmod(descriptor, existing.st_mode & 0o7777) }
        let error: Int32? = data.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; return errno }
                offset += n
            }
            return fsync(descriptor) == 0 ? nil : errno
        }
        let closed = close(descriptor) == 0 ? nil : errno
        if let code = error ?? closed { try fail(String(cString: strerror(code))) }
        if force {
            guard rename(temporary, path) == 0 else { try fail(String(cString: strerror(errno))) }
        } else if link(temporary, path) == 0 {
            // A hard link never replaces a file that appeared since `prepare`.
            unlink(temporary)
        } else if errno == EEXIST {
            unlink(temporary)
            Self.refuse(en: "`\(path)` exists; choose another name, or add --force to replace it",
                        zh: "`\(path)` 已存在;请换一个文件名,或加 --force 覆盖", language: language)
            throw ExitStatus.usage.code
        } else {
            // A file system without hard links: look once more, then rename.
            if FileManager.default.fileExists(atPath: path) {
                unlink(temporary)
                Self.refuse(en: "`\(path)` exists; choose another name, or add --force to replace it",
                            zh: "`\(path)` 已存在;请换一个文件名,或加 --force 覆盖", language: language)
                throw ExitStatus.usage.code
            }
            guard rename(temporary, path) == 0 else { try fail(String(cString: strerror(errno))) }
        }
        printError(language == .zh ? "已写出 `\(path)`" : "wrote `\(path)`")
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
