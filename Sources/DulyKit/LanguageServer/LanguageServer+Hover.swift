import Foundation
import DulySource
import DulySyntax
import DulyModel
import DulyTime

extension LanguageServer {
    /// What the name or duration under the cursor means, in Markdown, in the client's language.
    func hover(_ params: LSPObject) throws -> LSPObject? {
        let (path, analysis, source, offset) = try locate(params)
        let markdown: String?
        let span: Span
        if let occurrence = analysis.index.occurrence(at: offset, in: path) {
            markdown = describe(occurrence, from: path, in: analysis)
            span = occurrence.span
        } else if let duration = analysis.index.duration(at: offset, in: path) {
            markdown = describe(duration, from: path, in: analysis)
            span = duration.duration.span
        } else if let (keywordText, keywordSpan) = describeKeyword(at: offset, in: source) {
            markdown = keywordText
            span = keywordSpan
        } else {
            return nil
        }
        guard let markdown else { return nil }
        return ["contents": ["kind": "markdown", "value": markdown] as LSPObject,
                "range": Self.json(source.range(of: span, encoding: encoding))]
    }

    /// A keyword's spellings in both languages, so a reader of either finds the other.
    func describeKeyword(at offset: Int, in source: SourceFile) -> (String, Span)? {
        let (tokens, _) = Lexer.tokenize(source)
        guard let token = tokens.first(where: { $0.span.start <= offset && offset <= $0.span.end && $0.word != nil }), let word = token.word else { return nil }
        let keywords = Keyword.allCases.filter { $0.english.contains(word) || $0.chinese.contains(word) }
        guard !keywords.isEmpty else { return nil }
        let lines = keywords.map { k -> String in
            let en = k.english.isEmpty ? "—" : k.english.map { "`\($0)`" }.joined(separator: ", ")
            let zh = k.chinese.isEmpty ? "—" : k.chinese.map { "`\($0)`" }.joined(separator: "、")
            var line = "- English \(en) · 中文 \(zh)"
            // The two spellings of a reason are not synonyms: each carries its own language.
            if k == .reason {
                line += "\n\n" + text("`reason \"…\"` is the English reason and `原因 \"…\"` the Chinese; give both, or one for both languages.",
                                      "`原因 \"…\"` 是中文原因,`reason \"…\"` 是英文原因;两条都写,或只写一条供两种语言共用。")
            }
            return line
        }
        return ("**\(text("keyword", "关键字"))** `\(word)`\n\n" + lines.joined(separator: "\n"), token.span)
    }

    /// `四川省/通江县.duly:12`: a place as a person finds it, relative to the tree's root.
    func describe(_ place: SourcePlace, in analysis: TreeAnalysis) -> String {
        var path = place.path
        if let root = analysis.root, path.hasPrefix(root + "/") { path.removeFirst(root.count + 1) }
        let line = analysis.source(place.path)?.location(of: place.span.start).line
        return "`\(path)\(line.map { ":\($0)" } ?? "")`"
    }

    func show(_ d: DulyTime.Duration) -> String { language == .zh ? d.chineseDescription : d.description }
    func label(_ l: String?) -> String { l.map { " — \($0)" } ?? "" }
    func list(_ names: [String]) -> String { names.map { "`\($0)`" }.joined(separator: language == .zh ? "、" : ", ") }

