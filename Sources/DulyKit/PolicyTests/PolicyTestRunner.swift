import DulyData
import Foundation
import DulySource
import DulyModel
import DulyTime
import DulyEval

/// The outcome of one case.
public struct CaseResult: Sendable {
    public var file: String
    public var name: String
    public var line: Int
    /// One per failing expectation, with the difference (`PolicyTestReports` words them).
    public var failures: [TestFailure]
    /// The rules whose duties or findings this case compared (within its `only rules` scope).
    public var exercised: Set<RuleID>
    public var seconds: Double
    /// The case could not be run at all: the tool failed reading its data (its events were large
    /// enough to spill and the temporary directory cannot be written), not the policy; why, in
    /// both languages.
    public var toolFailure: LocalizedText?

    public var passed: Bool { failures.isEmpty }
}

/// Why a case failed, as data.
public enum TestFailure: Hashable, Sendable {
    /// Which kind of result an expectation is about.
    public enum ResultKind: String, Hashable, Sendable { case due, finding }

    case noAsOf
    /// The case's tables cannot be read at all; why, in both languages.
    case unreadableData(LocalizedText)
    /// A row of the case's tables is wrong; `line` is the test file's line of the row.
    case badData(line: Int?, DataIssue)
    /// The evaluation could not judge part of the case.
    case problem(EvaluationProblem)
    /// `only rules` names a rule that does not exist.
    case unknownRule(line: Int, name: String)
    case unknownColumn(line: Int, ResultKind, column: String)
    /// An expected row no result matches (as the test file writes it); `closest` are the results
    /// that differ in one column.
    case notFound(line: Int, ResultKind, expected: String, closest: [[ResultCell]])
    /// A result no expected row matches.
    case unexpected(ResultKind, [ResultCell])
}

/// One column of a result as a failure shows it: `rule=贵州省/户籍地回复`.
public struct ResultCell: Hashable, Sendable {
    /// The column's name in a test file's English header (`subject`, `rule`).
    public var column: String
    public var value: String
    public init(column: String, value: String) {
        self.column = column
        self.value = value
    }
}

/// The outcome of a `duly test` run.
public struct PolicyTestReport: Sendable {
    public var results: [CaseResult]
    /// Problems with the test files themselves (malformed, unknown jurisdiction, a broken tree).
    public var diagnostics: [Diagnostic]
    public var sources: [String: SourceFile]
    /// Checkable rules of the tested trees that no case exercised.
    public var uncovered: [Rule]

    public var passed: Int { results.filter(\.passed).count }
    public var failed: Int { results.count - passed }
    public var hasFailures: Bool { failed > 0 || diagnostics.contains(where: \.isError) }
    /// The first case the tool could not run (see `CaseResult.toolFailure`).
    public var toolFailure: LocalizedText? { results.lazy.compactMap(\.toolFailure).first }
}

/// Runs policy test files: each case's tables go through the real case-data reader and the
/// evaluator, against the policy tree the test file sits in.
public enum PolicyTestRunner {
    public static let fileExtension = "dulytest"

