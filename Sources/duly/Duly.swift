import ArgumentParser
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
            CalendarCommand.self, DocsCommand.self,
        ]
    )

    /// The version `--version` prints and SARIF logs name.
    static let version = "0.1.0"

    /// ArgumentParser reports usage errors with its own status (64); Duly documents 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                exit(withError: ExitCode(ExitStatus.usage.rawValue), message: fullMessage(for: error))
            }
            exit(withError: error)
        }
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
