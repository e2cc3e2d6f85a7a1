import DulyTestSupport
import Foundation
import Testing

/// `--out FILE`: the report a command would print, written whole to a file or not at all; an
/// existing file, an input, a folder that is missing or an extension that contradicts
/// `--format` is refused before any work (exit 2) and leaves every file as it was.
@Suite("--out FILE")
struct OutputFileTests {
    /// A scratch folder holding a copy of the policies and the examples.
    static func workspace() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["policies", "examples"] {
            try FileManager.default.copyItem(at: CommandLine.root.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        return dir
    }

    static func contents(_ dir: URL, _ name: String) -> Data? { FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) }

    /// A file beside `name` that a write left behind (`.name.PID.tmp`).
    static func leftovers(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
    }

    @Test("each command writes to the file exactly what it prints, and keeps its exit status", arguments: [
        ["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--format", "csv"],
        ["findings", "--data", "examples/通江县", "--as-of", "2024-12-31", "--format", "json"],
        ["explain", "GZ-S03", "--data", "examples/贵州省", "--as-of", "2024-10-12"],
        ["check", "policies", "--format", "json"],
        ["test", "policies/四川省/通江县.dulytest"],
        ["diff", "policies", "policies", "--data", "examples/贵州省", "--as-of", "2024-10-10", "--format", "md"],
        ["catalog", "policies"],
        ["calendar", "show", "2024-10"],
        ["calendar", "add", "2024-09-27", "5个工作日"],
        ["docs", "keywords"],
    ])
    func sameAsPrinted(_ arguments: [String]) throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let printed = try CommandLine.run(arguments, in: dir)
        let written = try CommandLine.run(arguments + ["--out", "report.out"], in: dir)
        #expect(written.status == printed.status, "\(written.err)")
        #expect(written.out.isEmpty)
        #expect(written.err.contains("wrote `report.out`"), "\(written.err)")
        #expect(Self.contents(dir, "report.out") == Data(printed.out.utf8))
        #expect(try Self.leftovers(dir).isEmpty)
    }

    @Test("--out NAME.xlsx writes a workbook without --format; --format csv writes CSV to a .csv name")
    func formatFromExtension() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CommandLine.run(["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--out", "待办.xlsx"], in: dir)
        #expect(r.status == 0, "\(r.err)")
        #expect(Self.contents(dir, "待办.xlsx")?.prefix(2) == Data("PK".utf8))
        let findings = try CommandLine.run(["findings", "--data", "examples/通江县", "--as-of", "2024-12-31", "--out", "违规.xlsx"], in: dir)
        #expect(findings.status == 1, "findings found: status 1 after the workbook is written; \(findings.err)")
        #expect(Self.contents(dir, "违规.xlsx")?.prefix(2) == Data("PK".utf8))
        let csv = try CommandLine.run(["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--out", "due.csv"], in: dir)
        #expect(csv.status == 0)
        #expect(String(decoding: Self.contents(dir, "due.csv") ?? Data(), as: UTF8.self).hasPrefix("due,due_time,"))
    }

    @Test("an existing file is refused (exit 2) and left untouched, in both languages; --force replaces it")
    func existingFile() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("due.csv")
        try Data("keep me\n".utf8).write(to: target)
        let command = ["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--out", "due.csv"]
        let en = try CommandLine.run(command, in: dir)
        #expect(en.status == 2)
        #expect(en.err == "error: `due.csv` exists; choose another name, or add --force to replace it\n")
        let zh = try CommandLine.run(command + ["--lang", "zh"], in: dir)
        #expect(zh.status == 2)
        #expect(zh.err == "错误:`due.csv` 已存在;请换一个文件名,或加 --force 覆盖\n")
        #expect(Self.contents(dir, "due.csv") == Data("keep me\n".utf8))
        let forced = try CommandLine.run(command + ["--force"], in: dir)
        #expect(forced.status == 0, "\(forced.err)")
        #expect(Self.contents(dir, "due.csv") != Data("keep me\n".utf8))
        #expect(try Self.leftovers(dir).isEmpty)
    }

    @Test("an input is never written, even with --force: a data file, the data folder, a policy file, a link to one", arguments: [
        ["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--format", "csv", "--force", "--out", "examples/通江县/events.csv"],
        ["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--force", "--out", "examples/通江县/new.txt"],
        ["findings", "--data", "examples/通江县", "--as-of", "2024-10-18", "--force", "--out", "policies/calendars/x.txt"],
        ["check", "policies/四川省/通江县.duly", "--force", "--out", "policies/四川省/通江县.duly"],
        ["check", "policies/四川省/通江县.duly", "--force", "--out", "link.duly"],
        ["catalog", "policies", "--force", "--out", "policies/四川省/通江县.duly"],
    ])
    func inputsRefused(_ arguments: [String]) throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A link named as the report, pointing at the policy file the run reads.
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link.duly").path,
                                                   withDestinationPath: dir.appendingPathComponent("policies/四川省/通江县.duly").path)
        let before = [Self.contents(dir, "examples/通江县/events.csv"), Self.contents(dir, "policies/四川省/通江县.duly")]
        let r = try CommandLine.run(arguments, in: dir)
        #expect(r.status == 2, "\(r.err)")
        #expect(r.err.contains("input"), "\(r.err)")
        #expect(r.out.isEmpty)
        #expect([Self.contents(dir, "examples/通江县/events.csv"), Self.contents(dir, "policies/四川省/通江县.duly")] == before)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("examples/通江县/new.txt").path))
        let zh = try CommandLine.run(arguments + ["--lang", "zh"], in: dir)
        #expect(zh.status == 2)
        #expect(zh.err.contains("输入"), "\(zh.err)")
    }

    @Test("an extension that contradicts --format is refused (exit 2), and an existing file so named is untouched")
    func contradictingExtension() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CommandLine.run(["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--out", "a.csv", "--format", "xlsx"], in: dir)
        #expect(r.status == 2)
        #expect(r.err == "error: `a.csv` ends in .csv but --format is xlsx; name it `a.xlsx` or choose the --format its name says\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.csv").path))
        try Data("keep me\n".utf8).write(to: dir.appendingPathComponent("b.json"))
        let zh = try CommandLine.run(["findings", "--data", "examples/通江县", "--out", "b.json", "--format", "csv", "--force", "--lang", "zh"], in: dir)
        #expect(zh.status == 2)
        #expect(zh.err == "错误:`b.json` 的扩展名是 .json,但 --format 是 csv;请改名为 `b.csv`,或选用与扩展名一致的 --format\n")
        #expect(Self.contents(dir, "b.json") == Data("keep me\n".utf8))
        let unknown = try CommandLine.run(["explain", "GZ-S03", "--data", "examples/贵州省", "--out", "trace.csv"], in: dir)
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("does not write"), "\(unknown.err)")
    }

    @Test("a missing folder, a folder, or a device as --out is refused (exit 2)")
    func badTargets() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try CommandLine.run(["docs", "keywords", "--out", "nowhere/k.md", "--lang", "zh"], in: dir)
        #expect(missing.status == 2)
        #expect(missing.err == "错误:无法写出 `nowhere/k.md`:文件夹 `nowhere` 不存在\n")
        let folder = try CommandLine.run(["docs", "keywords", "--out", "examples"], in: dir)
        #expect(folder.status == 2)
        #expect(folder.err.contains("is a folder"))
        let device = try CommandLine.run(["docs", "keywords", "--out", "/dev/null", "--force"], in: dir)
        #expect(device.status == 2)
        #expect(device.err.contains("not a regular file"))
    }

    @Test("a write that fails is exit 4 naming the file; nothing half-written, the old file kept, no temporary left")
    func failedWrite() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("keep me\n".utf8).write(to: dir.appendingPathComponent("k.md"))
        // A file-size limit of one block makes the write fail with EFBIG, whoever runs the tests.
        let shell = "ulimit -f 1; exec '\(CommandLine.executable.path)' docs keywords --out k.md --force"
        let r = try CommandLine.run(shell: shell, in: dir)
        #expect(r.status == 4, "\(r.err)")
        #expect(r.err.hasPrefix("error: cannot write `k.md`: "), "\(r.err)")
        #expect(r.err.contains("nothing was written"))
        #expect(Self.contents(dir, "k.md") == Data("keep me\n".utf8))
        #expect(try Self.leftovers(dir).isEmpty)
        let fresh = "ulimit -f 1; exec '\(CommandLine.executable.path)' docs keywords --out new.md --lang zh"
        let zh = try CommandLine.run(shell: fresh, in: dir)
        #expect(zh.status == 4)
        #expect(zh.err.hasPrefix("错误:无法写出 `new.md`:"), "\(zh.err)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("new.md").path))
        #expect(try Self.leftovers(dir).isEmpty)
    }

    @Test("a due list written a block at a time that fails part way leaves the old file and no temporary; one that succeeds is the same bytes as standard output", arguments: ["json", "csv"])
    func failedStreamedWrite(format: String) throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = "due." + format
        try Data("keep me\n".utf8).write(to: dir.appendingPathComponent(name))
        let run = "'\(CommandLine.executable.path)' due --data examples/贵州省 --as-of 2024-10-08 --format \(format)"
        // The list is several KB: a limit of one block fails after the first pieces are written.
        let r = try CommandLine.run(shell: "ulimit -f 1; exec \(run) --out \(name) --force", in: dir)
        #expect(r.status == 4, "\(r.err)")
        #expect(r.err.contains("error: cannot write `\(name)`: "), "\(r.err)")
        #expect(Self.contents(dir, name) == Data("keep me\n".utf8))
        #expect(try Self.leftovers(dir).isEmpty)
        let whole = try CommandLine.run(shell: "exec \(run) --out \(name) --force", in: dir)
        #expect(whole.status == 0, "\(whole.err)")
        let printed = try CommandLine.run(shell: "exec \(run)", in: dir)
        #expect(printed.out.utf8.count > 1024)
        #expect(Self.contents(dir, name) == Data(printed.out.utf8))
    }

    @Test("due --out keeps naming a folder with --split-by; without it, a file")
    func splitStillAFolder() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let split = try CommandLine.run(["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--split-by", "organisation", "--out", "各校清单"], in: dir)
        #expect(split.status == 0, "\(split.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("各校清单").path).count > 1)
        let file = try CommandLine.run(["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--out", "各校清单"], in: dir)
        #expect(file.status == 2)
        #expect(file.err.contains("is a folder"))
    }
}

extension CommandLine {
    /// Runs `script` with `/bin/sh -c` under LANG=en_US.UTF-8, for what needs a shell around
    /// `duly` (a resource limit, a pseudo-terminal).
    static func run(shell script: String, in directory: URL = root) throws -> (status: Int32, out: String, err: String) {
        try run(["-c", script], in: directory, executable: URL(fileURLWithPath: "/bin/sh"))
    }
}
