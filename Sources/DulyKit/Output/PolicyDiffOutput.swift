import DulyModel
import DulySource
import DulyTime

/// Output formats of `duly diff`.
public enum PolicyDiffFormat: String, Sendable, CaseIterable {
    case text, json, md
}

/// Renders a `PolicyDiffReport`: text for a terminal (80 columns, Chinese aligned by display
/// width), Markdown for a pull request, JSON for scripts (documented in docs/diff.md).
public enum PolicyDiffOutput {
    public static func render(_ report: PolicyDiffReport, format: PolicyDiffFormat, language: MessageLanguage = .en) -> String {
        switch format {
        case .text: return text(report, Words(language))
        case .md: return markdown(report, Words(language))
        case .json: return json(report)
        }
    }

    /// Headings and column names in the reader's language; JSON keys are always English.
    struct Words {
        var zh: Bool
        init(_ language: MessageLanguage) { zh = language == .zh }
        func callAsFunction(_ en: String, _ zh: String) -> String { self.zh ? zh : en }

        var moved: String { self("due actions moved", "期限变动的待办") }
        var added: String { self("due actions added", "新增的待办") }
        var removed: String { self("due actions removed", "删除的待办") }
        var findingsAdded: String { self("findings added", "新增的发现") }
        var findingsRemoved: String { self("findings removed", "消除的发现") }
        var byRule: String { self("by rule", "按规则") }
        var byOrganisation: String { self("by organisation", "按组织") }
        var dueHeaders: [String] { zh ? ["期限", "状态", "对象", "行为", "责任方", "依据"] : ["due", "status", "subject", "action", "responsible", "cite"] }
        var movedHeaders: [String] { zh ? ["原期限", "新期限", "对象", "行为", "责任方", "依据"] : ["old due", "new due", "subject", "action", "responsible", "cite"] }
        var findingHeaders: [String] { zh ? ["日期", "发现", "对象", "行为", "责任方", "依据"] : ["date", "finding", "subject", "action", "responsible", "cite"] }
        func countHeaders(_ first: String) -> [String] {
            [first] + (zh ? ["变动", "新增", "删除", "发现+", "发现-"] : ["moved", "added", "removed", "found+", "found-"])
        }

        func summary(_ c: PolicyDiffChanges) -> String {
            zh ? "待办:期限变动 \(c.moved.count) 项,新增 \(c.added.count) 项,删除 \(c.removed.count) 项;发现:新增 \(c.findingsAdded.count) 项,消除 \(c.findingsRemoved.count) 项"
               : "due actions: \(c.moved.count) moved, \(c.added.count) added, \(c.removed.count) removed; findings: \(c.findingsAdded.count) added, \(c.findingsRemoved.count) removed"
        }

        func when(_ o: PolicyDiffOptions) -> String {
            let window: String
            switch (o.from, o.to) {
            case (nil, nil): window = ""
            case (let lo?, let hi?): window = zh ? ";发现期间 \(lo) 至 \(hi)" : "; findings from \(lo) to \(hi)"
            case (let lo?, nil): window = zh ? ";发现自 \(lo) 起" : "; findings from \(lo)"
            case (nil, let hi?): window = zh ? ";发现至 \(hi) 止" : "; findings to \(hi)"
            }
            return (zh ? "截至 \(o.asOf)" : "as of \(o.asOf)") + window
        }
    }

    // MARK: - Cells

    static func subject(_ name: String, _ id: SubjectID) -> String { name.isEmpty ? id.rawValue : name }
    static func action(_ a: DueAction) -> String { Reports.action(a) }
    static func responsible(_ name: String?, _ role: RoleName) -> String { name ?? role.rawValue }
    static func cite(_ citation: String, _ rule: RuleID) -> String { citation.isEmpty ? rule.rawValue : citation }

    static func movedRows(_ c: PolicyDiffChanges) -> [[String]] {
        c.moved.map { m in
            [Reports.when(m.old.due, m.old.dueTime), Reports.when(m.new.due, m.new.dueTime), subject(m.new.subjectName, m.new.subject),
             action(m.new), responsible(m.new.organisationName, m.new.role), cite(m.new.citation, m.new.rule)]
        }
    }

    static func dueRows(_ list: [DueAction]) -> [[String]] {
        list.map { a in
            [Reports.when(a.due, a.dueTime), a.status.rawValue, subject(a.subjectName, a.subject), action(a),
             responsible(a.organisationName, a.role), cite(a.citation, a.rule)]
        }
    }

    static func findingRows(_ list: [Finding]) -> [[String]] {
        list.map { f in
            [f.date.description, f.kind.rawValue, subject(f.subjectName, f.subject), f.action.rawValue,
             responsible(f.organisationName, f.role), cite(f.citation, f.rule)]
        }
    }

    static func countRows(_ list: [PolicyDiffCount]) -> [[String]] {
        list.map { [$0.label, String($0.dueMoved), String($0.dueAdded), String($0.dueRemoved), String($0.findingsAdded), String($0.findingsRemoved)] }
    }

