import ArgumentParser

struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "due", abstract: "List open obligations sorted by deadline.")
}