    /// Every `*.dulytest` file under the paths, sorted.
    public static func testFiles(in paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(.unreadableFile, path: path, span: nil, message: LocalizedText(en: "no such file or folder", zh: "文件或文件夹不存在")))
                continue
            }
            if !isDirectory.boolValue { files.append(path); continue }
            var found: [String] = []
            let e = FileManager.default.enumerator(atPath: path)
            while let relative = e?.nextObject() as? String {
                if relative.hasSuffix("." + fileExtension) { found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative) }
            }
            files += found.sorted()
        }
        return (files, diagnostics)
    }

    /// Runs the cases of the test files under `paths`; with `selecting`, only the cases whose
    /// name it accepts (`duly test --run PATTERN`).
    public static func run(paths: [String], selecting: ((String) -> Bool)? = nil) -> PolicyTestReport {
        let (files, listing) = testFiles(in: paths)
        var report = PolicyTestReport(results: [], diagnostics: listing, sources: [:], uncovered: [])
        // One policy tree (and its calendars) per root, loaded once.
        var trees: [String: (Program?, [String: WorkCalendar], [Diagnostic])] = [:]
        // Each tree's rules compiled once: every case of every file judges the same program.
        var compiledByRoot: [String: CompiledPolicies] = [:]
        var exercisedByRoot: [String: Set<RuleID>] = [:]
        // The cases to run, in file order; they run once every file is read (see below).
        var jobs: [(testCase: TestCase, file: PolicyTestFile, root: String, program: Program, calendars: [String: WorkCalendar],
                    compiled: CompiledPolicies)] = []
        for path in files {
            let (source, readDiagnostics) = PolicyLoading.read(path: path)
            report.diagnostics += readDiagnostics
            guard let source else { continue }
            report.sources[path] = source
            let (file, parseDiagnostics) = PolicyTestParser.parse(source)
            report.diagnostics += parseDiagnostics
            guard !parseDiagnostics.contains(where: \.isError) else { continue }
            guard let root = PolicyLoading.policyRoot(containing: path) else {
                report.diagnostics.append(Diagnostic(.unknownTestPolicy, path: path, span: nil,
                                                     message: LocalizedText(en: "no policy tree (a folder with the vocabulary) holds this test file",
                                                                            zh: "此测试文件不在任何规则树(含词汇表的文件夹)中")))
                continue
            }
            if trees[root] == nil {
                let check = PolicyCheck.run(paths: [displayPath(root)])
                for (p, s) in check.sources { report.sources[p] = s }
                // The calendars the check loaded from the tree's root for its lints (the rule of
                // `Workspace`); one the policies name and the folder lacks is a D0601 error there.
                let problems = check.diagnostics.filter(\.isError)
                trees[root] = (problems.isEmpty ? check.program : nil, check.calendars, problems)
                report.diagnostics += problems
            }
            guard let tree = trees[root], let program = tree.0 else { continue }
            let calendars = tree.1
            let jurisdiction = file.jurisdiction ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            if program.jurisdictions[JurisdictionName(jurisdiction)] == nil {
                let help = Suggestion.closest(to: jurisdiction, in: program.jurisdictions.keys.map(\.rawValue))
                    .map(Suggestion.didYouMean)
                report.diagnostics.append(Diagnostic(.unknownTestPolicy, path: path, span: nil,
                                                     message: LocalizedText(en: "no policy declares the jurisdiction `\(jurisdiction)`", zh: "没有规则声明辖区 `\(jurisdiction)`"),
                                                     help: help ?? LocalizedText(en: "name it with `policy NAME`", zh: "用 `政策 名称` 指明")))
                continue
            }
            let compiled = compiledByRoot[root] ?? CompiledPolicies(program: program, calendars: calendars)
            compiledByRoot[root] = compiled
            for testCase in file.cases where selecting?(testCase.name) ?? true {
                jobs.append((testCase, file, root, program, calendars, compiled))
            }
        }
        // Cases are independent and each evaluates on one thread, so they share out the cores;
        // every result goes to its own slot, so the report keeps file order whatever finishes first.
        // The program, calendars and compiled rules are only read.
        let slots = jobs.map { _ in Box<CaseResult?>(nil) }
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { i in
            let job = work[i]
            slots[i].value = run(job.testCase, in: job.file, program: job.program, calendars: job.calendars, compiled: job.compiled)
        }
        for (job, slot) in zip(jobs, slots) {
            let result = slot.value!
            exercisedByRoot[job.root, default: []].formUnion(result.exercised)
            report.results.append(result)
        }
        for (root, (program, _, _)) in trees.sorted(by: { $0.key < $1.key }) {
            guard let program else { continue }
            let exercised = exercisedByRoot[root] ?? []
            var seen = Set<RuleID>()
            for j in program.jurisdictions.values.sorted(by: { $0.name < $1.name }) {
                for rule in j.rules where !isUncheckable(rule) && !exercised.contains(rule.id) && seen.insert(rule.id).inserted {
                    report.uncovered.append(rule)
                }
            }
        }
        return report
    }

    /// `root` relative to the working directory when it lies below it, as people typed it.
    static func displayPath(_ root: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        return root.hasPrefix(cwd + "/") ? String(root.dropFirst(cwd.count + 1)) : root
    }

    static func isUncheckable(_ rule: Rule) -> Bool {
        if case .uncheckable = rule.body { return true }
        return false
    }

    static func run(_ testCase: TestCase, in file: PolicyTestFile, program: Program, calendars: [String: WorkCalendar],
                    compiled: CompiledPolicies? = nil) -> CaseResult {
        let started = Date()
        var result = evaluate(testCase, in: file, program: program, calendars: calendars, compiled: compiled)
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    static func evaluate(_ testCase: TestCase, in file: PolicyTestFile, program: Program, calendars: [String: WorkCalendar],
                         compiled: CompiledPolicies? = nil) -> CaseResult {
        var result = CaseResult(file: file.path, name: testCase.name, line: testCase.line, failures: [], exercised: [], seconds: 0, toolFailure: nil)
        guard let asOfText = testCase.asOf, let asOf = CivilDate(asOfText) else {
            result.failures.append(.noAsOf)
            return result
        }
        // The case's tables are read from memory, under the file names a data folder would give
        // them, by the same reader as files: a test writes nothing to disk.
        let tables = [
            "organisations.csv": file.organisations?.csv ?? "id,name,kind,managed_by,jurisdiction\n",
            "students.csv": file.students?.csv ?? "id,name,school\n",
            "events.csv": testCase.events?.csv ?? "id,subject,date,type,actor\n",
        ].mapValues { Array($0.utf8) }
        let data: CaseDataSet
        do { data = try CaseDataReader.load(tables: tables, program: program) } catch {
            result.failures.append(.unreadableData(error.text))
            if error.isToolFailure { result.toolFailure = error.text }
            return result
        }
        let issues = data.issues.filter(\.skipsRow)
        if !issues.isEmpty {
            // Rows are numbered as in the data tables; name the test file's lines instead.
            result.failures += issues.map { .badData(line: line(of: $0, file: file, testCase: testCase), $0) }
            return result
        }
        var options = EvaluationOptions(asOf: asOf, keepDue: { _ in true }, keepFinding: { _ in true }, threads: 1)
        options.compiled = compiled
        // A case's events are everything that happened up to its as-of date.
        options.completeThrough = asOf
        let report = Evaluation.run(program: program, calendars: calendars, data: data, options: options)
        for p in report.problems { result.failures.append(.problem(p)) }
        func inScope(_ rule: RuleID) -> Bool {
            guard let only = testCase.onlyRules else { return true }
            return only.contains { ruleMatches(rule.rawValue, $0) }
        }
        if let only = testCase.onlyRules {
            let known = program.jurisdictions.values.flatMap(\.rules).map(\.id)
            for name in only where !known.contains(where: { ruleMatches($0.rawValue, name) }) {
                result.failures.append(.unknownRule(line: testCase.line, name: name))
            }
        }
        // Covered: the rules whose results this case compared (its scope), not all it produced.
        result.exercised = Set((report.dueActions.map { $0.rule } + report.findings.map { $0.rule }).filter(inScope))
        let open = report.dueActions.filter { $0.status.isOpen && inScope($0.rule) }
        result.failures += match(testCase.expectedDue, actual: open.map(DueColumns.init), kind: .due, allowOthers: testCase.othersAllowed)
        result.failures += match(testCase.expectedFindings, actual: report.findings.filter { inScope($0.rule) }.map(FindingColumns.init), kind: .finding,
                                 allowOthers: testCase.othersAllowed)
        return result
    }

    /// The test file's line of the row a data issue is about: rows are numbered as in the data
    /// tables, and the author reads the test file.
    static func line(of issue: DataIssue, file: PolicyTestFile, testCase: TestCase) -> Int? {
        let table: TestTable? = switch issue.file {
        case "organisations.csv": file.organisations
        case "students.csv": file.students
        default: testCase.events
        }
        guard let table, issue.row >= 2, issue.row - 2 < table.rows.count else { return nil }
        return table.rows[issue.row - 2].line
    }

    /// Matches expected rows (by the columns they give) against actual results; every expected
    /// row must find its own actual one, and every actual one must be expected unless others are
    /// allowed. A missing table expects nothing.
    static func match<R: ResultColumns>(_ expected: TestTable?, actual: [R], kind: TestFailure.ResultKind, allowOthers: Bool) -> [TestFailure] {
        var failures: [TestFailure] = []
        var unmatched = Array(actual.indices)
        if let expected {
            for row in expected.rows {
                var wanted: [(String, String)] = []
                for (i, name) in expected.header.enumerated() where !row.cells[i].isEmpty {
                    wanted.append((name, row.cells[i]))
                }
                if let unknown = wanted.first(where: { !R.columns.contains(R.canonicalName($0.0)) }) {
                    failures.append(.unknownColumn(line: row.line, kind, column: unknown.0))
                    continue
                }
                if let k = unmatched.firstIndex(where: { i in wanted.allSatisfy { actual[i].matches(column: $0.0, value: $0.1) } }) {
                    unmatched.remove(at: k)
                } else {
                    let text = wanted.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
                    let near = actual.indices.filter { i in wanted.filter { actual[i].matches(column: $0.0, value: $0.1) }.count >= max(1, wanted.count - 1) }
                    failures.append(.notFound(line: row.line, kind, expected: text, closest: near.prefix(2).map { actual[$0].cells }))
                }
            }
        }
        if !allowOthers {
            for i in unmatched { failures.append(.unexpected(kind, actual[i].cells)) }
        }
        return failures
    }
}

