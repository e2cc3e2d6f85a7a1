import Foundation
import DulySource
import DulySyntax
import DulyModel
import DulyCheck

/// The outcome of checking policy files: what was read, the program, and the diagnostics about
/// the files the user asked for.
public struct PolicyCheckReport: Sendable {
    public var requestedFiles: [String]
    public var sources: [String: SourceFile]
    public var program: Program?
    public var diagnostics: [Diagnostic]

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

public enum PolicyCheck {
    /// Loads, parses and checks the policy files under `paths`, with the rest of each file's
    /// policy tree as context (parents, vocabulary); only the requested files' diagnostics are
    /// reported.
    public static func run(paths: [String]) -> PolicyCheckReport {
        let (requested, listingDiagnostics) = PolicyLoading.policyFiles(in: paths)
        var contextPaths: [String] = []
        var roots = Set<String>()
        for path in requested {
            if let root = PolicyLoading.policyRoot(containing: path), roots.insert(root).inserted {
                contextPaths += PolicyLoading.policyFiles(in: [root]).files
            }
        }
        let requestedSet = Set(requested.map(PolicyLoading.standardized))
        var all: [String] = requested
        var seen = requestedSet
        for p in contextPaths where seen.insert(PolicyLoading.standardized(p)).inserted { all.append(p) }

        var diagnostics = listingDiagnostics
        var sources: [String: SourceFile] = [:]
        var parsed: [ParsedFile] = []
        var pathOfStandard: [String: String] = [:]
        for path in all {
            let isRequested = requestedSet.contains(PolicyLoading.standardized(path))
            let (file, readDiagnostics) = PolicyLoading.read(path: path)
            if isRequested { diagnostics += readDiagnostics }
            guard let file else { continue }
            sources[path] = file
            pathOfStandard[PolicyLoading.standardized(path)] = path
            let (p, parseDiagnostics) = PolicyLoading.parse(file)
            if isRequested { diagnostics += parseDiagnostics }
            parsed.append(p)
        }
        let result = checkProgram(parsed)
        diagnostics += result.diagnostics.filter { requestedSet.contains(PolicyLoading.standardized($0.path)) }
        return PolicyCheckReport(requestedFiles: requested, sources: sources, program: result.program,
                                 diagnostics: deduplicated(diagnostics).sortedForDisplay())
    }

    static func deduplicated(_ ds: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return ds.filter { seen.insert($0).inserted }
    }
}
