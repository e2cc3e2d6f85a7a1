import DulyModel
import DulyTime

extension Evaluator {
    /// Applies every rule in force for a student's jurisdiction to the student's events.
    ///
    /// `events` may come in any order; events after the as-of date are not seen.
    public func evaluate(subject: Subject, events: [CaseEvent], tracing: Bool = false) -> Outcome {
        guard let jurisdiction = organisations[subject.school]?.jurisdiction, let plan = plans[jurisdiction] else { return Outcome() }
        return evaluate(subject: subject, plan: plan, events: events, tracing: tracing)
    }

    /// The same, with the subject's jurisdiction already looked up (its school's).
    public func evaluate(subject: Subject, plan: JurisdictionPlan, events: [CaseEvent], tracing: Bool = false) -> Outcome {
        evaluate(id: subject.id, name: subject.name, attributes: subject.attributes, anchor: subject.school,
                 plan: plan, events: events, tracing: tracing)
    }

    /// Applies the triggered rules, prohibitions, preconditions and orders to events whose
    /// subject is an organisation (a refusal recorded against a school).
    public func evaluate(organisation: Organisation, events: [CaseEvent], tracing: Bool = false) -> Outcome {
        guard let plan = plans[organisation.jurisdiction] else { return Outcome() }
        return evaluate(id: SubjectID(organisation.id.rawValue), name: organisation.name, attributes: [:], anchor: organisation.id,
                        plan: plan, events: events, tracing: tracing)
    }

    func evaluate(id: SubjectID, name: String, attributes: [AttributeName: AttributeValue], anchor: OrganisationID?,
                  plan: JurisdictionPlan, events: [CaseEvent], tracing: Bool) -> Outcome {
        let seen = seenInOrder(events)
        var context = Context(evaluator: self, subjectID: id, subjectName: name, attributes: attributes, anchor: anchor,
                              plan: plan, events: seen, tracing: tracing)
        if tracing {
            context.note(nil, nil, "\(name) (\(id)) is judged by \(plan.name)'s policy and the rules it inherits; calendar \(plan.calendarName ?? "none"); \(seen.count) event\(seen.count == 1 ? "" : "s") on or before \(asOf)")
            if coverage != nil {
                let c = context.coverage(of: anchor)
                context.note(nil, nil, "the data covers \(c.from) to \(c.through)\(c.through < asOf ? "; nothing after \(c.through) is judged" : "")")
            }
            if let anchor, let own = organisationCalendars[anchor], let school = own.schoolCalendar {
                context.note(nil, nil, "teaching days and terms: its own 校历 from the case data over \(own.name) (\(school.terms.filter { !$0.isAssumption }.count) supplied term\(school.terms.filter { !$0.isAssumption }.count == 1 ? "" : "s"))")
            }
        }
        for rule in plan.rules { context.apply(rule) }
        return context.outcome
    }
}

extension Evaluator {
    /// Whether `events[a]` comes before `events[b]`: `CaseEvent.chronological` read in place,
    /// since passing the two events would copy them.
    @inline(__always) static func precedes(_ events: [CaseEvent], _ a: Int, _ b: Int) -> Bool {
        let x = events[a].date, y = events[b].date
        if x != y { return x < y }
        let tx = events[a].time?.minutes ?? -1, ty = events[b].time?.minutes ?? -1
        if tx != ty { return tx < ty }
        return events[a].id < events[b].id
    }

    /// The events on or before the as-of date in time order (`CaseEvent.chronological`).
    /// Callers that already sort (DulyKit does) pay one pass here, not a copy and a sort.
    func seenInOrder(_ events: [CaseEvent]) -> [CaseEvent] {
        var isSorted = true
        var allSeen = true
        for i in events.indices {
            if events[i].date > asOf { allSeen = false }
            if i > 0 && isSorted && Evaluator.precedes(events, i, i - 1) { isSorted = false }
        }
        return isSorted && allSeen ? events : events.filter { $0.date <= asOf }.sorted(by: CaseEvent.chronological)
    }
}

/// One obligation instance while it is being judged. Events are indices into the subject's
/// chronological list: an event is looked at in place, never copied.
struct Instance {
    var from: Int
    var due: CivilDate?
    var dueTime: TimeOfDay
    var doneBy: Int?
    var status: ObligationStatus
}

