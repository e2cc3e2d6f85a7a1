import ArgumentParser
import DulyKit
import DulySource
import Foundation

/// `duly lsp`: the language server editors start; it speaks on standard input and output.
struct LanguageServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server for editors (LSP on standard input and output).",
        discussion: """
            An editor starts this command and talks to it; a person does not run it by hand.
            It gives live diagnostics (checked with the whole policy tree: parents, vocabulary,
            calendars and unsaved buffers), hover, go to definition, references, completion,
            formatting (as `fmt`), the outline and quick fixes. Messages are in the editor's
            language (its locale), else LANG; --lang fixes it. Setup for VS Code, Neovim and
            Helix: docs/editors.md.

            The server runs in a child process: if it fails, or one request runs longer than
            --request-time-limit, that request is answered with an error and a new child takes
            over with the open documents, so the editor's session goes on.

            Exit status: 0 after the editor's shutdown and exit, 1 when the input ends without them.
            """
    )

    @Option(name: .long, help: "Message language: zh or en (default: the editor's locale, else LANG).")
    var lang: MessageLanguage?

    @Option(name: .long, help: "Seconds one request may take before it is answered with an error and the server restarted.")
    var requestTimeLimit: Double = 30

    @Flag(name: .long, help: .hidden)
    var worker = false

    func validate() throws {
        guard requestTimeLimit > 0 else { throw ValidationError("--request-time-limit must be positive") }
    }

    func run() throws {
        let language = lang ?? MessageLanguage.fromLocale(ProcessInfo.processInfo.environment["LANG"])
        let status: Int32
        if worker {
            status = LanguageServer.serve(language: language, languageIsFixed: lang != nil, version: Duly.version)
        } else {
            let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
            status = LanguageServerSupervisor.run(executable: executable, arguments: ["lsp", "--worker"] + (lang.map { ["--lang", $0.rawValue] } ?? []),
                                                  language: language, requestTimeLimit: requestTimeLimit)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
