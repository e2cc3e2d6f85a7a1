import DulyCSV
import DulyData
import DulyKit
import DulyModel
import DulyTime
import Foundation
import Testing

/// Tables given in memory (as policy tests give them) go through the very reader files do.
@Suite("case data in memory")
struct InMemoryTablesTests {
    static let good = eventsHeader + "E1,S1,2024-09-23,,缺课,ZA-SCH-01,,,否,\nE2,S2,2024/9/24,8:05,缺课,ZA-SCH-01,,,是,\n"

    /// Events tables, each with the file name it is given under.
    static let events: [(label: String, name: String, bytes: [UInt8])] = [
        ("good rows", "events.csv", Array(good.utf8)),
        ("bad rows", "events.csv", Array((eventsHeader + "E1,S1,2024-02-30,,缺课,ZA-SCH-01,,,否,\nE2,S9,2024-09-23,,缺课,ZA-SCH-01,,,否,\nE3,S1,2024-09-23,25:10,缺课,ZA-SCH-01,,,否,\n").utf8)),
        ("GB18030", "events.csv", gb18030(good)),
        ("byte order mark", "events.csv", [0xEF, 0xBB, 0xBF] + Array(good.utf8)),
        ("CR line ends", "events.csv", Array(good.replacingOccurrences(of: "\n", with: "\r").utf8)),
        ("unterminated quote", "events.csv", Array((good + "E3,S1,\"2024-09-25,,缺课\n").utf8)),
        ("JSON Lines", "events.jsonl", Array("{\"id\": \"E1\", \"subject\": \"S1\", \"date\": \"2024-09-23\", \"type\": \"缺课\"}\nnot json\n".utf8)),
        ("header only", "events.csv", Array(eventsHeader.utf8)),
        ("a workbook under a .csv name", "events.csv", [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 60)),
    ]

    @Test("tables in memory read exactly as the same files: the issues name the file, row and column",
          arguments: events.indices)
    func sameAsFiles(_ k: Int) throws {
        let (_, name, bytes) = Self.events[k]
        let files = try read(events: "", eventsName: name, eventBytes: bytes)
        let memory = try CaseDataReader.load(tables: ["organisations.csv": Array(validOrganisations.utf8),
                                                      "students.csv": Array(validStudents.utf8), name: bytes], program: kitProgram)
        #expect(memory.issues.map(\.description) == files.issues)
        #expect(memory.skippedRows == files.skipped)
        #expect(memory.unusableFileIssues == files.set.unusableFileIssues)
        #expect(memory.studentCount == files.set.studentCount)
        #expect(memory.eventCount == files.set.eventCount)
    }

