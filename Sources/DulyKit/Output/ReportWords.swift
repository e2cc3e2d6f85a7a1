import DulyModel
import DulySource
import DulyTime

/// The words of the due and findings lists in each language: column headers, statuses and kinds
/// of finding. Tables, CSV and Markdown speak the user's language (`--lang` or `LANG`); JSON keys
/// and values stay the stable codes scripts rely on, and `--lang en` gives them in CSV too.
enum ReportWords {
    static let headers: [String: String] = [
        // Tables
        "due": "截止", "days": "剩余天数", "subject": "对象", "action": "行为", "responsible": "责任方", "cite": "依据",
        "date": "日期", "finding": "问题", "rule": "规则", "findings": "问题数", "organisation": "组织",
        // CSV and Markdown columns
        "due_time": "截止时刻", "days_left": "剩余天数", "status": "状态", "subject_name": "对象名称", "role": "角色",
        "organisation_name": "组织名称", "recipient": "接收方", "citation": "依据", "trigger": "触发事件", "start": "起算日",
        "period": "周期", "note": "说明", "basis": "日历依据", "kind": "类型", "severity": "严重程度", "evidence": "证据",
        "message": "问题说明",
    ]

    /// Column headers in `language`. CSV columns keep their codes' meaning: `subject` is the ID,
    /// `subject_name` the name.
    static func headers(_ english: [String], _ language: MessageLanguage, csv: Bool = false) -> [String] {
        guard language == .zh else { return english }
        return english.map { h in
            if csv, h == "subject" { return "对象编号" }
            if csv, h == "organisation" { return "组织编号" }
            if csv, h == "due" { return "截止日期" }
            return headers[h] ?? h
        }
    }

    static func status(_ s: ObligationStatus, _ language: MessageLanguage) -> String {
        guard language == .zh else { return s.rawValue }
        switch s {
        case .open: return "未到期"
        case .dueSoon: return "即将到期"
        case .overdue: return "已逾期"
        case .doneOnTime: return "按期办理"
        case .doneLate: return "逾期办理"
        case .noDeadline: return "无可检查期限"
        case .undetermined: return "无法判断"
        }
    }

    static func kind(_ k: FindingKind, _ language: MessageLanguage) -> String {
        guard language == .zh else { return k.rawValue }
        switch k {
        case .late: return "逾期办理"
        case .missed: return "未办"
        case .forbidden: return "违禁"
        case .missingPrerequisite: return "缺少前提"
        case .outOfOrder: return "顺序错误"
        }
    }

    static func severity(_ s: DulyModel.Severity, _ language: MessageLanguage) -> String {
        guard language == .zh else { return s.rawValue }
        return s == .error ? "错误" : "警告"
    }

    static func nothingDue(_ asOf: CivilDate, _ language: MessageLanguage) -> String {
        language == .zh ? "截至 \(asOf) 没有待办\n" : "nothing due as of \(asOf)\n"
    }

    static func noFindings(_ language: MessageLanguage) -> String {
        language == .zh ? "没有问题\n" : "no findings\n"
    }
}


extension ReportWords {
    /// A finding's message in `language`.
    static func message(_ f: Finding, _ language: MessageLanguage) -> String { message(f.reason, language) }

