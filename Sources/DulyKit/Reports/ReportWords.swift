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

