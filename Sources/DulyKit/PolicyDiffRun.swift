import DulyData
import DulyModel
import DulySource
import DulyTime
import Foundation

/// One side of a diff: a policy path on disk, or a path as it was at a git revision.
public struct PolicyVersion: Hashable, Sendable, CustomStringConvertible {
    public enum Location: Hashable, Sendable {
        /// A file or folder, relative to the working directory or absolute.
        case path(String)
        /// `REV:PATH`: PATH as committed at REV, relative to the repository's top as in
        /// `git show REV:PATH` (`./` and `../` start from the working directory).
        case revision(String, path: String)
    }

    public var location: Location

    public init(_ location: Location) { self.location = location }

    /// Reads an argument: a path that exists is a path, even with a colon in it; otherwise
    /// `REV:PATH` names a revision; anything else is a path (which will then be missing).
    public static func parse(_ text: String, workingDirectory: String) -> PolicyVersion {
        let absolute = URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: workingDirectory, isDirectory: true)).path
        if FileManager.default.fileExists(atPath: absolute) { return PolicyVersion(.path(text)) }
        if let colon = text.firstIndex(of: ":"), colon != text.startIndex {
            return PolicyVersion(.revision(String(text[..<colon]), path: String(text[text.index(after: colon)...])))
        }
        return PolicyVersion(.path(text))
    }

    /// As the user wrote it.
    public var description: String {
        switch location {
        case .path(let p): return p
        case .revision(let rev, let p): return "\(rev):\(p)"
        }
    }
}

/// Why a diff could not be made. Each case maps to one exit status in the CLI.
public enum PolicyDiffError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Bad usage: a missing path, an unknown revision, no git repository, unreadable case data.
    case usage(LocalizedText)
    /// A version of the policy does not check; the diagnostics are its errors.
    case policyErrors(version: String, diagnostics: [Diagnostic])
    /// Calendar data a version needs is missing.
    case missingCalendarData(LocalizedText)
    /// A tool the diff runs (git, tar) or the file system failed.
    case toolFailure(LocalizedText)
    /// The case data (named as the user gave it) has a file that is unreadable or yields no usable row.
    case unusableData(data: String, [DataIssue])

    /// What went wrong, in `language`, one line per problem.
    public func message(in language: MessageLanguage) -> String {
        let zh = language == .zh
        switch self {
        case .usage(let m), .missingCalendarData(let m), .toolFailure(let m): return m.text(language)
        case .unusableData(let data, let issues):
            let lines = issues.map { "\(data)/\($0.text(in: language))" }
            return (lines + [zh ? "案例数据无法使用;没有作任何评判" : "the case data cannot be used; nothing was judged"]).joined(separator: "\n")
        case .policyErrors(let version, let diagnostics):
            let lines = diagnostics.prefix(20).map { "\($0.path): \($0.message.text(language))" }
            return (lines + [zh ? "规则 `\(version)` 有错误;请对它运行 `duly check`" : "the policy `\(version)` has errors; run `duly check` on it"])
                .joined(separator: "\n")
        }
    }

    public var description: String { message(in: .en) }
}

/// What a diff is judged at.
public struct PolicyDiffOptions: Sendable {
    /// The as-of date both versions are evaluated at; with a window, its last day.
    public var asOf: CivilDate
    /// Only findings on or after this date; also where the data is taken to begin.
    public var from: CivilDate?
    /// Only findings on or before this date.
    public var to: CivilDate?
    /// Threads each evaluation uses (1 or 2).
    public var threads: Int

    public init(asOf: CivilDate, from: CivilDate? = nil, to: CivilDate? = nil, threads: Int = 2) {
        self.asOf = asOf
        self.from = from
        self.to = to
        self.threads = threads
    }
}

/// The outcome of `duly diff`: the changes, and what both evaluations were run on.
public struct PolicyDiffReport: Sendable {
    /// The versions as the user wrote them.
    public var old: String
    public var new: String
    public var options: PolicyDiffOptions
    public var changes: PolicyDiffChanges
    /// The data, as the new version read it.
    public var students: Int
    public var organisations: Int
    public var events: Int
    public var skippedRows: Int
    /// Problems either evaluation met (a missing calendar year, an undeterminable event),
    /// each once, sorted.
    public var problems: [EvaluationProblem]
    /// Data issues and problems, one line each, in each language, for standard error.
    public var warnings: [MessageLanguage: String]
    /// What the data covers and what was not judged for want of data, in each language, for
    /// standard error.
    public var coverage: [MessageLanguage: String] = [:]

    public var hasChanges: Bool { !changes.isEmpty }
    public var hasMissingCalendarData: Bool { problems.contains { $0.kind == .missingCalendarData } }
}

