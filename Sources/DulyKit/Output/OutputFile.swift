import DulyData
import DulySource
import Foundation

/// Why a report cannot be written where the user asked.
public enum OutputFileError: Error, Hashable, Sendable {
    /// The path is refused before any work (an input, a folder, an existing file without
    /// `force`): bad usage, and the file is left as it was.
    case refused(LocalizedText)
    /// Writing failed (a full disk, a file-size limit): the tool failed; what was there before
    /// is left as it was.
    case failed(LocalizedText)
}

/// A file a report is written to whole or not at all: into a temporary file beside it, then
/// linked into place (or renamed over the old file with `force`).
public struct OutputFile: Sendable {
    public let path: String
    public let force: Bool

    /// Checks `path` before any work: not empty, not a folder nor a device, in a folder that
    /// exists, not an input of this run (nor inside an input folder, nor a link to an input),
    /// and not an existing file unless `force`. A new file inside an input folder is refused
    /// too: the next run would read the folder with the report in it.
    public init(_ path: String, force: Bool, inputs: [String]) throws(OutputFileError) {
        func no(_ en: String, _ zh: String) -> OutputFileError { .refused(LocalizedText(en: en, zh: zh)) }
        if path.isEmpty || path.hasSuffix("/") { throw no("--out needs a file name", "--out 需要一个文件名") }
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if exists && isFolder.boolValue { throw no("`\(path)` is a folder; --out takes a file name", "`\(path)` 是文件夹;--out 需要文件名") }
        var status = stat()
        if exists, stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw no("`\(path)` is not a regular file; leave out --out to write to standard output",
                     "`\(path)` 不是普通文件;要写到标准输出,请不加 --out")
        }
        let folder = Self.folder(of: path)
        var folderIsFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &folderIsFolder), folderIsFolder.boolValue else {
            throw no("cannot write `\(path)`: the folder `\(folder)` does not exist", "无法写出 `\(path)`:文件夹 `\(folder)` 不存在")
        }
        for input in inputs {
            if Self.isSameFile(path, input) {
                throw no("`\(path)` is an input of this run; write the report elsewhere", "`\(path)` 是本次运行的输入文件;请把结果写到别处")
            }
            if Self.isInside(path, input) {
                throw no("`\(path)` is inside `\(input)`, an input folder of this run; write the report elsewhere",
                         "`\(path)` 位于本次运行的输入文件夹 `\(input)` 中;请把结果写到别处")
            }
        }
        if exists && !force { throw Self.exists(path) }
        self.path = path
        self.force = force
    }

    static func exists(_ path: String) -> OutputFileError {
        .refused(LocalizedText(en: "`\(path)` exists; choose another name, or add --force to replace it",
                               zh: "`\(path)` 已存在;请换一个文件名,或加 --force 覆盖"))
    }

    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Whether `target` is the file `input`: the same path after links, or the same device
    /// and inode, which catches hard links.
    static func isSameFile(_ target: String, _ input: String) -> Bool {
        if let a = resolved(target), let b = PolicyLoading.realPath(input), a == b { return true }
        var a = stat(), b = stat()
        return stat(target, &a) == 0 && stat(input, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Whether `target` lies inside the folder `input`, after links.
    static func isInside(_ target: String, _ input: String) -> Bool {
        guard let folder = PolicyLoading.realPath(input), let path = resolved(target) else { return false }
        return path.hasPrefix(folder == "/" ? folder : folder + "/")
    }

    /// The real path of `path`, or of its folder followed by its name when it does not exist yet.
    static func resolved(_ path: String) -> String? {
        PolicyLoading.realPath(path) ?? PolicyLoading.realPath(folder(of: path)).map { $0 + "/" + (path as NSString).lastPathComponent }
    }

    /// Writes `bytes` whole, or leaves what was there before and says why.
    public func write(_ bytes: [UInt8]) throws(OutputFileError) {
        try write(pieces: { put in bytes.withUnsafeBytes { put($0) } })
    }

    /// Writes what `produce` hands to its argument, piece by piece, into the temporary file, so
    /// a long report is never held whole; then puts the file in place as `write(_:)` does. A
    /// piece that cannot be written stops the writing: the rest are dropped, the temporary file
    /// is removed, and what was there before is left.
    public func write(pieces produce: ((UnsafeRawBufferPointer) -> Void) -> Void) throws(OutputFileError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().path + "/.\(url.lastPathComponent).\(getpid()).tmp"
        func failed(_ code: Int32) -> OutputFileError {
            unlink(temporary)
            let reason = String(cString: strerror(code))
            return .failed(LocalizedText(en: "cannot write `\(path)`: \(reason); nothing was written", zh: "无法写出 `\(path)`:\(reason);没有写出任何内容"))
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failed(errno) }
        var existing = stat()
        if force, stat(path, &existing) == 0 { fchmod(descriptor, existing.st_mode & 0o7777) }
        var failure: Int32?
        produce { piece in
            guard failure == nil, piece.count > 0 else { return }
            if !writeFully(descriptor, piece) { failure = errno }
        }
        let error: Int32? = failure ?? (fsync(descriptor) == 0 ? nil : errno)
        let closed = close(descriptor) == 0 ? nil : errno
        if let code = error ?? closed { throw failed(code) }
        if force {
            guard rename(temporary, path) == 0 else { throw failed(errno) }
        } else if link(temporary, path) == 0 {
            // A hard link never replaces a file that appeared since the checks.
            unlink(temporary)
        } else if errno == EEXIST || FileManager.default.fileExists(atPath: path) {
            unlink(temporary)
            throw Self.exists(path)
        } else {
            // A file system without hard links, and still no file there: rename.
            guard rename(temporary, path) == 0 else { throw failed(errno) }
        }
    }
}
