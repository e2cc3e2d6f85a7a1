@testable import DulyData
@testable import DulyKit
import DulyTestSupport
import Foundation
import Glibc
import Testing

/// Files the tool writes or reads beside the user's: formatting through links and hard links,
/// read-only files, links out of the policy tree, temporary folders and lost output.
@Suite("file safety", .serialized)
struct FileSafetyTests {
    static let policy = """
        政策 测试县 {
          使用 控辍保学
        }
        """

    /// A fresh folder for one test, removed by the caller.
    static func folder(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-safety-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func mode(_ path: String) -> mode_t {
        var st = stat()
        _ = stat(path, &st)
        return st.st_mode & 0o7777
    }

    static func isLink(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    // MARK: - fmt --write

    @Test("fmt --write through a symbolic link rewrites the target and keeps the link and the mode")
    func formatsThroughLink() throws {
        let dir = try Self.folder("link")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("real.duly").path
        let link = dir.appendingPathComponent("link.duly").path
        try "政策   测试县 {\n使用 控辍保学\n}\n".write(toFile: target, atomically: false, encoding: .utf8)
        chmod(target, 0o640)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.duly")
        let r = try CommandLine.run(["fmt", "--write", link])
        #expect(r.status == 0, "\(r.err)")
        #expect(Self.isLink(link), "the link must stay a link")
        #expect(Self.mode(target) == 0o640)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("政策 测试县 {"))
    }

    @Test("fmt --write keeps hard links: every name sees the new text")
    func keepsHardLinks() throws {
        let dir = try Self.folder("hard")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.duly").path, b = dir.appendingPathComponent("b.duly").path
        try "政策   测试县 {\n使用 控辍保学\n}\n".write(toFile: a, atomically: false, encoding: .utf8)
        #expect(link(a, b) == 0)
        let r = try CommandLine.run(["fmt", "--write", a])
        #expect(r.status == 0, "\(r.err)")
        let textA = try String(contentsOfFile: a, encoding: .utf8), textB = try String(contentsOfFile: b, encoding: .utf8)
        #expect(textA.hasPrefix("政策 测试县 {"))
        #expect(textA == textB)
        var st = stat()
        _ = stat(a, &st)
        #expect(st.st_nlink == 2)
    }

    @Test("fmt --write refuses a read-only file and leaves it as it was")
    func refusesReadOnly() throws {
        let dir = try Self.folder("ro")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ro.duly").path
        let original = "政策   测试县 {\n使用 控辍保学\n}\n"
        try original.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o444)
        let r = try CommandLine.run(["fmt", "--write", path])
        #expect(r.status == 4)
        #expect(r.err.contains("read-only"), "\(r.err)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
        #expect(Self.mode(path) == 0o444)
    }

    // MARK: - Links out of the tree

    @Test("a .duly link that leads outside the policy tree is not read, and a warning names it")
    func linkOutsideTreeIsNotRead() throws {
        let dir = try Self.folder("tree")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tree = dir.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        let secret = dir.appendingPathComponent("secret.duly").path
        try "SECRET-CONTENT 不是规则\n".write(toFile: secret, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: tree.appendingPathComponent("outside.duly").path, withDestinationPath: secret)
        try FileManager.default.copyItem(atPath: TestSupport.packageRoot.appendingPathComponent("policies/控辍保学.duly").path,
                                         toPath: tree.appendingPathComponent("控辍保学.duly").path)
        let (files, diagnostics) = PolicyLoading.policyFiles(in: [tree.path])
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["控辍保学.duly"])
        #expect(diagnostics.map(\.code.id) == ["D0007"])
        let r = try CommandLine.run(["check", tree.path])
        #expect(!r.out.contains("SECRET-CONTENT") && !r.err.contains("SECRET-CONTENT"))
        #expect((r.out + r.err).contains("D0007"), "\(r.out)\(r.err)")
        #expect((r.out + r.err).contains("outside.duly"))
    }

    @Test("a link inside the tree to another file of the tree is read")
    func linkInsideTreeIsRead() throws {
        let dir = try Self.folder("inside")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sub = dir.appendingPathComponent("a")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try Self.policy.write(to: sub.appendingPathComponent("县.duly"), atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("alias.duly").path, withDestinationPath: "a/县.duly")
        let (files, diagnostics) = PolicyLoading.policyFiles(in: [dir.path])
        #expect(diagnostics.isEmpty)
        #expect(files.count == 2)
    }

    // MARK: - Temporary folders