    /// Why a finding was raised, worded in `language`.
    static func message(_ reason: FindingReason, _ language: MessageLanguage) -> String {
        guard language == .zh else { return english(reason) }
        func acts(_ a: [EventType]) -> String { TraceWords.actions(a, true) }
        func to(_ r: [RoleName]) -> String { r.isEmpty ? "" : "(向 \(TraceWords.or(r, true)))" }
        func due(_ d: DueMoment) -> String { TraceWords.moment(d, true) }
        func at(_ date: CivilDate, _ time: TimeOfDay?) -> String { TraceWords.at(date, time) }
        switch reason {
        case .doneLate(let a, let r, let done, let on, let time, let d):
            return "\(acts(a))\(to(r)) 由 \(done) 于 \(at(on, time)) 办理,期限为 \(due(d))"
        case .notDone(let a, let r, let d, let trigger, let event, let holders, let seen):
            let any = holders.isEmpty ? "" : ",\(holders.joined(separator: "、")) 均未办理"
            return "\(trigger) \(event) 之后须\(acts(a))\(to(r)),期限 \(due(d)),至 \(seen) 未见办理\(any)"
        case .periodDoneLate(let a, let period, let d, let late):
            let list = late.map { "\($0.event) 于 \(at($0.date, $0.time)) 办理,\(TraceWords.lateness(days: $0.daysLate, d, true))" }.joined(separator: ";")
            return "\(period) 的\(a)(期限 \(due(d)))逾期办理:\(list)"
        case .periodShort(let a, let have, let needed, let period, let d):
            return "\(period) 须\(acts(a)) \(needed) 次(期限 \(due(d))),只有 \(have) 次"
        case .forbidden(let role, let type, let event, let on):
            return "\(role) 不得\(type):\(event) 于 \(on)"
        case .missingPrerequisite(let action, let event, let on, let p, let others):
            let why = others.map { o in
                guard let by = o.recordedBy else { return ";\(o.type) \(o.event) 于 \(o.date) 没有记录办理机构,不算 \(o.wanted) 办理" }
                return ";\(o.type) \(o.event) 于 \(o.date) 由 \(by) 记录,不是 \(o.wanted),不算"
            }.joined()
            return "\(action) \(event) 于 \(on) 办理,此前没有\(prerequisite(p))\(why)"
        case .outOfOrder(let type, let event, let on, let before):
            return "\(type) \(event) 于 \(on) 办理,早于任何\(before)"
        }
    }

    /// The English wording: one line naming the act, the deadline and the events.
    static func english(_ reason: FindingReason) -> String {
        func to(_ r: [RoleName]) -> String { r.isEmpty ? "" : " to " + r.map(\.rawValue).joined(separator: " or ") }
        func due(_ d: DueMoment) -> String { TraceWords.moment(d, false) }
        switch reason {
        case .doneLate(let a, let r, _, let on, let time, let d):
            return "\(a[0])\(to(r)) done on \(TraceWords.at(on, time)), due \(due(d))"
        case .notDone(let a, let r, let d, let trigger, let event, let holders, let seen):
            let by = holders.isEmpty ? "" : " by any of \(holders.joined(separator: ", "))"
            return "\(TraceWords.actions(a, false))\(to(r)) due \(due(d)) after \(trigger) \(event) not done\(by) by \(seen)"
        case .periodDoneLate(let a, let period, let d, let late):
            let acts = late.map { "\($0.event) on \(TraceWords.at($0.date, $0.time)), \(TraceWords.lateness(days: $0.daysLate, d, false))" }
            return "\(a) for \(period) (due \(due(d))) done late: \(acts.joined(separator: "; "))"
        case .periodShort(let a, let have, let needed, let period, let d):
            return "\(TraceWords.actions(a, false)) \(have) of \(needed) in \(period) (by \(due(d)))"
        case .forbidden(let role, let type, let event, let on):
            return "\(role) must not \(type): \(event) on \(on)"
        case .missingPrerequisite(let action, let event, let on, let p, let others):
            let why = others.map { o in
                guard let by = o.recordedBy else {
                    return "; \(o.type) \(o.event) on \(o.date) names no organisation that recorded it, so it does not count as \(o.wanted)'s"
                }
                return "; \(o.type) \(o.event) on \(o.date) was recorded by \(by), not \(o.wanted), so it does not count"
            }.joined()
            return "\(action) \(event) on \(on) without \(TraceWords.prerequisite(p)) before it\(why)"
        case .outOfOrder(let type, let event, let on, let before):
            return "\(type) \(event) on \(on) came before any \(before)"
        }
    }

    static func prerequisite(_ p: Prerequisite) -> String {
        switch p {
        case .event(let type, let n): return n == 1 ? type.rawValue : "至少 \(n) 次\(type)"
        case .eventBy(let type, let n, let role): return (n == 1 ? type.rawValue : "至少 \(n) 次\(type)") + "(由 \(role))"
        case .all(let ps): return ps.map { "(\(prerequisite($0)))" }.joined(separator: " 且 ")
        case .any(let ps): return ps.map { "(\(prerequisite($0)))" }.joined(separator: " 或 ")
        }
    }
}
