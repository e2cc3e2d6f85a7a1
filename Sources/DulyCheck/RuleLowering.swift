import DulySource
import DulySyntax
import DulyModel
import DulyTime

/// What names a condition may use: the attributes of the event it is about and of the subject.
struct ConditionScope {
    var event: EventSchema?
}

extension Checker {
    mutating func lowerRules() {
        for name in rootFirst {
            let (file, items, _) = policyItems[name]!
            let path = file.source.path
            // Rules of one name are versions when each says when it is in force; their periods
            // must not overlap. Without `effective` on both, a second rule of a name is a mistake.
            var versions: [String: [(span: Span, validity: Validity?)]] = [:]
            // How many rules of each name the file declares, counted once (not per rule).
            var declared: [String: Int] = [:]
            for item in items { if case .rule(let r) = item.node { declared[r.name.text, default: 0] += 1 } }
            for item in items {
                guard case .rule(let r) = item.node else { continue }
                checkNotKeyword(r.name, path)
                let validity = r.body.members.lazy.compactMap { m -> Validity? in
                    if case .effective(let e) = m.node { return Validity(from: Checker.day(e.from), until: e.until.map(Checker.day)) }
                    return nil
                }.first
                if let earlier = versions[r.name.text] {
                    if validity == nil || earlier.contains(where: { $0.validity == nil }) {
                        report(.duplicateName, path, r.name.span, en: "rule `\(r.name.text)` is declared twice", zh: "规则 `\(r.name.text)` 重复声明",
                               help: LocalizedText(en: "give each version an `effective from … until …` clause, or rename one",
                                                   zh: "为每个版本写明 `生效 … 至 …`,或改名"),
                               labels: [DiagnosticLabel(path: path, span: earlier[0].span, message: LocalizedText(en: "first declared here", zh: "首次声明于此"))])
                        continue
                    }
                    if let clash = earlier.first(where: { Checker.overlap($0.validity!, validity!) }) {
                        report(.overlappingVersions, path, r.name.span,
                               en: "this version of `\(r.name.text)` is in force at the same time as another",
                               zh: "`\(r.name.text)` 的此版本与另一版本的生效期重叠",
                               help: LocalizedText(en: "end the earlier version the day before this one starts (`until`)",
                                                   zh: "让前一版本在本版本生效前一日终止(`至`)"),
                               labels: [DiagnosticLabel(path: path, span: clash.span, message: LocalizedText(en: "the other version is here", zh: "另一版本在此"))])
                        continue
                    }
                }
                versions[r.name.text, default: []].append((r.name.span, validity))
                if var rule = lowerRule(r, in: name, path) {
                    if versions[r.name.text]!.count > 1 || declared[r.name.text, default: 0] > 1, let v = validity {
                        rule.id = RuleID("\(name.rawValue)/\(r.name.text)@\(v.from)")
                    }
                    jurisdictions[name]!.rules.append(rule)
                }
            }
        }
    }

    /// Whether two periods in force share a day (an open end runs for ever).
    static func overlap(_ a: Validity, _ b: Validity) -> Bool {
        (a.until.map { $0 >= b.from } ?? true) && (b.until.map { $0 >= a.from } ?? true)
    }

    mutating func misplaced(_ path: String, _ span: Span, _ what: String, _ zhWhat: String, in kind: RuleKind) {
        let (en, zh): (String, String) = switch kind {
        case .rule: ("a rule", "规则")
        case .escalation: ("an escalation", "升级机制")
        case .uncheckable: ("an uncheckable rule", "不可检查的规则")
        }
        report(.misplacedClause, path, span, en: "\(what) does not belong in \(en)", zh: "\(zh)中不能有\(zhWhat)")
    }

