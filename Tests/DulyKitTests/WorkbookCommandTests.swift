import DulyKit
import DulyTestSupport
import Foundation
import Testing

/// Runs `duly` with standard output sent to `file` (binary output stays intact).
func runDuly(_ arguments: [String], stdoutTo file: String) throws -> (status: Int32, err: String) {
    FileManager.default.createFile(atPath: file, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
    defer { try? handle.close() }
    let process = Process()
    process.executableURL = CommandLine.executable
    process.arguments = arguments
    process.currentDirectoryURL = CommandLine.root
    var environment = ["LANG": "en_US.UTF-8"]
    for key in ["PATH", "TMPDIR", "HOME"] { environment[key] = ProcessInfo.processInfo.environment[key] }
    process.environment = environment
    let err = Pipe()
    process.standardOutput = handle
    process.standardError = err
    try process.run()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: e, as: UTF8.self))
}

/// Whether Python's openpyxl can be imported here.
let hasOpenpyxl: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import openpyxl"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}()

@Suite("Excel on the command line")
struct WorkbookCommandTests {
    @Test("due and findings --format xlsx open in openpyxl with the header, a date cell and the frozen pane",
          .enabled(if: hasOpenpyxl, "openpyxl is not installed (python3 -m pip install openpyxl==3.1.5); .ci/run installs it"))
    func readBack() throws {
        let dir = NSTemporaryDirectory() + "duly-xlsx-out-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let due = dir + "/due.xlsx", findings = dir + "/findings.xlsx"
        let d = try runDuly(["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--format", "xlsx"], stdoutTo: due)
        #expect(d.status == 0, "\(d.err)")
        let f = try runDuly(["findings", "--data", "examples/通江县", "--as-of", "2024-10-18", "--format", "xlsx", "--lang", "zh"], stdoutTo: findings)
        #expect(f.status == 1, "findings exit 1 when there are findings: \(f.err)")
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", """
            import datetime, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active
            assert ws.title == "due", ws.title
            assert [c.value for c in ws[1]][:3] == ["due", "due_time", "days_left"], [c.value for c in ws[1]]
            assert isinstance(ws["A2"].value, datetime.datetime), repr(ws["A2"].value)
            assert ws["A2"].is_date, ws["A2"].number_format
            assert isinstance(ws["C2"].value, int), repr(ws["C2"].value)
            assert ws.freeze_panes == "A2", ws.freeze_panes
            wb = openpyxl.load_workbook(sys.argv[2])
            assert wb.sheetnames == ["问题", "统计"], wb.sheetnames
            ws = wb["问题"]
            assert ws.freeze_panes == "A2"
            assert [c.value for c in ws[1]][:2] == ["日期", "类型"], [c.value for c in ws[1]]
            assert ws["A2"].is_date
            # Wide characters count twice: the organisation name column is wider than its longest name in characters.
            names = [c.value for c in ws["I"][1:] if c.value]
            assert ws.column_dimensions["I"].width >= 2 * max(len(n) for n in names), ws.column_dimensions["I"].width
            print("ok")
            """, due, findings]
        let out = Pipe()
        check.standardOutput = out
        check.standardError = out
        try check.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "openpyxl check failed: \(text)")
    }

    @Test("an Excel workbook saved as events.csv is named as one and the data is unusable (exit 1)")
    func renamedWorkbook() throws {
        let dir = NSTemporaryDirectory() + "duly-renamed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["organisations.csv", "students.csv"] {
            try FileManager.default.copyItem(atPath: CommandLine.root.path + "/examples/通江县/" + name, toPath: dir + "/" + name)
        }
        try FileManager.default.copyItem(atPath: CommandLine.root.path + "/Tests/DulyKitTests/Fixtures/xlsx/通江县/案例数据.xlsx", toPath: dir + "/events.csv")
        let r = try CommandLine.run(["due", "--data", dir, "--as-of", "2024-10-18"])
        #expect(r.status == 1)
        #expect(r.err.contains("`events.csv` is an Excel workbook, not CSV text: name it .xlsx"), "\(r.err)")
        #expect(r.err.contains("是 Excel 工作簿，不是 CSV 文本"), "\(r.err)")
        #expect(r.out.isEmpty, "no rows are judged: \(r.out)")
        // An old .xls (OLE2) under a .csv name too.
        try FileManager.default.removeItem(atPath: dir + "/events.csv")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504)).write(to: URL(fileURLWithPath: dir + "/events.csv"))
        let old = try CommandLine.run(["due", "--data", dir, "--as-of", "2024-10-18"])
        #expect(old.status == 1)
        #expect(old.err.contains("old Excel .xls workbook, not CSV text: save it as .xlsx"), "\(old.err)")
    }

    @Test("due --split-by organisation writes one file per responsible organisation, named by it; a folder in use needs --force")
    func split() throws {
        let dir = NSTemporaryDirectory() + "duly-split-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let all = try CommandLine.run(["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--format", "csv"])
        let lines = all.out.split(whereSeparator: \.isNewline).dropFirst()
        // organisation_name is the tenth column; the example's names hold no comma.
        let expected = Set(lines.map { line -> String in
            let name = line.split(separator: ",", omittingEmptySubsequences: false)[9]
            return name.isEmpty ? "no-organisation.csv" : name + ".csv"
        })
        let r = try CommandLine.run(["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--split-by", "organisation", "--out", dir, "--format", "csv"])
        #expect(r.status == 0, "\(r.err)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(files == expected)
        #expect(files.contains("通江县第一小学.csv"))
        // Every row of the whole list is in exactly one file.
        var rows = 0
        for f in files { rows += try String(contentsOfFile: dir + "/" + f, encoding: .utf8).split(whereSeparator: \.isNewline).count - 1 }
        #expect(rows == lines.count)
        let again = try CommandLine.run(["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--split-by", "organisation", "--out", dir, "--format", "xlsx"])
        #expect(again.status == 2)
        #expect(again.err.contains("is not empty"), "\(again.err)")
        let forced = try CommandLine.run(["due", "--data", "examples/通江县", "--as-of", "2024-10-18", "--split-by", "organisation", "--out", dir, "--format", "xlsx", "--force"])
        #expect(forced.status == 0, "\(forced.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).contains("通江县第一小学.xlsx"))
        let noOut = try CommandLine.run(["due", "--data", "examples/通江县", "--split-by", "organisation"])
        #expect(noOut.status == 2)
    }
}

@Suite("split file names")
struct SplitFileNameTests {
    @Test("an organisation's name becomes a file name without slashes or control characters, Chinese kept")
    func safeNames() {
        #expect(Reports.safeFileName("通江县/第一小学\u{7}", fallback: "X") == "通江县第一小学")
        #expect(Reports.safeFileName("../..", fallback: "TJ-SCH-01") == "TJ-SCH-01")
        #expect(Reports.safeFileName("", fallback: "") == "organisation")
    }
}
