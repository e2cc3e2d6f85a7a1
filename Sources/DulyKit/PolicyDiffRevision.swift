import DulyData
import DulySource
import Foundation

/// Reads a policy tree as it was at a git revision into a temporary folder, with `git archive`
/// and `tar`, so the old version is evaluated whole (its parents, vocabulary and calendars from
/// the same commit). Only reads the repository: no checkout, no index, no working-tree change.
struct RevisionCheckout {
    /// The policy file or folder inside the temporary folder.
    var policy: String
    /// The calendars folder inside the temporary folder, if the revision has one beside the policy.
    var calendars: String?
    /// Private (0700); removed when done, and on a signal.
    var temporaryFolder: TemporaryFolder

    static func checkout(revision: String, path: String, workingDirectory: String) throws(PolicyDiffError) -> RevisionCheckout {
        let git = Git(directory: workingDirectory)
        guard let top = git.text(["rev-parse", "--show-toplevel"]) else {
            throw .usage(LocalizedText(en: "`\(revision):\(path)` names a revision, but `\(workingDirectory)` is not in a git repository",
                                       zh: "`\(revision):\(path)` 指的是一个版本,但 `\(workingDirectory)` 不在 git 仓库中"))
        }
        let prefix = git.text(["rev-parse", "--show-prefix"]) ?? ""
        let repo = Git(directory: top)
        guard repo.text(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"]) != nil else {
            throw .usage(LocalizedText(en: "unknown revision `\(revision)`", zh: "未知的版本 `\(revision)`"))
        }
        guard let inside = repositoryPath(path, prefix: prefix, top: top) else {
            throw .usage(LocalizedText(en: "`\(path)` is outside the repository at `\(top)`", zh: "`\(path)` 在 `\(top)` 处的仓库之外"))
        }
        guard let kind = repo.text(["cat-file", "-t", "\(revision):\(inside)"]), kind == "blob" || kind == "tree" else {
            throw .usage(LocalizedText(en: "`\(path)` does not exist at revision `\(revision)`", zh: "版本 `\(revision)` 中没有 `\(path)`"))
        }
        let start = kind == "tree" ? inside : parent(inside)
        let root = policyRoot(from: start, revision: revision, repo: repo) ?? start
        // The tree's calendars at the revision, by the rule `Workspace.calendarsDirectory` applies on disk.
        let calendars = repo.names(in: root, revision: revision).contains("calendars") ? (root.isEmpty ? "calendars" : root + "/calendars") : nil

        let temporary: TemporaryFolder
        do {
            temporary = try TemporaryFolder(purpose: "diff")
        } catch {
            throw .toolFailure(error.text)
        }
        let folder = URL(fileURLWithPath: temporary.path)
        let tree = folder.appendingPathComponent("tree")
        do {
            try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: false)
        } catch {
            throw .toolFailure(LocalizedText(en: "cannot create a temporary folder: \(error)", zh: "无法创建临时文件夹:\(error)"))
        }
        let archive = folder.appendingPathComponent("tree.tar").path
        var paths = root.isEmpty ? [] : [root]
        if let calendars, !root.isEmpty, !(calendars + "/").hasPrefix(root + "/") { paths.append(calendars) }
        let archived = repo.run(["archive", "--format=tar", "-o", archive, revision] + paths)
        guard archived.status == 0 else {
            temporary.remove()
            throw .toolFailure(LocalizedText(en: "git archive failed: \(archived.error)", zh: "git archive 失败:\(archived.error)"))
        }
        let unpacked = Git.run(executable: "tar", ["-x", "-f", archive, "-C", tree.path], in: folder.path)
        try? FileManager.default.removeItem(atPath: archive)
        guard unpacked.status == 0 else {
            temporary.remove()
            throw .toolFailure(LocalizedText(en: "tar failed: \(unpacked.error)", zh: "tar 失败:\(unpacked.error)"))
        }
        func local(_ p: String) -> String { p.isEmpty ? tree.path : tree.appendingPathComponent(p).path }
        return RevisionCheckout(policy: local(inside), calendars: calendars.map(local), temporaryFolder: temporary)
    }

    /// PATH relative to the repository's top, normalised; nil when it leaves the repository.
    static func repositoryPath(_ path: String, prefix: String, top: String) -> String? {
        var base: [Substring]
        var rest = path
        if path.hasPrefix("/") {
            let standardTop = URL(fileURLWithPath: top).standardizedFileURL.path
            let standard = URL(fileURLWithPath: path).standardizedFileURL.path
            guard standard == standardTop || standard.hasPrefix(standardTop + "/") else { return nil }
            base = []
            rest = String(standard.dropFirst(standardTop.count))
        } else if path == "." || path == ".." || path.hasPrefix("./") || path.hasPrefix("../") {
            base = prefix.split(separator: "/")
        } else {
            base = []
        }
        for part in rest.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if base.isEmpty { return nil }
                base.removeLast()
            } else {
                base.append(part)
            }
        }
        return base.joined(separator: "/")
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The nearest folder, from `start` up, holding a `.duly` file that declares the vocabulary:
    /// the same rule `PolicyLoading.policyRoot` applies on disk.
    static func policyRoot(from start: String, revision: String, repo: Git) -> String? {
        var dir = start
        while true {
            for name in repo.names(in: dir, revision: revision)
            where name.hasSuffix("." + PolicyLoading.fileExtension) && !name.hasSuffix(".test." + PolicyLoading.fileExtension) {
                let file = dir.isEmpty ? name : dir + "/" + name
                let shown = repo.run(["cat-file", "blob", "\(revision):\(file)"])
                guard shown.status == 0, let text = String(data: shown.output, encoding: .utf8) else { continue }
                if PolicyLoading.declaresVocabulary(SourceFile(path: file, text: text)) { return dir }
            }
            if dir.isEmpty { return nil }
            dir = parent(dir)
        }
    }
}

/// Runs git in a folder and reads what it prints.
struct Git {
    var directory: String

    struct Result {
        var status: Int32
        var output: Data
        var error: String
    }

    func run(_ arguments: [String]) -> Result { Git.run(executable: "git", arguments, in: directory) }

    /// Trimmed standard output when git succeeds.
    func text(_ arguments: [String]) -> String? {
        let r = run(arguments)
        guard r.status == 0 else { return nil }
        return String(decoding: r.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The names directly inside `folder` at `revision`, unquoted (`-z` keeps Chinese names raw).
    func names(in folder: String, revision: String) -> [String] {
        let r = run(["ls-tree", "-z", "--name-only", folder.isEmpty ? revision : "\(revision):\(folder)"])
        guard r.status == 0 else { return [] }
        return r.output.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    static func run(executable: String, _ arguments: [String], in directory: String) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory, isDirectory: true)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return Result(status: -1, output: Data(), error: "cannot run \(executable): \(error)") }
        // Read stderr on another thread so neither pipe can fill and stall the child.
        let errors = ErrorBuffer()
        let reader = Thread { errors.data = err.fileHandleForReading.readDataToEndOfFile(); errors.done.signal() }
        reader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        errors.done.wait()
        process.waitUntilExit()
        let message = String(decoding: errors.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Result(status: process.terminationStatus, output: output, error: message)
    }

    final class ErrorBuffer: @unchecked Sendable {
        var data = Data()
        let done = DispatchSemaphore(value: 0)
    }
}
