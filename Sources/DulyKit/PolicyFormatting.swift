import Foundation
import Glibc
import DulySource
import DulyFormat
import DulyData

/// `duly fmt`: canonical form for policy files. A file with a syntax error is never rewritten.
public enum PolicyFormatting {
    public struct Outcome: Sendable {
        public var path: String
        /// The canonical text, nil when the file could not be read or parsed.
        public var formatted: String?
        public var original: String?
        public var diagnostics: [Diagnostic]
        public var source: SourceFile?

        public var isChanged: Bool { formatted != nil && formatted != original }
    }

    public static func format(paths: [String]) -> (outcomes: [Outcome], diagnostics: [Diagnostic]) {
        let (files, listing) = PolicyLoading.policyFiles(in: paths)
        var outcomes: [Outcome] = []
        for path in files {
            let (file, readDiagnostics) = PolicyLoading.read(path: path)
            guard let file else {
                outcomes.append(Outcome(path: path, formatted: nil, original: nil, diagnostics: readDiagnostics, source: nil))
                continue
            }
            let (text, diagnostics) = Formatter.format(source: file)
            // Compare with what is on disk, byte for byte: a BOM or CRLF is a difference too.
            let raw = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
            outcomes.append(Outcome(path: path, formatted: text, original: raw, diagnostics: diagnostics, source: file))
        }
        return (outcomes, listing)
    }

    /// Why a policy file is not rewritten.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: LocalizedText
        public var description: String { "cannot write `\(path)`: \(reason.en)" }
    }

    /// Rewrites a policy file with `text`, keeping what the file is:
    ///
    /// - a symbolic link is followed and its target rewritten; the link stays a link;
    /// - the mode (permission bits) and, where the process may set it, the owner and group stay;
    /// - a file with several hard links is rewritten in place, so every name sees the new text;
    ///   any other file is replaced atomically (a temporary file beside it, renamed over it), so a
    ///   failure never leaves a half-written policy;
    /// - a read-only file (no write permission for its owner, or not writable by this process) is
    ///   refused, not silently made writable.
    public static func write(_ text: String, to path: String) throws(WriteError) {
        func failure(_ en: String, _ zh: String) -> WriteError { WriteError(path: path, reason: LocalizedText(en: en, zh: zh)) }
        func errnoText() -> String { String(cString: strerror(errno)) }
        // The file a link points to (links to links too); a plain path stays as it is.
        guard let resolved = realpath(path, nil) else {
            throw failure("the file cannot be found: \(errnoText())", "找不到文件:\(errnoText())")
        }
        let target = String(cString: resolved)
        free(resolved)
        var st = stat()
        guard stat(target, &st) == 0 else { throw failure("cannot read its attributes: \(errnoText())", "无法读取文件属性:\(errnoText())") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw failure("not a regular file", "不是普通文件") }
        guard (st.st_mode & S_IWUSR) != 0, access(target, W_OK) == 0 else {
            throw failure("the file is read-only; make it writable first if it should be formatted",
                          "文件是只读的;如确需格式化,请先改为可写")
        }
        let bytes = Array(text.utf8)
        if st.st_nlink > 1 {
            // Renaming over one name would split the hard links; write through the existing inode.
            let fd = open(target, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw failure("cannot open it for writing: \(errnoText())", "无法打开文件写入:\(errnoText())") }
            defer { close(fd) }
            guard writeFully(fd, bytes), fsync(fd) == 0 else { throw failure("write failed: \(errnoText())", "写入失败:\(errnoText())") }
            return
        }
        let directory = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).duly-fmt-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0o7777)
        guard fd >= 0 else { throw failure("cannot create a temporary file beside it: \(errnoText())", "无法在同一文件夹中创建临时文件:\(errnoText())") }
        var ok = writeFully(fd, bytes)
        // The mode given to open() is narrowed by the umask; set it exactly. The owner can only
        // be kept by a process allowed to give files away (root); otherwise it is the writer's.
        ok = ok && fchmod(fd, st.st_mode & 0o7777) == 0
        _ = fchown(fd, st.st_uid, st.st_gid)
        ok = ok && fsync(fd) == 0
        let saved = errno
        close(fd)
        guard ok, rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(ok ? errno : saved))
            unlink(temporary)
            throw failure("write failed: \(reason)", "写入失败:\(reason)")
        }
    }

}

extension PolicyFormatting {
    /// A unified diff (`diff -u` style, three lines of context) from `original` to `formatted`,
    /// headed `--- path` / `+++ path (formatted)`; empty when they are the same.
    public static func unifiedDiff(path: String, original: String, formatted: String, context: Int = 3) -> String {
        func lines(_ s: String) -> [Substring] {
            var l = s.split(separator: "\n", omittingEmptySubsequences: false)
            if l.last == "" { l.removeLast() }
            return l
        }
        let old = lines(original), new = lines(formatted)
        guard old != new else { return "" }
        let difference = new.difference(from: old)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        // The edit script as (kind, old index, new index): " " kept, "-" removed, "+" inserted.
        var script: [(Character, Int, Int)] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count && removed.contains(i) { script.append(("-", i, j)); i += 1 }
            else if j < new.count && inserted.contains(j) { script.append(("+", i, j)); j += 1 }
            else { script.append((" ", i, j)); i += 1; j += 1 }
        }
        var out = "--- \(path)\n+++ \(path) (formatted)\n"
        var k = 0
        while k < script.count {
            guard script[k].0 != " " else { k += 1; continue }
            // A hunk: from `context` lines before this change to `context` after the last change
            // that is at most 2 × context kept lines away.
            let start = max(0, k - context)
            var end = k
            var last = k
            while end < script.count {
                if script[end].0 != " " { last = end }
                else if end - last > 2 * context { break }
                end += 1
            }
            let stop = min(script.count, last + context + 1)
            let hunk = script[start..<stop]
            let oldCount = hunk.filter { $0.0 != "+" }.count, newCount = hunk.filter { $0.0 != "-" }.count
            let oldStart = hunk.first!.1 + (oldCount == 0 ? 0 : 1), newStart = hunk.first!.2 + (newCount == 0 ? 0 : 1)
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for (kind, oi, nj) in hunk {
                out += String(kind) + (kind == "+" ? new[nj] : old[oi]) + "\n"
            }
            k = stop
        }
        return out
    }
}
