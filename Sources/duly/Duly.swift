import ArgumentParser
import DulyData
import DulyKit
import DulySource
import Foundation

/// The `duly` command: a thin shell over DulyKit. Each subcommand reads options, calls the
/// library, prints, and maps the outcome to an `ExitStatus`.
@main
struct Duly: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duly",
        abstract: "Check 控辍保学 policy files and compute the deadlines they impose.",
        discussion: ExitStatus.helpText,
        version: version,
        subcommands: [
            CheckCommand.self, FormatCommand.self, TestCommand.self, DueCommand.self, FindingsCommand.self, ExplainCommand.self,
            DiffCommand.self, CatalogCommand.self,
            CalendarCommand.self, DocsCommand.self, LanguageServerCommand.self,
        ]
    )

    /// The version `--version` prints and SARIF logs name.
    static let version = "0.1.0"

    /// ArgumentParser reports usage errors with its own status (64); Duly documents 2.
    static func main() {
        TemporaryFolder.removeFoldersOnSignals()
        do {
            var command = try parseAsRoot()
            try command.run()
            checkOutputWritten()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                exit(withError: ExitCode(ExitStatus.usage.rawValue), message: fullMessage(for: error))
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
        let language = MessageLanguage.fromLocale(ProcessInfo.processInfo.environment["LANG"])
        printError(language == .zh ? "错误:无法写出输出(标准输出):\(reason);输出不完整"
                                    : "error: cannot write the output (standard output): \(reason); the output is incomplete")
        Foundation.exit(ExitStatus.toolFailure.rawValue)
    }

    static func exit(withError error: Error, message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(withError: error)
    }
}

/// Options every command that prints diagnostics shares.
struct MessageOptions: ParsableArguments {
    @Option(name: .long, help: "Message language: zh or en (default from LANG).")
    var lang: MessageLanguage?

    var language: MessageLanguage { lang ?? MessageLanguage.fromLocale(ProcessInfo.processInfo.environment["LANG"]) }

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