    mutating func lowerRule(_ r: RuleSyntax, in j: JurisdictionName, _ path: String) -> Rule? {
        var citations: [Citation] = []
        var validity: Validity?
        var trigger: (TriggerSyntax, Span)?
        var forEach: ForEachSyntax?
        var obligations: [(ObligationSyntax, Span)] = []
        var requirement: (RequirementSyntax, Span)?
        var order: (OrderSyntax, Span)?
        // A reason in each language: `reason "…"` gives the English, `原因 "…"` the Chinese.
        var reasons: [KeywordLanguage: StringSyntax] = [:]
        var count: (CountSyntax, Span)?
        var steps: [(StepSyntax, Span)] = []
        for m in r.body.members {
            func once<T>(_ c: inout Checker, _ slot: T?, _ what: String, _ zh: String) -> Bool {
                if slot != nil {
                    c.report(.duplicateClause, path, m.span, en: "a rule has one \(what)", zh: "一条规则只能有一个\(zh)")
                    return false
                }
                return true
            }
            switch m.node {
            case .citation(let c): citations.append(citation(c, path))
            case .effective(let e):
                if once(&self, validity, "`effective`", "生效") { validity = self.validity(e, path) }
            case .trigger(let t):
                if r.kind != .rule { misplaced(path, m.span, "`when`", "触发条件", in: r.kind) }
                else if once(&self, trigger, "`when`", "触发条件") { trigger = (t, m.span) }
            case .forEach(let f):
                if r.kind != .rule { misplaced(path, m.span, "`for each managed`", "`对 所辖`", in: r.kind) }
                else if once(&self, forEach, "`for each managed`", "`对 所辖`") { forEach = f }
            case .obligation(let o):
                if r.kind != .rule { misplaced(path, m.span, "a duty outside a step", "步骤之外的义务", in: r.kind) }
                else { obligations.append((o, m.span)) }
            case .requirement(let q):
                if r.kind != .rule { misplaced(path, m.span, "a precondition", "前提条件", in: r.kind) }
                else if once(&self, requirement, "precondition", "前提条件") { requirement = (q, m.span) }
            case .order(let o):
                if r.kind != .rule { misplaced(path, m.span, "an order", "顺序", in: r.kind) }
                else if once(&self, order, "order", "顺序") { order = (o, m.span) }
            case .reason(let l, let s):
                if r.kind != .uncheckable { misplaced(path, m.span, "a reason", "原因", in: r.kind) }
                else if once(&self, reasons[l], l == .english ? "English `reason`" : "`原因`", l == .english ? "英文 `reason`" : "`原因`") { reasons[l] = s }
            case .count(let c):
                if r.kind != .escalation { misplaced(path, m.span, "a count", "计数", in: r.kind) }
                else if once(&self, count, "count", "计数") { count = (c, m.span) }
            case .step(let s):
                if r.kind != .escalation { misplaced(path, m.span, "a step", "步骤", in: r.kind) }
                else { steps.append((s, m.span)) }
            }
        }
        // A skipped line may have held what a check below would miss; say nothing more then.
        let hadErrors = r.body.hasErrors || steps.contains { $0.0.body.hasErrors }
        let id = RuleID("\(j.rawValue)/\(r.name.text)")
        let rulePlace = place(path, r.name.span)
        var body: RuleBody
        switch r.kind {
        case .uncheckable:
            guard let given = reasons[.chinese] ?? reasons[.english] else {
                if hadErrors { return nil }
                report(.missingReason, path, r.name.span, en: "say why `\(r.name.text)` cannot be checked from case data",
                       zh: "须说明 `\(r.name.text)` 为何无法用案例数据检查",
                       help: LocalizedText(en: "add `reason \"…\"`", zh: "添加 `原因 \"…\"`"))
                return nil
            }
            // One reason serves both languages, in whatever language it is written.
            body = .uncheckable(reason: LocalizedText(en: (reasons[.english] ?? given).value, zh: given.value))
        case .escalation:
            guard let (c, _) = count else {
                if hadErrors { return nil }
                report(.missingCount, path, r.name.span, en: "escalation `\(r.name.text)` counts nothing",
                       zh: "升级机制 `\(r.name.text)` 没有计数",
                       help: LocalizedText(en: "add `count consecutive teaching days of EVENT`", zh: "添加 `计数 连续 教学日 事件`"))
                return nil
            }
            var counter: Counter?
            // Consecutive absences are counted day by day; a run of weeks or months has no
            // meaning the evaluator could give it.
            if ![.calendarDay, .workingDay, .teachingDay].contains(c.unit) {
                report(.countUnit, path, r.name.span, en: "`\(r.name.text)` counts consecutive \(c.unitSpelling); counts run over days, working days or teaching days",
                       zh: "`\(r.name.text)` 按连续的\(c.unitSpelling)计数;计数只能按日、工作日或教学日",
                       help: LocalizedText(en: "write `count consecutive teaching days of …`", zh: "写作 `计数 连续 教学日 …`"))
                return nil
            }
            if requireEvent(c.event, path) {
                let scope = ConditionScope(event: vocabulary.events[EventType(c.event.text)])
                counter = Counter(unit: c.unit, event: EventType(c.event.text), condition: c.condition.flatMap { lowerFlag($0, scope, path) })
            }
            var lowered: [EscalationStep] = []
            for (s, span) in steps {
                if s.threshold < 1 {
                    report(.nonPositive, path, span, en: "a step at \(s.threshold) can never be reached", zh: "第 \(s.threshold) 步永远不会触发")
                }
                var stepCitations: [Citation] = []
                var stepDuties: [(ObligationSyntax, Span)] = []
                for m in s.body.members {
                    switch m.node {
                    case .citation(let c): stepCitations.append(citation(c, path))
                    case .obligation(let o): stepDuties.append((o, m.span))
                    default: report(.misplacedClause, path, m.span, en: "a step holds only citations and duties", zh: "步骤中只能有依据和义务")
                    }
                }
                if stepDuties.isEmpty, !s.body.hasErrors {
                    report(.ruleWithoutDuty, path, span, en: "the step at \(s.threshold) states no duty", zh: "第 \(s.threshold) 步没有规定义务")
                }
                let scope = ConditionScope(event: counter.flatMap { vocabulary.events[$0.event] })
                let duties = lowerDuties(stepDuties, hasTrigger: true, forEach: nil, scope: scope, in: j, path,
                                         previousMayBeMissing: s.body.hasErrors)
                lowered.append(EscalationStep(threshold: s.threshold, citations: stepCitations, duties: duties, place: place(path, s.span)))
            }
            if steps.isEmpty, !hadErrors {
                report(.ruleWithoutDuty, path, r.name.span, en: "escalation `\(r.name.text)` has no steps", zh: "升级机制 `\(r.name.text)` 没有步骤")
            }
            guard let counter else { return nil }
            body = .escalation(counter, steps: lowered)
        case .rule:
            if let (q, span) = requirement {
                if !obligations.isEmpty || order != nil || trigger != nil {
                    report(.misplacedClause, path, span, en: "a precondition stands in a rule of its own", zh: "前提条件须单独成为一条规则")
                }
                guard requireEvent(q.action, path), let prerequisite = lowerPrerequisite(q.prerequisite, path) else { return nil }
                body = .requirement(action: EventType(q.action.text), prerequisite: prerequisite)
            } else if let (o, span) = order {
                if !obligations.isEmpty || trigger != nil {
                    report(.misplacedClause, path, span, en: "an order stands in a rule of its own", zh: "顺序须单独成为一条规则")
                }
                var ok = true
                for e in o.events where !requireEvent(e, path) { ok = false }
                guard ok else { return nil }
                body = .order(o.events.map { EventType($0.text) })
            } else {
                if obligations.isEmpty {
                    if let (t, _) = trigger, requireEvent(t.event, path), let condition = t.condition {
                        _ = lowerFlag(condition, ConditionScope(event: vocabulary.events[EventType(t.event.text)]), path)
                    }
                    if hadErrors { return nil }
                    report(.ruleWithoutDuty, path, r.name.span, en: "rule `\(r.name.text)` states no duty", zh: "规则 `\(r.name.text)` 没有规定义务",
                           help: LocalizedText(en: "add a line such as `ROLE must ACTION within 5 working days`", zh: "添加如 `角色 须 行为 5个工作日内` 的条款"))
                    return nil
                }
                var loweredTrigger: Trigger?
                var scope = ConditionScope(event: nil)
                if let (t, _) = trigger, requireEvent(t.event, path) {
                    scope.event = vocabulary.events[EventType(t.event.text)]
                    loweredTrigger = Trigger(event: EventType(t.event.text), condition: t.condition.flatMap { lowerFlag($0, scope, path) })
                }
                var managed: RoleName?
                if let f = forEach, roleExists(f.role, path) { managed = RoleName(f.role.text) }
                let duties = lowerDuties(obligations, hasTrigger: trigger != nil || hadErrors, forEach: forEach, scope: scope, in: j, path,
                                         previousMayBeMissing: hadErrors)
                body = .duties(trigger: loweredTrigger, forEachManaged: managed, duties: duties)
            }
        }
        let rule = Rule(id: id, name: r.name.text, label: r.label?.value, jurisdiction: j, citations: citations, validity: validity, body: body, place: rulePlace)
        if rule.catalogIDs.isEmpty, !hadErrors, !citations.contains(where: { $0.ids.isEmpty }) {
            report(.missingCitation, path, r.name.span, en: "rule `\(r.name.text)` cites no requirement", zh: "规则 `\(r.name.text)` 未引用任何要求",
                   help: LocalizedText(en: "add `cite ID (clause) \"quote\"`, e.g. `cite GZ-7 (二.6) \"…\"`", zh: "添加 `依据 编号（条款）\"原文\"`,如 `依据 GZ-7（二.6）\"…\"`"))
        }
        return rule
    }

