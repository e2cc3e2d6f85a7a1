import DulySource
import DulyModel
import DulyTime

/// A child jurisdiction may be stricter than its parent, never laxer: a longer deadline, a rarer
/// recurrence, fewer required occurrences, or a dropped prohibition is an error that neither a
/// reason on the override nor a suppression comment silences. A reason only explains a value
/// that cannot be compared with the parent's in general (D0503).
func lintLaxerThanParent(_ context: LintContext) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for child in context.jurisdictions {
        guard let parentName = child.parent else { continue }
        let calendar = context.calendar(child.name)
        // Overridden parameters.
        for parameter in child.parameters.values.sorted(by: { $0.name < $1.name }) {
            guard parameter.declaredIn == child.name, let inherited = context.program.parameter(parameter.name, for: parentName) else { continue }
            let order = compare(parameter.value.duration, inherited.value.duration, over: calendar)
            diagnostics += judge(order, child: parameter.value.duration, parent: inherited.value.duration, justified: parameter.justification != nil,
                                 what: LocalizedText(en: "parameter `\(parameter.name)`", zh: "参数 `\(parameter.name)`"),
                                 childPlace: parameter.place, parentPlace: inherited.place, parentName: inherited.declaredIn, context: context)
        }
        // Rules replacing an ancestor's rule of the same name.
        let inherited = Dictionary(context.program.effectiveRules(for: parentName).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for rule in child.rules {
            guard let parentRule = inherited[rule.name] else { continue }
            diagnostics += compareRules(child: rule, parent: parentRule, calendar: calendar, context: context)
        }
    }
    return diagnostics
}

private func judge(_ order: DurationOrder, child: Duration, parent: Duration, justified: Bool, what: LocalizedText,
                   childPlace: SourcePlace, parentPlace: SourcePlace, parentName: JurisdictionName, context: LintContext) -> [Diagnostic] {
    let parentLabel = context.label(parentPlace, en: "`\(parentName)` sets \(parent) here", zh: "`\(parentName)` 在此规定 \(parent.chineseDescription)")
    switch order {
    case .longer:
        return [Diagnostic(.laxerThanParent, path: childPlace.path, span: childPlace.span,
                           message: LocalizedText(en: "\(what.en) allows \(child), longer than the \(parent) `\(parentName)` allows",
                                                  zh: "\(what.zh) 规定 \(child.chineseDescription),长于 `\(parentName)` 的 \(parent.chineseDescription)"),
                           labels: [parentLabel],
                           help: LocalizedText(en: "a child may be stricter than its parent, never laxer: use at most \(parent)",
                                               zh: "下级只能比上级严格,不能更宽松:期限不得超过 \(parent.chineseDescription)"))]
    case .mixed(let longer, _, let total) where !justified:
        return [Diagnostic(.incomparableWithParent, path: childPlace.path, span: childPlace.span,
                           message: LocalizedText(en: "\(what.en): \(child) and the parent's \(parent) are not comparable in general; \(child) is longer from \(longer) of \(total) start dates",
                                                  zh: "\(what.zh):\(child.chineseDescription) 与上级的 \(parent.chineseDescription) 一般不可比较;在 \(total) 个起算日中有 \(longer) 个更长"),
                           labels: [parentLabel],
                           help: LocalizedText(en: "state it in the parent's unit, or give the reason with `because`", zh: "改用上级的单位,或用 `理由` 说明"))]
    case .undecidable where !justified:
        return [Diagnostic(.incomparableWithParent, path: childPlace.path, span: childPlace.span,
                           message: LocalizedText(en: "\(what.en): \(child) and the parent's \(parent) are not comparable without calendar data",
                                                  zh: "\(what.zh):没有日历数据,\(child.chineseDescription) 与上级的 \(parent.chineseDescription) 无法比较"),
                           labels: [parentLabel])]
    default:
        return []
    }
}

/// Recurrence frequency rank: a larger rank is a rarer recurrence.
private func rank(_ p: RecurrencePeriod) -> Int? {
    switch p {
    case .every(let unit, _):
        switch unit {
        case .day: 0
        case .teachingDay: 1
        case .week: 2
        case .halfMonth: 3
        case .month: 4
        case .quarter: 5
        case .halfYear: 6
        case .semester: 6
        case .schoolYear: 7
        case .year: 7
        }
    case .yearly: 7
    case .months(let ms): ms.count >= 12 ? 4 : ms.count >= 2 ? 6 : 7
    case .termStart(let season, _): season == .any ? 6 : 7
    }
}

private func duties(of rule: Rule) -> [Duty] {
    switch rule.body {
    case .duties(_, _, let d): d
    case .escalation(_, let steps): steps.flatMap(\.duties)
    default: []
    }
}

