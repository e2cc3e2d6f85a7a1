import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the worksheets of an Office Open XML workbook (`.xlsx`): shared and inline strings,
/// numbers, booleans, and numbers whose style is a date or time format.
public enum WorkbookReader {
    /// The names of the worksheets of the workbook at `path`, in the workbook's order.
    public static func sheetNames(path: String) throws(WorkbookError) -> [String] {
        let archive = try open(path)
        return try sheetList(archive).map(\.name)
    }

    /// Reads every worksheet of the workbook at `path`, or only those named in `only`.
    public static func read(path: String, only: Set<String>? = nil) throws(WorkbookError) -> [Sheet] {
        let archive = try open(path)
        let list = try sheetList(archive)
        let strings = try entry(archive, "xl/sharedStrings.xml").map { data throws(WorkbookError) in try SharedStringsParser.parse(data) } ?? []
        let dateStyles = try entry(archive, "xl/styles.xml").map { data throws(WorkbookError) in try StylesParser.parse(data) } ?? []
        var sheets: [Sheet] = []
        for (name, target) in list where only?.contains(name) ?? true {
            guard let data = try entry(archive, target) else { throw WorkbookError("sheet `\(name)` is missing from the archive") }
            let rows = try SheetParser.parse(data, strings: strings, dateStyles: dateStyles)
            sheets.append(Sheet(name: name, rows: rows))
        }
        return sheets
    }

    static func open(_ path: String) throws(WorkbookError) -> Archive {
        do { return try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw WorkbookError("not a readable .xlsx workbook (a ZIP archive)")
        }
    }

    static func entry(_ archive: Archive, _ path: String) throws(WorkbookError) -> Data? {
        guard let e = archive[path] ?? archive["/" + path] else { return nil }
        var data = Data()
        do { _ = try archive.extract(e, skipCRC32: false) { data.append($0) } } catch {
            throw WorkbookError("`\(path)` in the archive cannot be unpacked")
        }
        return data
    }

    /// (sheet name, archive path of its XML) in workbook order.
    static func sheetList(_ archive: Archive) throws(WorkbookError) -> [(name: String, target: String)] {
        guard let workbook = try entry(archive, "xl/workbook.xml") else { throw WorkbookError("the archive has no xl/workbook.xml: not an .xlsx workbook") }
        let sheets = try ElementCollector.collect(workbook, element: "sheet")
        let rels = try entry(archive, "xl/_rels/workbook.xml.rels").map { data throws(WorkbookError) in try ElementCollector.collect(data, element: "Relationship") } ?? []
        var targets: [String: String] = [:]
        for r in rels { if let id = r["Id"], let t = r["Target"] { targets[id] = t } }
        var result: [(String, String)] = []
        for (i, s) in sheets.enumerated() {
            guard let name = s["name"] else { continue }
            var target = s["r:id"].flatMap { targets[$0] } ?? "worksheets/sheet\(i + 1).xml"
            if target.hasPrefix("/") { target.removeFirst() } else if !target.hasPrefix("xl/") { target = "xl/" + target }
            result.append((name, target))
        }
        return result
    }
}

/// Collects the attributes of every element with a given name.
final class ElementCollector: NSObject, XMLParserDelegate {
    let element: String
    var found: [[String: String]] = []
    init(element: String) { self.element = element }

    static func collect(_ data: Data, element: String) throws(WorkbookError) -> [[String: String]] {
        let c = ElementCollector(element: element)
        try run(data, c)
        return c.found
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if local(name) == element { found.append(attributes) }
    }
}

func local(_ name: String) -> Substring {
    if let i = name.lastIndex(of: ":") { return name[name.index(after: i)...] }
    return name[...]
}

func run(_ data: Data, _ delegate: XMLParserDelegate) throws(WorkbookError) {
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    guard parser.parse() else { throw WorkbookError("malformed XML in the workbook (\(parser.parserError.map { "\($0)" } ?? "unknown error"))") }
}

