import DulyData
import DulyKit
import DulyModel
import DulySource
import DulyTime
import Foundation
import Testing

/// Every data issue reads in Chinese as well as in English: broken tables of every kind are read
/// from memory, and each issue they give is checked in both languages.
@Suite("data issues in both languages")
struct DataIssueWordsTests {
    /// The shipped policies with a number and a duration attribute added to 缺课, so that cells
    /// of those types can be wrong too.
    static let program: Program = {
        let folder = NSTemporaryDirectory() + "duly-words-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try FileManager.default.copyItem(atPath: kitRoot + "/policies", toPath: folder)
            let vocabulary = folder + "/控辍保学.duly"
            let text = try String(contentsOfFile: vocabulary, encoding: .utf8)
            let excused = "    有正当理由 \"excused\": 是否\n"
            precondition(text.contains(excused))
            try text.replacingOccurrences(of: excused, with: excused + "    节数 \"periods missed\": 数量\n    请假时长 \"leave\": 时长\n")
                .write(toFile: vocabulary, atomically: true, encoding: .utf8)
        } catch {
            fatalError("cannot copy the policies: \(error)")
        }
        guard let program = PolicyCheck.run(paths: [folder]).program else { fatalError("the policies with two more attributes do not load") }
        return program
    }()

    static let goodEvent = "E0,S1,2024-09-23,,缺课,ZA-SCH-01,,,否,\n"
    static let longText = String(repeating: "X", count: 300)

    /// Broken data sets: each replaces some of the valid tables (organisations, students and one
    /// good event) with the tables given.
    static let cases: [(name: String, tables: [String: [UInt8]])] = [
        ("bad event rows", ["events.csv": Array((eventsHeader + goodEvent
            + "E1,S1,2024-02-30,,缺课,ZA-SCH-01,,,否,\n"
            + "E2,S1,0478-09-23,,缺课,ZA-SCH-01,,,否,\n"
            + "E3,S1,2024-09-23,25:10,缺课,ZA-SCH-01,,,否,\n"
            + "E4,S1,2024-09-23,,旷课,ZA-SCH-01,,,,\n"
            + "E5,S9,2024-09-23,,缺课,ZA-SCH-01,,,否,\n"
            + "E6,S1,2024-09-23,,缺课,ZA-SCH-09,,,否,\n"
            + "E7,S1,2024-09-23,,缺课\n"
            + "E8,,2024-09-23,,缺课,ZA-SCH-01,,,否,\n"
            + "E9,S1,2024-09-23,,缺课,ZA-SCH-01,,,也许,\n"
            + "E10,S1,2024-09-23,,缺课,ZA-SCH-01,,,否,2024-09-23\n"
            + "E11,S1,2024-09-23,,回复,DZ-JYJ,ZA-JYJ,,,\n"
            + "E12,S1,2024-09-23,,回复,DZ-JYJ,ZA-JYJ,E77,,\n"
            + "E13,S1,2024-09-24,,回复,DZ-JYJ,ZA-JYJ,E0,,\n"
            + "E0,S1,2024-09-25,,缺课,ZA-SCH-01,,,否,\n"
            + longText + ",S1,2024-09-23,,缺课,ZA-SCH-01,,,否,\n"
            + "E14,S1,2024-09-23,,回复,DZ-JYJ,ZA-JYJ," + longText + ",,\n").utf8)]),
        ("bad number and duration cells", ["events.csv": Array(("id,subject,date,type,节数,请假时长\n" + "E1,S1,2024-09-23,缺课,2,\n"
            + "E2,S1,2024-09-23,缺课,很多,\n" + "E3,S1,2024-09-23,缺课,,很久\n" + "E4,S1,2024-09-23,缺课," + longText + ",\n").utf8)]),
        ("a repeated and an unknown event column", ["events.csv": Array("id,subject,date,date,type,备注\nE1,S1,2024-09-23,2024-09-23,缺课,病假\n".utf8)]),
        ("no date column", ["events.csv": Array("id,subject,time,type\nE1,S1,,缺课\n".utf8)]),
        ("bad JSON Lines", ["events.jsonl": Array(("{\"id\": \"E1\", \"subject\": \"S1\", \"date\": \"2024-09-23\", \"type\": \"缺课\"}\nnot json\n"
            + "{\"id\": \"E2\", \"subject\": \"S1\", \"date\": \"2024-09-23\", \"type\": \"缺课\", \"有正当理由\": [1]}\n"
            + "{\"id\": \"E3\", \"subject\": \"S1\", \"type\": \"缺课\"}\n").utf8)]),
        ("an unclosed quote", ["events.csv": Array((eventsHeader + goodEvent + "E3,S1,\"2024-09-25,,缺课\n").utf8)]),
        // More than the 64 KB the encoding is told from, so the file is read as UTF-8.
        ("a GBK row in a UTF-8 file", ["events.csv": Array((eventsHeader + (0..<1700).map { "E\($0),S1,2024-09-23,,缺课,ZA-SCH-01,,,否,\n" }.joined()).utf8)
            + gb18030("E9,S1,2024-09-23,,缺课,ZA-SCH-01,,,否,\n")]),
        ("bytes in no encoding", ["events.csv": Array((eventsHeader + goodEvent).utf8) + [0xFF, 0xFF] + Array(",S1,2024-09-23,,缺课,ZA-SCH-01,,,否,\n".utf8)]),
        ("a header only", ["events.csv": Array(eventsHeader.utf8)]),
        ("a workbook under a .csv name", ["events.csv": [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 60)]),
        ("an old workbook under a .csv name", ["events.csv": [0xD0, 0xCF, 0x11, 0xE0] + [UInt8](repeating: 0, count: 60)]),
        ("a binary file under a .csv name", ["events.csv": [0x41, 0x42, 0x00, 0x43] + [UInt8](repeating: 0, count: 60)]),
        ("bad organisation rows", ["organisations.csv": Array((validOrganisations
            + "ZA-JYJ,正安县教育局,县教育局,,贵州省,正安县\n"
            + "X1,凤仪幼儿园,幼儿园,,贵州省,正安县\n"
            + "X2,某县教育局,县教育局,,火星省,火星县\n"
            + "X3,某小学,学校,ZA-ZXX,贵州省,正安县\n"
            + "X4,短\n"
            + "X5,,县教育局,,贵州省,正安县\n").utf8)]),
        ("a repeated and an unknown organisation column", ["organisations.csv": Array(validOrganisations.replacingOccurrences(of: "county\n", with: "county,county,备注\n")
            .replacingOccurrences(of: "县\n", with: "县,,\n").utf8)]),
        ("bad student rows", ["students.csv": Array((validStudents
            + "S1,王小明,ZA-SCH-01,正安县,道真县,否\n"
            + "S3,张亮,ZA-JYJ,正安县,正安县,否\n"
            + "S4,张明,ZA-SCH-01,火星县,正安县,否\n"
            + "S5,李明,ZA-SCH-09,正安县,正安县,否\n"
            + "S6,李亮,ZA-SCH-01,正安县,正安县,也许\n"
            + "S7,李\n").utf8)]),
        ("bad student columns", ["students.csv": Array("学号,姓名,学校,出生日期,备注,姓名\nS1,王小明,ZA-SCH-01,2013-13-01,x,y\nS2,李梅,ZA-SCH-01,2013-01-01,x,y\n".utf8)]),
        ("no student ID column", ["students.csv": Array("姓名,学校\n王小明,ZA-SCH-01\n".utf8)]),
        ("bad coverage rows", ["coverage.csv": Array(("organisation,from,through,备注\n"
            + ",2024-09-01,2024-12-31,x\n,2024-09-01,2024-12-31,x\n"
            + "ZA-JYJ,2024-09-01,2024-12-31,x\nZA-JYJ,2024-09-01,2024-12-31,x\n"
            + "ZA-XX,2024-09-01,2024-12-31,x\n"
            + "DZ-JYJ,2024-13-01,2024-12-31,x\n"
            + "ZA-SCH-01,2024-12-31,2024-09-01,x\n").utf8)]),
        ("no coverage end", ["coverage.csv": Array("organisation,from\nZA-JYJ,2024-09-01\n".utf8)]),
        ("bad school calendar rows", ["school_calendar.csv": Array(("organisation,term,first,last\n"
            + "ZA-SCH-01,秋季学期,2024-09-01,2025-01-15\n"
            + "ZA-SCH-01,补课,2024-10-01,2024-10-10\n"
            + "ZA-SCH-01,暑期,2024-08-20,2024-09-10\n"
            + "ZA-XX,秋季学期,2024-09-01,2025-01-15\n"
            + "ZA-SCH-01,春季学期,2025-03-01,\n").utf8)]),
    ]

    /// Codes no table read from memory can give.
    static let unproducible: Set<DataIssueCode> = [
        // Bytes in memory can always be read; only a file can fail to open.
        .unreadableFile,
        // Kept for a table a data set must have; a missing table stops loading with a
        // CaseDataError instead (checked below).
        .missingFile,
    ]

    /// Every issue of a data set, including those found when a subject's events are grouped
    /// (event IDs and references) and the files that yield no row.
    static func issues(_ tables: [String: [UInt8]]) throws -> [DataIssue] {
        var all = ["organisations.csv": Array(validOrganisations.utf8), "students.csv": Array(validStudents.utf8),
                   "events.csv": Array((eventsHeader + goodEvent).utf8)]
        if tables["events.jsonl"] != nil { all["events.csv"] = nil }
        all.merge(tables) { $1 }
        let set = try CaseDataReader.load(tables: all, program: program)
        let report = Evaluation.run(program: program, calendars: [:], data: set, options: EvaluationOptions(asOf: CivilDate(2024, 10, 1)))
        return Array(Set(report.dataIssues + set.unusableFileIssues)).sorted()
    }

    /// The first run of two English words in `text` outside code spans, if any.
    static func englishRun(in text: String) -> String? {
        let outside = text.replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression)
        guard let r = outside.range(of: "[A-Za-z]{2,}[,;:'()]*\\s+[A-Za-z]{2,}", options: .regularExpression) else { return nil }
        return String(outside[r])
    }

    @Test("every issue of broken tables reads in Chinese, with no English sentence left in it", arguments: cases.map(\.name))
    func chinese(_ name: String) throws {
        let issues = try Self.issues(Self.cases.first { $0.name == name }!.tables)
        #expect(!issues.isEmpty)
        for issue in issues {
            let zh = issue.message(in: .zh), en = issue.message(in: .en)
            #expect(zh != en, "\(issue)")
            #expect(Self.englishRun(in: zh) == nil, "\(zh)")
            #expect(zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(zh)")
            #expect(issue.text(in: .en) == "\(issue.file):\(issue.row):\(issue.column.map { " column \($0):" } ?? "") \(issue.code.rawValue): \(en)")
            #expect(issue.text(in: .zh).hasSuffix(zh))
        }
    }

    @Test("the broken tables give every issue code that tables in memory can give")
    func everyCode() throws {
        var codes: Set<DataIssueCode> = []
        for c in Self.cases { codes.formUnion(try Self.issues(c.tables).map(\.code)) }
        #expect(codes == Set(DataIssueCode.allCases).subtracting(Self.unproducible), "missing: \(Set(DataIssueCode.allCases).subtracting(codes).subtracting(Self.unproducible))")
    }

    @Test("the English words are those the golden tests and docs show")
    func english() throws {
        let bad = try Self.issues(Self.cases[0].tables).map(\.description)
        for expected in [
            "events.csv:3: column date: bad-date: `2024-02-30` is not a real date (YYYY-MM-DD)",
            "events.csv:4: column date: bad-date: `0478-09-23` lies outside the years 1900–2199 that an event may have",
            "events.csv:5: column time: bad-time: `25:10` is not a time of day (HH:MM)",
            "events.csv:9: field-count: 5 cells, the header has 10",
            "events.csv:11: column 有正当理由: bad-flag: `也许` is not 是/否 (yes/no)",
            "events.csv:13: column ref: missing-reference: a `回复` answers a `函告`: give the event it answers in `ref`",
            "events.csv:15: column ref: wrong-reference: a `回复` answers a `函告`, but `E0` is a `缺课`",
            "events.csv:16: column id: duplicate-id: event ID `E0` is already used on row 2",
        ] {
            #expect(bad.contains(expected), "\(expected)")
        }
        let gbk = try Self.issues(Self.cases.first { $0.name == "a GBK row in a UTF-8 file" }!.tables)
        #expect(gbk.map(\.description) == ["events.csv:1702: bad-encoding: the row is not valid UTF-8 (the file is read as UTF-8; was this row pasted from a GBK file?)"])
        #expect(gbk.first?.message(in: .zh) == "该行不是有效的 UTF-8 编码(文件按 UTF-8 读取;这一行是否从 GBK 文件粘贴而来?)")
        let headerOnly = try Self.issues(Self.cases.first { $0.name == "a header only" }!.tables)
        #expect(headerOnly.map { $0.text(in: .zh) } == ["events.csv,no-rows:`events.csv` 没有数据行"])
        #expect(headerOnly.map { $0.text(in: .en) } == ["events.csv:0: no-rows: `events.csv` has no data rows"])
        let coverage = try Self.issues(Self.cases.first { $0.name == "bad coverage rows" }!.tables)
        #expect(coverage.contains { $0.message == "invalid date `2024-13-01`" && $0.message(in: .zh) == "日期 `2024-13-01` 无效" })
        let students = try Self.issues(Self.cases.first { $0.name == "bad student rows" }!.tables)
        #expect(students.contains { $0.message == "student ID `S1` is already used on row 2" && $0.message(in: .zh) == "学生编号 `S1` 已在第 2 行使用" })
        #expect(bad.contains { $0.hasSuffix("unknown-organisation: no organisation `ZA-SCH-09`") })
    }

    @Test("a data set that cannot be read at all says why in both languages")
    func errors() {
        for (tables, en, zh) in [
            (["organisations.csv": Array(validOrganisations.utf8), "events.csv": Array(eventsHeader.utf8)],
             "the data set has no students.csv", "数据集中没有 students.csv"),
            (["students.csv": Array(validStudents.utf8), "events.csv": Array(eventsHeader.utf8)],
             "the data set has no organisations.csv", "数据集中没有 organisations.csv"),
            (["organisations.csv": Array(validOrganisations.utf8), "students.csv": Array(validStudents.utf8)],
             "the data set has no events.csv or events.jsonl", "数据集中没有 events.csv 或 events.jsonl"),
        ] {
            do {
                _ = try CaseDataReader.load(tables: tables, program: Self.program)
                Issue.record("expected an error")
            } catch {
                #expect(error.message == en)
                #expect(error.message(in: .zh) == zh)
            }
        }
        do {
            _ = try CaseDataReader.load("/nonexistent/duly-data", program: Self.program)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "`/nonexistent/duly-data` is not a folder of case data")
            #expect(error.message(in: .zh) == "`/nonexistent/duly-data` 不是案例数据文件夹")
        }
    }

    @Test("both case-data docs list every issue code", arguments: ["docs/case-data.md", "docs/case-data.zh.md"])
    func documented(_ path: String) throws {
        let text = try String(contentsOfFile: kitRoot + "/" + path, encoding: .utf8)
        for code in DataIssueCode.allCases { #expect(text.contains("`\(code.rawValue)`"), "\(path) does not list `\(code.rawValue)`") }
    }

    @Test("duly due warns of a bad date in Chinese under a Chinese LANG")
    func commandLine() throws {
        let folder = try writeDataFolder(students: validStudents, events: eventsHeader + Self.goodEvent + "E1,S1,2024-02-30,,缺课,ZA-SCH-01,,,否,\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let zh = try CommandLine.run(["due", "--data", folder, "--as-of", "2024-10-12"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.err.contains("警告:events.csv 第 3 行,列 date,bad-date:`2024-02-30` 不是有效日期(格式为 YYYY-MM-DD)"), "\(zh.err)")
        #expect(!zh.err.contains("is not a real date"), "\(zh.err)")
        let en = try CommandLine.run(["due", "--data", folder, "--as-of", "2024-10-12"])
        #expect(en.err.contains("warning: events.csv:3: column date: bad-date: `2024-02-30` is not a real date (YYYY-MM-DD)"), "\(en.err)")
        let missing = try CommandLine.run(["due", "--data", folder + "-absent", "--as-of", "2024-10-12"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(missing.err.contains("错误:`\(folder)-absent` 不是案例数据文件夹"), "\(missing.err)")
    }
}
