import DulyTestSupport
import Foundation
import Testing

/// Runs the built `duly` executable, as a user or CI would, to pin exit statuses and output.
struct CommandLine {
    static let root = TestSupport.packageRoot

    /// The `duly` built beside this test bundle.
    static var executable: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("duly")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/duly")
    }

    /// Runs `duly` in `directory` with `environment` plus the caller's PATH, TMPDIR and HOME (so
    /// `duly diff` finds git and a temporary folder).
    static func run(_ arguments: [String], environment: [String: String] = ["LANG": "en_US.UTF-8"],
                    in directory: URL = root, executable: URL = executable) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = environment
        for key in ["PATH", "TMPDIR", "HOME"] { environment[key] = ProcessInfo.processInfo.environment[key] }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    static func temporaryFile(_ text: String, name: String = "case.duly") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

@Suite("command line")
struct CommandLineTests {
    @Test("the executable is built beside the tests")
    func executableExists() {
        #expect(FileManager.default.isExecutableFile(atPath: CommandLine.executable.path))
    }

    @Test("check exits 1 on a policy error and prints file, line and column")
    func checkError() throws {
        let path = try CommandLine.temporaryFile("规则 x {\n}\n")
        defer { TestSupport.removeTemporary(path) }
        let r = try CommandLine.run(["check", path, "--format", "plain"])
        #expect(r.status == 1)
        #expect(r.out == "\(path):1:1: error[D0316]: rules must follow a policy header that names their jurisdiction\n")
        #expect(r.err == "checked 1 file: 1 error, 0 warnings\n")
    }

    @Test("messages follow LANG, and --lang overrides it")
    func language() throws {
        let path = try CommandLine.temporaryFile("规则 x {\n}\n")
        defer { TestSupport.removeTemporary(path) }
        let zh = try CommandLine.run(["check", path, "--format", "plain"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.out.contains("错误[D0316]: 规则之前须有指明辖区的政策声明"))
        let en = try CommandLine.run(["check", path, "--format", "plain", "--lang", "en"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(en.out.contains("error[D0316]"))
    }

    @Test("json output is one document listing each diagnostic with line and column")
    func json() throws {
        let path = try CommandLine.temporaryFile("政策 甲 {\n  继承 乙\n}\n")
        defer { TestSupport.removeTemporary(path) }
        let r = try CommandLine.run(["check", path, "--format", "json"])
        #expect(r.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(document["errors"] as? Int == 1)
        let object = try #require((document["diagnostics"] as? [[String: Any]])?.first)
        #expect(object["code"] as? String == "D0205")
        #expect(object["line"] as? Int == 2)
        #expect(object["column"] as? Int == 6)
    }

    @Test("bad usage exits 2, not ArgumentParser's 64")
    func usage() throws {
        #expect(try CommandLine.run(["check", "--no-such-option"]).status == 2)
        #expect(try CommandLine.run(["no-such-command"]).status == 2)
    }

    @Test("a path that does not exist is bad usage")
    func missingPath() throws {
        let r = try CommandLine.run(["check", "/nonexistent/x.duly"])
        #expect(r.status == 2)
        #expect(r.err.contains("/nonexistent/x.duly"))
    }

    @Test("binary and empty files exit 1 with a diagnostic")
    func badFiles() throws {
        let empty = try CommandLine.temporaryFile("")
        defer { TestSupport.removeTemporary(empty) }
        #expect(try CommandLine.run(["check", empty]).status == 1)
        let binary = try CommandLine.temporaryFile("\u{0}\u{1}\u{2}")
        defer { TestSupport.removeTemporary(binary) }
        let r = try CommandLine.run(["check", binary, "--format", "plain"])
        #expect(r.status == 1)
        #expect(r.out.contains("D0004"))
    }

    @Test("calendar add prints the due date first")
    func calendarAdd() throws {
        let r = try CommandLine.run(["calendar", "add", "2024-09-27", "5 working days"])
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("2024-10-10"))
    }
}
