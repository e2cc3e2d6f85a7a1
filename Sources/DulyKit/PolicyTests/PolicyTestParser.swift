import DulySource

/// Reads policy test files. The format is line-oriented: a section keyword on its own line
/// (English or Chinese), then, for tables, a CSV header and rows until a blank line or the next
/// keyword. `#` starts a comment line.
///
///     政策 通江县
///     组织
///     id,name,kind,managed_by,jurisdiction
///     TJ-SCH,通江县实验小学,学校,TJ-ZXX,通江县
///
///     用例 "缺课 1 天:班主任须劝返"
///     截至 2024-10-09
///     事件
///     id,subject,date,type,actor,有正当理由
///     E1,S1,2024-10-08,缺课,TJ-SCH,否
///     应有待办
///     subject,action,role,status
///     S1,劝返,班主任,no-deadline
///     应有发现
///     subject,kind,rule
public enum PolicyTestParser {
    enum Section: CaseIterable {
        case policy, organisations, students, testCase, asOf, events, expectDue, expectFindings, othersAllowed, onlyRules

        var spellings: [String] {
            switch self {
            case .policy: ["policy", "政策"]
            case .organisations: ["organisations", "organizations", "组织"]
            case .students: ["students", "学生"]
            case .testCase: ["case", "用例"]
            case .asOf: ["as of", "截至"]
            case .events: ["events", "事件"]
            case .expectDue: ["expect due", "应有待办"]
            case .expectFindings: ["expect findings", "应有发现"]
            case .othersAllowed: ["others allowed", "其余不计"]
            case .onlyRules: ["only rules", "仅限规则"]
            }
        }
    }

    /// The section a line starts, and the rest of the line.
    static func section(of line: String) -> (Section, String)? {
        for s in Section.allCases {
            for spelling in s.spellings where line == spelling || line.hasPrefix(spelling + " ") {
                return (s, String(line.dropFirst(spelling.count)).trimmingCharacters(in: " \t"))
            }
        }
        return nil
    }

