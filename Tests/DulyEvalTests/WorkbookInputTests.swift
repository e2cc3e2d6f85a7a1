import DulyData
import DulyKit
import DulySheets
import DulyTime
import Foundation
import Testing

/// The rows of a small CSV file (quotes allowed), header first.
func csvRows(_ path: String) throws -> [[String]] {
    var text = try String(contentsOfFile: path, encoding: .utf8)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
    var it = Array(text).makeIterator()
    var pending: Character? = nil
    while let c = pending ?? it.next() {
        pending = nil
        if quoted {
            if c == "\"" {
                if let n = it.next() { if n == "\"" { field.append("\"") } else { quoted = false; pending = n } } else { quoted = false }
            } else { field.append(c) }
        } else if c == "\"" { quoted = true }
        else if c == "," { row.append(field); field = "" }
        else if c == "\n" || c == "\r\n" { row.append(field); rows.append(row); row = []; field = "" }
        else if c != "\r" { field.append(c) }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

/// A sheet of typed cells from a CSV file: `YYYY-MM-DD` as date cells, the rest as text.
func sheet(fromCSV path: String, name: String) throws -> OutputSheet {
    let rows = try csvRows(path)
    let body: [[OutputCell]] = rows.dropFirst().map { row in
        row.map { v -> OutputCell in
            if v.isEmpty { return .empty }
            if v.count == 10, let d = CivilDate(v) { return .date(d) }
            return .text(v)
        }
    }
    return OutputSheet(name: name, header: rows.first ?? [], rows: body)
}

/// A new folder with `files` (name → bytes).
func workbookFolder(_ files: [String: Data]) throws -> String {
    let dir = NSTemporaryDirectory() + "duly-xlsx-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, data) in files { try data.write(to: URL(fileURLWithPath: dir + "/" + name)) }
    return dir
}

func csvTables(_ folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted()
}

@Suite("Excel workbooks as case data")
struct WorkbookInputTests {
    @Test("one workbook with a sheet per table gives the same due and findings JSON as the CSV files", arguments: examples.map(\.name))
    func oneWorkbook(_ name: String) throws {
        let asOf = examples.first { $0.name == name }!.asOf
        let folder = repositoryRoot + "/examples/" + name
        let sheets = try csvTables(folder).map { try sheet(fromCSV: folder + "/" + $0, name: String($0.dropLast(4))) }
        let copy = try workbookFolder(["案例数据.xlsx": try WorkbookWriter.data(sheets)])
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let original = try outputs(data: folder, asOf: asOf)
        let again = try outputs(data: copy, asOf: asOf)
        #expect(again.report.dataIssues.isEmpty, "\(again.report.dataIssues)")
        #expect(again.due == original.due)
        #expect(again.findings == original.findings)
    }

    @Test("one workbook per table gives the same due and findings JSON as the CSV files", arguments: examples.map(\.name))
    func workbookPerTable(_ name: String) throws {
        let asOf = examples.first { $0.name == name }!.asOf
        let folder = repositoryRoot + "/examples/" + name
        var files: [String: Data] = [:]
        for file in try csvTables(folder) {
            files[String(file.dropLast(4)) + ".xlsx"] = try WorkbookWriter.data([try sheet(fromCSV: folder + "/" + file, name: "Sheet1")])
        }
        let copy = try workbookFolder(files)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let original = try outputs(data: folder, asOf: asOf)
        let again = try outputs(data: copy, asOf: asOf)
        #expect(again.due == original.due)
        #expect(again.findings == original.findings)
    }

    @Test("a workbook saved by a spreadsheet library (openpyxl) reads like its CSV files")
    func openpyxlFixture() throws {
        let fixture = repositoryRoot + "/Tests/DulyKitTests/Fixtures/xlsx/通江县"
        let asOf = examples.first { $0.name == "通江县" }!.asOf
        let original = try outputs(data: repositoryRoot + "/examples/通江县", asOf: asOf)
        let again = try outputs(data: fixture, asOf: asOf)
        #expect(again.report.dataIssues.isEmpty, "\(again.report.dataIssues)")
        #expect(again.due == original.due)
        #expect(again.findings == original.findings)
    }

    @Test("the same table as CSV and as a workbook is an error, not a silent choice")
    func ambiguous() throws {
        let folder = repositoryRoot + "/examples/通江县"
        var files: [String: Data] = [:]
        for file in try csvTables(folder) { files[file] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file)) }
        files["events.xlsx"] = try WorkbookWriter.data([try sheet(fromCSV: folder + "/events.csv", name: "events")])
        let copy = try workbookFolder(files)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        do {
            _ = try CaseDataReader.load(copy, program: shippedPolicy.program)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("`events.csv`, `events.xlsx [events]`"), "\(error.message)")
            #expect(error.message.contains("事件表给出了不止一份"), "\(error.message)")
        }
    }

    @Test("a bad cell is named by workbook, sheet, row and column letter")
    func badCell() throws {
        let folder = repositoryRoot + "/examples/通江县"
        var sheets = try csvTables(folder).map { try sheet(fromCSV: folder + "/" + $0, name: String($0.dropLast(4))) }
        let events = try #require(sheets.firstIndex { $0.name == "events" })
        let dateColumn = try #require(sheets[events].header.firstIndex(of: "date"))
        sheets[events].rows[5][dateColumn] = .text("2024-02-30") // sheet row 7
        let copy = try workbookFolder(["案例数据.xlsx": try WorkbookWriter.data(sheets)])
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let set = try CaseDataReader.load(copy, program: shippedPolicy.program)
        let issue = try #require(set.issues.first { $0.code == .badDate }, "\(set.issues)")
        #expect(issue.file == "案例数据.xlsx [events]")
        #expect(issue.row == 7)
        #expect(issue.column == "\(columnLetters(dateColumn + 1)) (date)")
    }

    @Test("a string cell that starts with = stays a string, never a formula")
    func noFormula() throws {
        let data = try WorkbookWriter.data([OutputSheet(name: "s", header: ["a"], rows: [[.text("=1+1")], [.number(3)], [.date(CivilDate(2024, 10, 8))]])])
        let copy = try workbookFolder(["t.xlsx": data])
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let s = try #require(try WorkbookReader.read(path: copy + "/t.xlsx").first)
        #expect(s.rows.map(\.cells) == [[.text("a")], [.text("=1+1")], [.number(3)], [.dateTime(45573)]])
        #expect(SerialDate.serial(CivilDate(2024, 10, 8)) == 45573)
        // Serials on both sides of Lotus's 29 February 1900, and the ends a workbook shows as dates.
        #expect(SerialDate.civil(serial: 60) == CivilDate(1900, 2, 28))
        #expect(SerialDate.civil(serial: 61) == CivilDate(1900, 3, 1))
        #expect(SerialDate.civil(serial: 1) == CivilDate(1899, 12, 31))
        #expect(SerialDate.civil(serial: 2_958_465) == CivilDate(9999, 12, 31))
        #expect(SerialDate.civil(serial: 2_958_466) == nil && SerialDate.civil(serial: 0) == nil)
    }
}