    @Test("a table missing from memory is named as it is for a folder")
    func missingTable() {
        do {
            _ = try CaseDataReader.load(tables: ["organisations.csv": Array(validOrganisations.utf8), "events.csv": Array(Self.good.utf8)],
                                        program: kitProgram)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "the data set has no students.csv")
        }
    }

    @Test("large tables in memory are read in two halves and spilled like files, with the same results")
    func halvesAndSpill() throws {
        var text = eventsHeader
        for i in 0..<400 { text += "E\(i),S\(i % 2 + 1),2024-09-\(10 + i % 18),,缺课,ZA-SCH-01,,,否,\n" }
        text += "E9999,S9,2024-09-23,,缺课,ZA-SCH-01,,,否,\n"
        let tables = ["organisations.csv": Array(validOrganisations.utf8), "students.csv": Array(validStudents.utf8), "events.csv": Array(text.utf8)]
        let plain = try CaseDataReader.load(tables: tables, program: kitProgram, spill: .never)
        let split = try CaseDataReader.load(tables: tables, program: kitProgram, parallelThreshold: 1,
                                            spill: SpillPolicy(threshold: 0, partitionBytes: 4096))
        #expect(split.spillFolder != nil)
        #expect(split.issues == plain.issues)
        #expect(split.issues.map(\.description) == ["events.csv:402: column subject: unknown-subject: no student or organisation `S9`"])
        #expect(split.eventCount == plain.eventCount)
        let asOf = CivilDate(year: 2024, month: 10, day: 8)!
        let options = EvaluationOptions(asOf: asOf, keepDue: { _ in true }, keepFinding: { _ in true }, threads: 2)
        let a = Evaluation.run(program: kitProgram, calendars: [:], data: plain, options: options)
        let b = Evaluation.run(program: kitProgram, calendars: [:], data: split, options: options)
        #expect(a.dueActions == b.dueActions)
        #expect(a.findings == b.findings)
    }

    @Test("organisations' own events are spilled in ranges of their own, not all after the last students, and judged the same")
    func organisationRanges() throws {
        var text = eventsHeader
        for i in 0..<300 { text += "E\(i),S\(i % 2 + 1),2024-09-\(10 + i % 18),,缺课,ZA-SCH-01,,,否,\n" }
        let organisations = ["ZA-SCH-01", "ZA-JYJ", "DZ-JYJ"]
        for i in 0..<300 { text += "O\(i),\(organisations[i % 3]),2024-09-\(10 + i % 18),10:00,检查学校,ZA-JYJ,,,,\n" }
        let tables = ["organisations.csv": Array(validOrganisations.utf8), "students.csv": Array(validStudents.utf8), "events.csv": Array(text.utf8)]
        let plain = try CaseDataReader.load(tables: tables, program: kitProgram, spill: .never)
        let split = try CaseDataReader.load(tables: tables, program: kitProgram, parallelThreshold: 1,
                                            spill: SpillPolicy(threshold: 0, partitionBytes: 4096))
        let bounds = try #require(split.spill?.bounds)
        // Students 0..<2, organisations 2..<5: the organisations are cut into more than one range.
        #expect(bounds.last == 5)
        #expect(Set(bounds.filter { (2..<5).contains($0) }).count >= 2)
        #expect(split.issues == plain.issues && split.eventCount == plain.eventCount)
        let options = EvaluationOptions(asOf: CivilDate(year: 2024, month: 10, day: 8)!, keepDue: { _ in true }, keepFinding: { _ in true }, threads: 2)
        let a = Evaluation.run(program: kitProgram, calendars: [:], data: plain, options: options)
        let b = Evaluation.run(program: kitProgram, calendars: [:], data: split, options: options)
        #expect(a.dueActions == b.dueActions)
        #expect(a.findings == b.findings)
        #expect(a.problems == b.problems)
    }

    @Test("a character cut by the end of a read window is not a bad row: the window is checked as UTF-8 whole, then again from that row")
    func characterAcrossWindows() throws {
        func row(_ id: String, _ i: Int) -> String { "\(id),S\(i % 2 + 1),2024-09-\(10 + i % 18),,缺课,ZA-SCH-01,,,否,\n" }
        let boundary = ChunkReader.chunkSize
        var text = eventsHeader
        var i = 0
        while text.utf8.count < boundary - 100 { text += row("E\(i)", i); i += 1 }
        // One row's ID is padded so that the first window ends one byte into its 缺 (three bytes).
        let beforeType = row("", i).utf8.count - "缺课,ZA-SCH-01,,,否,\n".utf8.count
        let length = boundary - 1 - text.utf8.count - beforeType
        let id = "EP" + String(repeating: "0", count: length - 2 - "\(i)".count) + "\(i)"
        text += row(id, i)
        i += 1
        #expect(Array(text.utf8)[boundary - 1] == Array("缺".utf8)[0])
        for k in 0..<1000 { text += row("F\(k)", k) }
        let tables = ["organisations.csv": Array(validOrganisations.utf8), "students.csv": Array(validStudents.utf8)]
        let set = try CaseDataReader.load(tables: tables.merging(["events.csv": Array(text.utf8)]) { a, _ in a }, program: kitProgram,
                                          parallelThreshold: .max, spill: .never)
        #expect(set.issues.isEmpty)
        #expect(set.eventCount == i + 1000)
        // One bad byte in a row of that window, past the first 64 KB the encoding is chosen from:
        // that row alone is reported.
        var bad = Array(text.utf8)
        let rowStart = bad[70_000...].firstIndex(of: UInt8(ascii: "\n"))! + 1
        bad[rowStart + 1] = 0xFF
        let withBad = try CaseDataReader.load(tables: tables.merging(["events.csv": bad]) { a, _ in a }, program: kitProgram,
                                              parallelThreshold: .max, spill: .never)
        #expect(withBad.issues.map(\.code) == [.badEncoding])
        #expect(withBad.issues.first?.row == text.utf8.prefix(rowStart).filter { $0 == UInt8(ascii: "\n") }.count + 1)
        #expect(withBad.eventCount == i + 999)
    }
}
