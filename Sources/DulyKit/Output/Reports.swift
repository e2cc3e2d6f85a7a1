import DulySource
import DulyModel
import Foundation
import DulyTime

/// Output formats of `duly due`, `duly findings` and `duly explain`.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// A plain table for a terminal, the human-readable form (`--format text`).
    case text, csv, json, md
    /// An Excel workbook (`Reports.dueWorkbook`, `Reports.findingsWorkbook`); the text renderers
    /// give the CSV table for it.
    case xlsx
}

/// A tiny JSON writer with a fixed key order, so output is stable byte for byte.
struct JSONObject {
    /// The object so far, `{"key": value, …` without its closing brace, as UTF-8 bytes: written
    /// straight into one buffer, since outputs write an object per due action or finding,
    /// millions of them, and appending to a `String` piece by piece was most of the work.
    private var written: [UInt8] = [UInt8(ascii: "{")]

    init() { written.reserveCapacity(512) }

    private mutating func key(_ key: StaticString) {
        if written.count > 1 { written.append(contentsOf: [0x2C, 0x20]) }
        written.append(UInt8(ascii: "\""))
        written.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        written.append(contentsOf: [0x22, 0x3A, 0x20])
    }
    private mutating func raw(_ s: String) { written.append(contentsOf: s.utf8) }
    mutating func add(_ key: StaticString, _ value: String?) {
        self.key(key)
        if let value { JSONText.append(value, to: &written) } else { raw("null") }
    }
    mutating func add(_ key: StaticString, _ value: Int?) {
        self.key(key)
        raw(value.map(String.init) ?? "null")
    }
    mutating func add(_ key: StaticString, raw value: String) {
        self.key(key)
        raw(value)
    }
    mutating func add(_ key: StaticString, _ values: [String]) {
        self.key(key)
        written.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { written.append(contentsOf: [0x2C, 0x20]) }
            JSONText.append(v, to: &written)
        }
        written.append(UInt8(ascii: "]"))
    }
    var text: String { String(decoding: written + [UInt8(ascii: "}")], as: UTF8.self) }

    /// The object's bytes, closed, appended to `out`: a list written in blocks copies each
    /// object once, into its block, and makes no string of it.
    func append(to out: inout [UInt8]) {
        out.append(contentsOf: written)
        out.append(UInt8(ascii: "}"))
    }

    /// JSON string escaping, shared with the diagnostics' JSON.
    static func quote(_ s: String) -> String { JSONText.string(s) }

    /// One JSON array, an item a line. Written into one string sized first: a list of 25,000
    /// findings is 10 MB, and indenting each item into a copy before joining copied it twice.
    static func array(_ items: [String], indent: String = "  ") -> String {
        guard !items.isEmpty else { return "[]" }
        var out = "[\n"
        out.reserveCapacity(items.reduce(0) { $0 + $1.utf8.count } + items.count * (indent.utf8.count + 4) + indent.utf8.count + 4)
        for (i, item) in items.enumerated() {
            if i > 0 { out += ",\n" }
            out += indent
            out += "  "
            out += item
        }
        out += "\n"
        out += indent
        out += "]"
        return out
    }

    static func counts(_ pairs: [(String, Int)]) -> String {
        "{" + pairs.map { "\(quote($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }
}

/// Renders evaluation results.
public enum Reports {
    /// A CSV cell: quoted when it must be, and never a formula a spreadsheet would run
    /// (`TerminalText.spreadsheetSafe`).
    static func csvField(_ raw: String) -> String {
        let s = TerminalText.spreadsheetSafe(raw)
        return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func markdown(_ header: [String], _ rows: [[String]]) -> String {
        func cell(_ s: String) -> String { TerminalText.visible(s).replacingOccurrences(of: "|", with: "\\|") }
        var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in " --- |" }.joined() + "\n"
        for r in rows { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    static func when(_ date: CivilDate?, _ time: TimeOfDay?) -> String {
        guard let date else { return "" }
        guard let time, time != .endOfDay else { return date.description }
        return "\(date) \(time)"
    }

    static func left(_ a: DueAction) -> String {
        guard let d = a.daysLeft else { return a.status == .noDeadline ? "—" : "" }
        return d < 0 ? "\(d)" : "+\(d)"
    }

    /// The organisation's name; the role too when a person there holds it (班主任).
    static func responsible(_ a: DueAction, _ kinds: Set<RoleName>) -> String {
        func one(_ role: RoleName, _ name: String?) -> String {
            guard let name else { return role.rawValue }
            return kinds.contains(role) ? name : "\(name)·\(role)"
        }
        // `A or B must …`: every party that may act, the first one the data has first.
        return ([one(a.role, a.organisationName)] + a.alternatives.map { one($0.role, $0.organisationName) }).joined(separator: " / ")
    }

    static func action(_ a: DueAction) -> String {
        // `返校 / 缓学`: every event type that does the duty.
        let acts = ([a.action] + a.actionAlternatives).map(\.rawValue).joined(separator: " / ")
        return a.recipient.map { "\(acts)→\(recipients($0, a))" } ?? acts
    }

    /// The recipient as lists show it: with `to A or B`, every role the act may go to, `A / B`.
    static func recipients(_ first: RoleName, _ a: DueAction) -> String {
        ([first] + a.recipientAlternatives).map(\.rawValue).joined(separator: " / ")
    }

    /// A row with a one-character column after the date, `*` when the date rests on an assumed
    /// school calendar; only when some row does (`nil`: the header).
    static func marked(_ cells: [String], _ basis: CalendarBasis?, _ any: Bool) -> [String] {
        guard any else { return cells }
        var out = cells
        out.insert(basis == .assumedSchoolCalendar ? "*" : "", at: 1)
        return out
    }

    /// The footnote explaining `*`, when a row has it.
    static func assumedNote(_ any: Bool, _ language: MessageLanguage) -> String {
        guard any else { return "" }
        return language == .zh ? "* 该日期依据假定的校历(非公布的校历),请以本县校历核对\n"
                               : "* the date rests on an assumed school calendar, not a published 校历\n"
    }

    // MARK: - Due

    /// `width`: the terminal's width in display columns for `text`, or `nil` to keep cells whole.
    public static func due<List: RandomAccessCollection & Sendable>(_ report: EvaluationReport, _ actions: List, format: ReportFormat, bom: Bool = false,
                                                                    language: MessageLanguage = .en, width: Int? = 80) -> String
    where List.Element == DueAction, List.Index == Int {
        collected { due(report, actions, format: format, bom: bom, language: language, width: width, put: $0) }
    }

    /// The same, handed to `put` piece by piece as UTF-8. CSV and JSON are written a block of
    /// rows at a time, so a list of millions of due actions (held compactly, `DueList`) is never
    /// held whole as text; a table is laid out whole, as its column widths need every row.
    public static func due<List: RandomAccessCollection & Sendable>(_ report: EvaluationReport, _ actions: List, format: ReportFormat, bom: Bool = false,
                                                                    language: MessageLanguage = .en, width: Int? = 80,
                                                                    put: (UnsafeRawBufferPointer) -> Void)
    where List.Element == DueAction, List.Index == Int {
        func write(_ text: String) { var text = text; text.withUTF8 { put(UnsafeRawBufferPointer($0)) } }
        switch format {
        case .text:
            if actions.isEmpty { return write(ReportWords.nothingDue(report.asOf, language)) }
            let assumed = actions.contains { $0.basis == .assumedSchoolCalendar }
            let rows = actions.map { a in
                marked([when(a.due, a.dueTime), left(a), "\(a.subjectName.isEmpty ? a.subject.rawValue : a.subjectName)", action(a),
                        responsible(a, report.organisationKinds), a.citation.isEmpty ? a.rule.rawValue : a.citation], a.basis, assumed)
            }
            write(TextTable(headers: marked(ReportWords.headers(["due", "days", "subject", "action", "responsible", "cite"], language), nil, assumed), rows: rows,
                            rightAligned: [assumed ? 2 : 1]).render(width: width)
                + assumedNote(assumed, language))
        case .csv, .md, .xlsx:
            let header = ReportWords.headers(["due", "due_time", "days_left", "status", "subject", "subject_name", "action", "role", "organisation",
                                              "organisation_name", "recipient", "rule", "citation", "trigger", "start", "period", "note", "basis"],
                                             language, csv: true)
            @Sendable func row(_ a: DueAction) -> [String] {
                [a.due?.description ?? "", a.dueTime.map { $0 == .endOfDay ? "" : $0.description } ?? "", a.daysLeft.map(String.init) ?? "",
                 ReportWords.status(a.status, language), a.subject.rawValue, a.subjectName, ([a.action] + a.actionAlternatives).map(\.rawValue).joined(separator: " / "), a.role.rawValue, a.organisation?.rawValue ?? "",
                 a.organisationName ?? "", a.recipient.map { recipients($0, a) } ?? "", a.rule.rawValue, a.citation, a.trigger?.rawValue ?? "",
                 a.start?.description ?? "", a.period ?? "", a.note.map { TraceWords.note($0, language) } ?? "", a.basis.rawValue]
            }
            if format == .md { return write(markdown(header, actions.map(row))) }
            write((bom ? "\u{FEFF}" : "") + csvLine(header))
            writeRows(actions, put) { csvLine(row($0)) }
        case .json:
            var counts: [String: Int] = [:]
            write("{\n  \"asOf\": \"\(report.asOf)\",\n  \"dueActions\": ")
            writeArray(actions, put, render: { a in (jsonObject(a, language: language), a.status) }, each: { counts[$0.rawValue, default: 0] += 1 })
            write(",\n  \"summary\": \(JSONObject.counts(counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),\n  \"data\": \(dataSummary(report))\n}\n")
        }
    }

    /// What `write` hands over piece by piece, as one string.
    static func collected(_ write: ((UnsafeRawBufferPointer) -> Void) -> Void) -> String {
        var out: [UInt8] = []
        write { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// One CSV record and its line break.
    static func csvLine(_ cells: [String]) -> String { cells.map(csvField).joined(separator: ",") + "\r\n" }

    /// The lines `line` makes of `list`, handed to `put` a block at a time.
    static func writeRows<List: RandomAccessCollection & Sendable>(_ list: List, _ put: (UnsafeRawBufferPointer) -> Void,
                                                                    _ line: @Sendable (List.Element) -> String) where List.Index == Int {
        for block in blocks(list.count) {
            var text = sideBySide(list, block, line).joined()
            text.withUTF8 { put(UnsafeRawBufferPointer($0)) }
        }
    }

    /// `list` as the elements of a JSON array, an object a line (the layout of
    /// `JSONObject.array`), handed to `put` a block at a time; `each` sees what `render` gives
    /// beside each object, in order.
    static func writeArray<List: RandomAccessCollection & Sendable, Extra: Sendable>(_ list: List, _ put: (UnsafeRawBufferPointer) -> Void,
                                                                                     render: @Sendable (List.Element) -> (JSONObject, Extra),
                                                                                     each: (Extra) -> Void) where List.Index == Int {
        func write(_ s: StaticString) { put(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)) }
        guard !list.isEmpty else { return write("[]") }
        write("[\n")
        var bytes: [UInt8] = []
        for block in blocks(list.count) {
            bytes.removeAll(keepingCapacity: true)
            for (n, item) in sideBySide(list, block, render).enumerated() {
                if n > 0 || block.lowerBound > 0 { bytes.append(contentsOf: [0x2C, 0x0A]) }
                bytes.append(contentsOf: [0x20, 0x20, 0x20, 0x20])
                item.0.append(to: &bytes)
                each(item.1)
            }
            bytes.withUnsafeBytes(put)
        }
        write("\n  ]")
    }

    /// The positions of a list of `count` in blocks of rows rendered and written together.
    static func blocks(_ count: Int, size: Int = 16_384) -> [Range<Int>] {
        stride(from: 0, to: count, by: size).map { $0..<Swift.min($0 + size, count) }
    }

    /// `block` of `list` rendered (positions counted from the list's start), a long block in two
    /// halves on two threads.
    static func sideBySide<List: RandomAccessCollection & Sendable, T: Sendable>(_ list: List, _ block: Range<Int>,
                                                                                 _ render: @Sendable (List.Element) -> T) -> [T]
    where List.Index == Int {
        guard block.count >= 4096 else { return block.map { render(list[list.startIndex + $0]) } }
        let half = block.lowerBound + block.count / 2
        let parts = [Box<[T]>([]), Box<[T]>([])]
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            parts[k].value = (k == 0 ? block.lowerBound..<half : half..<block.upperBound).map { render(list[list.startIndex + $0]) }
        }
        return parts[0].value + parts[1].value
    }

    static func dataSummary(_ r: EvaluationReport) -> String {
        let counts = JSONObject.counts([("students", r.students), ("organisations", r.organisations), ("events", r.events), ("skippedRows", r.skippedRows)])
        var coverage = JSONObject()
        coverage.add("from", r.coverage.coverage(of: nil).from.description)
        coverage.add("through", r.coverage.whole.through.description)
        coverage.add("organisationsWithOwnCoverage", r.coverage.byOrganisation.count)
        coverage.add("lastCovered", r.coverage.lastCovered.description)
        coverage.add("asOfAfterCoverage", raw: r.asOfAfterCoverage ? "true" : "false")
        coverage.add("notJudged", r.notJudged)
        return String(counts.dropLast()) + ", \"coverage\": " + coverage.text + "}"
    }

    /// The summary of what the data covers, in the user's language: the covered days, how many
    /// periods and deadlines were not judged for want of data, and a warning when the as-of
    /// date is after the last covered day.
    public static func coverage(_ report: EvaluationReport, language: MessageLanguage = .en) -> String {
        let whole = report.coverage.coverage(of: nil), last = report.coverage.lastCovered
        let own = report.coverage.byOrganisation.count
        var lines: [String] = []
        switch language {
        case .en:
            lines.append("data covers \(whole.from) to \(whole.through)\(own > 0 ? " (\(own) organisation\(own == 1 ? "" : "s") by their own coverage rows)" : "")")
            lines.append("\(report.notJudged) not judged: no data")
            if report.asOfAfterCoverage {
                lines.append("warning: the data ends on \(last), before the as-of date \(report.asOf); periods and deadlines after \(last) are not judged")
            }
        case .zh:
            lines.append("数据覆盖 \(whole.from) 至 \(whole.through)\(own > 0 ? "(其中 \(own) 个组织按各自的覆盖范围)" : "")")
            lines.append("未评判(无数据):\(report.notJudged) 项")
            if report.asOfAfterCoverage {
                lines.append("警告:数据截至 \(last),早于评判日 \(report.asOf);\(last) 之后的周期和期限不作评判")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ a: DueAction, language: MessageLanguage = .en) -> String { jsonObject(a, language: language).text }

    static func jsonObject(_ a: DueAction, language: MessageLanguage) -> JSONObject {
        var o = JSONObject()
        o.add("due", a.due?.description)
        o.add("dueTime", a.dueTime.map { $0 == .endOfDay ? "24:00" : $0.description })
        o.add("daysLeft", a.daysLeft)
        o.add("status", a.status.rawValue)
        o.add("subject", a.subject.rawValue)
        o.add("subjectName", a.subjectName)
        o.add("action", a.action.rawValue)
        o.add("role", a.role.rawValue)
        o.add("organisation", a.organisation?.rawValue)
        o.add("organisationName", a.organisationName)
        o.add("recipient", a.recipient?.rawValue)
        o.add("rule", a.rule.rawValue)
        o.add("citation", a.citation)
        o.add("trigger", a.trigger?.rawValue)
        o.add("start", a.start?.description)
        o.add("period", a.period)
        o.add("doneBy", a.doneBy.map(\.rawValue))
        o.add("doneOn", a.doneOn?.description)
        o.add("note", a.note.map { TraceWords.note($0, language) })
        o.add("basis", a.basis.rawValue)
        // Shown only when they apply, so the due lists of single-holder rules keep their shape.
        if !a.alternatives.isEmpty { o.add("alternatives", raw: holders(a.alternatives)) }
        if !a.recipientAlternatives.isEmpty { o.add("recipientAlternatives", a.recipientAlternatives.map(\.rawValue)) }
        if !a.actionAlternatives.isEmpty { o.add("actionAlternatives", a.actionAlternatives.map(\.rawValue)) }
        if let j = a.countedUnder { o.add("countedUnder", j.rawValue) }
        return o
    }

    /// `[{"role": …, "organisation": …, "organisationName": …}, …]`.
    static func holders(_ list: [Holder]) -> String {
        "[" + list.map { h in
            var o = JSONObject()
            o.add("role", h.role.rawValue)
            o.add("organisation", h.organisation?.rawValue)
            o.add("organisationName", h.organisationName)
            return o.text
        }.joined(separator: ", ") + "]"
    }

    // MARK: - Findings

    public static func findings(_ report: EvaluationReport, _ list: [Finding], format: ReportFormat, bom: Bool = false,
                                language: MessageLanguage = .en, width: Int? = 80) -> String {
        collected { findings(report, list, format: format, bom: bom, language: language, width: width, put: $0) }
    }

    /// The same, handed to `put` piece by piece as UTF-8; CSV and JSON a block of rows at a time
    /// (see `due`).
    public static func findings(_ report: EvaluationReport, _ list: [Finding], format: ReportFormat, bom: Bool = false,
                                language: MessageLanguage = .en, width: Int? = 80, put: (UnsafeRawBufferPointer) -> Void) {
        func write(_ text: String) { var text = text; text.withUTF8 { put(UnsafeRawBufferPointer($0)) } }
        var byRule: [String: Int] = [:]
        var byOrganisation: [String: Int] = [:]
        var byKind: [String: Int] = [:]
        for f in list {
            byRule[f.rule.rawValue, default: 0] += 1
            byOrganisation[f.organisationName.map { "\($0) (\(f.organisation!.rawValue))" } ?? "(\(f.role))", default: 0] += 1
            byKind[f.kind.rawValue, default: 0] += 1
        }
        func sorted(_ d: [String: Int]) -> [(String, Int)] { d.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) } }
        switch format {
        case .text:
            if list.isEmpty { return write(ReportWords.noFindings(language)) }
            let assumed = list.contains { $0.basis == .assumedSchoolCalendar }
            let rows = list.map { f in
                marked([f.date.description, ReportWords.kind(f.kind, language), f.subjectName.isEmpty ? f.subject.rawValue : f.subjectName, f.action.rawValue,
                        f.organisationName ?? f.role.rawValue, f.citation.isEmpty ? f.rule.rawValue : f.citation], f.basis, assumed)
            }
            var out = TextTable(headers: marked(ReportWords.headers(["date", "finding", "subject", "action", "responsible", "cite"], language), nil, assumed),
                                rows: rows).render(width: width)
            out += assumedNote(assumed, language)
            out += "\n" + TextTable(headers: ReportWords.headers(["rule", "findings"], language), rows: sorted(byRule).map { [$0.0, String($0.1)] }, rightAligned: [1]).render(width: width)
            out += "\n" + TextTable(headers: ReportWords.headers(["organisation", "findings"], language), rows: sorted(byOrganisation).map { [$0.0, String($0.1)] }, rightAligned: [1]).render(width: width)
            write(out)
        case .csv, .md, .xlsx:
            let header = ReportWords.headers(["date", "kind", "severity", "subject", "subject_name", "action", "role", "organisation", "organisation_name",
                                              "rule", "citation", "due", "period", "evidence", "message", "basis"], language, csv: true)
            @Sendable func row(_ f: Finding) -> [String] {
                [f.date.description, ReportWords.kind(f.kind, language), ReportWords.severity(f.severity, language), f.subject.rawValue, f.subjectName, f.action.rawValue, f.role.rawValue,
                 f.organisation?.rawValue ?? "", f.organisationName ?? "", f.rule.rawValue, f.citation, f.due?.description ?? "",
                 f.period ?? "", f.evidence.map(\.rawValue).joined(separator: " "), ReportWords.message(f, language), f.basis.rawValue]
            }
            if format == .md { return write(markdown(header, list.map(row))) }
            write((bom ? "\u{FEFF}" : "") + csvLine(header))
            writeRows(list, put) { csvLine(row($0)) }
        case .json:
            write("{\n  \"asOf\": \"\(report.asOf)\",\n  \"findings\": ")
            writeArray(list, put, render: { f in (jsonObject(f, language: language), ()) }, each: { _ in })
            write(",\n  \"summary\": {\n    \"byKind\": \(JSONObject.counts(sorted(byKind))),\n    \"byRule\": \(JSONObject.counts(sorted(byRule))),\n    \"byOrganisation\": \(JSONObject.counts(sorted(byOrganisation)))\n  },\n  \"data\": \(dataSummary(report))\n}\n")
        }
    }

    static func json(_ f: Finding, language: MessageLanguage = .en) -> String { jsonObject(f, language: language).text }

    static func jsonObject(_ f: Finding, language: MessageLanguage) -> JSONObject {
        var o = JSONObject()
        o.add("date", f.date.description)
        o.add("kind", f.kind.rawValue)
        o.add("severity", f.severity.rawValue)
        o.add("subject", f.subject.rawValue)
        o.add("subjectName", f.subjectName)
        o.add("action", f.action.rawValue)
        o.add("role", f.role.rawValue)
        o.add("organisation", f.organisation?.rawValue)
        o.add("organisationName", f.organisationName)
        o.add("rule", f.rule.rawValue)
        o.add("citation", f.citation)
        o.add("due", f.due?.description)
        o.add("period", f.period)
        o.add("evidence", f.evidence.map(\.rawValue))
        if let days = f.daysLate { o.add("daysLate", days) }
        if !f.alternatives.isEmpty { o.add("alternatives", raw: holders(f.alternatives)) }
        o.add("message", ReportWords.message(f, language))
        o.add("basis", f.basis.rawValue)
        return o
    }

    // MARK: - Explain

    public static func explain(_ report: EvaluationReport, subject: String, format: ReportFormat, language: MessageLanguage = .en) -> String {
        switch format {
        case .json:
            let steps = report.trace.map { s -> String in
                var o = JSONObject()
                o.add("date", s.date?.description)
                o.add("rule", s.rule?.rawValue)
                o.add("depth", s.depth)
                o.add("text", TraceWords.step(s, language))
                return o.text
            }
            return "{\n  \"asOf\": \"\(report.asOf)\",\n  \"subject\": \(JSONObject.quote(subject)),\n  \"trace\": \(JSONObject.array(steps)),\n  \"dueActions\": \(JSONObject.array(report.dueActions.map { json($0, language: language) })),\n  \"findings\": \(JSONObject.array(report.findings.map { json($0, language: language) }))\n}\n"
        default:
            var out = ""
            for s in report.trace {
                out += String(repeating: "  ", count: s.depth) + TerminalText.visible(TraceWords.step(s, language)) + "\n"
            }
            let open = report.dueActions.filter { $0.status.isOpen }
            out += language == .zh ? "\n截至 \(report.asOf):\(open.count) 项义务未办结,\(report.findings.count) 条问题\n"
                : "\n\(open.count) open obligation\(open.count == 1 ? "" : "s"), \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") as of \(report.asOf)\n"
            return out
        }
    }

    /// The data problems, one line each, at most `limit`, then a count of the rest.
    public static func issues(_ report: EvaluationReport, limit: Int = 50, language: MessageLanguage = .en) -> String {
        let zh = language == .zh
        let warning = zh ? "警告:" : "warning: ", error = zh ? "错误:" : "error: "
        var lines = report.dataIssues.prefix(limit).map { warning + TerminalText.visible($0.text(in: language)) }
        if report.dataIssues.count > limit {
            lines.append(zh ? "……另有 \(report.dataIssues.count - limit) 条" : "… and \(report.dataIssues.count - limit) more")
        }
        if let focus = report.focus {
            lines.append(zh ? "跳过了 \(report.skippedRows) 行有误的数据(只读取了 `\(focus)` 的数据行)"
                            : "\(report.skippedRows) bad row\(report.skippedRows == 1 ? "" : "s") skipped (only the rows of `\(focus)` were read)")
        } else {
            lines.append(zh ? "跳过了 \(report.skippedRows) 行有误的数据" : "\(report.skippedRows) bad row\(report.skippedRows == 1 ? "" : "s") skipped")
        }
        for p in report.problems { lines.append((p.kind == .missingCalendarData ? error : warning) + TerminalText.visible(TraceWords.problem(p, language))) }
        return lines.joined(separator: "\n")
    }
}
