import DulyTestSupport
import Foundation
import Testing

/// util-linux `script`, which runs a command with a pseudo-terminal as its standard output.
let scriptPath = ["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// `--format xlsx` is refused when standard output is a terminal (a workbook's bytes would only
/// garble it), in the user's language and with status 2, before any work; a workbook for
/// `--out` or a redirect is fine. Run under a real pseudo-terminal, where `isatty` says yes.
@Suite("a workbook is not written to a terminal", .enabled(if: scriptPath != nil, "needs util-linux script"))
struct TerminalWorkbookTests {
    /// Runs `duly arguments` under `script -qec`, in the package root; the terminal's output
    /// (standard output and error together) and the command's status.
    static func onTerminal(_ arguments: [String]) throws -> (status: Int32, out: String) {
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let command = "'\(CommandLine.executable.path)' \(quoted)"
        let r = try CommandLine.run(shell: "exec '\(scriptPath!)' -qec \"\(command.replacingOccurrences(of: "\"", with: "\\\""))\" /dev/null < /dev/null")
        return (r.status, r.out.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    @Test("due and findings --format xlsx on a terminal: exit 2 with the message, in English and Chinese",
          arguments: [("due", "due.xlsx", "待办.xlsx"), ("findings", "findings.xlsx", "违规记录.xlsx")])
    func refused(_ command: String, _ en: String, _ zh: String) throws {
        let english = try Self.onTerminal([command, "--data", "examples/通江县", "--as-of", "2024-10-18", "--format", "xlsx"])
        #expect(english.status == 2, "\(english.out)")
        #expect(english.out == "error: --format xlsx writes an Excel workbook (binary), not for a terminal; use --out \(en), or redirect it to a file, e.g. `> \(en)`\n")
        let chinese = try Self.onTerminal([command, "--data", "examples/通江县", "--as-of", "2024-10-18", "--format", "xlsx", "--lang", "zh"])
        #expect(chinese.status == 2, "\(chinese.out)")
        #expect(chinese.out == "错误:--format xlsx 输出的是 Excel 工作簿(二进制),不能写到终端;请用 --out \(zh),或重定向到文件,例如 `> \(zh)`\n")
    }

    @Test("the same command with --out writes the workbook from a terminal")
    func outFromTerminal() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-tty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("待办.xlsx").path
        let r = try Self.onTerminal(["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--format", "xlsx", "--out", target])
        #expect(r.status == 0, "\(r.out)")
        #expect(FileManager.default.contents(atPath: target)?.prefix(2) == Data("PK".utf8))
    }

    @Test("text goes to a terminal as usual")
    func textOnTerminal() throws {
        let r = try Self.onTerminal(["calendar", "add", "2024-09-27", "5个工作日"])
        #expect(r.status == 0, "\(r.out)")
        #expect(r.out.hasPrefix("2024-"))
    }
}
