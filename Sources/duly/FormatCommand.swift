import ArgumentParser
import DulyKit
import DulySource

struct FormatCommand: ParsableCommand {
    enum Help {
        static let abstract = Words(en: "Print policy files in canonical form, or check or rewrite them.",
                                    zh: "按标准格式输出政策文件,或检查、改写它们。")
        static let discussion = Words(
            en: """
                Without options, prints each file's canonical form. Formatting keeps comments and the \
                keyword language of every clause, and is idempotent. A file with a syntax error is \
                reported and never rewritten.

                Examples:
                  duly fmt policies/四川省/通江县.duly
                  duly fmt --check policies        # CI: exit 1 and list the files that differ
                  duly fmt --diff policies         # show what --write would change, as a unified diff
                  duly fmt --write policies        # rewrite in place (atomic replace)

                --write follows a symbolic link and rewrites its target; it keeps each file's mode, \
                owner (where permitted) and hard links, and refuses a read-only file (exit 4).
                """,
            zh: """
                不加选项时,输出每个文件的标准格式。格式化保留注释和每个条款所用的关键字语言(中文或英文),\
                重复格式化结果不变。有语法错误的文件只报告,从不改写。

                示例:
                  duly fmt policies/四川省/通江县.duly
                  duly fmt --check policies        # 持续集成用:列出格式不标准的文件,退出状态 1
                  duly fmt --diff policies         # 以统一差异格式显示 --write 将作的改动
                  duly fmt --write policies        # 就地改写(原子替换)

                --write 遇到符号链接时改写其指向的文件;保留每个文件的权限、属主(在允许时)和硬链接;\
                只读文件拒绝改写(退出状态 4)。
                """)
        static let paths = Words(en: "Policy files or folders.", zh: "政策文件或文件夹。")
        static let check = Words(en: "List files not in canonical form; exit 1 if any.", zh: "列出格式不标准的文件;有则退出状态 1。")
        static let write = Words(en: "Rewrite files not in canonical form, atomically.", zh: "原子地改写格式不标准的文件。")
        static let diff = Words(en: "Print a unified diff of each file against its canonical form; exit 1 if any differ.",
                                zh: "输出每个文件与其标准格式之间的统一差异;有差异则退出状态 1。")
    }

    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "fmt", abstract: Help.abstract.shown,
                             discussion: helpPage(Help.discussion, ExitStatus.words))
    }

    @Argument(help: .words(Help.paths), completion: .file(extensions: ["duly"]))
    var paths: [String] = ["policies"]

    @Flag(help: .words(Help.check))
    var check = false

    @Flag(help: .words(Help.write))
    var write = false

    @Flag(help: .words(Help.diff))
    var diff = false

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        if [check, write, diff].filter({ $0 }).count > 1 { throw usageError(en: "--check, --write and --diff cannot be used together", zh: "--check、--write 和 --diff 不能同时使用") }
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
