import ArgumentParser
import DulyKit
import DulySource

struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Print policy files in canonical form, or check or rewrite them.",
        discussion: """
            Without options, prints each file's canonical form. Formatting keeps comments and the
            keyword language of every clause, and is idempotent. A file with a syntax error is
            reported and never rewritten.

            Examples:
              duly fmt policies/四川省/通江县.duly
              duly fmt --check policies        # CI: exit 1 and list the files that differ
              duly fmt --diff policies         # show what --write would change, as a unified diff
              duly fmt --write policies        # rewrite in place (atomic replace)

            --write follows a symbolic link and rewrites its target; it keeps each file's mode,
            owner (where permitted) and hard links, and refuses a read-only file (exit 4).

            \(ExitStatus.helpText)
            """
    )

    @Argument(help: "Policy files or folders.", completion: .file(extensions: ["duly"]))
    var paths: [String] = ["policies"]

    @Flag(help: "List files not in canonical form; exit 1 if any.")
    var check = false

    @Flag(help: "Rewrite files not in canonical form, atomically.")
    var write = false

    @Flag(help: "Print a unified diff of each file against its canonical form; exit 1 if any differ.")
    var diff = false

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        if [check, write, diff].filter({ $0 }).count > 1 { throw ValidationError("--check, --write and --diff cannot be used together") }
    }

    func run() throws {
        let (outcomes, listing) = PolicyFormatting.format(paths: paths)
        if !listing.isEmpty {
            printError(DiagnosticRenderer(style: .plain, language: messages.language, files: [:]).render(listing))
            if listing.contains(where: \.isError) { throw ExitStatus.usage.code }
        }
        var files: [String: SourceFile] = [:]
        for o in outcomes { if let s = o.source { files[o.path] = s } }
        let renderer = DiagnosticRenderer(style: .human, language: messages.language, color: messages.useColor, files: files)
        var failed = false
        var differing: [String] = []
        for outcome in outcomes {
            guard let formatted = outcome.formatted else {
                printError(renderer.render(outcome.diagnostics))
                failed = true
                continue
            }
            if check {
                if outcome.isChanged { differing.append(outcome.path) }
            } else if diff {
                if outcome.isChanged {
                    print(PolicyFormatting.unifiedDiff(path: outcome.path, original: outcome.original ?? "", formatted: formatted), terminator: "")
                    differing.append(outcome.path)
                }
            } else if write {
                guard outcome.isChanged else { continue }
                do {
                    try PolicyFormatting.write(formatted, to: outcome.path)
                    printError(messages.language == .zh ? "已改写 \(outcome.path)" : "rewrote \(outcome.path)")
                } catch {
                    printError(messages.language == .zh ? "无法写入 \(outcome.path):\(error.reason.zh)" : "cannot write \(outcome.path): \(error.reason.en)")
                    throw ExitStatus.toolFailure.code
                }
            } else {
                print(formatted, terminator: "")
            }
        }
        if check { for path in differing { print(path) } }
        if !differing.isEmpty {
            printError(messages.language == .zh ? "\(differing.count) 个文件不是标准格式;运行 duly fmt --write 改写"
                                                : "\(differing.count) file\(differing.count == 1 ? " is" : "s are") not in canonical form; run duly fmt --write")
        }
        if failed || !differing.isEmpty { throw ExitStatus.problemsFound.code }
    }
}