private func compareRules(child: Rule, parent: Rule, calendar: WorkCalendar?, context: LintContext) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let parentLabel = context.label(parent.place, en: "`\(parent.jurisdiction)` states the rule here", zh: "`\(parent.jurisdiction)` 的规则在此")
    func laxer(_ place: SourcePlace, en: String, zh: String) {
        diagnostics.append(Diagnostic(.laxerThanParent, path: place.path, span: place.span, message: LocalizedText(en: en, zh: zh),
                                      labels: [parentLabel],
                                      help: LocalizedText(en: "a child may be stricter than its parent, never laxer: keep the parent's requirement",
                                                          zh: "下级只能比上级严格,不能更宽松:请保持上级的要求")))
    }
    if case .uncheckable = child.body, !(parent.body.isUncheckable) {
        laxer(child.place, en: "rule `\(child.name)` drops `\(parent.jurisdiction)`'s checkable rule as uncheckable",
              zh: "规则 `\(child.name)` 把 `\(parent.jurisdiction)` 的可检查规则改为不可检查")
        return diagnostics
    }
    let childDuties = duties(of: child)
    for p in duties(of: parent) {
        let match = childDuties.first { $0.role == p.role && $0.action == p.action && $0.sequel == p.sequel }
        guard let c = match else {
            if p.isProhibition {
                laxer(child.place, en: "rule `\(child.name)` drops the prohibition `\(p.role) must not \(p.action)` of `\(parent.jurisdiction)`",
                      zh: "规则 `\(child.name)` 删去了 `\(parent.jurisdiction)` 的禁止性规定 `\(p.role) 不得 \(p.action)`")
            }
            continue
        }
        switch (p.timing, c.timing) {
        case (.deadline(.within(let pa, _)), .deadline(.within(let ca, _))):
            let order = compare(ca.duration, pa.duration, over: calendar)
            if order == .longer {
                laxer(c.place, en: "`\(c.role)` gets \(ca.duration) to `\(c.action)`, longer than the \(pa.duration) of `\(parent.jurisdiction)`",
                      zh: "`\(c.role)` `\(c.action)` 的期限为 \(ca.duration.chineseDescription),长于 `\(parent.jurisdiction)` 的 \(pa.duration.chineseDescription)")
            }
        case (.deadline(.sameDay(let pc)), .deadline(.sameDay(let cc))) where cc.isLater(than: pc):
            laxer(c.place, en: "`\(c.role)` may `\(c.action)` later in the day than `\(parent.jurisdiction)` allows",
                  zh: "`\(c.role)` `\(c.action)` 的当日截止时刻晚于 `\(parent.jurisdiction)` 的规定")
        case (.recurring(let pr), .recurring(let cr)):
            if case .every(let pu, let pc?) = pr.period, case .every(let cu, let cc) = cr.period, pu == cu, cc.map({ $0.isLater(than: pc) }) ?? true {
                laxer(c.place, en: "`\(c.role)` may `\(c.action)` later in the day than `\(parent.jurisdiction)` allows",
                      zh: "`\(c.role)` `\(c.action)` 的当日截止时刻晚于 `\(parent.jurisdiction)` 的规定")
            } else if case .yearly(let pm, let pd, let pi, let prolls) = pr.period, case .yearly(let cm, let cd, let ci, let crolls) = cr.period,
               (cm, cd) > (pm, pd) || ((cm, cd) == (pm, pd) && ((ci && !pi) || (crolls && !prolls))) {
                laxer(c.place, en: "`\(c.role)` may `\(c.action)` later each year than `\(parent.jurisdiction)` allows",
                      zh: "`\(c.role)` `\(c.action)` 的每年期日晚于 `\(parent.jurisdiction)` 的规定")
            } else if let a = rank(cr.period), let b = rank(pr.period), a > b {
                laxer(c.place, en: "`\(c.role)` must `\(c.action)` less often than `\(parent.jurisdiction)` requires",
                      zh: "`\(c.role)` `\(c.action)` 的频次低于 `\(parent.jurisdiction)` 的要求")
            } else if cr.teachingPeriodsOnly && !pr.teachingPeriodsOnly, rank(cr.period) == rank(pr.period) {
                laxer(c.place, en: "`\(c.role)` need not `\(c.action)` in periods without teaching days, which `\(parent.jurisdiction)` judges",
                      zh: "`\(c.role)` `\(c.action)` 不含教学日的周期不再判定,而 `\(parent.jurisdiction)` 判定这些周期")
            } else if case .termStart(let ps, .around(let pd)) = pr.period, case .termStart(let cs, .around(let cd)) = cr.period, ps == cs, cd > pd {
                laxer(c.place, en: "`\(c.role)` gets \(cd) days around the term start to `\(c.action)`, more than the \(pd) of `\(parent.jurisdiction)`",
                      zh: "`\(c.role)` `\(c.action)` 的开学前后期限为 \(cd) 天,长于 `\(parent.jurisdiction)` 的 \(pd) 天")
            } else if cr.atLeast < pr.atLeast, rank(cr.period) == rank(pr.period) {
                laxer(c.place, en: "`\(c.role)` must `\(c.action)` at least \(cr.atLeast) time\(cr.atLeast == 1 ? "" : "s"), fewer than the \(pr.atLeast) `\(parent.jurisdiction)` requires",
                      zh: "`\(c.role)` `\(c.action)` 至少 \(cr.atLeast) 次,少于 `\(parent.jurisdiction)` 要求的 \(pr.atLeast) 次")
            }
        case (.never, let t) where t != .never:
            laxer(c.place, en: "`\(parent.jurisdiction)` forbids `\(p.role)` to `\(p.action)`; here it is a duty instead",
                  zh: "`\(parent.jurisdiction)` 禁止 `\(p.role)` `\(p.action)`,此处却改为义务")
        default:
            break
        }
    }
    return diagnostics
}

extension ClockCutoff {
    /// Whether an act this cut-off admits may come later than `other` admits: a later time, or
    /// the same instant included where the other excludes it.
    func isLater(than other: ClockCutoff) -> Bool {
        time > other.time || (time == other.time && bound == .inclusive && other.bound == .exclusive)
    }
}

extension RuleBody {
    var isUncheckable: Bool {
        if case .uncheckable = self { return true }
        return false
    }
}
