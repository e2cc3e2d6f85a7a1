import Foundation
import Testing

/// A clerk types the student's name: `explain` finds the student by it, and lists the
/// candidates when several share it.
@Suite("explain by name")
struct ExplainByNameTests {
    @Test("a unique name explains the same subject as its ID")
    func uniqueName() throws {
        let args = ["--data", "examples/贵州省", "--as-of", "2024-10-12", "--format", "json"]
        let byID = try CommandLine.run(["explain", "GZ-S04"] + args)
        let byName = try CommandLine.run(["explain", "陈芳"] + args)
        #expect(byID.status == 0 && byName.status == 0, "\(byName.err)")
        #expect(byName.out == byID.out)
    }

    @Test("a shared name lists every candidate with ID and school and exits 2; an unknown one says so in Chinese")
    func sharedName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("duly-explain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: CommandLine.root.appendingPathComponent("examples/贵州省"), to: folder)
        let students = folder.appendingPathComponent("students.csv")
        var text = try String(contentsOf: students, encoding: .utf8)
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("GZ-S04,") })
        text += (text.hasSuffix("\n") ? "" : "\n") + row.replacingOccurrences(of: "GZ-S04,", with: "GZ-S99,") + "\n"
        try text.write(to: students, atomically: true, encoding: .utf8)
        let r = try CommandLine.run(["explain", "陈芳", "--data", folder.path, "--as-of", "2024-10-12"])
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("2 subjects are named `陈芳`"), "\(r.err)")
        #expect(r.err.contains("GZ-S04  陈芳") && r.err.contains("GZ-S99  陈芳"), "\(r.err)")
        let none = try CommandLine.run(["explain", "陈芳芳", "--data", folder.path, "--as-of", "2024-10-12", "--lang", "zh"])
        #expect(none.status == 2)
        #expect(none.err.contains("没有编号或名称为 `陈芳芳` 的学生或组织"), "\(none.err)")
    }
}