/// A result row that expectations can match column by column.
public protocol ResultColumns {
    static var columns: [String] { get }
    static var aliases: [String: String] { get }
    func value(_ column: String) -> String?
    /// The result's main columns, for a failure to show.
    var cells: [ResultCell] { get }
}

extension ResultColumns {
    static func canonicalName(_ name: String) -> String { aliases[name] ?? name }
    func canonical(_ name: String) -> String { Self.canonicalName(name) }

    func matches(column: String, value expected: String) -> Bool {
        let name = canonical(column)
        guard let actual = value(name) else { return expected == "-" }
        if name == "rule" { return ruleMatches(actual, expected) }
        return actual == expected
    }
}

struct DueColumns: ResultColumns {
    var due: DueAction
    init(_ due: DueAction) { self.due = due }
    static let columns = ["subject", "action", "role", "organisation", "recipient", "due", "time", "status", "rule", "period", "step"]
    static let aliases = ["对象": "subject", "学生": "subject", "行为": "action", "角色": "role", "组织": "organisation", "机构": "organisation",
                          "organization": "organisation", "接收方": "recipient", "截止": "due", "期限": "due", "时间": "time",
                          "状态": "status", "规则": "rule", "周期": "period", "步骤": "step"]
    func value(_ column: String) -> String? {
        switch column {
        case "subject": due.subject.rawValue
        case "action": due.action.rawValue
        case "role": due.role.rawValue
        case "organisation": due.organisation?.rawValue
        case "recipient": due.recipient?.rawValue
        case "due": due.due?.description
        case "time": due.dueTime?.description
        case "status": due.status.rawValue
        case "rule": due.rule.rawValue
        case "period": due.period
        case "step": due.step.map(String.init)
        default: nil
        }
    }
    var cells: [ResultCell] {
        [("subject", due.subject.rawValue), ("action", due.action.rawValue), ("role", due.role.rawValue), ("organisation", due.organisation?.rawValue ?? "-"),
         ("due", due.due?.description ?? "-"), ("status", due.status.rawValue), ("rule", due.rule.rawValue)].map { ResultCell(column: $0.0, value: $0.1) }
    }
}