/// `xl/sharedStrings.xml`: each `<si>` is the text of its `<t>` elements (rich text runs joined).
final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false
    var inPhonetic = false

    static func parse(_ data: Data) throws(WorkbookError) -> [String] {
        let p = SharedStringsParser()
        try run(data, p)
        return p.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch local(name) {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(name) {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
}

/// `xl/styles.xml`: for each cell style (`cellXfs/xf`), whether its number format is a date or time.
final class StylesParser: NSObject, XMLParserDelegate {
    var formats: [Int: String] = [:]
    var xfFormats: [Int] = []
    var inCellXfs = false

    static func parse(_ data: Data) throws(WorkbookError) -> [Bool] {
        let p = StylesParser()
        try run(data, p)
        return p.xfFormats.map { id in isDateFormat(id: id, code: p.formats[id]) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch local(name) {
        case "numFmt": if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { formats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: xfFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if local(name) == "cellXfs" { inCellXfs = false }
    }

    /// Built-in formats 14–22, 27–36, 45–47 and 50–58 are dates or times (the last two ranges are
    /// the East Asian built-ins); a custom code is one when, outside quotes and brackets, it
    /// has a y, m, d, h or s.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) { return true }
        guard let code else { return false }
        var inQuote = false, inBracket = false, escaped = false
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            switch ch {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "[" where !inQuote: inBracket = true
            case "]" where !inQuote: inBracket = false
            default: if !inQuote && !inBracket && "ymdhs".contains(ch) { return true }
            }
        }
        return false
    }
}

/// One worksheet's `<sheetData>`.
final class SheetParser: NSObject, XMLParserDelegate {
    let strings: [String]
    let dateStyles: [Bool]
    var rows: [(number: Int, cells: [Cell])] = []
    var rowNumber = 0
    var cells: [Cell] = []
    var column = 0
    var type = "n"
    var style = 0
    var text = ""
    var collecting = false
    var value: String?
    var inline: String?
    var failure: WorkbookError?

    init(strings: [String], dateStyles: [Bool]) {
        self.strings = strings
        self.dateStyles = dateStyles
    }

    static func parse(_ data: Data, strings: [String], dateStyles: [Bool]) throws(WorkbookError) -> [(number: Int, cells: [Cell])] {
        let p = SheetParser(strings: strings, dateStyles: dateStyles)
        try run(data, p)
        if let f = p.failure { throw f }
        return p.rows
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch local(name) {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
        case "c":
            column = attributes["r"].flatMap(columnNumber(ofReference:)) ?? cells.count + 1
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = nil
            inline = nil
        case "v": text = ""; collecting = true
        case "is": inline = ""
        case "t" where inline != nil: text = ""; collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(name) {
        case "v": value = text; collecting = false
        case "t" where inline != nil: inline! += text; collecting = false
        case "c":
            let cell = makeCell()
            if cells.count < column - 1 { cells += Array(repeating: .empty, count: column - 1 - cells.count) }
            if cells.count == column - 1 { cells.append(cell) } else if column - 1 < cells.count { cells[column - 1] = cell }
        case "row":
            while cells.last == .empty { cells.removeLast() }
            if !cells.isEmpty { rows.append((rowNumber, cells)) }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { text += string } }

    func makeCell() -> Cell {
        switch type {
        case "s":
            guard let v = value, let i = Int(v.trimmingCharacters(in: .whitespaces)), strings.indices.contains(i) else { return .empty }
            return .text(strings[i])
        case "inlineStr": return inline.map(Cell.text) ?? .empty
        case "str": return value.map(Cell.text) ?? .empty
        case "b": return value.map { .bool($0.trimmingCharacters(in: .whitespaces) == "1") } ?? .empty
        case "e": return value.map(Cell.error) ?? .empty
        default:
            guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return .empty }
            guard let d = Double(v) else { return .text(v) }
            return dateStyles.indices.contains(style) && dateStyles[style] ? .dateTime(d) : .number(d)
        }
    }
}
