import DulySheets
import DulySource
import Foundation
import Glibc

/// Excel workbooks as case data: each table found in a workbook (`events.xlsx`, or a sheet named
/// `events` in any workbook of the folder) is turned into the CSV text the CSV reader accepts, in
/// a private temporary folder beside links to the folder's own CSV and JSON Lines files. So every
/// check, issue and the evaluation are those of CSV; only the places in issues are translated
/// back to the workbook, the sheet, the row and the column (`events.xlsx [events]`, row 7,
/// column `D (date)`).
struct WorkbookStaging {
    /// The tables of a data folder: English name and Chinese name (file stems and sheet names).
    static let tables: [(stem: String, zh: String)] = [
        ("organisations", "组织"), ("students", "学生"), ("events", "事件"), ("coverage", "覆盖范围"), ("school_calendar", "校历"),
    ]

    /// The folder to read instead of the user's.
    let folder: TemporaryFolder
    /// For each CSV file written from a sheet: where its text came from.
    var origins: [String: Origin] = [:]

    struct Origin {
        var label: String
        /// The sheet row of each CSV line (1-based line → row number).
        var rowOfLine: [Int]
        /// The header's column names, in order, to turn a name back into a column letter.
        var header: [String]
    }

    /// Stages the folder at `path` when it holds a workbook; nil when it holds none.
    static func stage(_ path: String) throws(CaseDataError) -> WorkbookStaging? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        let workbooks = names.filter { $0.lowercased().hasSuffix(".xlsx") && !$0.hasPrefix("~$") && !$0.hasPrefix(".") }
        guard !workbooks.isEmpty else { return nil }
        let folder: TemporaryFolder
        do { folder = try TemporaryFolder(purpose: "xlsx") } catch {
            throw CaseDataError(text: error.text, isToolFailure: true)
        }
        var staging = WorkbookStaging(folder: folder)
        // What each workbook holds: its sheet names.
        var sheetsOf: [String: [String]] = [:]
        for w in workbooks {
            do { sheetsOf[w] = try WorkbookReader.sheetNames(path: path + "/" + w) } catch {
                // The English still carries the Chinese, as it did when this error had one language.
                throw CaseDataError(en: "`\(w)`: \(error.reason) / `\(w)` 无法读取：不是有效的 .xlsx 工作簿",
                                    zh: "`\(w)` 无法读取:不是有效的 .xlsx 工作簿")
            }
        }
        for (stem, zh) in tables {
            var sources: [String] = []
            for name in [stem, zh] {
                for ext in ["csv", "jsonl"] where names.contains(name + "." + ext) { sources.append(name + "." + ext) }
            }
            var sheetSources: [(workbook: String, sheet: String)] = []
            for w in workbooks {
                let base = String(w.dropLast(5))
                let sheets = sheetsOf[w] ?? []
                if base == stem || base == zh {
                    // A workbook named after the table: its sheet of that name, else its first sheet.
                    if let s = sheets.first(where: { $0 == stem || $0 == zh }) ?? sheets.first { sheetSources.append((w, s)) }
                } else if !tables.contains(where: { base == $0.stem || base == $0.zh }) {
                    for s in sheets where s == stem || s == zh { sheetSources.append((w, s)) }
                }
            }
            let all = sources + sheetSources.map { "\($0.workbook) [\($0.sheet)]" }
            if all.count > 1 {
                throw CaseDataError(en: "the \(stem) table is given more than once (\(all.map { "`\($0)`" }.joined(separator: ", "))); keep one / \(zh)表给出了不止一份（\(all.map { "`\($0)`" }.joined(separator: "、"))），请只保留一份",
                                    zh: "\(zh)表给出了不止一份(\(all.map { "`\($0)`" }.joined(separator: "、"))),请只保留一份")
            }
            if let file = sources.first {
                // The folder's own file, read where it is (a link keeps its name in issues).
                guard symlink(path.hasPrefix("/") ? path + "/" + file : FileManager.default.currentDirectoryPath + "/" + path + "/" + file,
                              folder.path + "/" + file) == 0 else {
                    let reason = String(cString: strerror(errno))
                    throw CaseDataError(en: "cannot link `\(file)` into \(folder.path): \(reason)", zh: "无法把 `\(file)` 链接到 \(folder.path) 中:\(reason)",
                                        isToolFailure: true)
                }
            } else if let (workbook, sheet) = sheetSources.first {
                try staging.convert(workbook: path + "/" + workbook, name: workbook, sheet: sheet, to: stem + ".csv")
            }
        }
        return staging
    }

    /// Writes the sheet as `csvName` in the staging folder.
    mutating func convert(workbook path: String, name: String, sheet: String, to csvName: String) throws(CaseDataError) {
        let sheets: [Sheet]
        do { sheets = try WorkbookReader.read(path: path, only: [sheet]) } catch {
            throw CaseDataError(en: "`\(name)` [\(sheet)]: \(error.reason) / `\(name)` [\(sheet)] 无法读取", zh: "`\(name)` [\(sheet)] 无法读取")
        }
        guard let s = sheets.first else { return }
        var text = ""
        var rowOfLine: [Int] = [0] // line 0 unused
        let width = s.rows.map(\.cells.count).max() ?? 0
        var header: [String] = []
        for (number, cells) in s.rows {
            var fields: [String] = []
            for i in 0..<width { fields.append(i < cells.count ? Self.csvText(cells[i]) : "") }
            if header.isEmpty { header = fields }
            let line = fields.map(Self.quote).joined(separator: ",") + "\n"
            // A cell may hold line breaks: every physical line of the record maps to the sheet row.
            for _ in 0..<line.utf8.filter({ $0 == 0x0A }).count { rowOfLine.append(number) }
            text += line
        }
        do { try folder.write(text, to: csvName) } catch {
            throw CaseDataError(text: error.text, isToolFailure: true)
        }
        origins[csvName] = Origin(label: "\(name) [\(sheet)]", rowOfLine: rowOfLine, header: header)
    }

    /// The CSV text of a cell: dates as `YYYY-MM-DD`, times as `HH:MM`, whole numbers without a point.
    static func csvText(_ cell: Cell) -> String {
        switch cell {
        case .empty: return ""
        case .text(let t): return t
        case .bool(let b): return b ? "true" : "false"
        case .error(let e): return e
        case .number(let d): return number(d)
        case .dateTime(let d):
            // A number in a date format that no workbook shows as a date stays a number.
            guard d.isFinite, let whole = Optional(d.rounded(.down)), abs(whole) < 1e7,
                  Int(whole) == 0 || SerialDate.civil(serial: Int(whole)) != nil else { return number(d) }
            let day = Int(whole)
            let seconds = Int(((d - Double(day)) * 86_400).rounded())
            let (h, m, sec) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
            let time = sec == 0 ? String(format: "%02d:%02d", h, m) : String(format: "%02d:%02d:%02d", h, m, sec)
            if day == 0 && seconds > 0 { return time }
            let date = SerialDate.civil(serial: day)!.description
            return seconds == 0 ? date : date + " " + time
        }
    }

    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return "\(d)"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The issue with its place in the workbook instead of the staged CSV file.
    func relabel(_ issue: DataIssue) -> DataIssue {
        guard let origin = origins[issue.file] else { return issue }
        var i = issue
        i.file = origin.label
        if i.row > 0, i.row < origin.rowOfLine.count { i.row = origin.rowOfLine[i.row] }
        if let c = i.column, let index = origin.header.firstIndex(of: c) { i.column = "\(columnLetters(index + 1)) (\(c))" }
        return i
    }
}

extension CaseDataSet {
    /// The data set with the places of its issues translated back to the workbooks they came from.
    func relabel(with staging: WorkbookStaging) {
        issues = issues.map(staging.relabel)
        filesWithoutRows = filesWithoutRows.map(staging.relabel)
    }
}
