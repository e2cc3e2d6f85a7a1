import Foundation
import DulySource
import DulySyntax
import DulyCheck

/// Reads policy files from disk. Never writes; never trusts a file to be text.
public enum PolicyLoading {
    /// Larger files are refused before they are read whole: no real rule file comes near it.
    public static let maximumFileSize = 4 << 20
    public static let fileExtension = "duly"

    /// A file read and checked for being text: either a source file or a diagnostic.
    public static func read(path: String) -> (SourceFile?, [Diagnostic]) {
        func fail(_ code: DiagnosticCode, en: String, zh: String) -> (SourceFile?, [Diagnostic]) {
            (nil, [Diagnostic(code, path: path, span: nil, message: LocalizedText(en: en, zh: zh))])
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maximumFileSize {
            return fail(.fileTooLarge, en: "file is \(size) bytes; policy files are limited to \(maximumFileSize) bytes",
                        zh: "文件大小为 \(size) 字节,规则文件上限为 \(maximumFileSize) 字节")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return fail(.unreadableFile, en: "cannot read `\(path)`", zh: "无法读取 `\(path)`")
        }
        if data.count > maximumFileSize {
            return fail(.fileTooLarge, en: "file is \(data.count) bytes; policy files are limited to \(maximumFileSize) bytes",
                        zh: "文件大小为 \(data.count) 字节,规则文件上限为 \(maximumFileSize) 字节")
        }
        var bytes = [UInt8](data)
        if let nul = bytes.firstIndex(of: 0) {
            return fail(.binaryFile, en: "file contains a NUL byte at offset \(nul): it is binary, not a policy",
                        zh: "文件在偏移 \(nul) 处含有空字节:这是二进制文件,不是规则文件")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (offset, line) = firstInvalidUTF8(bytes)
            return fail(.invalidUTF8, en: "file is not UTF-8: invalid byte at offset \(offset) (line \(line)); save it as UTF-8",
                        zh: "文件不是 UTF-8 编码:偏移 \(offset)(第 \(line) 行)处字节无效;请另存为 UTF-8")
        }
        return (SourceFile(path: path, text: text), [])
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int, line: Int) {
        var i = 0
        var line = 1
        while i < bytes.count {
            let b = bytes[i]
            var width = 0
            if b < 0x80 { width = 1 } else if b & 0xE0 == 0xC0 { width = 2 } else if b & 0xF0 == 0xE0 { width = 3 } else if b & 0xF8 == 0xF0 { width = 4 }
            if width == 0 || i + width > bytes.count { return (i, line) }
            if width > 1, String(validating: bytes[i..<i + width], as: UTF8.self) == nil { return (i, line) }
            if b == 0x0A { line += 1 }
            i += width
        }
        return (i, line)
    }

    /// Parses a file read from disk; an empty one is an error, not a silent pass.
    public static func parse(_ file: SourceFile) -> (ParsedFile, [Diagnostic]) {
        let (syntax, diagnostics) = Parser.parse(file)
        var all = diagnostics
        if syntax.items.isEmpty, diagnostics.isEmpty {
            all.append(Diagnostic(.emptyFile, path: file.path, span: nil,
                                  message: LocalizedText(en: "file declares nothing: no policy, vocabulary or rule", zh: "文件没有任何声明:没有政策、词汇或规则")))
        }
        return (ParsedFile(source: file, syntax: syntax), all)
    }

    /// Every `.duly` file under the paths, recursively, sorted; files named directly are taken
    /// whatever their extension. Policy test files (`*.test.duly`) are not policies.
    public static func policyFiles(in paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(.unreadableFile, path: path, span: nil,
                                              message: LocalizedText(en: "no such file or folder", zh: "文件或文件夹不存在")))
                continue
            }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            var found: [String] = []
            let root = realPath(path) ?? path
            if let e = FileManager.default.enumerator(atPath: path) {
                while let relative = e.nextObject() as? String {
                    if relative.hasSuffix("." + fileExtension), !relative.hasSuffix(".test." + fileExtension) {
                        let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                        // A link that leads out of the folder is not followed: `check` in CI must
                        // never read (and echo in a diagnostic) a file from elsewhere on the machine.
                        guard let real = realPath(full), real == root || real.hasPrefix(root == "/" ? "/" : root + "/") else {
                            diagnostics.append(Diagnostic(.linkOutsideTree, path: full, span: nil,
                                                          message: LocalizedText(en: "`\(relative)` is a symbolic link that leads outside `\(path)`; it is not read",
                                                                                 zh: "`\(relative)` 是指向 `\(path)` 之外的符号链接,未读取")))
                            continue
                        }
                        found.append(full)
                    }
                }
            }
            if found.isEmpty {
                diagnostics.append(Diagnostic(.noPolicyFiles, path: path, span: nil,
                                              message: LocalizedText(en: "no .duly files in this folder", zh: "此文件夹中没有 .duly 文件")))
            }
            files += found.sorted()
        }
        var seen = Set<String>()
        return (files.filter { seen.insert(standardized($0)).inserted }, diagnostics)
    }

    /// The path with every symbolic link resolved, or nil when it leads nowhere.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func standardized(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// The folder whose tree a file belongs to: the nearest ancestor holding the vocabulary
    /// (a `.duly` file that declares `vocabulary`/`词汇`). Checking one county file loads its
    /// parents and the vocabulary from there, so `duly check policies/四川省/巴中市/通江县.duly` works.
    public static func policyRoot(containing path: String) -> String? {
        var dir = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            dir.deleteLastPathComponent()
        }
        for _ in 0..<32 {
            if let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) {
                for name in names.sorted() where name.hasSuffix("." + fileExtension) && !name.hasSuffix(".test." + fileExtension) {
                    let full = dir.appendingPathComponent(name).path
                    if let (file, _) = Optional(read(path: full)), let source = file, declaresVocabulary(source) {
                        return dir.path
                    }
                }
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }

    static func declaresVocabulary(_ file: SourceFile) -> Bool {
        guard let first = Lexer.firstWord(of: file) else { return false }
        return Keyword.vocabulary.english.contains(first) || Keyword.vocabulary.chinese.contains(first)
    }
}
