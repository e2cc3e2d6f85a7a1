import DulyCheck
import DulyData
import DulyKit
import DulyModel
import DulySource
import DulySyntax
import DulyTime
import Foundation

extension Fuzz {
    /// A policy file read on its own and then as part of the shipped policy tree.
    ///
    /// - Parsing never traps, and every diagnostic points inside the file.
    /// - A file that parses without errors obeys the formatter's laws (`FormatterLaws`).
    /// - The file joins the shipped tree in place of any shipped file that declares one of its
    ///   names; when that tree checks without errors and its calendars exist, linting it and
    ///   evaluating it over one of the example data sets never trap, at the date an
    ///   `as-of YYYY-MM-DD` in the text gives (2024-10-01 otherwise); outside the years
    ///   2000–2100 the evaluation window is the year before that date.
    public static func policy(_ bytes: [UInt8]) -> [String] { policyRun(bytes).broken }

    /// `policy`, and how many events the evaluation judged (nil when the input went no further
    /// than parsing or checking).
    static func policyRun(_ bytes: [UInt8]) -> (broken: [String], evaluatedEvents: Int?) {
        let text = text(bytes)
        let source = SourceFile(path: "fuzz.duly", text: text)
        let (tree, diagnostics) = Parser.parse(source)
        var broken: [String] = []
        for d in diagnostics {
            if let span = d.span, !(0 <= span.start && span.start <= span.end && span.end <= text.utf8.count) {
                broken.append("diagnostic \(d.code.id) points outside the file: \(span.start)..<\(span.end) of \(text.utf8.count) bytes")
            }
        }
        guard !diagnostics.contains(where: \.isError) else { return (broken, nil) }
        broken += FormatterLaws.violations(tree, commentsIn: FormatterLaws.commentCount(text))

        let names = declaredNames(tree)
        var files = PolicyContext.shared.files.filter { names.isDisjoint(with: $0.names) }.map(\.parsed)
        files.append(ParsedFile(source: source, syntax: tree))
        let result = checkProgram(files)
        guard let program = result.program, !result.diagnostics.contains(where: \.isError) else { return (broken, nil) }
        var calendars: [String: WorkCalendar] = [:]
        for name in program.jurisdictions.keys.sorted() {
            guard let c = program.calendar(for: name), calendars[c] == nil else { continue }
            guard let calendar = try? PolicyContext.shared.calendars.calendar(named: c) else { return (broken, nil) }
            calendars[c] = calendar
        }
        let byJurisdiction = program.jurisdictions.keys.reduce(into: [JurisdictionName: WorkCalendar]()) { table, name in
            if let c = program.calendar(for: name) { table[name] = calendars[c] }
        }
        _ = lintProgram(LintContext(program: program, calendar: { byJurisdiction[$0] }))

        let examples = PolicyContext.shared.examples
        let folder = examples[Int(checksum(bytes) % UInt64(examples.count))]
        guard let data = try? CaseDataReader.load(folder, program: program) else { return (broken, nil) }
        // Far from the data, the window is the year before the date: judging every period from
        // 2024 to the year 8000 is slow work, not a fault.
        let date = asOf(in: text)
        let near = (2000...2100).contains(date.year)
        let options = EvaluationOptions(asOf: date, windowStart: near ? nil : max(CivilDate(1, 1, 1), date.adding(days: -366)),
                                        keepDue: { _ in true }, keepFinding: { _ in true }, threads: 1)
        let report = Evaluation.run(program: program, calendars: calendars, data: data, options: options)
        _ = Reports.due(report, report.dueActions, format: .json)
        _ = Reports.findings(report, report.findings, format: .json)
        return (broken, report.events)
    }

    /// The date after the last `as-of ` in the text, when it is a valid `YYYY-MM-DD`.
    static func asOf(in text: String) -> CivilDate {
        guard let marker = text.range(of: "as-of ", options: .backwards) else { return CivilDate(2024, 10, 1) }
        return CivilDate(String(text[marker.upperBound...].prefix(10))) ?? CivilDate(2024, 10, 1)
    }

    /// The names of the policies and vocabularies a file declares.
    static func declaredNames(_ tree: FileSyntax) -> Set<String> {
        var names = Set<String>()
        for item in tree.items {
            switch item.node {
            case .policy(let p): names.insert(p.name.text)
            case .vocabulary(let v): names.insert(v.name.text)
            default: break
            }
        }
        return names
    }
}

/// The shipped policy tree, parsed once, with its calendars and the example data folders.
final class PolicyContext: Sendable {
    static let shared = PolicyContext()

    let files: [(names: Set<String>, parsed: ParsedFile)]
    let calendars: CalendarLibrary
    let examples: [String]

    init() {
        let root = Fuzz.packageRoot + "/policies"
        var files: [(names: Set<String>, parsed: ParsedFile)] = []
        let walker = FileManager.default.enumerator(atPath: root)
        var paths: [String] = []
        while let path = walker?.nextObject() as? String { if path.hasSuffix(".duly") { paths.append(path) } }
        for path in paths.sorted() {
            guard let text = try? String(contentsOfFile: root + "/" + path, encoding: .utf8) else { fatalError("cannot read \(path)") }
            let source = SourceFile(path: "policies/" + path, text: text)
            let (tree, _) = Parser.parse(source)
            files.append((Fuzz.declaredNames(tree), ParsedFile(source: source, syntax: tree)))
        }
        self.files = files
        guard let library = try? CalendarLoading.loadLibrary(from: root + "/calendars") else { fatalError("the shipped calendars do not load") }
        calendars = library
        let examplesRoot = Fuzz.packageRoot + "/examples"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examplesRoot)) ?? []
        examples = names.sorted().map { examplesRoot + "/" + $0 }
        guard !examples.isEmpty else { fatalError("no example data sets under \(examplesRoot)") }
    }
}