    public static func parse(_ source: SourceFile) -> (PolicyTestFile, [Diagnostic]) {
        var file = PolicyTestFile(path: source.path, source: source, jurisdiction: nil, organisations: nil, students: nil, cases: [])
        var diagnostics: [Diagnostic] = []
        var table: (section: Section, table: TestTable)?
        var current: TestCase?

        func report(_ code: DiagnosticCode, line: Int, en: String, zh: String, help: LocalizedText? = nil) {
            let start = source.lineStarts[line - 1]
            let span = Span(start: start, end: start + source.lineText(line).utf8.count)
            diagnostics.append(Diagnostic(code, path: source.path, span: span, message: LocalizedText(en: en, zh: zh), help: help))
        }
        func closeTable() {
            guard let (section, t) = table else { return }
            table = nil
            switch section {
            case .organisations: file.organisations = t
            case .students: file.students = t
            case .events: current?.events = t
            case .expectDue: current?.expectedDue = t
            case .expectFindings: current?.expectedFindings = t
            default: break
            }
        }
        func closeCase() {
            closeTable()
            if let c = current {
                if c.asOf == nil {
                    report(.malformedTestFile, line: c.line, en: "case \"\(c.name)\" has no `as of` date", zh: "用例 \"\(c.name)\" 缺少 `截至` 日期",
                           help: LocalizedText(en: "add a line `as of 2024-10-09`", zh: "添加一行 `截至 2024-10-09`"))
                }
                file.cases.append(c)
            }
            current = nil
        }

        for number in 1...max(1, source.lineStarts.count) {
            let raw = source.lineText(number)
            let line = raw.trimmingCharacters(in: " \t\u{FEFF}")
            if line.hasPrefix("#") { continue }
            if line.isEmpty { closeTable(); continue }
            if let (section, rest) = section(of: line) {
                closeTable()
                switch section {
                case .policy:
                    if rest.isEmpty { report(.malformedTestFile, line: number, en: "`policy` needs a jurisdiction's name", zh: "`政策` 后须写辖区名称") }
                    file.jurisdiction = rest
                case .testCase:
                    closeCase()
                    var name = rest
                    for (open, close) in [("\"", "\""), ("“", "”"), ("「", "」")] where name.hasPrefix(open) && name.hasSuffix(close) && name.count >= 2 {
                        name = String(name.dropFirst().dropLast())
                    }
                    if name.isEmpty { report(.malformedTestFile, line: number, en: "a case needs a name: `case \"…\"`", zh: "用例须有名称:`用例 \"…\"`") }
                    current = TestCase(name: name, line: number)
                case .asOf:
                    guard current != nil else {
                        report(.malformedTestFile, line: number, en: "`as of` belongs to a case", zh: "`截至` 须写在用例中"); continue
                    }
                    if CivilDateText.isDate(rest) { current!.asOf = rest } else {
                        report(.malformedTestFile, line: number, en: "`\(rest)` is not a date (YYYY-MM-DD)", zh: "`\(rest)` 不是日期(YYYY-MM-DD)")
                    }
                case .othersAllowed:
                    guard current != nil else {
                        report(.malformedTestFile, line: number, en: "`others allowed` belongs to a case", zh: "`其余不计` 须写在用例中"); continue
                    }
                    current!.othersAllowed = true
                case .onlyRules:
                    guard current != nil else {
                        report(.malformedTestFile, line: number, en: "`only rules` belongs to a case", zh: "`仅限规则` 须写在用例中"); continue
                    }
                    let names = rest.split(whereSeparator: { ",，、 ".contains($0) }).map(String.init)
                    if names.isEmpty { report(.malformedTestFile, line: number, en: "`only rules` needs rule names", zh: "`仅限规则` 后须写规则名称") }
                    current!.onlyRules = names
                case .organisations, .students:
                    if current != nil {
                        report(.malformedTestFile, line: number, en: "organisations and students are shared: write them before the first case",
                               zh: "组织和学生为各用例共用,须写在第一个用例之前")
                        continue
                    }
                    table = (section, TestTable(header: [], rows: [], line: number))
                case .events, .expectDue, .expectFindings:
                    guard current != nil else {
                        report(.malformedTestFile, line: number, en: "this table belongs to a case: start one with `case \"…\"`",
                               zh: "此表须写在用例中:先写 `用例 \"…\"`"); continue
                    }
                    table = (section, TestTable(header: [], rows: [], line: number))
                }
                continue
            }
            guard table != nil else {
                report(.malformedTestFile, line: number, en: "`\(line)` is not a section of a policy test",
                       zh: "`\(line)` 不是规则测试的段落",
                       help: LocalizedText(en: "sections: policy, organisations, students, case, as of, events, expect due, expect findings, others allowed, only rules",
                                           zh: "段落:政策、组织、学生、用例、截至、事件、应有待办、应有发现、其余不计、仅限规则"))
                continue
            }
            let cells = splitCSV(line)
            if table!.table.header.isEmpty {
                table!.table.header = cells
            } else if cells.count != table!.table.header.count {
                report(.badTestTable, line: number, en: "row has \(cells.count) cells; the header has \(table!.table.header.count)",
                       zh: "此行有 \(cells.count) 列,表头有 \(table!.table.header.count) 列")
            } else {
                table!.table.rows.append((number, cells))
            }
        }
        closeCase()
        if file.cases.isEmpty, diagnostics.isEmpty {
            report(.malformedTestFile, line: 1, en: "the file has no test case", zh: "文件中没有测试用例",
                   help: LocalizedText(en: "start a case with `case \"…\"`", zh: "用 `用例 \"…\"` 开始一个用例"))
        }
        return (file, diagnostics)
    }

    /// Splits one CSV line; double quotes may enclose a cell with commas.
    static func splitCSV(_ line: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { cell.append("\""); i += 1 } else { quoted = false }
                } else { cell.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," || c == "，" {
                cells.append(cell.trimmingCharacters(in: " \t"))
                cell = ""
            } else {
                cell.append(c)
            }
            i += 1
        }
        cells.append(cell.trimmingCharacters(in: " \t"))
        chars.removeAll()
        return cells
    }
}

enum CivilDateText {
    static func isDate(_ s: String) -> Bool {
        let p = s.split(separator: "-")
        return p.count == 3 && p[0].count == 4 && p[1].count == 2 && p[2].count == 2 && p.allSatisfy { $0.allSatisfy(\.isASCII) && Int($0) != nil }
    }
}
