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

            Exit status: 0 after the editor's shutdown and exit, 1 when the input ends without them.
            """
    )

    @Option(name: .long, help: "Message language: zh or en (default: the editor's locale, else LANG).")
    var lang: MessageLanguage?

    func run() throws {
        let language = lang ?? MessageLanguage.fromLocale(ProcessInfo.processInfo.environment["LANG"])
        let status = LanguageServer.serve(language: language, languageIsFixed: lang != nil, version: Duly.version)
        if status != 0 { throw ExitCode(status) }
    }
}
