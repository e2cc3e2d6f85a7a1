import Foundation
import DulySource
import DulySyntax
import DulyModel
import DulyCheck
import DulyTime

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
        if let program = result.program {
            diagnostics += checkCalendars(program, roots: Array(roots), parsed: parsed)
                .filter { requestedSet.contains(PolicyLoading.standardized($0.path)) }
        }
        return PolicyCheckReport(requestedFiles: requested, sources: sources, program: result.program,
                                 diagnostics: deduplicated(diagnostics).sortedForDisplay())
    }

    static func deduplicated(_ ds: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return ds.filter { seen.insert($0).inserted }
    }

    /// Each `calendar` a policy names must exist in the tree's `calendars/` folder: a rule is
    /// never evaluated against a calendar that is not there.
    static func checkCalendars(_ program: Program, roots: [String], parsed: [ParsedFile]) -> [Diagnostic] {
        var library: CalendarLibrary?
        var loadError: String?
        for root in roots.sorted() {
            let dir = root + "/calendars"
            guard FileManager.default.fileExists(atPath: dir) else { continue }
            do { library = try CalendarLoading.loadLibrary(from: dir) } catch { loadError = "\(error)" }
            break
        }
        var diagnostics: [Diagnostic] = []
        for j in program.jurisdictions.values.sorted(by: { $0.name < $1.name }) {
            guard let name = j.calendar else { continue }
            let span = parsed.first { $0.source.path == j.place.path }.flatMap { file -> Span? in
                for item in file.syntax.items {
                    guard case .policy(let p) = item.node else { continue }
                    for m in p.body.members { if case .calendar(_, let c) = m.node { return c.span } }
                }
                return nil
            }
            guard let library else {
                let why = loadError.map { ": \($0)" } ?? ""
                diagnostics.append(Diagnostic(.unknownCalendar, path: j.place.path, span: span,
                                              message: LocalizedText(en: "calendar `\(name)` cannot be found: no usable calendars folder beside the policies\(why)",
                                                                     zh: "找不到日历 `\(name)`:规则旁没有可用的 calendars 文件夹\(why)")))
                continue
            }
            do {
                _ = try library.calendar(named: name)
            } catch {
                let help = Suggestion.closest(to: name, in: library.calendarNames).map { LocalizedText(en: "did you mean `\($0)`?", zh: "是否应为 `\($0)`?") }
                    ?? LocalizedText(en: "calendars are: \(library.calendarNames.joined(separator: ", "))", zh: "可用日历:\(library.calendarNames.joined(separator: "、"))")
                diagnostics.append(Diagnostic(.unknownCalendar, path: j.place.path, span: span,
                                              message: LocalizedText(en: "unknown calendar `\(name)`", zh: "未知日历 `\(name)`"), help: help))
            }
        }
        return diagnostics
    }
}