    @discardableResult
    mutating func requireEvent(_ name: NameSyntax, _ path: String) -> Bool {
        if vocabulary.events[EventType(name.text)] != nil { return true }
        unknownEvent(name.text, path, name.span)
        return false
    }

    mutating func roleExists(_ name: NameSyntax, _ path: String) -> Bool {
        if vocabulary.roles[RoleName(name.text)] != nil { return true }
        requireRole(name, path)
        return false
    }

    mutating func lowerPrerequisite(_ p: PrerequisiteSyntax, _ path: String) -> Prerequisite? {
        switch p {
        case .event(let n, let atLeast, _):
            if let atLeast, atLeast < 1 {
                report(.nonPositive, path, n.span, en: "at least \(atLeast) is always satisfied", zh: "至少 \(atLeast) 次总是满足")
            }
            return requireEvent(n, path) ? .event(EventType(n.text), atLeast: atLeast ?? 1) : nil
        case .all(let parts, _):
            let lowered = parts.compactMap { lowerPrerequisite($0, path) }
            return lowered.count == parts.count ? .all(lowered) : nil
        case .any(let parts, _):
            let lowered = parts.compactMap { lowerPrerequisite($0, path) }
            return lowered.count == parts.count ? .any(lowered) : nil
        case .group(let inner):
            return lowerPrerequisite(inner, path)
        case .recordedBy(let inner, let role, _):
            let known = vocabulary.roles[RoleName(role.text)] != nil
            requireRole(role, path)
            guard let lowered = lowerPrerequisite(inner, path), known else { return nil }
            guard case .event(let type, let atLeast) = lowered else { return nil }
            return .eventBy(type, atLeast: atLeast, role: RoleName(role.text))
        }
    }

