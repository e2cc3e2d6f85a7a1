import ArgumentParser
import DulyData
import DulyKit
import DulySource
import Foundation

/// The `duly` command: a thin shell over DulyKit. Each subcommand reads options, calls the
/// library, prints, and maps the outcome to an `ExitStatus`.
@main
struct Duly: ParsableCommand {
    static let words = Words(
        en: "Check 控辍保学 policy files and compute the deadlines they impose.",
        zh: "检查控辍保学政策文件,并计算其中规定的截止日期。")
    static let examples = Words(
        en: """
            Examples:
              duly check policies
              duly due --data examples/通江县 --as-of 2024-10-08

            Help is in Chinese with --lang zh or a Chinese locale (LANG=zh_CN.UTF-8), else in English.
            """,
        zh: """
            示例:
              duly check policies
              duly due --data examples/通江县 --as-of 2024-10-08

            加 --lang en 或在英文区域设置下,帮助以英文显示;加 --lang zh 或 LANG=zh_CN.UTF-8 时以中文显示。
            """)

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "duly",
            abstract: words.shown,
            discussion: helpPage(examples, ExitStatus.words),
            version: version,
            subcommands: [
                CheckCommand.self, FormatCommand.self, TestCommand.self, DueCommand.self, FindingsCommand.self, ExplainCommand.self,
                DiffCommand.self, CatalogCommand.self,
                CalendarCommand.self, DocsCommand.self, LanguageServerCommand.self,
            ]
        )
    }

    /// The version `--version` prints and SARIF logs name.
    static let version = "0.1.0"

    /// ArgumentParser reports usage errors with its own status (64); Duly documents 2.
    static func main() {
        TemporaryFolder.removeFoldersOnSignals()
        // A report larger than the file-size limit is a write error `--out` reports (EFBIG),
        // not a signal that kills the run with a temporary file left behind.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot(helpArguments(Array(Swift.CommandLine.arguments.dropFirst())))
            try command.run()
            checkOutputWritten()
        } catch {
            let code = exitCode(for: error)
            if code == .success, !Swift.CommandLine.arguments.contains("--experimental-dump-help") {
                // A help page (or the version): the parser's own words in the user's language.
                let message = fullMessage(for: error)
                if !message.isEmpty { print(ParserWords.translate(message, to: UserLanguage.current)) }
                checkOutputWritten()
                Foundation.exit(ExitStatus.success.rawValue)
            }
            if code == .validationFailure {
                ChineseLines.isEnabled = false
                exit(withError: ExitCode(ExitStatus.usage.rawValue), message: ParserWords.translateError(fullMessage(for: error), to: UserLanguage.current))
            }
            checkOutputWritten()
            exit(withError: error)
        }
    }

    /// Output that did not reach its file (a full disk, `> /dev/full`, a closed pipe's error)
    /// must not pass for complete output: whatever the command's own status, the run ends with
    /// status 4 and says why. Standard output is buffered, so the failure may show only here.
    static func checkOutputWritten() {
        let out = standardOutputStream()
        let flushed = fflush(out) == 0
        guard !flushed || ferror(out) != 0 else { return }
        let reason = String(cString: strerror(errno))
        let language = UserLanguage.current
        printError(language == .zh ? "错误:无法写出输出(标准输出):\(reason);输出不完整"
                                    : "error: cannot write the output (standard output): \(reason); the output is incomplete")
        Foundation.exit(ExitStatus.toolFailure.rawValue)
    }

    /// `duly help due --lang zh`: the parser's `help` takes no options, so `--lang` (already
    /// read by `UserLanguage`) is taken out for it; every other command line is left as given.
    static func helpArguments(_ arguments: [String]) -> [String] {
        guard arguments.first == "help" else { return arguments }
        var kept: [String] = [], index = 0
        while index < arguments.count {
            if arguments[index] == "--lang" { index += 2; continue }
            if arguments[index].hasPrefix("--lang=") { index += 1; continue }
            kept.append(arguments[index])
            index += 1
        }
        return kept
    }

    static func exit(withError error: Error, message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(withError: error)
    }
}

/// Options every command that prints diagnostics shares.
struct MessageOptions: ParsableArguments {
    static let langWords = Words(
        en: "Message language: zh or en (default: the locale, LC_ALL, LC_MESSAGES or LANG).",
        zh: "提示和帮助的语言:zh(中文)或 en(英文);默认随区域设置(LC_ALL、LC_MESSAGES 或 LANG)。")

    @Option(name: .long, help: .words(langWords))
    var lang: MessageLanguage?

    var language: MessageLanguage { lang ?? UserLanguage.locale(ProcessInfo.processInfo.environment) }

    /// Colour only on a terminal, and never when NO_COLOR is set.
    var useColor: Bool {
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}

extension MessageLanguage: ExpressibleByArgument {}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