@Suite("workbooks in Chinese")
struct ChineseWorkbookTests {
    @Test("under --lang zh the findings workbook's sheets, headers, kinds and messages are in Chinese; dates stay date cells")
    func chineseFindings() throws {
        let (_, _, report) = try outputs(data: repositoryRoot + "/examples/贵州省", asOf: CivilDate(2024, 10, 12))
        let data = try Reports.findingsWorkbook(report, report.findings, language: .zh)
        let path = NSTemporaryDirectory() + "duly-zh-\(UUID().uuidString).xlsx"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try data.write(to: URL(fileURLWithPath: path))
        let sheets = try WorkbookReader.read(path: path)
        #expect(sheets.map(\.name) == ["问题", "统计"])
        let rows = try #require(sheets.first?.rows)
        #expect(rows[0].cells.prefix(3) == [.text("日期"), .text("类型"), .text("严重程度")])
        let kinds = Set(rows.dropFirst().map { $0.cells[1] })
        #expect(kinds.isSubset(of: [.text("逾期办理"), .text("未办"), .text("违禁"), .text("缺少前提"), .text("顺序错误")]), "\(kinds)")
        if case .dateTime = rows[1].cells[0] {} else { Issue.record("the date is not a date cell: \(rows[1].cells[0])") }
        for row in rows.dropFirst() {
            guard case .text(let message) = row.cells[14] else { Issue.record("no message"); continue }
            #expect(!message.contains(" due ") && !message.contains("without"), "\(message)")
        }
    }
}