    /// A term window in calendar days (以内 includes its bound, 民法典 第一千二百五十九条).
    mutating func lowerTermWindow(_ w: TermWindowSyntax, _ path: String) -> TermWindow {
        func days(_ d: DurationSyntax) -> Int {
            if d.unit != .calendarDay {
                report(.termWindowUnit, path, d.span, en: "a window tied to a term start is counted in calendar days, not \(d.spelling)",
                       zh: "开学时间窗按日历天计算,不能用 \(d.spelling)",
                       help: LocalizedText(en: "write the days, e.g. `15 days`", zh: "写成天数,如 `15天`"))
            }
            if d.count < 1 { report(.nonPositive, path, d.span, en: "a window of \(d.count) days is empty", zh: "\(d.count) 天的期限为空") }
            return d.count
        }
        switch w {
        case .around(let d): return .around(days: days(d))
        case .before(let d): return .before(days: days(d))
        case .vacation: return .vacation
        }
    }

    mutating func lowerDuties(_ obligations: [(ObligationSyntax, Span)], hasTrigger: Bool, forEach: ForEachSyntax?,
                              scope: ConditionScope, in j: JurisdictionName, _ path: String,
                              previousMayBeMissing: Bool = false) -> [Duty] {
        var duties: [Duty] = []
        for (index, (o, span)) in obligations.enumerated() {
            if o.sequel != nil, index == 0, !previousMayBeMissing {
                report(.sequelWithoutDuty, path, span, en: "`\(o.sequel == .then ? "then" : "otherwise")` needs a duty on the line before",
                       zh: "`\(o.sequel == .then ? "然后" : "否则")` 之前须有一项义务")
            }
            var roleOK = roleExists(o.role, path)
            for a in o.alternatives where !roleExists(a, path) { roleOK = false }
            var actionOK = requireEvent(o.action, path)
            for a in o.actionAlternatives where !requireEvent(a, path) { actionOK = false }
            // The condition on the act reads the act's own attributes (those of the first action).
            let actCondition = actionOK ? o.actCondition.flatMap { lowerFlag($0, ConditionScope(event: vocabulary.events[EventType(o.action.text)]), path) } : nil
            if let c = o.actCondition, actCondition?.eventTypes.isEmpty == false {
                report(.misplacedClause, path, self.span(of: c), en: "`first since` tests a triggering event, not the act that does a duty",
                       zh: "`之后首次` 判断触发事件,不能用于履行义务的行为")
            }
            if let c = o.actCondition, o.recurrence != nil || o.isProhibition {
                report(.misplacedClause, path, self.span(of: c), en: "a condition on the act fits a triggered duty, not a recurring duty or a prohibition",
                       zh: "对行为的条件只适用于由事件触发的义务,不适用于定期义务或禁止性规定")
            }
            if let r = o.recipient { _ = roleExists(r, path) }
            for r in o.moreRecipients + o.recipientAlternatives { _ = roleExists(r, path) }
            if !o.alternatives.isEmpty, o.recurrence != nil {
                report(.alternativesOnRecurrence, path, o.alternatives[0].span,
                       en: "a recurring duty is judged organisation by organisation, so it has one holder; `\(o.role.text) or \(o.alternatives[0].text)` fits a duty an event triggers",
                       zh: "定期义务按组织逐一评判,只能有一个义务主体;`\(o.role.text) 或 \(o.alternatives[0].text)` 适用于由事件触发的义务",
                       help: LocalizedText(en: "name the role the document holds to the period", zh: "写明文件要求按期履行的角色"))
            }
            let nextIsSequel = index + 1 < obligations.count && obligations[index + 1].0.sequel != nil
            if !o.moreRecipients.isEmpty, o.sequel != nil || nextIsSequel {
                report(.recipientsWithSequel, path, o.moreRecipients[0].span,
                       en: "a duty owed to several recipients is several duties, so `then`/`otherwise` cannot tell which one it follows",
                       zh: "向多个对象履行的义务是多项义务,`然后`/`否则` 无法确定接在哪一项之后",
                       help: LocalizedText(en: "write one line per recipient, each with its own sequel", zh: "每个对象各写一行,各自接续"))
            }
            var timing: DutyTiming?
            let chained = hasTrigger || o.sequel != nil
            if o.isProhibition {
                timing = .never
                if o.deadline != nil || o.recurrence != nil {
                    report(.misplacedClause, path, span, en: "a prohibition has no deadline or period", zh: "禁止性规定没有期限或周期")
                }
            } else if let rec = o.recurrence {
                if hasTrigger || o.sequel != nil {
                    report(.triggerAndRecurrence, path, rec.span, en: "a duty with a trigger cannot also recur",
                           zh: "有触发事件的义务不能同时定期重复",
                           help: LocalizedText(en: "put the recurring duty in a rule without `when`", zh: "把定期义务放在没有 `当` 的规则中"))
                }
                let atLeast = rec.atLeast ?? 1
                if atLeast < 1 { report(.nonPositive, path, rec.span, en: "at least \(atLeast) times is always satisfied", zh: "至少 \(atLeast) 次总是满足") }
                let period: RecurrencePeriod = switch rec.period {
                case .every(let k, let cutoff): .every(k, cutoff: cutoff.map(Checker.cutoff))
                case .yearlyBy(let m, let d, let inc, let rolls): .yearly(month: m, day: d, inclusive: inc, rolls: rolls)
                case .months(let ms): .months(ms)
                case .termStart(let season, let window): .termStart(season: season, window: lowerTermWindow(window, path))
                }
                if rec.teachingPeriodsOnly, case .every(let kind, _) = rec.period, ![.week, .halfMonth, .month, .quarter, .halfYear].contains(kind) {
                    report(.teachingPeriodsUnit, path, rec.span, en: "every \(kind.english) cannot skip periods without teaching days",
                           zh: "每\(kind.chinese.first ?? kind.english) 不能只含教学日的周期",
                           help: LocalizedText(en: "use it with a week, half month, month, quarter or half year", zh: "用于周、半月、月、季度或半年"))
                }
                timing = .recurring(Recurrence(period: period, atLeast: atLeast, teachingPeriodsOnly: rec.teachingPeriodsOnly))
                if let f = forEach, roleOK, let role = vocabulary.roles[RoleName(o.role.text)] {
                    var manages: [RoleName] = []
                    if case .organisation(let m) = role.resolution { manages = m }
                    if !manages.contains(RoleName(f.role.text)), vocabulary.roles[RoleName(f.role.text)] != nil {
                        report(.forEachWithoutManages, path, f.role.span, en: "`\(o.role.text)` does not manage `\(f.role.text)`",
                               zh: "`\(o.role.text)` 不管辖 `\(f.role.text)`",
                               help: LocalizedText(en: "declare `role \(o.role.text) manages \(f.role.text)` in the vocabulary",
                                                   zh: "在词汇表中声明 `角色 \(o.role.text) 管辖 \(f.role.text)`"),
                               labels: [DiagnosticLabel(path: role.place.path, span: role.place.span, message: LocalizedText(en: "the role is declared here", zh: "角色声明于此"))])
                    }
                }
            } else if let d = o.deadline {
                switch d {
                case .within(_, let a, let from):
                    if !chained {
                        report(.missingTrigger, path, a.span, en: "a deadline counts from an event, and this rule has no `when`",
                               zh: "期限须从事件起算,而此规则没有 `当`",
                               help: LocalizedText(en: "add `when EVENT` to the rule", zh: "在规则中添加 `当 事件`"))
                    }
                    if let amount = amount(a, in: j, path) {
                        var start = CountingStart.trigger
                        if let from {
                            if vocabulary.events[EventType(from.text)] != nil {
                                start = .event(EventType(from.text))
                            } else if let attribute = scope.event?.attribute(AttributeName(from.text)), attribute.type == .date {
                                start = .attribute(attribute.name)
                            } else {
                                let dates = (scope.event?.attributes ?? []).filter { $0.type == .date }.map(\.name.rawValue)
                                let help = Suggestion.closest(to: from.text, in: dates + vocabulary.events.keys.map(\.rawValue))
                                    .map(Suggestion.didYouMean)
                                report(.badCountingStart, path, from.span, en: "`\(from.text)` is neither an event type nor a date of the triggering event",
                                       zh: "`\(from.text)` 既不是事件类型,也不是触发事件的日期属性", help: help)
                            }
                        }
                        timing = .deadline(.within(amount, from: start))
                    }
                case .byTime(_, let t):
                    if !chained {
                        report(.missingTrigger, path, t.time.span, en: "`by \(Checker.clock(t.time))` needs a triggering event", zh: "`\(Checker.clock(t.time))前` 需要触发事件")
                    }
                    timing = .deadline(.sameDay(by: Checker.cutoff(t)))
                case .withinTerm(_, let season, let year, let span):
                    if !chained {
                        report(.missingTrigger, path, span, en: "a limit within a term applies to a triggered duty, and this rule has no `when`",
                               zh: "学期内的期限须有触发事件,而此规则没有 `当`",
                               help: LocalizedText(en: "add `when EVENT` to the rule", zh: "在规则中添加 `当 事件`"))
                    }
                    timing = .deadline(.termEnd(season: season, year: year))
                }
            } else if let term = o.term {
                timing = .deadline(.term(term.term, definition: nil))
            } else {
                report(.noDeadline, path, o.action.span, en: "by when must `\(o.role.text)` do `\(o.action.text)`?",
                       zh: "`\(o.role.text)` 须在何时之前 `\(o.action.text)`?",
                       help: LocalizedText(en: "add `within N working days`, a period such as `every month`, or a term such as `promptly`",
                                           zh: "添加 `N个工作日内`、周期如 `每月`,或用语如 `及时`"))
            }
            guard roleOK, actionOK, let timing else { continue }
            // Each recipient is owed the act on its own: one duty per recipient, so an act
            // addressed to one discharges that one only.
            let recipients: [RoleName?] = o.recipient.map { [RoleName($0.text)] + o.moreRecipients.map { RoleName($0.text) } } ?? [nil]
            for recipient in recipients {
                var duty = Duty(role: RoleName(o.role.text), alternatives: o.alternatives.map { RoleName($0.text) }, action: EventType(o.action.text),
                                recipient: recipient, sequel: o.sequel, timing: timing, place: place(path, span))
                // `to A or B`: one duty, owed to whichever of them the act is addressed to.
                duty.recipientAlternatives = o.recipientAlternatives.map { RoleName($0.text) }
                duty.alternativeActions = o.actionAlternatives.map { EventType($0.text) }
                duty.actCondition = actCondition
                duties.append(duty)
            }
        }
        return duties
    }

