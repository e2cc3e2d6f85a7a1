import DulyModel
import DulyTime

extension Evaluator {
    /// Applies every rule in force for a student's jurisdiction to the student's events.
    ///
    /// `events` may come in any order; events after the as-of date are not seen.
    public func evaluate(subject: Subject, events: [CaseEvent], tracing: Bool = false) -> Outcome {
        guard let jurisdiction = jurisdiction(of: subject) else { return Outcome() }
        return evaluate(id: subject.id, name: subject.name, attributes: subject.attributes, anchor: subject.school,
                        jurisdiction: jurisdiction, events: events, tracing: tracing)
    }

    /// Applies the triggered rules, prohibitions, preconditions and orders to events whose
    /// subject is an organisation (a refusal recorded against a school).
    public func evaluate(organisation: Organisation, events: [CaseEvent], tracing: Bool = false) -> Outcome {
        evaluate(id: SubjectID(organisation.id.rawValue), name: organisation.name, attributes: [:], anchor: organisation.id,
                 jurisdiction: organisation.jurisdiction, events: events, tracing: tracing)
    }

    func evaluate(id: SubjectID, name: String, attributes: [AttributeName: AttributeValue], anchor: OrganisationID?,
                  jurisdiction: JurisdictionName, events: [CaseEvent], tracing: Bool) -> Outcome {
        // Callers that already sort (DulyKit does) pay one pass here, not a copy and a sort.
        var isSorted = true
        var allSeen = true
        for i in events.indices {
            if events[i].date > asOf { allSeen = false }
            if i > 0 && CaseEvent.chronological(events[i], events[i - 1]) { isSorted = false }
        }
        let seen = isSorted && allSeen ? events : events.filter { $0.date <= asOf }.sorted(by: CaseEvent.chronological)
        var context = Context(evaluator: self, subjectID: id, subjectName: name, attributes: attributes, anchor: anchor,
                              jurisdiction: jurisdiction, calendar: calendar(for: jurisdiction),
                              defaultTime: defaultTime(for: jurisdiction), events: seen, tracing: tracing)
        if tracing {
            context.note(nil, nil, "\(name) (\(id)) is judged by \(jurisdiction)'s policy and the rules it inherits; calendar \(program.calendar(for: jurisdiction) ?? "none"); \(seen.count) event\(seen.count == 1 ? "" : "s") on or before \(asOf)")
        }
        for ref in ruleRefs[jurisdiction] ?? [] { context.apply(ref.rule) }
        return context.outcome
    }
}

/// One obligation instance while it is being judged.
struct Instance {
    var from: CaseEvent
    var due: CivilDate?
    var dueTime: TimeOfDay
    var doneBy: CaseEvent?
    var status: ObligationStatus
}

extension Context {
    mutating func apply(_ rule: Rule) {
        switch rule.body {
        case .duties(let trigger, _, let duties):
            for d in duties.indices where duties[d].isProhibition { forbid(duties[d], rule) }
            guard let trigger, duties.contains(where: { if case .deadline = $0.timing { true } else { false } }) else { return }
            for k in events.indices where events[k].type == trigger.event {
                let event = events[k]
                guard evaluator.isInForce(rule, on: event.date) else { continue }
                if let c = trigger.condition, !holds(c, on: event) {
                    note(event.date, rule.id, "\(rule.id): \(event.type) \(event.id) does not meet the rule's condition")
                    continue
                }
                note(event.date, rule.id, "\(rule.id) fires on \(event.type) \(event.id) of \(event.date)")
                run(duties, rule, trigger: event, step: nil)
            }
        case .escalation(let counter, let steps):
            escalate(counter, steps, rule)
        case .requirement(let action, let prerequisite):
            require(action, prerequisite, rule)
        case .order(let sequence):
            checkOrder(sequence, rule)
        case .uncheckable(let reason):
            if tracing { note(nil, rule.id, "\(rule.id) is not machine-checkable: \(reason)") }
        }
    }