    /// The sections that have something in them, in reading order.
    static func sections(_ c: PolicyDiffChanges, _ w: Words) -> [(title: String, headers: [String], rows: [[String]], numeric: Set<Int>)] {
        var out: [(String, [String], [[String]], Set<Int>)] = []
        if !c.moved.isEmpty { out.append(("\(w.moved) (\(c.moved.count))", w.movedHeaders, movedRows(c), [])) }
        if !c.added.isEmpty { out.append(("\(w.added) (\(c.added.count))", w.dueHeaders, dueRows(c.added), [])) }
        if !c.removed.isEmpty { out.append(("\(w.removed) (\(c.removed.count))", w.dueHeaders, dueRows(c.removed), [])) }
        if !c.findingsAdded.isEmpty { out.append(("\(w.findingsAdded) (\(c.findingsAdded.count))", w.findingHeaders, findingRows(c.findingsAdded), [])) }
        if !c.findingsRemoved.isEmpty { out.append(("\(w.findingsRemoved) (\(c.findingsRemoved.count))", w.findingHeaders, findingRows(c.findingsRemoved), [])) }
        if !c.isEmpty {
            out.append((w.byRule, w.countHeaders(w("rule", "规则")), countRows(c.byRule), [1, 2, 3, 4, 5]))
            out.append((w.byOrganisation, w.countHeaders(w("organisation", "组织")), countRows(c.byOrganisation), [1, 2, 3, 4, 5]))
        }
        return out
    }

    // MARK: - Text

    static func text(_ r: PolicyDiffReport, _ w: Words) -> String {
        var out = "\(w("old", "原")): \(r.old)\n\(w("new", "新")): \(r.new)\n\(w.when(r.options))\n"
        guard r.hasChanges else { return out + w("no changes", "没有变化") + "\n" }
        out += w.summary(r.changes) + "\n"
        for s in sections(r.changes, w) {
            out += "\n" + s.title + "\n" + TextTable(headers: s.headers, rows: s.rows, rightAligned: s.numeric).render()
        }
        return out
    }

    // MARK: - Markdown

    static func markdown(_ r: PolicyDiffReport, _ w: Words) -> String {
        func code(_ s: String) -> String { "`" + s.replacingOccurrences(of: "`", with: "'") + "`" }
        var out = "## \(w("Policy diff", "规则变更影响")): \(code(r.old)) → \(code(r.new))\n\n\(w.when(r.options))\n\n"
        guard r.hasChanges else { return out + w("No changes.", "没有变化。") + "\n" }
        out += w.summary(r.changes) + "\n"
        for s in sections(r.changes, w) {
            out += "\n### " + s.title + "\n\n" + Reports.markdown(s.headers, s.rows)
        }
        return out
    }

    // MARK: - JSON

    static func json(_ r: PolicyDiffReport) -> String {
        let c = r.changes
        func moved(_ m: MovedDueAction) -> String { "{\"old\": \(Reports.json(m.old)), \"new\": \(Reports.json(m.new))}" }
        func count(_ k: PolicyDiffCount) -> String {
            var o = JSONObject()
            o.add("key", k.key)
            o.add("label", k.label)
            o.add("dueMoved", k.dueMoved)
            o.add("dueAdded", k.dueAdded)
            o.add("dueRemoved", k.dueRemoved)
            o.add("findingsAdded", k.findingsAdded)
            o.add("findingsRemoved", k.findingsRemoved)
            return o.text
        }
        var summary = JSONObject()
        summary.add("dueMoved", c.moved.count)
        summary.add("dueAdded", c.added.count)
        summary.add("dueRemoved", c.removed.count)
        summary.add("findingsAdded", c.findingsAdded.count)
        summary.add("findingsRemoved", c.findingsRemoved.count)
        let fields: [(String, String)] = [
            ("old", JSONObject.quote(r.old)),
            ("new", JSONObject.quote(r.new)),
            ("asOf", JSONObject.quote(r.options.asOf.description)),
            ("from", r.options.from.map { JSONObject.quote($0.description) } ?? "null"),
            ("to", r.options.to.map { JSONObject.quote($0.description) } ?? "null"),
            ("changed", r.hasChanges ? "true" : "false"),
            ("summary", summary.text),
            ("dueActions", "{\n    \"moved\": \(JSONObject.array(c.moved.map(moved), indent: "    ")),\n    \"added\": \(JSONObject.array(c.added.map { Reports.json($0) }, indent: "    ")),\n    \"removed\": \(JSONObject.array(c.removed.map { Reports.json($0) }, indent: "    "))\n  }"),
            ("findings", "{\n    \"added\": \(JSONObject.array(c.findingsAdded.map { Reports.json($0) }, indent: "    ")),\n    \"removed\": \(JSONObject.array(c.findingsRemoved.map { Reports.json($0) }, indent: "    "))\n  }"),
            ("byRule", JSONObject.array(c.byRule.map(count))),
            ("byOrganisation", JSONObject.array(c.byOrganisation.map(count))),
            ("data", JSONObject.counts([("students", r.students), ("organisations", r.organisations), ("events", r.events), ("skippedRows", r.skippedRows)])),
            ("problems", JSONObject.array(r.problems.map { p in
                var o = JSONObject()
                o.add("kind", p.kind.rawValue)
                o.add("message", TraceWords.problem(p, .en))
                return o.text
            })),
        ]
        return "{\n" + fields.map { "  \(JSONObject.quote($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }
}
