import DulyTestSupport
import Foundation
import Testing

/// Every `duly …` command the README, the docs and each command's `--help` show is run as
/// written (redirections and comments aside), in a scratch copy of the repository's policies
/// and examples, so a documented command that no longer parses or names a missing file fails
/// here rather than in a clerk's terminal.
@Suite("documented commands")
struct DocumentedCommandTests {
    static let root = TestSupport.packageRoot

    struct Documented: CustomStringConvertible, Sendable {
        var place: String
        var line: String
        var description: String { "\(place): \(line)" }
    }

    /// Commands in fenced blocks of README.md and docs/*.md.
    static func fromDocs() -> [Documented] {
        var found: [Documented] = []
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        for file in ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 } {
            guard let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) else { continue }
            var inBlock = false
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.hasPrefix("```") { inBlock.toggle(); continue }
                let t = line.trimmingCharacters(in: .whitespaces)
                if inBlock, t.hasPrefix("duly ") { found.append(Documented(place: "\(file):\(i + 1)", line: t)) }
            }
        }
        return found
    }

    /// The examples of each command's help, joined across `\` line ends.
    static func fromHelp() throws -> [Documented] {
        var found: [Documented] = []
        for command in ["due", "findings", "explain", "check", "fmt", "test", "diff", "catalog", "calendar", "calendar add", "calendar show", "docs"] {
            let r = try CommandLine.run(command.split(separator: " ").map(String.init) + ["--help"], environment: ["LANG": "en_US.UTF-8", "COLUMNS": "400"])
            var pending: String?
            for line in r.out.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if let p = pending {
                    pending = nil
                    let joined = p + " " + line
                    if joined.hasSuffix("\\") { pending = String(joined.dropLast()) } else { found.append(Documented(place: "duly \(command) --help", line: joined)) }
                } else if line.hasPrefix("duly ") {
                    if line.hasSuffix("\\") { pending = String(line.dropLast()) } else { found.append(Documented(place: "duly \(command) --help", line: line)) }
                }
            }
        }
        return found
    }

    /// Shell words of a command line without its comment, redirection or `; …` tail.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], current = "", quote: Character?, hasWord = false
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                continue
            }
            if c == "\"" || c == "'" { quote = c; hasWord = true; continue }
            if c == "#" || c == ">" || c == ";" { break }
            if c == " " || c == "\t" {
                if hasWord { words.append(current) }
                current = ""
                hasWord = false
                continue
            }
            current.append(c)
            hasWord = true
        }
        if hasWord { words.append(current) }
        return words
    }

    /// A scratch folder with the policies and examples, `old/` and `new/` trees and a `cases`
    /// data set for the diff examples, in a git repository with two commits on `main`.
    static func workspace() throws -> URL {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("duly-documented-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["policies", "examples"] { try fm.copyItem(at: root.appendingPathComponent(name), to: dir.appendingPathComponent(name)) }
        for name in ["old", "new"] {
            try fm.createDirectory(at: dir.appendingPathComponent(name), withIntermediateDirectories: true)
            try fm.copyItem(at: root.appendingPathComponent("policies"), to: dir.appendingPathComponent(name + "/policies"))
        }
        try fm.copyItem(at: root.appendingPathComponent("examples/贵州省"), to: dir.appendingPathComponent("cases"))
        try fm.createDirectory(at: dir.appendingPathComponent("docs"), withIntermediateDirectories: true)
        func git(_ arguments: [String]) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git", "-c", "user.name=duly", "-c", "user.email=duly@example.org"] + arguments
            p.currentDirectoryURL = dir
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
        }
        try git(["init", "-q", "-b", "main"])
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "first"])
        try "\n".write(to: dir.appendingPathComponent("examples/README"), atomically: true, encoding: .utf8)
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "second"])
        return dir
    }

    static func all() -> [Documented] { fromDocs() + ((try? fromHelp()) ?? []) }

    @Test("the docs and the help show commands")
    func found() throws {
        #expect(Self.fromDocs().count >= 15)
        #expect(try Self.fromHelp().count >= 25)
    }

    @Test("every documented command runs: no bad usage, no missing file, no failure", arguments: all())
    func runs(_ command: Documented) throws {
        let words = Self.words(command.line)
        try #require(words.first == "duly", "\(command)")
        // A synopsis with placeholders (OLD, DIR, [--as-of DATE | …]) is not a command.
        if command.line.contains("[") && command.line.contains("]") && words.contains(where: { $0.allSatisfy { $0.isUppercase } }) { return }
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CommandLine.run(Array(words.dropFirst()), environment: ["LANG": "en_US.UTF-8"], in: dir)
        // 0 clean, 1 findings or problems found in the data, 5 a diff with changes: all are
        // answers. 2 (bad usage), 3 (missing calendar data) and 4 (the tool failed) are not.
        #expect([0, 1, 5].contains(r.status), "\(command) exited \(r.status): \(r.err.prefix(600))")
        #expect(!r.err.contains("Error: "), "\(command): \(r.err.prefix(600))")
    }
}
