import ArgumentParser
import DulyKit
import DulyTime
import Foundation

extension PolicyDiffFormat: ExpressibleByArgument {}

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a policy change would change on case data.",
        discussion: """
            Evaluates the OLD and the NEW policy over the same case data at the same date and \
            prints the due actions added, removed or moved (old and new deadline), the findings \
            added or removed, and counts per rule and per organisation. OLD and NEW are policy \
            files or folders, or REV:PATH for PATH as committed at a git revision (PATH from the \
            repository's top, as in `git show`); a revision's whole policy tree and calendars \
            are read from that commit into a temporary folder.

            Examples:
              duly diff HEAD~1:policies/贵州省/贵州省.duly policies/贵州省/贵州省.duly \\
                --data examples/贵州省 --as-of 2024-10-10
              duly diff main:policies policies --data examples/贵州省 \\
                --from 2024-09-01 --to 2024-12-31 --format md
              duly diff old/policies new/policies --data cases --format json

            Exit status: 0 nothing changes · 1 a version has policy errors · 2 bad usage (a \
            missing path, an unknown revision) · 3 calendar data missing · 4 the tool failed · \
            5 the outcomes change.
            """
    )

    @Argument(help: "The old policy: a path, or REV:PATH.", completion: .file(extensions: ["duly"]))
    var old: String

    @Argument(help: "The new policy: a path, or REV:PATH.", completion: .file(extensions: ["duly"]))
    var new: String

    @Option(help: "The case-data folder: organisations.csv, students.csv, events.csv or events.jsonl.", completion: .directory)
    var data: String

    @Option(name: .customLong("as-of"), help: "The date to judge at, YYYY-MM-DD (default: today in Beijing).")
    var asOf: String?

    @Option(help: "Compare findings from this date (with --to instead of --as-of).")
    var from: String?

    @Option(help: "Compare findings up to this date; due actions are judged at it.")
    var to: String?

    @Option(help: "text, json or md.")
    var format: PolicyDiffFormat = .text

    @OptionGroup var messages: MessageOptions

    @Option(help: "Threads to evaluate on (1 or 2).")
    var threads: Int = 2

    func validate() throws {
        if asOf != nil && (from != nil || to != nil) { throw ValidationError("give either --as-of or --from/--to, not both") }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
    }

    func run() throws {
        let lo = try parseDate(from, "--from"), hi = try parseDate(to, "--to")
        if let lo, let hi, hi < lo { throw ValidationError("--to \(hi) is before --from \(lo)") }
        let day = try parseDate(asOf, "--as-of") ?? hi ?? Self.today()
        let cwd = FileManager.default.currentDirectoryPath
        let report: PolicyDiffReport
        do {
            report = try PolicyDiff.run(old: PolicyVersion.parse(old, workingDirectory: cwd), new: PolicyVersion.parse(new, workingDirectory: cwd),
                                        data: data, options: PolicyDiffOptions(asOf: day, from: lo, to: hi, threads: threads),
                                        workingDirectory: cwd)
        } catch {
            printError("error: \(error)")
            switch error {
            case .usage: throw ExitStatus.usage.code
            case .policyErrors, .unusableData: throw ExitStatus.problemsFound.code
            case .missingCalendarData: throw ExitStatus.missingCalendarData.code
            case .toolFailure: throw ExitStatus.toolFailure.code
            }
        }
        printError(report.warnings[messages.language] ?? "")
        if let coverage = report.coverage[messages.language] { printError(coverage) }
        print(PolicyDiffOutput.render(report, format: format, language: messages.language), terminator: "")
        if report.hasMissingCalendarData { throw ExitStatus.missingCalendarData.code }
        if report.hasChanges { throw ExitStatus.changesFound.code }
    }

    static func today() -> CivilDate { beijingToday() }
}
