import ArgumentParser

struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fmt", abstract: "Print policy files in canonical form.")
}