    // MARK: - Duties and sequels

    mutating func run(_ duties: [Duty], _ rule: Rule, trigger: CaseEvent, step: Int?) {
        let cite = step.flatMap { evaluator.stepCitations[rule.id]?[$0] } ?? evaluator.citations[rule.id] ?? citationText(rule.citations)
        var previous: Instance?
        for (index, duty) in duties.enumerated() {
            guard case .deadline(let deadline) = duty.timing else { previous = nil; continue }
            var from = trigger
            var startOverride: CivilDate?
            switch duty.sequel {
            case nil:
                break
            case .then?:
                guard let p = previous, let done = p.doneBy else {
                    if previous != nil { note(trigger.date, rule.id, "then \(duty.role) must \(duty.action): not triggered yet (the previous duty is not done)", depth: 1) }
                    previous = nil
                    continue
                }
                from = done
            case .otherwise?:
                guard let p = previous, let due = p.due, p.status == .overdue || p.status == .doneLate, due < asOf else {
                    if previous != nil { note(trigger.date, rule.id, "otherwise \(duty.role) must \(duty.action): not triggered (the previous duty was not missed)", depth: 1) }
                    previous = nil
                    continue
                }
                from = p.from
                startOverride = due
            }
            previous = instance(of: duty, deadline, rule, cite, from: from, startOverride: startOverride, index: index, step: step)
        }
    }

    /// The first event that discharges `duty` for an instance triggered by `from`. An `otherwise`
    /// duty arises only when the previous deadline has passed, so only events after `arisesAfter`
    /// (the end of that deadline's day) can discharge it.
    func discharge(_ duty: Duty, after from: CaseEvent, organisation: OrganisationID?, recipient: OrganisationID?,
                   arisesAfter: CivilDate? = nil) -> CaseEvent? {
        let answers = evaluator.program.vocabulary.events[duty.action]?.answers
        let needsReference = answers != nil && answers == from.type
        let recipientKind = duty.recipient.map(baseKind)
        for k in events.indices where events[k].type == duty.action {
            let e = events[k]
            guard e.id != from.id && !CaseEvent.chronological(e, from) else { continue }
            if let arisesAfter, e.date <= arisesAfter { continue }
            if let actor = e.actor, let organisation, actor != organisation { continue }
            if duty.recipient != nil, let to = e.recipient {
                if let recipient { if to != recipient { continue } }
                else if let kind = recipientKind, let o = directory[to], o.kind != kind { continue }
            }
            if needsReference && e.reference != from.id { continue }
            return e
        }
        return nil
    }

    func latest(_ type: EventType, notAfter event: CaseEvent) -> CaseEvent? {
        events.last { $0.type == type && !CaseEvent.chronological(event, $0) }
    }