extension Context {
    @inline(__always) func precedes(_ a: Int, _ b: Int) -> Bool { Evaluator.precedes(events, a, b) }

    /// Whether the caller keeps a due action of this status.
    func wants(_ status: ObligationStatus) -> Bool {
        evaluator.interest.contains(status.isOpen ? .openDueActions : .closedDueActions)
    }

    var wantsFindings: Bool { evaluator.interest.contains(.findings) }

    mutating func apply(_ rule: CompiledRule) {
        switch rule.body {
        case .duties(let trigger, _, let duties):
            for duty in rule.prohibitions { forbid(duty, rule) }
            guard let trigger, rule.hasDeadlines else { return }
            for k in events.indices where events[k].type == trigger.event {
                let date = events[k].date
                guard rule.isInForce(on: date) else { continue }
                if let c = trigger.condition {
                    guard let answer = decide(c, on: k, rule: rule.id) else { continue }
                    if !answer {
                        if tracing { let text = "\(rule.id): \(events[k].type) \(events[k].id) does not meet the rule's condition"; note(date, rule.id, text) }
                        continue
                    }
                }
                if tracing { let text = "\(rule.id) fires on \(events[k].type) \(events[k].id) of \(date)"; note(date, rule.id, text) }
                run(duties, rule, trigger: k, step: nil)
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

    mutating func run(_ duties: [Duty], _ rule: CompiledRule, trigger: Int, step: Int?) {
        let cite = step.flatMap { rule.stepCitations[$0] } ?? rule.citation
        var facts = rule.facts(step: step)
        if facts.count != duties.count { facts = duties.map { DutyFacts($0, evaluator.program.vocabulary) } }
        var previous: Instance?
        for (index, duty) in duties.enumerated() {
            guard case .deadline(let deadline) = duty.timing else { previous = nil; continue }
            // A limit within a named term sets a target for that term only: a trigger after the
            // term has ended creates no duty.
            if case .termEnd(let season, let year) = deadline, duty.sequel == nil,
               let (term, n) = calendar?.schoolCalendar?.term(season, of: year), events[trigger].date > term.last {
                let e = events[trigger]
                let line = "\(duty.role) must \(duty.action) within \(SchoolCalendar.label(term, n)): not created, \(e.type) \(e.id) on \(e.date) came after the term ended on \(term.last)"
                note(e.date, rule.id, line, depth: 1)
                previous = nil
                continue
            }
            var from = trigger
            var startOverride: CivilDate?
            switch duty.sequel {
            case nil:
                break
            case .then?:
                guard let p = previous, let done = p.doneBy else {
                    if previous != nil { note(events[trigger].date, rule.id, "then \(duty.role) must \(duty.action): not triggered yet (the previous duty is not done)", depth: 1) }
                    previous = nil
                    continue
                }
                from = done
            case .otherwise?:
                guard let p = previous, let due = p.due, p.status == .overdue || p.status == .doneLate, due < asOf else {
                    if previous != nil { note(events[trigger].date, rule.id, "otherwise \(duty.role) must \(duty.action): not triggered (the previous duty was not missed)", depth: 1) }
                    previous = nil
                    continue
                }
                from = p.from
                startOverride = due
            }
            previous = instance(of: duty, facts[index], deadline, rule, cite, from: from, startOverride: startOverride, index: index, step: step)
        }
    }

    /// The first event that discharges `duty` for an instance triggered by `from`. An `otherwise`
    /// duty arises only when the previous deadline has passed, so only events after `arisesAfter`
    /// (the end of that deadline's day) can discharge it.
    ///
    /// `holders` are the organisations that may do the act (the duty's role and its
    /// alternatives, as the data has them); an act by any of them counts. Empty: the data has no
    /// organisation for any of the roles (a guardian), and any act of the type counts.
    ///
    /// `recipients` holds, for each recipient role (several with `to A or B`), the organisation the
    /// data has for it: an act addressed to any of them counts. Where the data has none for a
    /// role, an act addressed to any organisation of that role's kind counts.
    func discharge(_ duty: Duty, _ facts: DutyFacts, after from: Int, holders: [OrganisationID], recipients: [OrganisationID?],
                   arisesAfter: CivilDate? = nil) -> Int? {
        let needsReference = facts.answers != nil && facts.answers == events[from].type
        func addressed(to to: OrganisationID) -> Bool {
            for (i, recipient) in recipients.enumerated() {
                if let recipient { if to == recipient { return true } }
                else if let o = directory[to] { if directory.plays(o, facts.recipientKinds[i]) { return true } }
                else { return true }
            }
            return false
        }
        for k in events.indices where duty.isDone(by: events[k].type) {
            guard events[k].id != events[from].id && !precedes(k, from) else { continue }
            // An act the condition rules out does not count; one missing the attribute does.
            if let c = duty.actCondition, judge(c, on: k) != true, !lacksAttribute(c, on: k) { continue }
            if let arisesAfter, events[k].date <= arisesAfter { continue }
            if let actor = events[k].actor, !holders.isEmpty, !holders.contains(actor) { continue }
            if !recipients.isEmpty, let to = events[k].recipient, !addressed(to: to) { continue }
            if needsReference && events[k].reference != events[from].id { continue }
            return k
        }
        return nil
    }

    /// The last event of `type` at or before the event at `index`.
    func latest(_ type: EventType, notAfter index: Int) -> Int? {
        events.indices.last { events[$0].type == type && !precedes(index, $0) }
    }

    mutating func instance(of duty: Duty, _ facts: DutyFacts, _ deadline: DulyModel.Deadline, _ rule: CompiledRule, _ cite: String, from: Int,
                           startOverride: CivilDate?, index: Int, step: Int?) -> Instance {
        // The holders: the role the rule names first, then its alternatives (`A or B must …`).
        // The due list shows the first one the data has; the others go with it.
        var holders: [(role: RoleName, organisation: OrganisationID?)] = [(duty.role, resolve(duty.role))]
        for a in duty.alternatives { holders.append((a, resolve(a))) }
        let shown = holders.firstIndex { $0.organisation != nil } ?? 0
        let organisation = holders[shown].organisation
        let holderRole = holders[shown].role
        let alternatives = holders.enumerated().filter { $0.offset != shown }
            .map { Holder(role: $0.element.role, organisation: $0.element.organisation, organisationName: name(of: $0.element.organisation)) }
        var recipients: [OrganisationID?] = []
        for (i, r) in duty.recipients.enumerated() {
            recipients.append(resolveRecipient(r, isOrganisation: facts.recipientIsOrganisation[i], holder: organisation))
        }
        // A deadline's parameters, definitions and calendar are the holder's jurisdiction's: a
        // county that shortened its own reply limit binds its own bureau, wherever the student is.
        let holderPlan = organisation.flatMap { directory[$0]?.jurisdiction }.flatMap { evaluator.plans[$0] } ?? plan
        let countedUnder: JurisdictionName? = holderPlan.name == plan.name ? nil : holderPlan.name
        if tracing, let countedUnder, case .deadline = duty.timing {
            let text = "the deadline is counted under \(countedUnder)'s policy, the jurisdiction of \(name(of: organisation) ?? organisation!.rawValue), which holds the duty"
            note(events[from].date, rule.id, text, depth: 1)
        }
        var start: CivilDate?
        var due: CivilDate?
        var dueTime = TimeOfDay.endOfDay
        var dueBound = Bound.inclusive
        var note: String?
        var status: ObligationStatus?
        var basis = CalendarBasis.calendar
        // Fields are read in place: a copy of the event would retain each of its strings.
        let triggerDate = events[from].date

        func count(_ amount: Amount, from start: CivilDate, _ c: inout Context) -> CivilDate? {
            var duration = amount.duration
            if let p = amount.parameter, let v = holderPlan.parameters[p] ?? c.plan.parameters[p] { duration = v }
            guard let calendar = holderPlan.calendar ?? c.calendar else {
                c.outcome.problems.insert(EvaluationProblem(kind: .undeterminable, message: "\(c.jurisdiction) names no calendar that is loaded"))
                return nil
            }
            do {
                if c.tracing {
                    let d = try calendar.deadline(from: start, adding: duration)
                    if duration.unit == .teachingDay { basis = .school(calendar.schoolCalendar, from: start, through: d.date) }
                    c.note(start, rule.id, "deadline: \(d.explanation) → due \(d.date)\(basis == .assumedSchoolCalendar ? " (on an assumed school calendar)" : "")", depth: 1)
                    return d.date
                }
                let due = try calendar.dueDate(from: start, adding: duration)
                if duration.unit == .teachingDay { basis = .school(calendar.schoolCalendar, from: start, through: due) }
                return due
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
                case .trigger: start = triggerDate
                case .event(let type):
                    start = latest(type, notAfter: from).map { events[$0].date }
                    if start == nil { note = "no \(type) on or before \(events[from].type) \(events[from].id) to count from" }
                case .attribute(let a):
                    if case .date(let d)? = events[from].attributes[a] { start = d }
                    else { note = "\(events[from].type) \(events[from].id) has no \(a) to count from" }
                }
            }
            if let s = start { due = count(amount, from: s, &self) }
            if due == nil { status = .undetermined }
        case .sameDay(let cutoff):
            start = startOverride ?? triggerDate
            due = start
            dueTime = cutoff.time
            dueBound = cutoff.bound
        case .termEnd(let season, let year):
            start = startOverride ?? triggerDate
            if let (term, n) = calendar?.schoolCalendar?.term(season, of: year) {
                due = term.last
                basis = .school(calendar?.schoolCalendar, from: term.first, through: term.last)
                self.note(start, rule.id, "deadline: within \(SchoolCalendar.label(term, n)) (\(term.first)..\(term.last)) → due \(term.last)", depth: 1)
            } else {
                let error = CalendarError.missingSchoolCalendar(calendar: calendar?.name ?? "(none)", schoolYear: season == .spring ? year - 1 : year,
                                                                date: CivilDate(year, season == .spring ? 3 : 9, 1))
                problem(error)
                note = "\(error)"
                status = .undetermined
            }
        case .term(let term, let definition):
            start = startOverride ?? triggerDate
            if let amount = holderPlan.definitions[term] ?? definition {
                due = count(amount, from: start!, &self)
                if due == nil { status = .undetermined }
            } else {
                note = "\(term.chinese) (\(term.rawValue)) is not defined for \(holderPlan.name): no checkable deadline"
                status = .noDeadline
            }
        }

        let doneIndex = discharge(duty, facts, after: from, holders: holders.compactMap(\.organisation), recipients: recipients,
                                  arisesAfter: duty.sequel == .otherwise ? startOverride : nil)
        if let doneIndex {
            if let due {
                do {
                    let onTime = try Cutoff(date: due, time: dueTime, bound: dueBound)
                        .admits(eventOn: events[doneIndex].date, at: events[doneIndex].time, defaultTime: defaultTime)
                    status = onTime ? .doneOnTime : .doneLate
                } catch {
                    problem(error)
                    note = "\(events[doneIndex].type) \(events[doneIndex].id) has no time of day and \(jurisdiction) declares no default time"
                    status = .undetermined
                }
            } else if status != .undetermined {
                status = .doneOnTime
            }
        } else if let due {
            let left = asOf.days(to: due)
            status = left < 0 ? .overdue : (left <= evaluator.soonDays ? .dueSoon : .open)
            if left < 0, case let through = coverage(of: anchor).through, due > through {
                // The deadline passed after the data ends: whether it was met cannot be told.
                status = .undetermined
                note = "no data after \(through): whether it was done by \(due) is not known"
                outcome.notJudged += 1
            }
        }
        let finalStatus = status ?? .undetermined
        if wants(finalStatus) {
            let daysLeft = doneIndex == nil ? due.map { asOf.days(to: $0) } : nil
            var action = DueAction(subject: subjectID, subjectName: subjectName, action: duty.action, role: holderRole,
                                   organisation: organisation, organisationName: name(of: organisation), recipient: duty.recipient,
                                   recipientAlternatives: duty.recipientAlternatives, rule: rule.id, citation: cite, trigger: events[from].id, start: start, period: nil, due: due,
                                   dueTime: due == nil ? nil : dueTime, daysLeft: daysLeft, status: finalStatus,
                                   doneBy: doneIndex.map { [events[$0].id] } ?? [], doneOn: doneIndex.map { events[$0].date }, note: note, dutyIndex: index, step: step,
                                   alternatives: alternatives, countedUnder: countedUnder)
            action.basis = basis
            action.actionAlternatives = duty.alternativeActions
            outcome.dueActions.append(action)
        }
        func dueText() -> String {
            due.map { "\($0)\(dueTime == .endOfDay ? "" : dueBound == .exclusive ? " before \(dueTime)" : " \(dueTime)")" } ?? "no checkable deadline"
        }
        if tracing {
            let done = doneIndex.map { events[$0] }
            let who = holders.map { h in h.organisation.map { "\(h.role) (\(name(of: $0) ?? $0.rawValue))" } ?? "\(h.role)" }.joined(separator: " or ")
            let text = "\(who) must \(duty.actionText)\(duty.recipient == nil ? "" : " to " + duty.recipients.map(\.rawValue).joined(separator: " or ")), due \(dueText()): \(explainStatus(finalStatus, duty.action, done, due, note))"
            self.note(triggerDate, rule.id, text, depth: 1)
        }

        if wantsFindings {
            // Which recipient the finding is about, when the duty is owed to several.
            let toText = duty.recipient == nil ? "" : " to " + duty.recipients.map(\.rawValue).joined(separator: " or ")
            let trigger = events[from]
            let done = doneIndex.map { events[$0] }
            switch finalStatus {
            case .doneLate:
                // Late: the party that acted is the one named.
                let actor = done!.actor.flatMap { a in holders.first { $0.organisation == a } }
                outcome.findings.append(Finding(kind: .late, severity: .warning, date: done!.date, subject: subjectID, subjectName: subjectName,
                                                role: actor?.role ?? holderRole, organisation: actor?.organisation ?? organisation,
                                                organisationName: name(of: actor?.organisation ?? organisation),
                                                action: duty.action, rule: rule.id, citation: cite,
                                                message: "\(duty.action)\(toText) done on \(done!.date)\(done!.time.map { " \($0)" } ?? ""), due \(dueText())",
                                                evidence: [trigger.id, done!.id], period: nil, due: due, basis: basis))
                outcome.findings[outcome.findings.count - 1].reason = .doneLate(
                    actions: duty.actions, recipients: duty.recipients, done: done!.id, on: done!.date, at: done!.time,
                    due: DueMoment(date: due!, time: dueTime, exclusive: dueBound == .exclusive))
            case .overdue:
                let by = alternatives.isEmpty ? "" : " by any of \(holders.map { h in h.organisation.map { name(of: $0) ?? $0.rawValue } ?? h.role.rawValue }.joined(separator: ", "))"
                // Not done by the last day the data speaks for, which is all it can tell.
                let seenUntil = min(asOf, coverage(of: anchor).through)
                outcome.findings.append(Finding(kind: .missed, severity: .error, date: due!, subject: subjectID, subjectName: subjectName,
                                                role: holderRole, organisation: organisation, organisationName: name(of: organisation),
                                                action: duty.action, rule: rule.id, citation: cite,
                                                message: "\(duty.actionText)\(toText) due \(dueText()) after \(trigger.type) \(trigger.id) not done\(by) by \(seenUntil)",
                                                evidence: [trigger.id], period: nil, due: due, alternatives: alternatives, basis: basis))
                outcome.findings[outcome.findings.count - 1].reason = .notDone(
                    actions: duty.actions, recipients: duty.recipients, due: DueMoment(date: due!, time: dueTime, exclusive: dueBound == .exclusive),
                    trigger: trigger.type, triggerEvent: trigger.id,
                    holders: alternatives.isEmpty ? [] : holders.map { h in h.organisation.map { name(of: $0) ?? $0.rawValue } ?? h.role.rawValue },
                    seenUntil: seenUntil)
            default:
                break
            }
        }
        return Instance(from: from, due: due, dueTime: dueTime, doneBy: doneIndex, status: finalStatus)
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
    mutating func escalate(_ counter: Counter, _ steps: [EscalationStep], _ rule: CompiledRule) {
        let matching = events.indices.filter { i in events[i].type == counter.event && (counter.condition.map { c in decide(c, on: i, rule: rule.id) == true } ?? true) }
        guard !matching.isEmpty else { return }
        guard let calendar else {
            outcome.problems.insert(EvaluationProblem(kind: .undeterminable, message: "\(jurisdiction) names no calendar that is loaded"))
            return
        }
        var previous: CivilDate?
        var count = 0
        var streakStart: CivilDate?
        var i = 0
        while i < matching.count {
            let first = matching[i]
            let day = events[first].date
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
                    if tracing { let text = "\(counter.event) \(events[first].id) on \(day) is not a \(counter.unit == .teachingDay ? "teaching" : "working") day: not counted"; note(day, rule.id, text) }
                    continue
                }
                count = (next == day) ? count + 1 : 1
                if count == 1 { streakStart = day }
                previous = day
            } catch {
                problem(error)
                previous = nil
                count = 0
                continue
            }
            if tracing { let text = "\(rule.id): \(counter.event) \(events[first].id) on \(day), consecutive count \(count)"; note(day, rule.id, text) }
            for step in steps where step.threshold == count {
                guard rule.isInForce(on: day) else { continue }
                if tracing { let text = "\(rule.id) step at \(step.threshold) fires on \(events[first].type) \(events[first].id) of \(day)"; note(day, rule.id, text) }
                let dueBefore = outcome.dueActions.count, findingsBefore = outcome.findings.count
                run(step.duties, rule, trigger: first, step: step.threshold)
                // The step fired on a count of teaching days: what it owes rests on the 校历 too.
                if counter.unit == .teachingDay {
                    let basis = CalendarBasis.school(calendar.schoolCalendar, from: streakStart ?? day, through: day)
                    for k in dueBefore..<outcome.dueActions.count where outcome.dueActions[k].basis != .assumedSchoolCalendar { outcome.dueActions[k].basis = basis }
                    for k in findingsBefore..<outcome.findings.count where outcome.findings[k].basis != .assumedSchoolCalendar { outcome.findings[k].basis = basis }
                }
            }
        }
    }

    // MARK: - Prohibitions, preconditions, orders

    mutating func forbid(_ duty: Duty, _ rule: CompiledRule) {
        let cite = rule.citation
        for k in events.indices where duty.isDone(by: events[k].type) {
            let e = events[k]
            guard rule.isInForce(on: e.date) else { continue }
            // The prohibition binds the roles it names: an act is a breach only when its actor
            // plays one of them. An act that does not say who did it accuses nobody.
            guard let org = e.actor else {
                let text = "\(rule.id): \(e.type) \(e.id) on \(e.date) records no actor, so it cannot be told whether \(duty.holders.map(\.rawValue).joined(separator: " or ")) did it"
                outcome.problems.insert(EvaluationProblem(kind: .undeterminable, message: text))
                note(e.date, rule.id, text)
                continue
            }
            guard let role = duty.holders.first(where: { isRecorded(e, by: $0) }) else {
                if tracing {
                    let text = "\(rule.id): \(e.type) \(e.id) on \(e.date) was done by \(name(of: org) ?? org.rawValue), which is not a \(duty.holders.map(\.rawValue).joined(separator: " or ")): not this prohibition's breach"
                    note(e.date, rule.id, text)
                }
                continue
            }
            note(e.date, rule.id, "\(rule.id): \(role) must not \(duty.action), but \(e.id) on \(e.date) is one")
            outcome.findings.append(Finding(kind: .forbidden, severity: .error, date: e.date, subject: subjectID, subjectName: subjectName,
                                            role: role, organisation: org, organisationName: name(of: org), action: duty.action,
                                            rule: rule.id, citation: cite, message: "\(role) must not \(e.type): \(e.id) on \(e.date)",
                                            evidence: [e.id], period: nil, due: nil))
            outcome.findings[outcome.findings.count - 1].reason = .forbidden(role: role, type: e.type, event: e.id, on: e.date)
        }
    }

    func satisfied(_ p: Prerequisite, before event: CaseEvent) -> Bool {
        switch p {
        case .event(let type, let atLeast):
            return events.lazy.filter { $0.type == type && CaseEvent.chronological($0, event) }.prefix(atLeast).count >= atLeast
        case .eventBy(let type, let atLeast, let role):
            return events.lazy.filter { $0.type == type && self.isRecorded($0, by: role) && CaseEvent.chronological($0, event) }
                .prefix(atLeast).count >= atLeast
        case .all(let ps): return ps.allSatisfy { satisfied($0, before: event) }
        case .any(let ps): return ps.contains { satisfied($0, before: event) }
        }
    }

    /// Whether an organisation of the role's kind recorded the event. An event with no actor
    /// does not show who recorded it, so it does not count.
    func isRecorded(_ e: CaseEvent, by role: RoleName) -> Bool {
        guard let actor = e.actor, let organisation = directory[actor] else { return false }
        return directory.plays(organisation, baseKind(role))
    }

    /// The events of a prerequisite's type before `event` that do not count because another
    /// body (or nobody named) recorded them: the evidence of a finding that says so.
    func recordedByOthers(_ p: Prerequisite, before event: CaseEvent) -> [(CaseEvent, RoleName)] {
        switch p {
        case .event: return []
        case .eventBy(let type, _, let role):
            return events.filter { $0.type == type && !isRecorded($0, by: role) && CaseEvent.chronological($0, event) }.map { ($0, role) }
        case .all(let ps), .any(let ps): return ps.flatMap { recordedByOthers($0, before: event) }
        }
    }

    func describe(_ p: Prerequisite) -> String {
        switch p {
        case .event(let type, let n): return n == 1 ? type.rawValue : "at least \(n) \(type)"
        case .eventBy(let type, let n, let role): return (n == 1 ? type.rawValue : "at least \(n) \(type)") + " by \(role)"
        case .all(let ps): return ps.map { "(\(describe($0)))" }.joined(separator: " and ")
        case .any(let ps): return ps.map { "(\(describe($0)))" }.joined(separator: " or ")
        }
    }

    mutating func require(_ action: EventType, _ prerequisite: Prerequisite, _ rule: CompiledRule) {
        let cite = rule.citation
        for k in events.indices where events[k].type == action {
            let e = events[k]
            guard rule.isInForce(on: e.date) else { continue }
            if satisfied(prerequisite, before: e) {
                if tracing { let text = "\(rule.id): \(action) \(e.id) has its prerequisite \(describe(prerequisite))"; note(e.date, rule.id, text) }
                continue
            }
            let role = e.actor.flatMap { directory[$0]?.kind } ?? RoleName("")
            let others = recordedByOthers(prerequisite, before: e)
            let why = others.map { o, wanted in
                guard let a = o.actor else {
                    return "; \(o.type) \(o.id) on \(o.date) names no organisation that recorded it, so it does not count as \(wanted)'s"
                }
                let by = "\(name(of: a) ?? a.rawValue) (\(directory[a]?.kind.rawValue ?? "?"))"
                return "; \(o.type) \(o.id) on \(o.date) was recorded by \(by), not \(wanted), so it does not count"
            }.joined()
            let text = "\(action) \(e.id) on \(e.date) without \(describe(prerequisite)) before it\(why)"
            if tracing { note(e.date, rule.id, "\(rule.id): \(text)") }
            outcome.findings.append(Finding(kind: .missingPrerequisite, severity: .error, date: e.date, subject: subjectID, subjectName: subjectName,
                                            role: role, organisation: e.actor, organisationName: name(of: e.actor), action: action,
                                            rule: rule.id, citation: cite, message: text,
                                            evidence: [e.id] + others.map(\.0.id), period: nil, due: nil))
            outcome.findings[outcome.findings.count - 1].reason = .missingPrerequisite(
                action: action, event: e.id, on: e.date, prerequisite: prerequisite,
                others: others.map { o, wanted in
                    MisattributedRecord(type: o.type, event: o.id, date: o.date,
                                        recordedBy: o.actor.map { a in "\(name(of: a) ?? a.rawValue) (\(directory[a]?.kind.rawValue ?? "?"))" },
                                        wanted: wanted)
                })
        }
    }

    mutating func checkOrder(_ sequence: [EventType], _ rule: CompiledRule) {
        let cite = rule.citation
        for (k, type) in sequence.enumerated() where k > 0 {
            let before = sequence[k - 1]
            for k in events.indices where events[k].type == type {
                let e = events[k]
                guard rule.isInForce(on: e.date) else { continue }
                if events.contains(where: { $0.type == before && CaseEvent.chronological($0, e) }) { continue }
                let role = e.actor.flatMap { directory[$0]?.kind } ?? RoleName("")
                note(e.date, rule.id, "\(rule.id): \(type) \(e.id) on \(e.date) came before any \(before)")
                outcome.findings.append(Finding(kind: .outOfOrder, severity: .error, date: e.date, subject: subjectID, subjectName: subjectName,
                                                role: role, organisation: e.actor, organisationName: name(of: e.actor), action: type,
                                                rule: rule.id, citation: cite,
                                                message: "\(type) \(e.id) on \(e.date) came before any \(before)",
                                                evidence: [e.id], period: nil, due: nil))
                outcome.findings[outcome.findings.count - 1].reason = .outOfOrder(type: type, event: e.id, on: e.date, before: before)
            }
        }
    }
}
