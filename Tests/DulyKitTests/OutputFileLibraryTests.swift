import DulyKit
import Foundation
import Testing

@Suite("writing a report to a file")
struct OutputFileLibraryTests {
    func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "duly-outputfile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try "id\n".write(toFile: dir + "/data/students.csv", atomically: true, encoding: .utf8)
        return dir
    }

    func refusal(_ body: () throws(OutputFileError) -> Void) -> String? {
        do { try body(); return nil } catch {
            guard case .refused(let text) = error else { return "not a refusal: \(error)" }
            return text.en
        }
    }

    @Test("a report is written whole; an existing file is replaced only with force, and an input never")
    func refusalsAndWrites() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/due.csv"
        try OutputFile(out, force: false, inputs: [dir + "/data"]).write(Array("a,b\n".utf8))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "a,b\n")
        #expect(refusal { () throws(OutputFileError) in _ = try OutputFile(out, force: false, inputs: []) }?.contains("exists") == true)
        try OutputFile(out, force: true, inputs: []).write(Array("c\n".utf8))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "c\n")
        // Inputs: the file itself, a file inside an input folder (new or not), a folder.
        #expect(refusal { () throws(OutputFileError) in _ = try OutputFile(dir + "/data/students.csv", force: true, inputs: [dir + "/data"]) } != nil)
        #expect(refusal { () throws(OutputFileError) in _ = try OutputFile(dir + "/data/new.csv", force: true, inputs: [dir + "/data"]) }?.contains("inside") == true)
        #expect(refusal { () throws(OutputFileError) in _ = try OutputFile(dir + "/data", force: true, inputs: []) }?.contains("folder") == true)
        #expect(refusal { () throws(OutputFileError) in _ = try OutputFile(dir + "/nowhere/x.csv", force: true, inputs: []) }?.contains("does not exist") == true)
        #expect(try String(contentsOfFile: dir + "/data/students.csv", encoding: .utf8) == "id\n")
        // No temporary file is left beside the report.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["data", "due.csv"])
    }
}