    mutating func instance(of duty: Duty, _ deadline: DulyModel.Deadline, _ rule: Rule, _ cite: String, from: CaseEvent,
                           startOverride: CivilDate?, index: Int, step: Int?) -> Instance {
        let organisation = resolve(duty.role)
        var recipient: OrganisationID?
        if let r = duty.recipient { recipient = resolveRecipient(r, holder: organisation) }
        var start: CivilDate?
        var due: CivilDate?
        var dueTime = TimeOfDay.endOfDay
        var note: String?
        var status: ObligationStatus?

        func count(_ amount: Amount, from start: CivilDate, _ c: inout Context) -> CivilDate? {
            var duration = amount.duration
            if let p = amount.parameter, let v = c.evaluator.parameters[c.jurisdiction]?[p] { duration = v }
            guard let calendar = c.calendar else {
                c.outcome.problems.insert(EvaluationProblem(kind: .undeterminable, message: "\(c.jurisdiction) names no calendar that is loaded"))
                return nil
            }
            do {
                if c.tracing {
                    let d = try calendar.deadline(from: start, adding: duration)
                    c.note(start, rule.id, "deadline: \(d.explanation) → due \(d.date)", depth: 1)
                    return d.date
                }
                return try calendar.dueDate(from: start, adding: duration)
            } catch {
                c.problem(error)
                note = "\(error)"
                return nil
            }
        }

        switch deadline {
        case .within(let amount, let countFrom):
            if let s = startOverride {
                start = s
            } else {
                switch countFrom {
                case .trigger: start = from.date
                case .event(let type):
                    start = latest(type, notAfter: from)?.date
                    if start == nil { note = "no \(type) on or before \(from.type) \(from.id) to count from" }
                case .attribute(let a):
                    if case .date(let d)? = from.attributes[a] { start = d }
                    else { note = "\(from.type) \(from.id) has no \(a) to count from" }
                }
            }
            if let s = start { due = count(amount, from: s, &self) }
            if due == nil { status = .undetermined }
        case .sameDay(let time):
            start = startOverride ?? from.date
            due = start
            dueTime = time
        case .term(let term, let definition):
            start = startOverride ?? from.date
            if let amount = evaluator.definitions[jurisdiction]?[term] ?? definition {
                due = count(amount, from: start!, &self)
                if due == nil { status = .undetermined }
            } else {
                note = "\(term.chinese) (\(term.rawValue)) is not defined for \(jurisdiction): no checkable deadline"
                status = .noDeadline
            }
        }

        let done = discharge(duty, after: from, organisation: organisation, recipient: recipient,
                             arisesAfter: duty.sequel == .otherwise ? startOverride : nil)
        if let done {
            if let due {
                do {
                    let onTime = try Cutoff(date: due, time: dueTime, bound: .inclusive)
                        .admits(eventOn: done.date, at: done.time, defaultTime: defaultTime)
                    status = onTime ? .doneOnTime : .doneLate
                } catch {
                    problem(error)
                    note = "\(done.type) \(done.id) has no time of day and \(jurisdiction) declares no default time"
                    status = .undetermined
                }
            } else if status != .undetermined {
                status = .doneOnTime
            }
        } else if let due {
            let left = asOf.days(to: due)
            status = left < 0 ? .overdue : (left <= evaluator.soonDays ? .dueSoon : .open)
        }
        let finalStatus = status ?? .undetermined
        let daysLeft = done == nil ? due.map { asOf.days(to: $0) } : nil
        let action = DueAction(subject: subjectID, subjectName: subjectName, action: duty.action, role: duty.role,
                               organisation: organisation, organisationName: name(of: organisation), recipient: duty.recipient,
                               rule: rule.id, citation: cite, trigger: from.id, start: start, period: nil, due: due,
                               dueTime: due == nil ? nil : dueTime, daysLeft: daysLeft, status: finalStatus,
                               doneBy: done.map { [$0.id] } ?? [], doneOn: done?.date, note: note, dutyIndex: index, step: step)
        outcome.dueActions.append(action)
        let who = organisation.map { "\(duty.role) (\(name(of: $0) ?? $0.rawValue))" } ?? "\(duty.role)"
        let dueText = due.map { "\($0)\(dueTime == .endOfDay ? "" : " \(dueTime)")" } ?? "no checkable deadline"
        if tracing {
            let text = "\(who) must \(duty.action)\(duty.recipient.map { " to \($0)" } ?? ""), due \(dueText): \(explainStatus(finalStatus, duty.action, done, due, note))"
            self.note(from.date, rule.id, text, depth: 1)
        }

        switch finalStatus {
        case .doneLate:
            outcome.findings.append(Finding(kind: .late, severity: .warning, date: done!.date, subject: subjectID, subjectName: subjectName,
                                            role: duty.role, organisation: organisation, organisationName: name(of: organisation),
                                            action: duty.action, rule: rule.id, citation: cite,
                                            message: "\(duty.action) done on \(done!.date)\(done!.time.map { " \($0)" } ?? ""), due \(dueText)",
                                            evidence: [from.id, done!.id], period: nil, due: due))
        case .overdue:
            outcome.findings.append(Finding(kind: .missed, severity: .error, date: due!, subject: subjectID, subjectName: subjectName,
                                            role: duty.role, organisation: organisation, organisationName: name(of: organisation),
                                            action: duty.action, rule: rule.id, citation: cite,
                                            message: "\(duty.action) due \(dueText) after \(from.type) \(from.id) not done by \(asOf)",
                                            evidence: [from.id], period: nil, due: due))
        default:
            break
        }
        return Instance(from: from, due: due, dueTime: dueTime, doneBy: done, status: finalStatus)
    }