    func describe(_ o: SymbolOccurrence, from path: String, in analysis: TreeAnalysis) -> String? {
        guard let program = analysis.program else { return nil }
        let vocabulary = program.vocabulary
        let here = analysis.jurisdiction(ofFile: path)
        var lines: [String] = []
        switch o.kind {
        case .role:
            guard let role = vocabulary.roles[RoleName(o.name)] else { return unknown(o) }
            lines.append("**\(text("role", "角色"))** `\(o.name)`\(label(role.label))")
            switch role.resolution {
            case .person(let at):
                lines.append(text("A person at `\(at)`: duties of this role are listed for that organisation.",
                                  "`\(at)` 中的人员:此角色的义务列在该组织名下。"))
            case .organisation(let manages):
                lines.append(manages.isEmpty ? text("An organisation linked to the student directly.", "与学生直接关联的组织。")
                                             : text("An organisation that manages \(list(manages.map(\.rawValue))).", "管辖 \(list(manages.map(\.rawValue))) 的组织。"))
            case .via(let r, let attribute):
                lines.append(text("The `\(r)` of the student's `\(attribute)`.", "学生的 `\(attribute)` 所指的 `\(r)`。"))
            }
            if let a = role.actsAs {
                lines.append(text("Acts as `\(a)`: it holds that role's duties and is found where that role is looked for.",
                                  "充当 `\(a)`:承担该角色的义务,查找该角色时也会找到它。"))
            }
            lines.append(text("Declared at ", "声明于 ") + describe(role.place, in: analysis))
        case .event:
            guard let event = vocabulary.events[EventType(o.name)] else { return unknown(o) }
            lines.append("**\(text("event", "事件"))** `\(o.name)`\(label(event.label))")
            if let a = event.answers { lines.append(text("Answers `\(a)`.", "回应 `\(a)`。")) }
            if !event.attributes.isEmpty {
                lines.append(text("Attributes:", "属性:"))
                for a in event.attributes { lines.append("- `\(a.name)`: \(typeName(a.type))\(label(a.label))") }
            }
            lines.append(text("Declared at ", "声明于 ") + describe(event.place, in: analysis))
        case .subject:
            guard let subject = vocabulary.subjects[SubjectKind(o.name)] else { return unknown(o) }
            lines.append("**\(text("subject", "对象"))** `\(o.name)`\(label(subject.label))")
            for a in subject.attributes { lines.append("- `\(a.name)`: \(typeName(a.type))\(label(a.label))") }
        case .attribute:
            var found: [(owner: String, attribute: Attribute)] = []
            for s in vocabulary.subjects.values.sorted(by: { $0.kind < $1.kind }) { if let a = s.attribute(AttributeName(o.name)) { found.append((s.kind.rawValue, a)) } }
            for e in vocabulary.events.values.sorted(by: { $0.type < $1.type }) { if let a = e.attribute(AttributeName(o.name)) { found.append((e.type.rawValue, a)) } }
            let owned = found.filter { $0.owner == o.owner }
            let shown = owned.isEmpty ? found : owned
            guard !shown.isEmpty else { return unknown(o) }
            for (owner, a) in shown.prefix(20) {
                lines.append("**\(text("attribute", "属性"))** `\(owner).\(a.name)`: \(typeName(a.type))\(label(a.label))")
            }
        case .parameter:
            return describeParameter(ParameterName(o.name), here: here, program: program, in: analysis)
        case .term:
            guard let term = UnquantifiedTerm(rawValue: o.name) else { return nil }
            lines.append("**\(text("term", "用语"))** `\(term.chinese)` (\(term.rawValue))")
            if let here {
                if let level = program.lineage(of: here.name).first(where: { $0.definitions[term] != nil }), let amount = level.definitions[term] {
                    lines.append(text("For `\(here.name)`: \(show(amount.duration)), defined by `\(level.name)`.",
                                      "对 `\(here.name)`:\(show(amount.duration)),由 `\(level.name)` 定义。"))
                } else {
                    lines.append(text("No level above `\(here.name)` defines it: an unquantified term, so a duty with it has no deadline to judge.",
                                      "`\(here.name)` 及其上级都没有定义它:这是未量化的用语,使用它的义务没有可判断的期限。"))
                }
            }
        case .rule:
            let owner = program.jurisdictions.values.first { $0.place.path == o.path } ?? here
            guard let j = owner, let rule = j.rules.first(where: { $0.name == o.name }) else { return unknown(o) }
            lines.append("**\(text("rule", "规则"))** `\(j.name)/\(rule.name)`\(label(rule.label))")
            let ids = rule.catalogIDs.map(\.rawValue)
            if !ids.isEmpty { lines.append(text("Cites ", "依据 ") + list(ids)) }
            if let v = rule.validity {
                lines.append(text("In force from \(v.from)\(v.until.map { " until \($0)" } ?? "")", "自 \(v.from) 起生效\(v.until.map { ",至 \($0)" } ?? "")"))
            }
            if let replaced = program.lineage(of: j.name).dropFirst().first(where: { a in a.rules.contains { $0.name == rule.name } }) {
                lines.append(text("Replaces the rule of the same name of `\(replaced.name)`.", "取代 `\(replaced.name)` 的同名规则。"))
            }
        case .jurisdiction:
            guard let j = program.jurisdictions[JurisdictionName(o.name)] else { return unknown(o) }
            lines.append("**\(text("policy", "政策"))** `\(j.name)`\(label(j.label))")
            if let code = j.code { lines.append(text("Code ", "代码 ") + "`\(code)`") }
            let chain = program.lineage(of: j.name).map(\.name.rawValue)
            if chain.count > 1 { lines.append(text("Inherits: ", "继承:") + chain.map { "`\($0)`" }.joined(separator: " → ")) }
            if let c = program.calendar(for: j.name) { lines.append(text("Calendar `\(c)`", "日历 `\(c)`")) }
            for doc in j.documents { lines.append("- " + documentLine(doc)) }
            lines.append(text("Declared at ", "声明于 ") + describe(j.place, in: analysis))
        case .catalogID:
            return describeCatalogID(CatalogID(o.name), program: program, in: analysis)
        case .document:
            guard let j = program.jurisdictions.values.first(where: { $0.place.path == o.path }), let doc = j.documents.first(where: { $0.key == o.name }) else { return unknown(o) }
            lines.append(documentLine(doc))
        case .vocabulary:
            lines.append("**\(text("vocabulary", "词汇"))** `\(o.name)`: \(vocabulary.roles.count) \(text("roles", "个角色")), \(vocabulary.events.count) \(text("events", "个事件"))")
        }
        return lines.joined(separator: "\n\n")
    }

