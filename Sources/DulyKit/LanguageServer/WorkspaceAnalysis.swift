import Foundation
import DulySource
import DulySyntax
import DulyModel

/// A file the editor has open: its text may differ from the file on disk.
struct OpenDocument: Sendable {
    var uri: String
    var path: String
    var text: String
    var version: Int
    var source: SourceFile { SourceFile(path: path, text: text) }
}

/// One policy tree checked as `duly check` checks it, with the editor's unsaved buffers in
/// place of the files on disk, and the names of every file indexed.
struct TreeAnalysis: Sendable {
    /// The folder holding the vocabulary, or nil for a file outside any policy tree (checked alone).
    var root: String?
    var report: PolicyCheckReport
    var index: SymbolIndex

    var program: Program? { report.program }

    func source(_ path: String) -> SourceFile? { report.sources[path] }

    /// The jurisdiction a file declares (`policy 通江县 { … }`), if any.
    func jurisdiction(ofFile path: String) -> Jurisdiction? {
        program?.jurisdictions.values.first { $0.place.path == path }
    }
}

/// The open documents and the trees they belong to. Analyses are cached until a document or a
/// file on disk changes.
struct AnalysisCache {
    var documents: [String: OpenDocument] = [:]
    private var rootOfFolder: [String: String?] = [:]
    private var analyses: [String: (analysis: TreeAnalysis, fingerprint: [String])] = [:]

    static func standardized(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// Every cached result is dropped: a buffer or a file changed.
    mutating func invalidate(foldersToo: Bool = false) {
        analyses.removeAll()
        if foldersToo { rootOfFolder.removeAll() }
    }

    mutating func root(of path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        if let known = rootOfFolder[folder] { return known }
        // An unsaved buffer may declare the vocabulary itself.
        var root = PolicyLoading.policyRoot(containing: path)
        if let doc = documents[path], PolicyLoading.declaresVocabulary(doc.source) { root = folder }
        rootOfFolder[folder] = root
        return root
    }

    /// The analysis of the tree holding `path` (checked with every open document of that tree
    /// as a requested file, so one run serves them all).
    mutating func analysis(for path: String) -> TreeAnalysis {
        let root = root(of: path)
        let key = root ?? path
        // Files on disk may change behind the editor's back (a checkout, another editor): the
        // cached check stands only while every file of the tree has its size and time.
        let fingerprint = Self.fingerprint(root: root, path: path)
        if let cached = analyses[key], cached.fingerprint == fingerprint { return cached.analysis }
        var files: [SourceFile] = []
        var seen = Set<String>()
        var requested = Set<String>()
        if let root {
            for p in PolicyLoading.policyFiles(in: [root]).files {
                let full = Self.standardized(p)
                guard seen.insert(full).inserted else { continue }
                if let doc = documents[full] {
                    files.append(doc.source)
                    requested.insert(full)
                } else if let file = PolicyLoading.read(path: full).0 {
                    files.append(SourceFile(path: full, text: file.text))
                }
            }
            // Open buffers not yet saved into the tree.
            for (p, doc) in documents.sorted(by: { $0.key < $1.key }) where p.hasPrefix(root + "/") && isPolicy(p) && !seen.contains(p) {
                files.append(doc.source)
                requested.insert(p)
                seen.insert(p)
            }
        } else if let doc = documents[path] {
            files.append(doc.source)
            requested.insert(path)
        } else if let file = PolicyLoading.read(path: path).0 {
            files.append(SourceFile(path: path, text: file.text))
        }
        requested.insert(path)
        let calendars = root.map { $0 + "/calendars" }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        let report = PolicyCheck.check(files: files, requested: { requested.contains($0) }, calendarsDirectory: calendars)
        let index = SymbolIndex(files: report.syntaxes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        let analysis = TreeAnalysis(root: root, report: report, index: index)
        analyses[key] = (analysis, fingerprint)
        return analysis
    }

    /// Every policy and calendar file of the tree with its size and modification time.
    static func fingerprint(root: String?, path: String) -> [String] {
        func stamp(_ p: String) -> String {
            var s = stat()
            guard stat(p, &s) == 0 else { return p + " -" }
            return "\(p) \(s.st_size) \(s.st_mtim.tv_sec).\(s.st_mtim.tv_nsec)"
        }
        guard let root else { return [stamp(path)] }
        var stamps = PolicyLoading.policyFiles(in: [root]).files.map(stamp)
        let calendars = root + "/calendars"
        if let e = FileManager.default.enumerator(atPath: calendars) {
            while let relative = e.nextObject() as? String { stamps.append(stamp(calendars + "/" + relative)) }
        }
        return stamps
    }

    func isPolicy(_ path: String) -> Bool {
        path.hasSuffix("." + PolicyLoading.fileExtension) && !path.hasSuffix(".test." + PolicyLoading.fileExtension)
    }
}