    func explainStatus(_ status: ObligationStatus, _ action: EventType, _ done: CaseEvent?, _ due: CivilDate?, _ note: String?) -> String {
        let by = done.map { "by \($0.type) \($0.id) on \($0.date)\($0.time.map { " \($0)" } ?? "")" } ?? ""
        switch status {
        case .doneOnTime: return due == nil ? "done \(by) (no checkable deadline to be late against)" : "done on time \(by)"
        case .doneLate: return "done late \(by)"
        case .overdue: return "overdue: no matching \(action) by \(asOf) (\(-asOf.days(to: due!)) days late)"
        case .dueSoon, .open: return "open, \(asOf.days(to: due!)) days left"
        case .noDeadline: return "open: \(note ?? "no checkable deadline")"
        case .undetermined: return "cannot be judged: \(note ?? "see problems")"
        }
    }

    // MARK: - Escalation

    /// Counts consecutive days (in the counter's unit) with a matching event; a step fires on
    /// the day the count reaches its threshold, triggered by that day's first matching event.
    mutating func escalate(_ counter: Counter, _ steps: [EscalationStep], _ rule: Rule) {
        let matching = events.indices.filter { i in events[i].type == counter.event && (counter.condition.map { c in holds(c, on: events[i]) } ?? true) }
        guard !matching.isEmpty else { return }
        guard let calendar else {
            outcome.problems.insert(EvaluationProblem(kind: .undeterminable, message: "\(jurisdiction) names no calendar that is loaded"))
            return
        }
        var previous: CivilDate?
        var count = 0
        var i = 0
        while i < matching.count {
            let event = events[matching[i]]
            let day = event.date
            var j = i + 1
            while j < matching.count && events[matching[j]].date == day { j += 1 }
            defer { i = j }
            do throws(CalendarError) {
                let counts: Bool
                let next: CivilDate?
                switch counter.unit {
                case .teachingDay:
                    counts = try calendar.isTeachingDay(day)
                    next = try previous.map { p throws(CalendarError) in try calendar.addingTeachingDays(1, to: p) }
                case .workingDay:
                    counts = try calendar.isWorkingDay(day)
                    next = try previous.map { p throws(CalendarError) in try calendar.addingWorkingDays(1, to: p) }
                default:
                    counts = true
                    next = previous.map { $0.adding(days: 1) }
                }
                guard counts else {
                    note(day, rule.id, "\(counter.event) \(event.id) on \(day) is not a \(counter.unit == .teachingDay ? "teaching" : "working") day: not counted")
                    continue
                }
                count = (next == day) ? count + 1 : 1
                previous = day
            } catch {
                problem(error)
                previous = nil
                count = 0
                continue
            }
            note(day, rule.id, "\(rule.id): \(counter.event) \(event.id) on \(day), consecutive count \(count)")
            for step in steps where step.threshold == count {
                guard evaluator.isInForce(rule, on: day) else { continue }
                note(day, rule.id, "\(rule.id) step at \(step.threshold) fires on \(event.type) \(event.id) of \(day)")
                run(step.duties, rule, trigger: event, step: step.threshold)
            }
        }
    }

    // MARK: - Prohibitions, preconditions, orders

