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
    /// Policies whose teaching-day or term rules rest on an assumed school calendar (information,
    /// never an error).
    public var assumedCalendars: [AssumedCalendarUse] = []
    /// The syntax of every file read, requested or context, by path (the language server finds
    /// names and their places in it).
    public var syntaxes: [String: FileSyntax] = [:]
    /// The calendars the jurisdictions name, loaded from `calendarsDirectory` for the lints;
    /// an evaluation of the same tree uses these (`Workspace`).
    public var calendars: [String: WorkCalendar] = [:]
    /// The calendars folder read (`Workspace.calendarsDirectory`); nil when there is none.
    public var calendarsDirectory: String?

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

public enum PolicyCheck {
    /// Loads, parses and checks the policy files under `paths`, with the rest of each file's
    /// policy tree as context (parents, vocabulary); only the requested files' diagnostics are
    /// reported. The calendars are the tree's (`Workspace.calendarsDirectory`) unless
    /// `calendars` names another folder.
    public static func run(paths: [String], calendars override: String? = nil) -> PolicyCheckReport {
        let (requested, listingDiagnostics) = PolicyLoading.policyFiles(in: paths)
        var contextPaths: [String] = []
        var roots = Set<String>()
        // Files of one folder share their root: found once per folder, so a folder of many files
        // is not scanned (and every file in it lexed) once per file.
        var rootOfFolder: [String: String?] = [:]
        for path in requested {
            let folder = (PolicyLoading.standardized(path) as NSString).deletingLastPathComponent
            let root: String?
            if let known = rootOfFolder[folder] { root = known } else {
                root = PolicyLoading.policyRoot(containing: path)
                rootOfFolder[folder] = root
            }
            if let root, roots.insert(root).inserted {
                contextPaths += PolicyLoading.policyFiles(in: [root]).files
            }
        }
        let requestedSet = Set(requested.map(PolicyLoading.standardized))
        var all: [String] = requested
        var seen = requestedSet
        for p in contextPaths where seen.insert(PolicyLoading.standardized(p)).inserted { all.append(p) }

        var diagnostics = listingDiagnostics
        var files: [SourceFile] = []
        for path in all {
            let (file, readDiagnostics) = PolicyLoading.read(path: path)
            if requestedSet.contains(PolicyLoading.standardized(path)) { diagnostics += readDiagnostics }
            if let file { files.append(file) }
        }
        let calendars = override ?? roots.sorted().lazy.compactMap { Workspace.calendarsDirectory(root: $0) }.first
        var report = check(files: files, requested: { requestedSet.contains(PolicyLoading.standardized($0)) }, calendarsDirectory: calendars)
        report.requestedFiles = requested
        report.diagnostics = deduplicated(diagnostics + report.diagnostics).sortedForDisplay()
        return report
    }

    /// The check pipeline over files already read: parse, check, lint with the calendars,
    /// apply inline suppressions. Diagnostics are kept for the files `requested` accepts.
    public static func check(files: [SourceFile], requested: (String) -> Bool, calendarsDirectory: String?) -> PolicyCheckReport {
        var diagnostics: [Diagnostic] = []
        var sources: [String: SourceFile] = [:]
        var parsed: [ParsedFile] = []
        var treeHasErrors = false
        for file in files {
            sources[file.path] = file
            let (p, parseDiagnostics) = PolicyLoading.parse(file)
            if requested(file.path) { diagnostics += parseDiagnostics }
            treeHasErrors = treeHasErrors || parseDiagnostics.contains(where: \.isError)
            parsed.append(p)
        }
        let result = checkProgram(parsed)
        diagnostics += result.diagnostics.filter { requested($0.path) }
        var assumed: [AssumedCalendarUse] = []
        var suppressions: [Suppression] = []
        var linted = false
        var loaded: [String: WorkCalendar] = [:]
        for p in parsed where requested(p.source.path) {
            let (found, problems) = Suppressions.collect(in: p.source, syntax: p.syntax)
            suppressions += found
            diagnostics += problems
        }
        if let program = result.program {
            let (calendarDiagnostics, calendars, byName) = loadCalendars(program, directory: calendarsDirectory, parsed: parsed)
            loaded = byName
            diagnostics += calendarDiagnostics.filter { requested($0.path) }
            assumed = assumedCalendarUses(program, calendars: calendars, requested: requested)
            // Lints judge a program that holds together: on one with errors they would only
            // repeat them (a rule that failed to check looks like a requirement left uncited).
            if !treeHasErrors, !result.diagnostics.contains(where: \.isError) {
                let context = LintContext(program: program, calendar: { calendars[$0] })
                diagnostics += lintProgram(context).filter { requested($0.path) }
                linted = true
            }
        }
        // Only lints can be suppressed: when they did not run, a suppression's silence proves nothing.
        diagnostics = Suppressions.apply(suppressions, to: diagnostics, files: sources, reportUnused: linted)
        var report = PolicyCheckReport(requestedFiles: files.map(\.path).filter(requested), sources: sources, program: result.program,
                                       diagnostics: deduplicated(diagnostics).sortedForDisplay())
        report.assumedCalendars = assumed
        report.calendars = loaded
        report.calendarsDirectory = calendarsDirectory
        report.syntaxes = Dictionary(parsed.map { ($0.source.path, $0.syntax) }, uniquingKeysWith: { a, _ in a })
        return report
    }

    static func deduplicated(_ ds: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return ds.filter { seen.insert($0).inserted }
    }

    /// Each `calendar` a policy names must exist in the tree's `calendars/` folder: a rule is
    /// never evaluated against a calendar that is not there.
    static func loadCalendars(_ program: Program, directory: String?, parsed: [ParsedFile])
        -> ([Diagnostic], [JurisdictionName: WorkCalendar], [String: WorkCalendar]) {
        var byName: [String: WorkCalendar] = [:]
        var byJurisdiction: [JurisdictionName: WorkCalendar] = [:]
        var library: CalendarLibrary?
        var loadError: String?
        if let directory {
            do { library = try CalendarLoading.loadLibrary(from: directory) } catch { loadError = "\(error)" }
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
                let calendar = try byName[name] ?? library.calendar(named: name)
                byName[name] = calendar
            } catch {
                let help = Suggestion.closest(to: name, in: library.calendarNames).map(Suggestion.didYouMean)
                    ?? LocalizedText(en: "calendars are: \(library.calendarNames.joined(separator: ", "))", zh: "可用日历:\(library.calendarNames.joined(separator: "、"))")
                diagnostics.append(Diagnostic(.unknownCalendar, path: j.place.path, span: span,
                                              message: LocalizedText(en: "unknown calendar `\(name)`", zh: "未知日历 `\(name)`"), help: help))
            }
        }
        for j in program.jurisdictions.keys {
            if let name = program.calendar(for: j), let calendar = byName[name] { byJurisdiction[j] = calendar }
        }
        return (diagnostics, byJurisdiction, byName)
    }
}