    func unknown(_ o: SymbolOccurrence) -> String {
        text("`\(o.name)` is not declared in this policy tree.", "本规则目录中没有声明 `\(o.name)`。")
    }

    func typeName(_ t: ValueType) -> String { language == .zh ? t.chinese : t.rawValue }

    func documentLine(_ doc: SourceDocument) -> String {
        var parts: [String] = []
        if let n = doc.number { parts.append(n) }
        if let t = doc.title { parts.append("《\(t)》") }
        if let i = doc.issuer { parts.append(i) }
        if let d = doc.date { parts.append("\(d)") }
        if parts.isEmpty { parts.append(doc.key) }
        return "**\(text("document", "文件"))** " + parts.joined(separator: ", ")
    }

    /// A parameter's value for the file's jurisdiction and every level that sets it, root first.
    func describeParameter(_ p: ParameterName, here: Jurisdiction?, program: Program, in analysis: TreeAnalysis) -> String? {
        var lines: [String] = []
        let levels: [Jurisdiction]
        if let here {
            levels = program.lineage(of: here.name).reversed()
            if let v = program.parameter(p, for: here.name) {
                lines.append("**\(text("parameter", "参数"))** `\(p)` = **\(show(v.value.duration))**" + text(" for `\(here.name)`", "(`\(here.name)`)") + label(v.label))
            } else {
                lines.append(text("`\(p)` is not set for `\(here.name)` or any level above it.", "`\(here.name)` 及其上级都没有设置 `\(p)`。"))
            }
        } else {
            levels = program.jurisdictions.values.sorted { PolicyCatalog.order($0, $1, program) }
            lines.append("**\(text("parameter", "参数"))** `\(p)`")
        }
        let setting = levels.compactMap { j in j.parameters[p].map { (j, $0) } }
        if setting.isEmpty { return lines.joined(separator: "\n\n") }
        lines.append("")
        lines.append(text("Set by:", "各级设置:"))
        let inForce = here.flatMap { program.parameter(p, for: $0.name) }
        for (j, v) in setting {
            var line = "- `\(j.name)`: \(show(v.value.duration)) "
            line += v.isOverride ? text("(override)", "(覆盖)") : text("(declared)", "(声明)")
            if let c = v.citation { line += " " + text("citing", "依据") + " " + list(c.ids.map(\.rawValue)) + (c.clause.map { "(\($0))" } ?? "") }
            line += " " + describe(v.place, in: analysis)
            if let why = v.justification { line += text(" — because: ", " — 理由:") + why }
            if let inForce, inForce.declaredIn == j.name { line += text(" ← in force", " ← 生效值") }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The catalog entry of an ID: the document that covers it and the rules that cite it.
    func describeCatalogID(_ id: CatalogID, program: Program, in analysis: TreeAnalysis) -> String {
        var lines = ["**\(text("catalog", "目录"))** `\(id)`"]
        var covered = false
        for j in program.jurisdictions.values.sorted(by: { PolicyCatalog.order($0, $1, program) }) {
            for doc in j.documents where doc.covers.contains(id) {
                covered = true
                lines.append("`\(j.name)`: " + documentLine(doc))
            }
        }
        if !covered { lines.append(text("No document of the tree covers this ID.", "规则目录中没有文件涵盖此编号。")) }
        let entries = PolicyCatalog.entries(program).filter { $0.id == id }
        let rules = entries.flatMap { e in e.rules.map { "`\(e.jurisdiction)/\($0.name)`" + label($0.label) } }
        let overrides = entries.flatMap { e in e.overrides.map { "`\(e.jurisdiction)`: `\($0.name)` = \(show($0.value.duration))" } }
        if !rules.isEmpty { lines.append(text("Cited by:", "引用它的规则:") + "\n" + rules.map { "- " + $0 }.joined(separator: "\n")) }
        if !overrides.isEmpty { lines.append(text("Sets:", "设定的参数:") + "\n" + overrides.map { "- " + $0 }.joined(separator: "\n")) }
        if rules.isEmpty && overrides.isEmpty && covered {
            lines.append(text("No rule cites it yet.", "尚无规则引用它。"))
        }
        return lines.joined(separator: "\n\n")
    }

    /// How a duration counts: its unit, where counting starts, and whether the end moves off a rest day.
    func describe(_ o: DurationOccurrence, from path: String, in analysis: TreeAnalysis) -> String {
        let d = DulyTime.Duration(o.duration.count, o.duration.unit)
        var lines = ["**\(text("duration", "期限"))** \(show(d))"]
        switch o.duration.unit {
        case .calendarDay: lines.append(text("Calendar days: every day counts.", "自然日:每一天都计算。"))
        case .workingDay: lines.append(text("Working days: Monday to Friday and make-up working days (调休上班), not statutory holidays.", "工作日:周一至周五及调休上班日,不含法定节假日。"))
        case .teachingDay: lines.append(text("Teaching days: working days inside a term of the school calendar.", "教学日:校历学期内的工作日。"))
        case .week: lines.append(text("Weeks: 7 calendar days each.", "周:每周 7 个自然日。"))
        case .halfMonth: lines.append(text("Half months: 15 calendar days each (民法典 does not define 半个月; this is the reading of BGB §189).", "半月:每半月 15 个自然日(民法典未定义半个月,按德国民法典第 189 条的读法)。"))
        case .month: lines.append(text("Months: ends on the corresponding day of the final month, or its last day when there is none (民法典 第二百零二条).", "月:到期月的对应日,没有对应日的为该月最后一日(民法典 第二百零二条)。"))
        case .year: lines.append(text("Years: ends on the corresponding day of the final year (民法典 第二百零二条).", "年:到期年的对应日(民法典 第二百零二条)。"))
        }
        if o.isDeadline {
            if let from = o.from {
                lines.append(text("Start: the latest `\(from)` of the same student; the day of it is not counted (民法典 第二百零一条).",
                                  "起算:同一学生最近一次 `\(from)`;当日不计入(民法典 第二百零一条)。"))
            } else if let trigger = o.trigger {
                lines.append(text("Start: the triggering `\(trigger)`; its day is not counted (民法典 第二百零一条).",
                                  "起算:触发的 `\(trigger)`;当日不计入(民法典 第二百零一条)。"))
            } else {
                lines.append(text("Start: the triggering event; its day is not counted (民法典 第二百零一条).", "起算:触发事件;当日不计入(民法典 第二百零一条)。"))
            }
        } else {
            lines.append(text("Start: where the rule that uses it says; the starting day is not counted (民法典 第二百零一条).",
                              "起算:以使用它的规则为准;起算当日不计入(民法典 第二百零一条)。"))
        }
        switch o.duration.unit {
        case .workingDay, .teachingDay:
            lines.append(text("Roll: the last day is a working day, so it never moves.", "顺延:最后一日本身是工作日,不顺延。"))
        default:
            lines.append(text("Roll: a last day on a statutory holiday or a weekend rest day moves to the next working day (民法典 第二百零三条).",
                              "顺延:最后一日是法定节假日或周末休息日的,顺延至下一个工作日(民法典 第二百零三条)。"))
        }
        if let program = analysis.program, let j = analysis.jurisdiction(ofFile: path), let calendar = program.calendar(for: j.name) {
            lines.append(text("Counted in the calendar of the jurisdiction of the organisation that holds the duty (for `\(j.name)`: `\(calendar)`).",
                              "按承担义务的组织所在辖区的日历计算(`\(j.name)`:`\(calendar)`)。"))
        }
        return lines.joined(separator: "\n\n")
    }
}