    /// Warns about unquantified terms with no definition where the rule is declared.
    mutating func checkTerms() {
        for name in jurisdictions.keys.sorted() {
            for rule in jurisdictions[name]!.rules {
                var duties: [Duty] = []
                switch rule.body {
                case .duties(_, _, let d): duties = d
                case .escalation(_, let steps): duties = steps.flatMap(\.duties)
                default: break
                }
                for duty in duties {
                    guard case .deadline(.term(let term, _)) = duty.timing else { continue }
                    var defined = false
                    var c: JurisdictionName? = name
                    var steps = 0
                    while let n = c, steps <= jurisdictions.count {
                        if jurisdictions[n]?.definitions[term] != nil { defined = true }
                        c = jurisdictions[n]?.parent
                        steps += 1
                    }
                    if !defined {
                        report(.unquantifiedTerm, duty.place.path, duty.place.span,
                               en: "`\(term.chinese)` (\(term.rawValue)) is not quantified, so this duty has no checkable deadline",
                               zh: "`\(term.chinese)` 未量化,此义务没有可检查的期限",
                               // No number is offered: a limit the document does not set is not the
                               // checker's to invent.
                               help: LocalizedText(en: "only where a document of the jurisdiction sets the limit, define it with that limit (`define \(term.rawValue) = …`); where the text leaves it open, this warning stays",
                                                   zh: "仅当本辖区文件规定了时限时,按文件写定义(`定义 \(term.chinese) = …`);原文未规定的,保留此警告"))
                    }
                }
            }
        }
    }
}
