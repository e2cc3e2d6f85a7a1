import ArgumentParser

struct FindingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "findings", abstract: "List late, missed, forbidden and out-of-order findings.")
}
