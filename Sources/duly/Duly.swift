import ArgumentParser

/// The `duly` command: a thin shell over DulyKit. Each subcommand reads options, calls the
/// library, prints, and maps the outcome to a documented exit code (see `ExitStatus`).
@main
struct Duly: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duly",
        abstract: "Check 控辍保学 policy files and compute the deadlines they impose.",
        subcommands: [CheckCommand.self, FormatCommand.self, CalendarCommand.self]
    )
}
