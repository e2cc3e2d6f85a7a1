import DulyKit
import Foundation
import Testing

/// `duly diff` as a user runs it: exit statuses, and `REV:PATH` read from a temporary git
/// repository made here, never from the package's own.
@Suite("duly diff on the command line", .serialized)
struct PolicyDiffCommandTests {
    static let reply = "reply-limit-5-to-3"

    /// Runs the built `duly` in `directory`.
    static func duly(_ arguments: [String], in directory: URL) throws -> (status: Int32, out: String, err: String) {
        try CommandLine.run(arguments, in: directory)
    }

    @discardableResult
    static func git(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Duly Tests", "-c", "user.email=tests@duly.invalid", "-c", "commit.gpgsign=false", "-c", "core.quotePath=false"] + arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")) failed")
        return String(decoding: o, as: UTF8.self)
    }

    /// A repository whose `policies/` is the base tree in one commit; the working tree then
    /// holds the 3-working-day reply limit, uncommitted.
    static func repository() throws -> URL {
        let repo = try DiffFixtures.temporaryFolder("repo")
        try DiffFixtures.tree(at: repo.appendingPathComponent("policies"), overlay: nil)
        try git(["init", "-q"], in: repo)
        try git(["add", "."], in: repo)
        try git(["commit", "-q", "-m", "base"], in: repo)
        let changed = DiffFixtures.folder.appendingPathComponent("cases/\(reply)/new/省.duly")
        let target = repo.appendingPathComponent("policies/省.duly")
        try FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: changed, to: target)
        return repo
    }

    /// The expected text output of a case with the `old:`/`new:` lines as given.
    static func expected(_ name: String, old: String, new: String) throws -> String {
        let text = try String(contentsOf: DiffFixtures.folder.appendingPathComponent("cases/\(name)/expected.txt"), encoding: .utf8)
        let rest = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)[2]
        return "old: \(old)\nnew: \(new)\n" + rest
    }

    static func leftovers() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? []
        // `duly-<pid>-diff-XXXXXX`: a checked-out revision's private folder.
        return Set(names.filter { name in
            let parts = name.split(separator: "-")
            return parts.count >= 4 && parts[0] == "duly" && Int(parts[1]) != nil && parts[2] == "diff"
        })
    }

    @Test("REV:PATH evaluates the committed tree against the working file and leaves the working tree alone")
    func revisionAgainstWorkingFile() throws {
        let repo = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let before = Self.leftovers()
        let r = try Self.duly(["diff", "HEAD:policies/省.duly", "policies/省.duly", "--data", DiffFixtures.data, "--as-of", "2024-10-10"], in: repo)
        #expect(r.status == 5, "\(r.err)")
        #expect(r.out == (try Self.expected(Self.reply, old: "HEAD:policies/省.duly", new: "policies/省.duly")))
        #expect(try Self.git(["status", "--porcelain"], in: repo) == " M policies/省.duly\n")
        #expect(Self.leftovers() == before, "the temporary tree must be removed")
    }

    @Test("both sides may be revisions, ./PATH starts from the working directory, and calendars come from the commit")
    func twoRevisions() throws {
        let repo = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try Self.git(["commit", "-q", "-a", "-m", "reply limit 3 working days"], in: repo)
        // Without calendars in the working tree, only the commits' calendars can count the days.
        try FileManager.default.removeItem(at: repo.appendingPathComponent("policies/calendars"))
        let report = try PolicyDiff.run(old: PolicyVersion.parse("HEAD~1:./省.duly", workingDirectory: repo.appendingPathComponent("policies").path),
                                        new: PolicyVersion.parse("HEAD:./省.duly", workingDirectory: repo.appendingPathComponent("policies").path),
                                        data: DiffFixtures.data, options: PolicyDiffOptions(asOf: .init(2024, 10, 10)),
                                        workingDirectory: repo.appendingPathComponent("policies").path)
        #expect(report.changes.moved.map { "\($0.old.due!) → \($0.new.due!)" } == [
            "2024-09-18 → 2024-09-13", "2024-10-10 → 2024-10-08", "2024-10-11 → 2024-10-09",
            "2024-10-14 → 2024-10-11", "2024-10-15 → 2024-10-12",
        ])
        let r = try Self.duly(["diff", "HEAD~1:policies", "HEAD:policies", "--data", DiffFixtures.data, "--as-of", "2024-10-10"], in: repo)
        #expect(r.status == 5, "\(r.err)")
        #expect(r.out == (try Self.expected(Self.reply, old: "HEAD~1:policies", new: "HEAD:policies")))
    }

    @Test("an unknown revision, a path missing at a revision, or a missing path is bad usage (exit 2)")
    func usage() throws {
        let repo = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let data = ["--data", DiffFixtures.data, "--as-of", "2024-10-10"]
        let unknown = try Self.duly(["diff", "no-such-rev:policies/省.duly", "policies/省.duly"] + data, in: repo)
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("unknown revision `no-such-rev`"))
        let missing = try Self.duly(["diff", "HEAD:policies/某县.duly", "policies/省.duly"] + data, in: repo)
        #expect(missing.status == 2)
        #expect(missing.err.contains("does not exist at revision `HEAD`"))
        let noPath = try Self.duly(["diff", "policies/nowhere", "policies/省.duly"] + data, in: repo)
        #expect(noPath.status == 2)
        #expect(noPath.err.contains("no policy at `policies/nowhere`"))
        let both = try Self.duly(["diff", "policies", "policies", "--data", DiffFixtures.data, "--as-of", "2024-10-10", "--from", "2024-10-01"], in: repo)
        #expect(both.status == 2)
        #expect(throws: PolicyDiffError.self) {
            try PolicyDiff.run(old: PolicyVersion(.revision("HEAD", path: "policies")), new: PolicyVersion(.path("policies")),
                               data: DiffFixtures.data, options: PolicyDiffOptions(asOf: .init(2024, 10, 10)),
                               workingDirectory: FileManager.default.temporaryDirectory.path)
        }
    }

    @Test("no change exits 0 with an empty report; a change exits 5")
    func exitStatuses() throws {
        for (name, status) in [("no-change", Int32(0)), (Self.reply, Int32(5))] {
            let dir = try DiffFixtures.prepare(name)
            defer { try? FileManager.default.removeItem(at: dir) }
            let r = try Self.duly(["diff", "old", "new", "--data", DiffFixtures.data, "--as-of", "2024-10-10"], in: dir)
            #expect(r.status == status, "\(name): \(r.err)")
            #expect(r.out == (try Self.expected(name, old: "old", new: "new")))
        }
    }

    @Test("a new version with a policy error exits 1, not 5: a broken policy is not a change")
    func policyErrors() throws {
        let dir = try DiffFixtures.prepare("no-change")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("new/省.duly")
        let text = try String(contentsOf: file, encoding: .utf8)
        try (text + "\n规则 坏规则 {\n  依据 P-1\n  当 函告\n  班主人 须 回复 3个工作日内\n}\n").write(to: file, atomically: true, encoding: .utf8)
        let r = try Self.duly(["diff", "old", "new", "--data", DiffFixtures.data, "--as-of", "2024-10-10"], in: dir)
        #expect(r.status == 1, "\(r.err)")
        #expect(r.err.contains("班主人"), "\(r.err)")
    }

    @Test("a deadline in a year without holiday data exits 3")
    func missingCalendarData() throws {
        let dir = try DiffFixtures.prepare(Self.reply)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data")
        try FileManager.default.copyItem(atPath: DiffFixtures.data, toPath: data.path)
        let events = data.appendingPathComponent("events.csv")
        let text = try String(contentsOf: events, encoding: .utf8) + "E99,S01,2035-03-01,,函告,ZA-JYJ,DZ-JYJ,,2035-03-01,DZ-JYJ\n"
        try text.write(to: events, atomically: true, encoding: .utf8)
        let r = try Self.duly(["diff", "old", "new", "--data", "data", "--as-of", "2035-03-20"], in: dir)
        #expect(r.status == 3)
        #expect(r.err.contains("no holiday data for 2035"))
    }
}
