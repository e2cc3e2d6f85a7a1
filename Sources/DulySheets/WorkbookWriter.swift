import Foundation
import DulySource
import DulyTime
import ZIPFoundation

/// A cell to write: typed, so a spreadsheet sorts dates as dates and sums numbers.
public enum OutputCell: Hashable, Sendable {
    case empty
    /// Always a string cell, even when it starts with `=`: the writer never writes a formula.
    case text(String)
    case number(Double)
    /// A calendar date, written as a serial number with the `yyyy-mm-dd` format.
    case date(CivilDate)
}

/// A worksheet to write: a header row (frozen, bold) and data rows.
public struct OutputSheet: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[OutputCell]]

    public init(name: String, header: [String], rows: [[OutputCell]]) {
        self.name = name
        self.header = header
        self.rows = rows
    }
}

/// Writes an `.xlsx` workbook: every sheet with its header row frozen, dates as date cells,
/// and column widths that fit their text, East Asian wide characters counting as two.
public enum WorkbookWriter {
    /// The workbook's bytes. Same sheets, same bytes: entries carry a fixed modification date.
    public static func data(_ sheets: [OutputSheet]) throws(WorkbookError) -> Data {
        let files: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheets.count)),
            ("_rels/.rels", rootRels),
            ("xl/workbook.xml", workbook(sheets)),
            ("xl/_rels/workbook.xml.rels", workbookRels(sheets.count)),
            ("xl/styles.xml", styles),
        ] + sheets.enumerated().map { ("xl/worksheets/sheet\($0.offset + 1).xml", sheetXML($0.element)) }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            let fixed = Date(timeIntervalSince1970: 315_532_800) // 1980-01-01, the ZIP epoch
            for (path, text) in files {
                let bytes = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: fixed,
                                     compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard let data = archive.data else { throw WorkbookError("the workbook could not be assembled") }
            return data
        } catch let e as WorkbookError {
            throw e
        } catch {
            throw WorkbookError("the workbook could not be assembled (\(error))")
        }
    }

    /// How many character cells `text` takes in a monospaced font: wide East Asian characters count two.
    public static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default: return false
        }
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// Excel's rules for sheet names: at most 31 characters, none of `[]:*?/\`.
    static func safeSheetName(_ name: String, index: Int) -> String {
        let cleaned = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        return cleaned.isEmpty ? "Sheet\(index + 1)" : cleaned
    }

    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return "\(d)"
    }

    static func sheetXML(_ sheet: OutputSheet) -> String {
        let columns = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        var widths = Array(repeating: 4, count: columns)
        for (i, h) in sheet.header.enumerated() { widths[i] = max(widths[i], displayWidth(h)) }
        for row in sheet.rows {
            for (i, c) in row.enumerated() {
                switch c {
                case .text(let t): widths[i] = max(widths[i], displayWidth(t))
                case .number(let d): widths[i] = max(widths[i], number(d).count)
                case .date: widths[i] = max(widths[i], 10)
                case .empty: break
                }
            }
        }
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        x += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
        if columns > 0 {
            x += "<cols>"
            for (i, w) in widths.enumerated() { x += #"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(min(w, 80) + 2)" customWidth="1"/>"# }
            x += "</cols>"
        }
        x += "<sheetData>"
        func cellXML(_ cell: OutputCell, _ ref: String, header: Bool) -> String {
            switch cell {
            case .empty: return ""
            case .text(let t): return #"<c r="\#(ref)" t="inlineStr"\#(header ? #" s="1""# : "")><is><t xml:space="preserve">\#(escape(t))</t></is></c>"#
            case .number(let d): return #"<c r="\#(ref)"><v>\#(number(d))</v></c>"#
            case .date(let d): return #"<c r="\#(ref)" s="2"><v>\#(SerialDate.serial(d))</v></c>"#
            }
        }
        x += #"<row r="1">"#
        for (i, h) in sheet.header.enumerated() { x += cellXML(.text(h), columnLetters(i + 1) + "1", header: true) }
        x += "</row>"
        for (r, row) in sheet.rows.enumerated() {
            x += #"<row r="\#(r + 2)">"#
            for (i, c) in row.enumerated() { x += cellXML(c, columnLetters(i + 1) + String(r + 2), header: false) }
            x += "</row>"
        }
        x += "</sheetData></worksheet>"
        return x
    }

    static func contentTypes(_ n: Int) -> String {
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for i in 1...max(n, 1) where i <= n {
            x += #"<Override PartName="/xl/worksheets/sheet\#(i).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return x + "</Types>"
    }

    static let rootRels = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n" +
        #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#

    static func workbook(_ sheets: [OutputSheet]) -> String {
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
        var used: Set<String> = []
        for (i, s) in sheets.enumerated() {
            var name = safeSheetName(s.name, index: i)
            if used.contains(name) { name = String(name.prefix(28)) + "(\(i + 1))" }
            used.insert(name)
            x += #"<sheet name="\#(escape(name))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
        }
        return x + "</sheets></workbook>"
    }

    static func workbookRels(_ n: Int) -> String {
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for i in 0..<n { x += #"<Relationship Id="rId\#(i + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(i + 1).xml"/>"# }
        x += #"<Relationship Id="rId\#(n + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        return x + "</Relationships>"
    }

    /// Style 0: plain; 1: bold (the header); 2: the date format `yyyy-mm-dd`.
    static let styles = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n" +
        #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
}
