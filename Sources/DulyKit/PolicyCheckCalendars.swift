import DulyModel
import DulySource
import DulyTime

/// A policy whose rules count teaching days or terms on a school calendar that rests, at least
/// in part, on assumed dates rather than a published 校历.
public struct AssumedCalendarUse: Hashable, Sendable {
    public var jurisdiction: JurisdictionName
    /// The policy file.
    public var path: String
    /// The calendar stack the policy uses (`贵州`, `贵州/正安县`).
    public var calendar: String
    /// The rules in force there (its own and inherited) that count on the school calendar.
    public var rules: [RuleID]
}

extension PolicyCheck {
    /// Per jurisdiction whose calendar has an assumed school-calendar entry, the rules in force
    /// there that count teaching days or terms (and so rest on the assumption).
    static func assumedCalendarUses(_ program: Program, calendars: [JurisdictionName: WorkCalendar],
                                    requested: (String) -> Bool) -> [AssumedCalendarUse] {
        var uses: [AssumedCalendarUse] = []
        for j in program.jurisdictions.values.sorted(by: { $0.name < $1.name }) where requested(j.place.path) {
            guard let calendar = calendars[j.name], let school = calendar.schoolCalendar, school.entries.contains(where: \.isAssumption) else { continue }
            let rules = program.effectiveRules(for: j.name).filter { countsOnSchoolCalendar($0, program: program, in: j.name) }.map(\.id)
            guard !rules.isEmpty else { continue }
            uses.append(AssumedCalendarUse(jurisdiction: j.name, path: j.place.path, calendar: calendar.name, rules: rules))
        }
        return uses
    }

    /// Whether a rule counts teaching days (a deadline, a term's definition, a consecutive
    /// count) or recurs every teaching day or semester, as it reads in `jurisdiction`.
    static func countsOnSchoolCalendar(_ rule: Rule, program: Program, in jurisdiction: JurisdictionName) -> Bool {
        func amount(_ a: Amount) -> Bool {
            let d = a.parameter.flatMap { program.parameter($0, for: jurisdiction)?.value.duration } ?? a.duration
            return d.unit == .teachingDay
        }
        func duty(_ d: Duty) -> Bool {
            switch d.timing {
            case .recurring(let r): return r.restsOnSchoolCalendar
            case .deadline(.termEnd): return true
            case .deadline(.within(let a, _)): return amount(a)
            case .deadline(.term(let term, let definition)):
                return (program.definition(of: term, for: jurisdiction) ?? definition).map(amount) ?? false
            default: return false
            }
        }
        switch rule.body {
        case .duties(_, _, let duties): return duties.contains(where: duty)
        case .escalation(let counter, let steps): return counter.unit == .teachingDay || steps.contains { $0.duties.contains(where: duty) }
        default: return false
        }
    }

    /// The informational lines `duly check` prints about assumed school calendars.
    public static func assumedCalendarNote(_ uses: [AssumedCalendarUse], language: MessageLanguage) -> String {
        guard !uses.isEmpty else { return "" }
        var lines = [language == .zh
            ? "提示:以下规则按假定的校历(非公布的校历)计算教学日或学期,所得期限和问题会标明“假定校历”;请补充本县校历(见 docs/guide.zh.md“本县校历”):"
            : "note: these policies count teaching days or terms on an assumed school calendar (not a published 校历); their due dates and findings say so. Supply the county's own 校历 (docs/case-data.md):"]
        for u in uses {
            let ids = u.rules.map(\.rawValue).joined(separator: language == .zh ? "、" : ", ")
            lines.append(language == .zh ? "  \(u.jurisdiction)(日历 \(u.calendar)):\(u.rules.count) 条规则:\(ids)"
                                         : "  \(u.jurisdiction) (calendar \(u.calendar)): \(u.rules.count) rule\(u.rules.count == 1 ? "" : "s"): \(ids)")
        }
        return lines.joined(separator: "\n")
    }
}
