import DulySource
import DulyModel
import DulyTime

/// A rule in force in a year with no holiday data cannot be evaluated then; a rule that counts
/// teaching days needs a school calendar.
func lintCalendarCoverage(_ context: LintContext) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for j in context.jurisdictions {
        guard let calendar = context.calendar(j.name), let first = calendar.holidayYears.first, let last = calendar.holidayYears.last else { continue }
        func check(_ validity: Validity?, _ place: SourcePlace, _ what: LocalizedText) {
            guard let v = validity else { return }
            let years = [v.from.year] + (v.until.map { [$0.year] } ?? [])
            guard let outside = years.first(where: { $0 < first || $0 > last }) else { return }
            diagnostics.append(Diagnostic(.outsideCalendarData, path: place.path, span: place.span,
                                          message: LocalizedText(en: "\(what.en) is in force in \(outside), but calendar `\(calendar.name)` has holiday data for \(first)–\(last) only",
                                                                 zh: "\(what.zh)在 \(outside) 年生效,但日历 `\(calendar.name)` 只有 \(first)–\(last) 年的节假日数据"),
                                          help: LocalizedText(en: "add \(outside)'s holiday notice under policies/calendars (see docs/time.md)",
                                                              zh: "在 policies/calendars 中补充 \(outside) 年的节假日通知(见 docs/time.md)")))
        }
        check(j.validity, j.place, LocalizedText(en: "policy `\(j.name)`", zh: "政策 `\(j.name)` "))
        for rule in j.rules {
            check(rule.validity, rule.place, LocalizedText(en: "rule `\(rule.name)`", zh: "规则 `\(rule.name)` "))
        }
    }
    // Cases are judged in the jurisdictions no other extends; a rule counting teaching days
    // must find a school calendar there, wherever the rule itself is written.
    let parents = Set(context.jurisdictions.compactMap(\.parent))
    var reported = Set<RuleID>()
    for leaf in context.jurisdictions where !parents.contains(leaf.name) {
        guard let calendar = context.calendar(leaf.name), calendar.schoolCalendar == nil else { continue }
        for rule in context.program.effectiveRules(for: leaf.name) {
            guard let place = teachingDayUse(rule), reported.insert(rule.id).inserted else { continue }
            diagnostics.append(Diagnostic(.noSchoolCalendar, path: place.path, span: place.span,
                                          message: LocalizedText(en: "rule `\(rule.name)` counts teaching days or semesters, but `\(leaf.name)` counts in calendar `\(calendar.name)`, which has no school calendar",
                                                                 zh: "规则 `\(rule.name)` 按教学日或学期计算,但 `\(leaf.name)` 使用的日历 `\(calendar.name)` 没有校历"),
                                          labels: [context.label(leaf.place, en: "`\(leaf.name)` is judged by it", zh: "`\(leaf.name)` 适用此规则")],
                                          help: LocalizedText(en: "name a province's calendar (e.g. `calendar 四川`) or add its school.cal",
                                                              zh: "改用省级日历(如 `日历 四川`)或为其添加 school.cal")))
        }
    }
    return diagnostics
}

/// Where a rule first relies on teaching days or semesters, if it does.
func teachingDayUse(_ rule: Rule) -> SourcePlace? {
    func uses(_ duty: Duty) -> Bool {
        switch duty.timing {
        case .deadline(.within(let a, _)): a.duration.unit == .teachingDay
        case .deadline(.termEnd): true
        case .recurring(let r):
            switch r.period {
            case _ where r.teachingPeriodsOnly: true
            case .every(let unit, _): unit == .teachingDay || unit == .semester
            case .termStart: true
            default: false
            }
        default: false
        }
    }
    switch rule.body {
    case .duties(_, _, let duties): return duties.first(where: uses)?.place
    case .escalation(let counter, let steps):
        if counter.unit == .teachingDay { return rule.place }
        return steps.flatMap(\.duties).first(where: uses)?.place
    default: return nil
    }
}
