import Foundation
import Testing
import DulyKit
import DulySource
import DulyTestSupport

/// Bad files on disk: each gives a diagnostic naming the file, never a crash or a silent pass.
@Suite("robust input")
struct RobustInputTests {
    func write(_ bytes: [UInt8], name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duly-robust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func codes(_ path: String) -> [String] {
        PolicyCheck.run(paths: [path]).diagnostics.map(\.code.id)
    }

    @Test("an empty file is an error, not a pass")
    func empty() throws {
        let path = try write([], name: "empty.duly")
        defer { TestSupport.removeTemporary(path) }
        #expect(codes(path) == ["D0003"])
    }

    @Test("a file of only comments and blank lines is an error too")
    func onlyComments() throws {
        let path = try write(Array("# 注释\n\n// comment\n".utf8), name: "comments.duly")
        defer { TestSupport.removeTemporary(path) }
        #expect(codes(path) == ["D0003"])
    }

    @Test("a binary file is refused with the offset of its first NUL byte")
    func binary() throws {
        let path = try write([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0xFF], name: "binary.duly")
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyCheck.run(paths: [path])
        #expect(report.diagnostics.map(\.code.id) == ["D0004"])
        #expect(report.diagnostics.first?.message.en == "file contains a NUL byte at offset 6: it is binary, not a policy")
    }

    @Test("invalid UTF-8 is refused with the line of the bad byte")
    func invalidUTF8() throws {
        let bytes = Array("政策 测试县 {\n  代码 \"".utf8) + [0xC3, 0x28] + Array("\"\n}\n".utf8)
        let path = try write(bytes, name: "latin.duly")
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyCheck.run(paths: [path])
        #expect(report.diagnostics.map(\.code.id) == ["D0002"])
        #expect(report.diagnostics.first?.message.en.contains("(line 2)") == true)
    }

    @Test("GBK text saved by mistake is reported as not UTF-8")
    func gbk() throws {
        // 规则 in GBK: B9 E6 D4 F2
        let path = try write([0xB9, 0xE6, 0xD4, 0xF2, 0x0A], name: "gbk.duly")
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyCheck.run(paths: [path])
        #expect(report.diagnostics.map(\.code.id) == ["D0002"])
    }

    @Test("a UTF-8 byte-order mark is accepted")
    func bom() throws {
        let path = try write([0xEF, 0xBB, 0xBF] + Array("政策 测试县 {\n  代码 \"1\"\n}\n".utf8), name: "bom.duly")
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyCheck.run(paths: [path])
        #expect(!report.diagnostics.contains { $0.code.id == "D0101" || $0.code.id == "D0002" })
    }

    @Test("a file over the size limit is refused before it is parsed")
    func huge() throws {
        let line = Array("# 这是一行很长的注释,用来把文件撑大。\n".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(PolicyLoading.maximumFileSize + line.count)
        while bytes.count <= PolicyLoading.maximumFileSize { bytes += line }
        let path = try write(bytes, name: "huge.duly")
        defer { TestSupport.removeTemporary(path) }
        #expect(codes(path) == ["D0005"])
    }

    @Test("a long file just under the limit parses in reasonable time and reports each bad line")
    func longFile() throws {
        var text = "政策 测试县 {\n  代码 \"1\"\n}\n"
        for i in 0..<5_000 { text += "规章 r\(i) {\n}\n" }
        let path = try write(Array(text.utf8), name: "long.duly")
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyCheck.run(paths: [path])
        #expect(report.diagnostics.filter { $0.code.id == "D0110" }.count == 5_000)
    }

    @Test("deeply nested blocks stop at the nesting limit with one diagnostic")
    func deepBlocks() throws {
        var text = "升级 x {\n"
        for _ in 0..<200 { text += "第 1 天 {\n" }
        for _ in 0..<201 { text += "}\n" }
        let path = try write(Array(text.utf8), name: "deep.duly")
        defer { TestSupport.removeTemporary(path) }
        let report = PolicyCheck.run(paths: [path])
        #expect(report.diagnostics.filter { $0.code.id == "D0109" }.count == 1)
    }

    @Test("a path that does not exist is named")
    func missingPath() {
        let report = PolicyCheck.run(paths: ["/nonexistent/政策.duly"])
        #expect(report.diagnostics.map(\.code.id) == ["D0001"])
        #expect(report.diagnostics.first?.path == "/nonexistent/政策.duly")
    }
}