extension PolicyDiff {
    /// Evaluates `old` and `new` over the case data in `data` at the same date and compares.
    ///
    /// A revision is read from the repository around `workingDirectory` into a temporary
    /// folder (the whole policy tree with its calendars, as committed), which is removed
    /// before this returns; the working tree is never touched.
    public static func run(old: PolicyVersion, new: PolicyVersion, data: String, options: PolicyDiffOptions,
                           workingDirectory: String) throws(PolicyDiffError) -> PolicyDiffReport {
        let dataPath = resolve(data, in: workingDirectory)
        guard FileManager.default.fileExists(atPath: dataPath) else { throw .usage(LocalizedText(en: "no case data at `\(data)`", zh: "`\(data)` 处没有案例数据")) }
        var temporaries: [TemporaryFolder] = []
        defer { for t in temporaries { t.remove() } }
        let oldTree = try materialize(old, workingDirectory: workingDirectory, temporaries: &temporaries)
        let newTree = try materialize(new, workingDirectory: workingDirectory, temporaries: &temporaries)
        let oldReport = try evaluate(oldTree, label: old.description, data: dataPath, dataLabel: data, options: options)
        let newReport = try evaluate(newTree, label: new.description, data: dataPath, dataLabel: data, options: options)
        let changes = compare(oldDue: Array(oldReport.dueActions), newDue: Array(newReport.dueActions),
                              oldFindings: oldReport.findings, newFindings: newReport.findings)
        let extra = Set(oldReport.problems).subtracting(newReport.problems).inReportOrder()
        var warnings: [MessageLanguage: String] = [:]
        for language in MessageLanguage.allCases {
            let zh = language == .zh
            var lines = Reports.issues(newReport, language: language)
            for p in extra {
                let head = p.kind == .missingCalendarData ? (zh ? "错误:" : "error: ") : (zh ? "警告:" : "warning: ")
                lines += "\n" + head + TraceWords.problem(p, language) + (zh ? "(旧版本)" : " (old version)")
            }
            warnings[language] = lines
        }
        var report = PolicyDiffReport(old: old.description, new: new.description, options: options, changes: changes,
                                      students: newReport.students, organisations: newReport.organisations, events: newReport.events,
                                      skippedRows: newReport.skippedRows, problems: Set(oldReport.problems + newReport.problems).inReportOrder(),
                                      warnings: warnings)
        for language in MessageLanguage.allCases { report.coverage[language] = Reports.coverage(newReport, language: language) }
        return report
    }

    /// A policy on disk and the calendars folder to evaluate it with.
    struct Tree {
        var policy: String
        /// Nil: the tree has no calendars folder, which its check reports.
        var calendars: String?
    }

    static func resolve(_ path: String, in directory: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path
    }

    static func noPolicy(_ p: String) -> LocalizedText { LocalizedText(en: "no policy at `\(p)`", zh: "`\(p)` 处没有规则") }

    static func materialize(_ version: PolicyVersion, workingDirectory: String, temporaries: inout [TemporaryFolder]) throws(PolicyDiffError) -> Tree {
        switch version.location {
        case .path(let p):
            let path = resolve(p, in: workingDirectory)
            guard FileManager.default.fileExists(atPath: path) else { throw .usage(noPolicy(p)) }
            return Tree(policy: path, calendars: Workspace.calendarsDirectory(forPolicy: path))
        case .revision(let rev, let p):
            let checkout = try RevisionCheckout.checkout(revision: rev, path: p, workingDirectory: workingDirectory)
            temporaries.append(checkout.temporaryFolder)
            guard let calendars = checkout.calendars else {
                throw .missingCalendarData(LocalizedText(en: "no calendars folder beside the policy `\(p)` at `\(rev)`",
                                                         zh: "版本 `\(rev)` 中规则 `\(p)` 所在的政策树没有 calendars 文件夹"))
            }
            return Tree(policy: checkout.policy, calendars: calendars)
        }
    }

    /// Checks one version and evaluates it: every due action is kept; findings within the window.
    static func evaluate(_ tree: Tree, label: String, data: String, dataLabel: String, options: PolicyDiffOptions) throws(PolicyDiffError) -> EvaluationReport {
        let input: EvaluationInput
        do {
            input = try Evaluation.prepare(policy: tree.policy, calendars: tree.calendars, data: data)
        } catch {
            switch error {
            case .noPolicy(let p): throw .usage(noPolicy(p))
            case .policyErrors(let check): throw .policyErrors(version: label, diagnostics: check.diagnostics.filter(\.isError))
            case .calendars(let m): throw .missingCalendarData(LocalizedText(en: "\(label): \(m.en)", zh: "\(label):\(m.zh)"))
            case .data(let m): throw .usage(LocalizedText(en: "\(dataLabel): \(m.en)", zh: "\(dataLabel):\(m.zh)"))
            case .toolFailure(let m): throw .toolFailure(LocalizedText(en: "\(dataLabel): \(m.en)", zh: "\(dataLabel):\(m.zh)"))
            case .unusableData(let issues): throw .unusableData(data: dataLabel, issues)
            }
        }
        let evaluation = EvaluationOptions(asOf: options.asOf, windowStart: options.from, keepDue: { _ in true },
                                           keepFinding: EvaluationOptions.findings(from: options.from, to: options.to), threads: options.threads)
        return Evaluation.run(program: input.program, calendars: input.calendars, data: input.data, options: evaluation)
    }
}