struct FindingColumns: ResultColumns {
    var finding: Finding
    init(_ finding: Finding) { self.finding = finding }
    static let columns = ["subject", "kind", "action", "role", "organisation", "rule", "date", "due", "period", "severity"]
    static let aliases = ["对象": "subject", "学生": "subject", "类型": "kind", "行为": "action", "角色": "role", "组织": "organisation",
                          "机构": "organisation", "organization": "organisation", "规则": "rule", "日期": "date", "截止": "due",
                          "期限": "due", "周期": "period", "严重程度": "severity"]
    func value(_ column: String) -> String? {
        switch column {
        case "subject": finding.subject.rawValue
        case "kind": finding.kind.rawValue
        case "action": finding.action.rawValue
        case "role": finding.role.rawValue
        case "organisation": finding.organisation?.rawValue
        case "rule": finding.rule.rawValue
        case "date": finding.date.description
        case "due": finding.due?.description
        case "period": finding.period
        case "severity": finding.severity.rawValue
        default: nil
        }
    }
    var cells: [ResultCell] {
        [("subject", finding.subject.rawValue), ("kind", finding.kind.rawValue), ("action", finding.action.rawValue), ("role", finding.role.rawValue),
         ("date", finding.date.description), ("rule", finding.rule.rawValue)].map { ResultCell(column: $0.0, value: $0.1) }
    }
}

/// Whether a rule ID (`通江县/一三五七`, or a version `通江县/回复期限@2024-07-01`) is the rule a test
/// names: the whole ID, the ID without its version, or the rule's name alone.
func ruleMatches(_ id: String, _ name: String) -> Bool {
    let unversioned = id.split(separator: "@", maxSplits: 1).first.map(String.init) ?? id
    return id == name || unversioned == name || id.hasSuffix("/" + name) || unversioned.hasSuffix("/" + name)
}
