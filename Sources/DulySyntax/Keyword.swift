import DulyTime

/// Every keyword with its English and Chinese spellings. A keyword is a whole word; where
/// English needs two words (`must not`, `for each managed`) the parser reads them in sequence
/// and the table holds the first.
public enum Keyword: String, CaseIterable, Sendable {
    // items
    case policy, vocabulary, parameter, override, define, rule, escalation, uncheckable
    // policy header
    case code, extends, uses, calendar, effective, until, defaultTime, document
    case number, title, issuer, date, covers
    // vocabulary
    case role, at, manages, isOf, ofRole, subject, event, answers
    // clauses
    case cite, when, `where`, forEach, managed, reason, count, consecutive, step, inOrder
    case then, otherwise, must, mustNot, not, to, within, after, from, since, inside, by, before
    case every, atLeast, times, inMonths, months, month, dayOfMonth, requires, and, or
    case inclusive, exclusive, rolling, notRolling, yes, no, because
    // term-anchored windows
    case aroundStart, beforeStart, autumnTerm, springTerm, teachingPeriodsOnly

    public var english: [String] {
        switch self {
        case .policy: ["policy"]
        case .vocabulary: ["vocabulary"]
        case .parameter: ["parameter"]
        case .override: ["override"]
        case .define: ["define"]
        case .rule: ["rule"]
        case .escalation: ["escalation"]
        case .uncheckable: ["uncheckable"]
        case .code: ["code"]
        case .extends: ["extends"]
        case .uses: ["uses"]
        case .calendar: ["calendar"]
        case .effective: ["effective"]
        case .until: ["until"]
        case .defaultTime: ["default"]
        case .document: ["document"]
        case .number: ["number"]
        case .title: ["title"]
        case .issuer: ["issuer"]
        case .date: ["date"]
        case .covers: ["covers"]
        case .role: ["role"]
        case .at: ["at"]
        case .manages: ["manages"]
        case .isOf: ["is"]
        case .ofRole: ["of"]
        case .subject: ["subject"]
        case .event: ["event"]
        case .answers: ["answers"]
        case .cite: ["cite"]
        case .when: ["when"]
        case .where: ["where"]
        case .forEach: ["for"]
        case .managed: ["managed"]
        case .reason: ["reason"]
        case .count: ["count"]
        case .consecutive: ["consecutive"]
        case .step: ["step"]
        case .inOrder: ["in"]
        case .then: ["then"]
        case .otherwise: ["otherwise"]
        case .must: ["must"]
        case .mustNot: []
        case .not: ["not"]
        case .to: ["to"]
        case .within: ["within"]
        case .after: ["after"]
        case .from: ["from"]
        case .since: []
        case .inside: []
        case .by: ["by"]
        case .before: []
        case .every: ["every"]
        case .atLeast: ["at"]
        case .times: ["times", "time"]
        case .inMonths: ["in"]
        case .months: ["months"]
        case .month: []
        case .dayOfMonth: []
        case .requires: ["requires"]
        case .and: ["and"]
        case .or: ["or"]
        case .inclusive: ["inclusive"]
        case .exclusive: ["exclusive"]
        case .rolling: ["rolling"]
        case .notRolling: []
        case .yes: ["yes", "true"]
        case .no: ["no", "false"]
        case .because: ["because"]
        case .aroundStart: ["around"]
        case .beforeStart: []
        case .autumnTerm: ["autumn"]
        case .springTerm: ["spring"]
        case .teachingPeriodsOnly: []
        }
    }

    public var chinese: [String] {
        switch self {
        case .policy: ["政策"]
        case .vocabulary: ["词汇"]
        case .parameter: ["参数"]
        case .override: ["覆盖"]
        case .define: ["定义"]
        case .rule: ["规则"]
        case .escalation: ["升级"]
        case .uncheckable: ["不可检查"]
        case .code: ["代码"]
        case .extends: ["继承"]
        case .uses: ["使用"]
        case .calendar: ["日历"]
        case .effective: ["生效"]
        case .until: ["至"]
        case .defaultTime: ["默认时间"]
        case .document: ["文件"]
        case .number: ["文号"]
        case .title: ["标题"]
        case .issuer: ["发文机关"]
        case .date: ["日期"]
        case .covers: ["涵盖"]
        case .role: ["角色"]
        case .at: ["隶属"]
        case .manages: ["管辖"]
        case .isOf: ["为"]
        case .ofRole: ["的"]
        case .subject: ["对象"]
        case .event: ["事件"]
        case .answers: ["回应"]
        case .cite: ["依据"]
        case .when: ["当"]
        case .where: ["若"]
        case .forEach: ["对"]
        case .managed: ["所辖"]
        case .reason: ["原因"]
        case .count: ["计数"]
        case .consecutive: ["连续"]
        case .step: ["第"]
        case .inOrder: ["依次"]
        case .then: ["然后"]
        case .otherwise: ["否则"]
        case .must: ["须", "必须", "应当"]
        case .mustNot: ["不得"]
        case .not: ["非"]
        case .to: ["向"]
        case .within: []
        case .after: []
        case .from: []
        case .since: ["自"]
        case .inside: ["内", "以内"]
        case .by: []
        case .before: ["前"]
        case .every: ["每"]
        case .atLeast: ["至少", "不少于"]
        case .times: ["次"]
        case .inMonths: ["于"]
        case .months: []
        case .month: ["月"]
        case .dayOfMonth: ["日"]
        case .requires: ["须先"]
        case .and: ["且"]
        case .or: ["或"]
        case .inclusive: ["含当日"]
        case .exclusive: ["不含当日"]
        case .rolling: ["顺延"]
        case .notRolling: ["不顺延"]
        case .yes: ["是"]
        case .no: ["否"]
        case .because: ["理由"]
        case .aroundStart: ["开学前后"]
        case .beforeStart: ["开学前"]
        case .autumnTerm: ["秋季学期"]
        case .springTerm: ["春季学期"]
        case .teachingPeriodsOnly: ["仅含教学日的周期"]
        }
    }

    /// Words that start an item or a clause; a declaration may not be named with one, and a
    /// name glued to one of them (`当函告`) is diagnosed with a hint to add a space.
    public static let clauseStarters: [Keyword] = [
        .policy, .vocabulary, .parameter, .override, .define, .rule, .escalation, .uncheckable,
        .code, .extends, .uses, .calendar, .effective, .defaultTime, .document, .number, .title,
        .issuer, .date, .covers, .role, .subject, .event, .cite, .when, .forEach, .reason, .count,
        .step, .inOrder, .then, .otherwise,
    ]

    /// Every spelling of every keyword, for "is this name a keyword?".
    public static let allSpellings: Set<String> = {
        var s = Set<String>()
        for k in Keyword.allCases {
            s.formUnion(k.english)
            s.formUnion(k.chinese)
        }
        for t in UnquantifiedTerm.allCases {
            s.insert(t.english)
            s.insert(t.chinese)
        }
        s.insert("default")
        return s
    }()
}