    mutating func forbid(_ duty: Duty, _ rule: Rule) {
        let cite = evaluator.citations[rule.id] ?? citationText(rule.citations)
        for k in events.indices where events[k].type == duty.action {
            let e = events[k]
            guard evaluator.isInForce(rule, on: e.date) else { continue }
            let org = e.actor ?? resolve(duty.role)
            note(e.date, rule.id, "\(rule.id): \(duty.role) must not \(duty.action), but \(e.id) on \(e.date) is one")
            outcome.findings.append(Finding(kind: .forbidden, severity: .error, date: e.date, subject: subjectID, subjectName: subjectName,
                                            role: duty.role, organisation: org, organisationName: name(of: org), action: duty.action,
                                            rule: rule.id, citation: cite, message: "\(duty.role) must not \(duty.action): \(e.id) on \(e.date)",
                                            evidence: [e.id], period: nil, due: nil))
        }
    }

    func satisfied(_ p: Prerequisite, before event: CaseEvent) -> Bool {
        switch p {
        case .event(let type, let atLeast):
            return events.lazy.filter { $0.type == type && CaseEvent.chronological($0, event) }.prefix(atLeast).count >= atLeast
        case .all(let ps): return ps.allSatisfy { satisfied($0, before: event) }
        case .any(let ps): return ps.contains { satisfied($0, before: event) }
        }
    }

    func describe(_ p: Prerequisite) -> String {
        switch p {
        case .event(let type, let n): return n == 1 ? type.rawValue : "at least \(n) \(type)"
        case .all(let ps): return ps.map { "(\(describe($0)))" }.joined(separator: " and ")
        case .any(let ps): return ps.map { "(\(describe($0)))" }.joined(separator: " or ")
        }
    }

    mutating func require(_ action: EventType, _ prerequisite: Prerequisite, _ rule: Rule) {
        let cite = evaluator.citations[rule.id] ?? citationText(rule.citations)
        for k in events.indices where events[k].type == action {
            let e = events[k]
            guard evaluator.isInForce(rule, on: e.date) else { continue }
            if satisfied(prerequisite, before: e) {
                if tracing { let text = "\(rule.id): \(action) \(e.id) has its prerequisite \(describe(prerequisite))"; note(e.date, rule.id, text) }
                continue
            }
            let role = e.actor.flatMap { directory[$0]?.kind } ?? RoleName("")
            if tracing { let text = "\(rule.id): \(action) \(e.id) on \(e.date) without \(describe(prerequisite)) before it"; note(e.date, rule.id, text) }
            outcome.findings.append(Finding(kind: .missingPrerequisite, severity: .error, date: e.date, subject: subjectID, subjectName: subjectName,
                                            role: role, organisation: e.actor, organisationName: name(of: e.actor), action: action,
                                            rule: rule.id, citation: cite,
                                            message: "\(action) \(e.id) on \(e.date) without \(describe(prerequisite)) before it",
                                            evidence: [e.id], period: nil, due: nil))
        }
    }

    mutating func checkOrder(_ sequence: [EventType], _ rule: Rule) {
        let cite = evaluator.citations[rule.id] ?? citationText(rule.citations)
        for (k, type) in sequence.enumerated() where k > 0 {
            let before = sequence[k - 1]
            for k in events.indices where events[k].type == type {
                let e = events[k]
                guard evaluator.isInForce(rule, on: e.date) else { continue }
                if events.contains(where: { $0.type == before && CaseEvent.chronological($0, e) }) { continue }
                let role = e.actor.flatMap { directory[$0]?.kind } ?? RoleName("")
                note(e.date, rule.id, "\(rule.id): \(type) \(e.id) on \(e.date) came before any \(before)")
                outcome.findings.append(Finding(kind: .outOfOrder, severity: .error, date: e.date, subject: subjectID, subjectName: subjectName,
                                                role: role, organisation: e.actor, organisationName: name(of: e.actor), action: type,
                                                rule: rule.id, citation: cite,
                                                message: "\(type) \(e.id) on \(e.date) came before any \(before)",
                                                evidence: [e.id], period: nil, due: nil))
            }
        }
    }
}
