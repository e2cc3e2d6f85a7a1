import DulyModel
import DulyTime

extension Evaluator {
    /// Applies every rule in force for the student's jurisdiction (`plan`, its school's) to the
    /// student's events, in time order (`SubjectEvents`); events after the as-of date are not seen.
    /// Conditions find attribute values by symbol: the student's and the events' attributes carry
    /// `CompiledPolicies.attributeSymbols`' (a `SubjectReader` configured with them sets them).
    ///
    /// `events` is lent, not copied (a copy retains and releases each of its columns, for every
    /// subject), and given back trimmed to the as-of date.
    public func evaluate(student id: SubjectID, name: String, school: OrganisationID, attributes: AttributeList, plan: JurisdictionPlan,
                         events: inout SubjectEvents, tracing: Bool = false) -> Outcome {
        evaluate(id: id, name: name, attributes: attributes, anchor: school, plan: plan, events: &events, tracing: tracing)
    }

    /// Applies the triggered rules, prohibitions, preconditions and orders to events whose
    /// subject is an organisation (a refusal recorded against a school).
    public func evaluate(organisation: Organisation, events: inout SubjectEvents, tracing: Bool = false) -> Outcome {
        guard let plan = plans[organisation.jurisdiction] else { return Outcome() }
        return evaluate(id: SubjectID(organisation.id.rawValue), name: organisation.name, attributes: AttributeList(), anchor: organisation.id,
                        plan: plan, events: &events, tracing: tracing)
    }