    @Test("a temporary folder is private (0700), refuses planted links, and is removed")
    func temporaryFolderIsPrivate() throws {
        let folder = try TemporaryFolder(purpose: "check")
        let path = folder.path
        #expect(Self.mode(path) == 0o700)
        #expect((path as NSString).lastPathComponent.hasPrefix("duly-\(getpid())-check-"))
        try FileManager.default.createSymbolicLink(atPath: path + "/planted", withDestinationPath: "/etc/passwd")
        #expect(folder.createFile("planted") == -1, "O_NOFOLLOW|O_EXCL must refuse a planted link")
        let fd = folder.createFile("mine")
        #expect(fd >= 0)
        close(fd)
        #expect(Self.mode(path + "/mine") == 0o600)
        folder.remove()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("the folder of a run that was killed (its process gone) is removed by the next run; a live run's is kept")
    func abandonedFoldersAreRemoved() throws {
        let base = TemporaryFolder.baseDirectory
        // PIDs above the kernel's maximum (4194304) never exist.
        let dead = base + "/duly-9999999-events-ABCDEF"
        try FileManager.default.createDirectory(atPath: dead, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: dead) }
        try "x".write(toFile: dead + "/part0-0.events", atomically: false, encoding: .utf8)
        let live = try TemporaryFolder(purpose: "live")
        defer { live.remove() }
        TemporaryFolder.removeAbandoned()
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live.path))
    }

    @Test("spilled events wait in a private folder that is gone once the data set is")
    func spillFolderIsPrivateAndRemoved() throws {
        var folder: String?
        do {
            let spill = try EventSpill(students: 4, subjects: 5, partitions: 2, recurringType: [false])
            folder = spill.folder
            #expect(Self.mode(spill.folder) == 0o700)
        }
        #expect(folder != nil && !FileManager.default.fileExists(atPath: folder!))
    }

    @Test("a temporary directory that cannot be written is a tool failure naming it; policy tests need none")
    func unwritableTemporaryDirectory() throws {
        func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = CommandLine.executable
            process.arguments = arguments
            process.currentDirectoryURL = CommandLine.root
            process.environment = ["LANG": "en_US.UTF-8", "TMPDIR": "/nonexistent/duly-tmp", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        // A workbook is turned into CSV in a temporary folder before it is read.
        let staged = try run(["due", "--data", "Tests/DulyKitTests/Fixtures/xlsx/通江县", "--as-of", "2024-10-18"])
        #expect(staged.status == 4)
        #expect(staged.output.contains("cannot write temporary files in `/nonexistent/duly-tmp`"), "\(staged.output.prefix(400))")
        // Policy tests read their tables from memory: they need no temporary directory at all.
        let tests = try run(["test", "policies/贵州省"])
        #expect(tests.status == 0, "\(tests.output.prefix(400))")
    }

    @Test("SIGTERM while a revision is checked out removes its temporary folder, and the run dies of the signal")
    func signalRemovesTemporaryFolder() throws {
        let dir = try Self.folder("signal")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tmp = dir.appendingPathComponent("tmp"), bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        // A git that stalls on `archive`, so the run is caught with its folder in place.
        let realGit = ["/usr/bin/git", "/usr/local/bin/git"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/git"
        let wrapper = bin.appendingPathComponent("git").path
        try "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = archive ] && exec sleep 20; done\nexec \(realGit) \"$@\"\n"
            .write(toFile: wrapper, atomically: false, encoding: .utf8)
        chmod(wrapper, 0o755)
        let repo = try PolicyDiffCommandTests.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let process = Process()
        process.executableURL = CommandLine.executable
        process.arguments = ["diff", "HEAD:policies/省.duly", "policies/省.duly", "--data", DiffFixtures.data, "--as-of", "2024-10-10"]
        process.currentDirectoryURL = repo
        process.environment = ["PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                               "TMPDIR": tmp.path, "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/root", "LANG": "en_US.UTF-8"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen: [String] = []
        for _ in 0..<200 {
            seen = ((try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []).filter { $0.hasPrefix("duly-") }
            if !seen.isEmpty { break }
            usleep(50_000)
        }
        #expect(!seen.isEmpty, "the run never made its temporary folder")
        usleep(200_000)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGTERM)
        let left = ((try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? []).filter { $0.hasPrefix("duly-") }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    // MARK: - Lost output

    @Test("output that cannot be written (a full disk) exits 4 and says so", arguments: [
        ["check", "policies"],
        ["due", "--data", "examples/贵州省", "--as-of", "2024-10-08"],
        ["catalog", "policies"],
    ])
    func fullDiskIsAToolFailure(arguments: [String]) throws {
        let process = Process()
        process.executableURL = CommandLine.executable
        process.arguments = arguments
        process.currentDirectoryURL = CommandLine.root
        process.environment = ["LANG": "en_US.UTF-8", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let err = Pipe()
        process.standardError = err
        try process.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 4)
        #expect(e.contains("cannot write the output"), "\(e)")
    }
}