    func evaluate(id: SubjectID, name: String, attributes: AttributeList, anchor: OrganisationID?,
                  plan: JurisdictionPlan, events: inout SubjectEvents, tracing: Bool) -> Outcome {
        events.keep(through: asOf)
        var context = Context(evaluator: self, subjectID: id, subjectName: name, attributes: attributes, anchor: anchor,
                              plan: plan, events: consume events, tracing: tracing)
        defer { events = context.takeEvents() }
        if tracing {
            context.note(nil, nil, .judgedBy(name: name, id: id, jurisdiction: plan.name, calendar: plan.calendarName, events: context.events.count, asOf: asOf))
            if coverage != nil {
                let c = context.coverage(of: anchor)
                context.note(nil, nil, .dataCovers(from: c.from, through: c.through, asOf: asOf))
            }
            if let anchor, let own = organisationCalendars[anchor], let school = own.schoolCalendar {
                context.note(nil, nil, .ownSchoolCalendar(calendar: own.name, suppliedTerms: school.terms.filter { !$0.isAssumption }.count))
            }
            for rule in plan.rules { context.apply(rule) }
        } else {
            // A rule none of whose types the subject has cannot act: most subjects have a few
            // kinds of event, and a jurisdiction dozens of rules.
            let present = context.events.typeSet(through: asOf)
            for rule in plan.rules where rule.firing.meets(present) { context.apply(rule) }
        }
        return context.outcome
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
    /// Whether the caller keeps a due action of this status.
    func wants(_ status: ObligationStatus) -> Bool {
        evaluator.interest.contains(status.isOpen ? .openDueActions : .closedDueActions)
    }

    var wantsFindings: Bool { evaluator.interest.contains(.findings) }

    mutating func apply(_ rule: CompiledRule) {
        switch rule.body {
        case .duties(let trigger, _, let duties):
            for p in rule.prohibitions { forbid(p.duty, p.facts, rule) }
            guard trigger != nil, rule.hasDeadlines else { return }
            let symbol = rule.triggerSymbol
            for k in 0..<events.count where events.types[k] == symbol {
                let date = events.dates[k]
                guard rule.isInForce(on: date) else { continue }
                if let c = rule.triggerCondition {
                    guard let answer = decide(c, on: k, rule: rule.id) else { continue }
                    if !answer {
                        if tracing { note(date, rule.id, .conditionNotMet(mention(k))) }
                        continue
                    }
                }
                if tracing { note(date, rule.id, .fires(mention(k), step: nil)) }
                run(duties, rule, trigger: k, step: nil)
            }
        case .escalation(let counter, let steps):
            escalate(counter, steps, rule)
        case .requirement(let action, let prerequisite):
            require(action, prerequisite, rule)
        case .order(let sequence):
            checkOrder(sequence, rule)
        case .uncheckable(let reason):
            if tracing { note(nil, rule.id, .uncheckable(reason: reason)) }
        }
    }

    // MARK: - Duties and sequels

    mutating func run(_ duties: [Duty], _ rule: CompiledRule, trigger: Int, step: Int?) {
        let cite = step.flatMap { rule.stepCitations[$0] } ?? rule.citation
        var facts = rule.facts(step: step)
        if facts.count != duties.count { facts = duties.map { DutyFacts($0, evaluator.program.vocabulary, evaluator.compiled.eventTypes, evaluator.compiled.attributeSymbols,
                                                                      evaluator.compiled.roleSymbols) } }
        var previous: Instance?
        for (index, duty) in duties.enumerated() {
            guard case .deadline(let deadline) = duty.timing else { previous = nil; continue }
            // A limit within a named term sets a target for that term only: a trigger after the
            // term has ended creates no duty.
            if case .termEnd(let season, let year) = deadline, duty.sequel == nil,
               let (term, n) = calendar?.schoolCalendar?.term(season, of: year), events.dates[trigger] > term.last {
                note(events.dates[trigger], rule.id, .afterTerm(role: duty.role, action: duty.action, term: SchoolCalendar.label(term, n),
                                                               trigger: mention(trigger), termEnded: term.last), depth: 1)
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
                    if previous != nil { note(events.dates[trigger], rule.id, .sequelNotTriggered(.then, role: duty.role, action: duty.action), depth: 1) }
                    previous = nil
                    continue
                }
                from = done
            case .otherwise?:
                guard let p = previous, let due = p.due, p.status == .overdue || p.status == .doneLate, due < asOf else {
                    if previous != nil { note(events.dates[trigger], rule.id, .sequelNotTriggered(.otherwise, role: duty.role, action: duty.action), depth: 1) }
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
    /// `holders` are the symbols of the organisations that may do the act (the duty's role and its
    /// alternatives, as the data has them); an act by any of them counts. Empty: the data has no
    /// organisation for any of the roles (a guardian), and any act of the type counts.
    ///
    /// `recipients` holds, for each recipient role (several with `to A or B`), the symbol of the
    /// organisation the data has for it (-1: none): an act addressed to any of them counts. Where the data has none for a
    /// role, an act addressed to any organisation of that role's kind counts.
    func discharge(_ duty: Duty, _ facts: DutyFacts, after from: Int, holders: [Int32], recipients: [Int32],
                   arisesAfter: CivilDate? = nil) -> Int? {
        let needsReference = facts.answersSymbol == events.types[from]
        // The events are in time order, so "after the trigger" is a later index.
        guard from + 1 < events.count else { return nil }
        func addressed(to: Int32) -> Bool {
            for (i, recipient) in recipients.enumerated() {
                if recipient >= 0 { if to == recipient { return true } }
                else if let o = party(to) { if directory.plays(o, facts.recipientKinds[i]) { return true } }
                else { return true }
            }
            return false
        }
        for k in (from + 1)..<events.count where facts.isDone(by: events.types[k]) {
            // An act the condition rules out does not count; one missing the attribute does.
            if let c = facts.actCondition, judge(c, on: k) != true, !lacksAttribute(c.source, on: k) { continue }
            if let arisesAfter, events.dates[k] <= arisesAfter { continue }
            let actor = events.actors[k]
            if actor >= 0, !holders.isEmpty, !holders.contains(actor) { continue }
            let to = events.recipients[k]
            if !recipients.isEmpty, to >= 0, !addressed(to: to) { continue }
            if needsReference && events.references[k] != Int32(from) { continue }
            return k
        }
        return nil
    }

    /// The last event of type symbol `type` at or before the event at `index`.
    func latest(_ type: Int32, notAfter index: Int) -> Int? {
        var j = index
        while j >= 0 { if events.types[j] == type { return j }; j -= 1 }
        return nil
    }

    /// One obligation instance of `duty`, triggered by the event at `from`: who holds it, when
    /// it is due, whether it was done, and what the caller keeps of it (a due action, a trace
    /// line, a finding).
    mutating func instance(of duty: Duty, _ facts: DutyFacts, _ deadline: DulyModel.Deadline, _ rule: CompiledRule, _ cite: String, from: Int,
                           startOverride: CivilDate?, index: Int, step: Int?) -> Instance {
        let binding = bind(duty, facts)
        if tracing, let countedUnder = binding.countedUnder, case .deadline = duty.timing {
            note(events.dates[from], rule.id, .countedUnder(countedUnder, holder: name(of: binding.organisation) ?? binding.organisation!.rawValue), depth: 1)
        }
        var due = dueDate(deadline, facts, binding, rule, from: from, startOverride: startOverride)
        let doneIndex = discharge(duty, facts, after: from, holders: binding.holderSymbols, recipients: binding.recipients,
                                  arisesAfter: duty.sequel == .otherwise ? startOverride : nil)
        let status = judge(&due, doneBy: doneIndex)
        report(duty, binding, due, status: status, doneBy: doneIndex, rule, cite, from: from, index: index, step: step)
        return Instance(from: from, due: due.date, dueTime: due.time, doneBy: doneIndex, status: status)
    }

    /// The parties of an instance: the holders as the data has them, the one the due list shows,
    /// the recipients, and the jurisdiction whose deadlines bind the holder.
    struct Binding {
        /// The role the rule names first, then its alternatives (`A or B must …`).
        var holders: [(role: RoleName, organisation: OrganisationID?)]
        /// The first holder the data has (else the first named): the due list shows it.
        var organisation: OrganisationID?
        var role: RoleName
        /// The other holders, as the due list shows them.
        var alternatives: [Holder]
        /// The symbols of the holders the data has, in the order named.
        var holderSymbols: [Int32]
        /// Per recipient role, the symbol of the organisation the data has for it (-1: none).
        var recipients: [Int32]
        /// The holder's jurisdiction's plan: its parameters, definitions and calendar set the deadline.
        var plan: JurisdictionPlan
        /// That jurisdiction, when it is not the subject's.
        var countedUnder: JurisdictionName?
    }

    mutating func bind(_ duty: Duty, _ facts: DutyFacts) -> Binding {
        var symbols: [Int32] = []
        for role in facts.holderRoles { symbols.append(resolveSymbol(role)) }
        let roles = duty.holders
        let holders = symbols.indices.map { (role: roles[$0], organisation: party(symbols[$0])?.id) }
        let shown = symbols.firstIndex { $0 >= 0 } ?? 0
        let organisation = holders[shown].organisation
        let alternatives = holders.indices.filter { $0 != shown }
            .map { Holder(role: holders[$0].role, organisation: holders[$0].organisation, organisationName: name(of: symbols[$0])) }
        var recipients: [Int32] = []
        for (i, r) in facts.recipientRoles.enumerated() {
            recipients.append(resolveRecipient(r, isOrganisation: facts.recipientIsOrganisation[i], holder: symbols[shown]))
        }
        // A deadline's parameters, definitions and calendar are the holder's jurisdiction's: a
        // county that shortened its own reply limit binds its own bureau, wherever the student is.
        let holderPlan = evaluator.plan(ofOrganisation: symbols[shown]) ?? plan
        return Binding(holders: holders, organisation: organisation, role: holders[shown].role, alternatives: alternatives,
                       holderSymbols: symbols.filter { $0 >= 0 }, recipients: recipients,
                       plan: holderPlan, countedUnder: holderPlan.name == plan.name ? nil : holderPlan.name)
    }

    /// When an instance is due, as far as the rule and the calendar tell.
    struct DueDate {
        /// The day counting starts from (not itself counted).
        var start: CivilDate?
        var date: CivilDate?
        var time = TimeOfDay.endOfDay
        var bound = Bound.inclusive
        var basis = CalendarBasis.calendar
        /// Set when no date can be had: the rule gives no number (`noDeadline`) or the data or
        /// the calendar cannot give one (`undetermined`).
        var unjudgeable: ObligationStatus?
        var note: DueNote?

        var moment: DueMoment? { date.map { DueMoment(date: $0, time: time, exclusive: bound == .exclusive) } }
    }

    mutating func dueDate(_ deadline: DulyModel.Deadline, _ facts: DutyFacts, _ binding: Binding, _ rule: CompiledRule, from: Int, startOverride: CivilDate?) -> DueDate {
        var due = DueDate()
        // Fields are read in place: a copy of the event would retain each of its strings.
        let triggerDate = events.dates[from]
        let holderPlan = binding.plan

        func count(_ amount: Amount, from start: CivilDate, _ c: inout Context) -> CivilDate? {
            var duration = amount.duration
            if let p = amount.parameter, let v = holderPlan.parameters[p] ?? c.plan.parameters[p] { duration = v }
            guard let calendar = holderPlan.calendar ?? c.calendar else {
                c.outcome.problems.insert(EvaluationProblem(.noCalendar(c.jurisdiction)))
                return nil
            }
            do {
                if c.tracing {
                    let d = try calendar.deadline(from: start, adding: duration)
                    if duration.unit == .teachingDay { due.basis = .school(calendar.schoolCalendar, from: start, through: d.date) }
                    c.note(start, rule.id, .deadline(d, assumedSchoolCalendar: due.basis == .assumedSchoolCalendar), depth: 1)
                    return d.date
                }
                let date = try calendar.dueDate(from: start, adding: duration)
                if duration.unit == .teachingDay { due.basis = .school(calendar.schoolCalendar, from: start, through: date) }
                return date
            } catch {
                c.problem(error)
                due.note = .calendar(error)
                return nil
            }
        }

        switch deadline {
        case .within(let amount, let countFrom):
            if let s = startOverride {
                due.start = s
            } else {
                switch countFrom {
                case .trigger: due.start = triggerDate
                case .event(let type):
                    due.start = latest(facts.countFromSymbol, notAfter: from).map { events.dates[$0] }
                    if due.start == nil { due.note = .noCountingStart(type: type, trigger: mention(from)) }
                case .attribute(let a):
                    if case .date(let d)? = events.attributes[from][a] { due.start = d }
                    else { due.note = .noCountingDate(trigger: mention(from), attribute: a) }
                }
            }
            if let s = due.start { due.date = count(amount, from: s, &self) }
            if due.date == nil { due.unjudgeable = .undetermined }
        case .sameDay(let cutoff):
            due.start = startOverride ?? triggerDate
            due.date = due.start
            due.time = cutoff.time
            due.bound = cutoff.bound
        case .termEnd(let season, let year):
            due.start = startOverride ?? triggerDate
            if let (term, n) = calendar?.schoolCalendar?.term(season, of: year) {
                due.date = term.last
                due.basis = .school(calendar?.schoolCalendar, from: term.first, through: term.last)
                note(due.start, rule.id, .termDeadline(term: SchoolCalendar.label(term, n), first: term.first, last: term.last), depth: 1)
            } else {
                let error = CalendarError.missingSchoolCalendar(calendar: calendar?.name ?? "(none)", schoolYear: season == .spring ? year - 1 : year,
                                                                date: CivilDate(year, season == .spring ? 3 : 9, 1))
                problem(error)
                due.note = .calendar(error)
                due.unjudgeable = .undetermined
            }
        case .term(let term, let definition):
            due.start = startOverride ?? triggerDate
            if let amount = holderPlan.definitions[term] ?? definition {
                due.date = count(amount, from: due.start!, &self)
                if due.date == nil { due.unjudgeable = .undetermined }
            } else {
                due.note = .undefinedTerm(term, jurisdiction: holderPlan.name)
                due.unjudgeable = .noDeadline
            }
        }
        return due
    }

    /// Where an instance stands at the as-of date: the one place a triggered obligation's status
    /// is decided. A deadline that passed after the data ends cannot be judged (`notJudged`).
    mutating func judge(_ due: inout DueDate, doneBy doneIndex: Int?) -> ObligationStatus {
        if let doneIndex {
            guard let date = due.date else { return due.unjudgeable == .undetermined ? .undetermined : .doneOnTime }
            do {
                let onTime = try Cutoff(date: date, time: due.time, bound: due.bound)
                    .admits(eventOn: events.dates[doneIndex], at: events.time(doneIndex), defaultTime: defaultTime)
                return onTime ? .doneOnTime : .doneLate
            } catch {
                problem(error)
                due.note = .noTimeOfDay(mention(doneIndex), jurisdiction: jurisdiction)
                return .undetermined
            }
        }
        guard let date = due.date else { return due.unjudgeable ?? .undetermined }
        let status = openStatus(due: date)
        if status == .overdue, case let through = coverage(of: anchor).through, date > through {
            // The deadline passed after the data ends: whether it was met cannot be told.
            due.note = .noDataAfter(through, due: date)
            outcome.notJudged += 1
            return .undetermined
        }
        return status
    }

    /// The status of an obligation not done, with its due date: overdue, due soon or open.
    func openStatus(due: CivilDate) -> ObligationStatus {
        let left = asOf.days(to: due)
        return left < 0 ? .overdue : (left <= evaluator.soonDays ? .dueSoon : .open)
    }

    /// What the caller keeps of a judged instance: its due action, its trace line, its finding.
    mutating func report(_ duty: Duty, _ binding: Binding, _ due: DueDate, status: ObligationStatus, doneBy doneIndex: Int?,
                         _ rule: CompiledRule, _ cite: String, from: Int, index: Int, step: Int?) {
        let organisation = binding.organisation
        if wants(status) {
            let daysLeft = doneIndex == nil ? due.date.map { asOf.days(to: $0) } : nil
            var action = DueAction(subject: subjectID, subjectName: subjectName, action: duty.action, role: binding.role,
                                   organisation: organisation, organisationName: name(of: organisation), recipient: duty.recipient,
                                   recipientAlternatives: duty.recipientAlternatives, rule: rule.id, citation: cite, trigger: events.id(from),
                                   start: due.start, period: nil, due: due.date, dueTime: due.date == nil ? nil : due.time, daysLeft: daysLeft,
                                   status: status, doneBy: doneIndex.map { [events.id($0)] } ?? [], doneOn: doneIndex.map { events.dates[$0] },
                                   note: due.note, dutyIndex: index, step: step, alternatives: binding.alternatives, countedUnder: binding.countedUnder)
            action.basis = due.basis
            action.actionAlternatives = duty.alternativeActions
            outcome.dueActions.append(action)
        }
        if tracing {
            let who = binding.holders.map { Holder(role: $0.role, organisation: $0.organisation, organisationName: name(of: $0.organisation)) }
            note(events.dates[from], rule.id, .obligation(holders: who, actions: duty.actions, recipients: duty.recipients, due: due.moment,
                                                         status: status, done: doneIndex.map { mention($0) }, asOf: asOf, note: due.note), depth: 1)
        }
        guard wantsFindings else { return }
        switch status {
        case .doneLate:
            // Late: the party that acted is the one named.
            let d = doneIndex!
            let doneID = events.id(d), doneDate = events.dates[d]
            let actor = party(events.actors[d]).flatMap { a in binding.holders.first { $0.organisation == a.id } }
            outcome.findings.append(Finding(kind: .late, severity: .warning, date: doneDate, subject: subjectID, subjectName: subjectName,
                                            role: actor?.role ?? binding.role, organisation: actor?.organisation ?? organisation,
                                            organisationName: name(of: actor?.organisation ?? organisation),
                                            action: duty.action, rule: rule.id, citation: cite,
                                            reason: .doneLate(actions: duty.actions, recipients: duty.recipients, done: doneID, on: doneDate,
                                                              at: events.time(d), due: due.moment!),
                                            evidence: [events.id(from), doneID], period: nil, due: due.date, basis: due.basis))
        case .overdue:
            // Not done by the last day the data speaks for, which is all it can tell.
            let seenUntil = min(asOf, coverage(of: anchor).through)
            let names = binding.alternatives.isEmpty ? []
                : binding.holders.map { h in h.organisation.map { name(of: $0) ?? $0.rawValue } ?? h.role.rawValue }
            outcome.findings.append(Finding(kind: .missed, severity: .error, date: due.date!, subject: subjectID, subjectName: subjectName,
                                            role: binding.role, organisation: organisation, organisationName: name(of: organisation),
                                            action: duty.action, rule: rule.id, citation: cite,
                                            reason: .notDone(actions: duty.actions, recipients: duty.recipients, due: due.moment!, trigger: events.typeName(from),
                                                             triggerEvent: events.id(from), holders: names, seenUntil: seenUntil),
                                            evidence: [events.id(from)], period: nil, due: due.date, alternatives: binding.alternatives, basis: due.basis))
        default:
            break
        }
    }

    // MARK: - Escalation

    /// Counts consecutive days (in the counter's unit) with a matching event; a step fires on
    /// the day the count reaches its threshold, triggered by that day's first matching event.
    mutating func escalate(_ counter: Counter, _ steps: [EscalationStep], _ rule: CompiledRule) {
        let symbol = rule.counterSymbol
        let matching = (0..<events.count).filter { i in events.types[i] == symbol && (rule.counterCondition.map { c in decide(c, on: i, rule: rule.id) == true } ?? true) }
        guard !matching.isEmpty else { return }
        guard let calendar else {
            outcome.problems.insert(EvaluationProblem(.noCalendar(jurisdiction)))
            return
        }
        var previous: CivilDate?
        var count = 0
        var streakStart: CivilDate?
        var i = 0
        while i < matching.count {
            let first = matching[i]
            let day = events.dates[first]
            var j = i + 1
            while j < matching.count && events.dates[matching[j]] == day { j += 1 }
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
                    if tracing { note(day, rule.id, .notCountingDay(mention(first), teachingDays: counter.unit == .teachingDay)) }
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
            if tracing { note(day, rule.id, .consecutiveCount(mention(first), count: count)) }
            for step in steps where step.threshold == count {
                guard rule.isInForce(on: day) else { continue }
                if tracing { note(day, rule.id, .fires(mention(first), step: step.threshold)) }
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

    mutating func forbid(_ duty: Duty, _ facts: DutyFacts, _ rule: CompiledRule) {
        let cite = rule.citation
        for k in 0..<events.count where facts.isDone(by: events.types[k]) {
            let date = events.dates[k]
            guard rule.isInForce(on: date) else { continue }
            // The prohibition binds the roles it names: an act is a breach only when its actor
            // plays one of them. An act that does not say who did it accuses nobody.
            guard let org = party(events.actors[k]) else {
                outcome.problems.insert(EvaluationProblem(.noActor(rule: rule.id, mention(k), holders: duty.holders)))
                note(date, rule.id, .noActor(mention(k), holders: duty.holders))
                continue
            }
            guard let role = duty.holders.first(where: { isRecorded(k, by: $0) }) else {
                if tracing { note(date, rule.id, .notBound(mention(k), by: org.name, holders: duty.holders)) }
                continue
            }
            let id = events.id(k)
            note(date, rule.id, .forbidden(role: role, action: duty.action, mention(k)))
            outcome.findings.append(Finding(kind: .forbidden, severity: .error, date: date, subject: subjectID, subjectName: subjectName,
                                            role: role, organisation: org.id, organisationName: org.name, action: duty.action,
                                            rule: rule.id, citation: cite, reason: .forbidden(role: role, type: events.typeName(k), event: id, on: date),
                                            evidence: [id], period: nil, due: nil))
        }
    }

    /// Whether the events before the one at `index` meet the prerequisite.
    func satisfied(_ p: Prerequisite, before index: Int) -> Bool {
        switch p {
        case .event(let type, let atLeast):
            let s = symbol(type)
            return (0..<index).lazy.filter { events.types[$0] == s }.prefix(atLeast).count >= atLeast
        case .eventBy(let type, let atLeast, let role):
            let s = symbol(type)
            return (0..<index).lazy.filter { events.types[$0] == s && self.isRecorded($0, by: role) }.prefix(atLeast).count >= atLeast
        case .all(let ps): return ps.allSatisfy { satisfied($0, before: index) }
        case .any(let ps): return ps.contains { satisfied($0, before: index) }
        }
    }

    /// Whether an organisation of the role's kind recorded the event at `k`. An event with no
    /// actor does not show who recorded it, so it does not count.
    func isRecorded(_ k: Int, by role: RoleName) -> Bool {
        guard let organisation = party(events.actors[k]) else { return false }
        return directory.plays(organisation, baseKind(role))
    }

    /// The events of a prerequisite's type before the one at `index` that do not count because
    /// another body (or nobody named) recorded them: the evidence of a finding that says so.
    func recordedByOthers(_ p: Prerequisite, before index: Int) -> [(Int, RoleName)] {
        switch p {
        case .event: return []
        case .eventBy(let type, _, let role):
            let s = symbol(type)
            return (0..<index).filter { events.types[$0] == s && !isRecorded($0, by: role) }.map { ($0, role) }
        case .all(let ps), .any(let ps): return ps.flatMap { recordedByOthers($0, before: index) }
        }
    }

    mutating func require(_ action: EventType, _ prerequisite: Prerequisite, _ rule: CompiledRule) {
        let cite = rule.citation
        let symbol = rule.actionSymbol
        for k in 0..<events.count where events.types[k] == symbol {
            let date = events.dates[k]
            guard rule.isInForce(on: date) else { continue }
            if satisfied(prerequisite, before: k) {
                if tracing { note(date, rule.id, .prerequisiteMet(mention(k), prerequisite)) }
                continue
            }
            let actor = party(events.actors[k])
            let role = actor?.kind ?? RoleName("")
            let others = recordedByOthers(prerequisite, before: k)
            let id = events.id(k)
            let reason = FindingReason.missingPrerequisite(
                action: action, event: id, on: date, prerequisite: prerequisite,
                others: others.map { o, wanted in
                    MisattributedRecord(type: events.typeName(o), event: events.id(o), date: events.dates[o],
                                        recordedBy: party(events.actors[o]).map { a in "\(a.name) (\(a.kind.rawValue))" },
                                        wanted: wanted)
                })
            if tracing { note(date, rule.id, .finding(reason)) }
            outcome.findings.append(Finding(kind: .missingPrerequisite, severity: .error, date: date, subject: subjectID, subjectName: subjectName,
                                            role: role, organisation: actor?.id, organisationName: actor?.name, action: action,
                                            rule: rule.id, citation: cite, reason: reason,
                                            evidence: [id] + others.map { events.id($0.0) }, period: nil, due: nil))
        }
    }

    mutating func checkOrder(_ sequence: [EventType], _ rule: CompiledRule) {
        let cite = rule.citation
        for (n, type) in sequence.enumerated() where n > 0 {
            let before = sequence[n - 1]
            let symbol = rule.orderSymbols[n], beforeSymbol = rule.orderSymbols[n - 1]
            for k in 0..<events.count where events.types[k] == symbol {
                let date = events.dates[k]
                guard rule.isInForce(on: date) else { continue }
                if (0..<k).contains(where: { events.types[$0] == beforeSymbol }) { continue }
                let actor = party(events.actors[k])
                let id = events.id(k)
                let reason = FindingReason.outOfOrder(type: type, event: id, on: date, before: before)
                note(date, rule.id, .finding(reason))
                outcome.findings.append(Finding(kind: .outOfOrder, severity: .error, date: date, subject: subjectID, subjectName: subjectName,
                                                role: actor?.kind ?? RoleName(""), organisation: actor?.id, organisationName: actor?.name, action: type,
                                                rule: rule.id, citation: cite, reason: reason, evidence: [id], period: nil, due: nil))
            }
        }
    }
}
