import DulyModel
import DulyTime

extension Evaluator {
    /// The recurring duties an organisation holds: one instance per period per organisation it
    /// is responsible for (itself, or each one it manages for `for each managed`).
    ///
    /// `acts` are the acts this organisation did (its actor), in time order; acts after the as-of
    /// date are not seen. Periods that begin before the window start are listed when current but
    /// not judged as missed, since the data does not cover them. Past periods show in the outcome as findings (missed)
    /// and, when tracing, as trace lines; the period containing the as-of date shows as a
    /// `DueAction` whatever its status.
    public func evaluateRecurring(organisation: Organisation, acts: OrganisationActs, tracing: Bool = false) -> Outcome {
        guard let plan = plans[organisation.jurisdiction] else { return Outcome() }
        var context = Context(evaluator: self, subjectID: SubjectID(organisation.id.rawValue), subjectName: organisation.name,
                              attributes: AttributeList(), anchor: organisation.id, plan: plan,
                              events: SubjectEvents(details: nil), tracing: tracing)
        var seen = acts
        seen.keep(through: asOf)
        for rule in plan.rules {
            guard case .duties(nil, let forEach, let duties) = rule.body else { continue }
            let facts = rule.facts(step: nil)
            for (index, duty) in duties.enumerated() {
                guard case .recurring(let recurrence) = duty.timing, organisations.plays(organisation, context.baseKind(duty.role)) else { continue }
                let targets: [OrganisationID]
                if let forEach {
                    targets = (organisations.managed[organisation.id] ?? []).filter { organisations[$0].map { organisations.plays($0, forEach) } ?? false }
                } else {
                    targets = [organisation.id]
                }
                // A rule's duties each have their facts (`CompiledRule.dutyFacts`).
                context.recur(duty, facts[index], recurrence, rule, index: index, organisation: organisation, targets: targets, perTarget: forEach != nil,
                              acts: seen)
            }
        }
        return context.outcome
    }
}

extension Evaluator {
    /// The recurring duties of each jurisdiction that no organisation of that jurisdiction in the
    /// data can hold (no organisation of the holder's kind, nor one acting as it): each is a
    /// problem naming the rule and the role, so a duty never binds nobody without a word.
    ///
    /// Only jurisdictions whose hierarchy is in the data (an organisation there is managed by
    /// another) are asked: a province present only as the addressee of a letter owes nothing here.
    public func unboundRecurringDuties(_ organisations: [Organisation]) -> Set<EvaluationProblem> {
        var kinds: [JurisdictionName: Set<RoleName>] = [:]
        let withHierarchy = Set(organisations.filter { !$0.managers.isEmpty }.map(\.jurisdiction))
        for o in organisations where withHierarchy.contains(o.jurisdiction) {
            kinds[o.jurisdiction, default: []].insert(o.kind)
            if let acted = self.organisations.actingRoles[o.kind] { kinds[o.jurisdiction, default: []].insert(acted) }
        }
        var problems = Set<EvaluationProblem>()
        for (jurisdiction, present) in kinds {
            guard let plan = plans[jurisdiction] else { continue }
            for rule in plan.rules {
                guard case .duties(nil, _, let duties) = rule.body else { continue }
                for duty in duties {
                    guard case .recurring = duty.timing else { continue }
                    let kind = program.vocabulary.baseKind(of: duty.role)
                    guard !present.contains(kind) else { continue }
                    problems.insert(EvaluationProblem(.unboundRecurringDuty(rule: rule.id, jurisdiction: jurisdiction, kind: kind, role: duty.role,
                                                                            action: duty.action)))
                }
            }
        }
        return problems
    }
}

extension Context {
    /// The periods of `recurrence` that meet `lo`…`hi`, each with its judgement day and time,
    /// counted on `own` or else the subject's calendar. The same for every organisation of a
    /// jurisdiction, so an evaluator that keeps periods (`Evaluator.keepPeriods`) works them out
    /// once: term windows and teaching days were worked out again for each school.
    mutating func periods(_ recurrence: Recurrence, _ rule: CompiledRule, from lo: CivilDate, to hi: CivilDate,
                          on own: WorkCalendar? = nil) throws(CalendarError) -> [(Period, CivilDate, TimeOfDay)] {
        let calendar = own ?? self.calendar
        guard let cache = evaluator.periodCache else {
            return try Context.periods(recurrence, rule, from: lo, to: hi, on: calendar)
        }
        let key = PeriodCache.Key(recurrence: recurrence, from: lo, to: hi, calendar: calendar?.identity, ruleCalendar: rule.calendarName)
        if let known = cache.periods[key] { return try known.get() }
        let result = Result { () throws(CalendarError) in try Context.periods(recurrence, rule, from: lo, to: hi, on: calendar) }
        cache.periods[key] = result
        return try result.get()
    }

    static func periods(_ recurrence: Recurrence, _ rule: CompiledRule, from lo: CivilDate, to hi: CivilDate,
                        on calendar: WorkCalendar?) throws(CalendarError) -> [(Period, CivilDate, TimeOfDay)] {
        var result: [(Period, CivilDate, TimeOfDay)] = []
        switch recurrence.period {
        case .every(let unit, let cutoff):
            let time = cutoff?.time ?? .endOfDay
            let list = try Period.all(unit, intersecting: lo...hi, calendar: calendar)
            result = list.map { ($0, $0.last, time) }
        case .yearly(let month, let day, let inclusive, let rolls):
            let fixed = FixedDate(month: month, day: .day(day), includesDate: inclusive, movesOffRestDay: rolls)
            // A 期日 may move off a rest day: without the jurisdiction's calendar it cannot be
            // placed, which is reported like any other missing calendar, never dropped.
            guard let calendar else {
                throw CalendarError.unknownCalendar(name: rule.calendarName ?? "(none)", known: [])
            }
            for year in lo.year...hi.year {
                let deadline = try calendar.deadline(for: fixed, in: year)
                let first = CivilDate(year, 1, 1)
                guard deadline.date >= lo else { continue }
                result.append((Period(kind: .year, first: first, last: deadline.date, label: "\(year)"), deadline.date, .endOfDay))
            }
        case .months(let months):
            for m in months { result += Period.all(namedMonth: m, intersecting: lo...hi).map { ($0, $0.last, .endOfDay) } }
            result.sort { $0.0.first < $1.0.first }
        case .termStart(let season, let window):
            result = try Period.termWindows(season, window, intersecting: lo...hi, calendar: calendar).map { ($0, $0.last, .endOfDay) }
        }
        if recurrence.teachingPeriodsOnly {
            // A period with no teaching day (a holiday half month) is neither listed nor judged.
            guard let calendar, calendar.schoolCalendar != nil else {
                throw CalendarError.missingSchoolCalendar(calendar: calendar?.name ?? "(none)", schoolYear: SchoolEntry.schoolYear(of: lo), date: lo)
            }
            var kept: [(Period, CivilDate, TimeOfDay)] = []
            for entry in result where try calendar.teachingDays(in: entry.0.first...entry.0.last) > 0 { kept.append(entry) }
            result = kept
        }
        return result
    }

    /// Judges every period of one recurring duty for each target.
    ///
    /// Acts are attributed in two passes, per target, in time order (docs/time.md, "Late and
    /// missed periods"):
    /// 1. on time: each period takes the acts inside its own window (its first day up to its
    ///    cut-off) until it has `atLeast`; later acts in the window are spare;
    /// 2. late: each judged period still short, earliest first, takes the earliest acts after its
    ///    cut-off and no later than its next judgement point (the cut-off of the duty's following
    ///    period, or the as-of date for the last one) that no period needs on time and no earlier
    ///    period took late, until it has `atLeast`. An act a later period took on time is
    ///    available when that period has a spare act in its window, which then takes its place.
    /// A period completed with a late act is done late (a `late` finding); one still short once
    /// its cut-off has passed is missed.
    mutating func recur(_ duty: Duty, _ facts: DutyFacts, _ recurrence: Recurrence, _ rule: CompiledRule, index: Int, organisation: Organisation,
                        targets: [OrganisationID], perTarget: Bool, acts: OrganisationActs) {
        let validity = rule.validity
        var lo = evaluator.windowStart
        var hi = asOf
        if let v = validity {
            lo = max(lo, v.from)
            if let u = v.until { hi = min(hi, u) }
        }
        guard lo <= hi, !targets.isEmpty else { return }
        let list: [(Period, CivilDate, TimeOfDay)]
        do {
            list = try periods(recurrence, rule, from: lo, to: hi)
        } catch {
            problem(error)
            return
        }
        let cite = rule.citation
        let coverage = coverage(of: organisation.id)
        let schoolCalendar = recurrence.restsOnSchoolCalendar ? calendar?.schoolCalendar : nil
        // An act addressed to an organisation of any of the recipient roles' kinds (`to A or B`).
        let recipientKinds = duty.recipients.map { baseKind($0) }
        // The acts that do the duty, as indices into `acts` (all are this organisation's).
        let mine = (0..<acts.count).filter { k in
            facts.isDone(by: acts.events.types[k])
                && (recipientKinds.isEmpty || acts.events.recipients[k] < 0
                    || party(acts.events.recipients[k]).map { o in recipientKinds.contains { directory.plays(o, $0) } } == true)
        }
        // Per target, its acts in time order: grouped once, not filtered again for each target.
        let bySubject = perTarget ? Dictionary(grouping: mine, by: { acts.subjects[$0] }) : [:]
        let acted = acts.events
        func mention(_ k: Int) -> EventMention { EventMention(type: acted.typeName(k), id: acted.id(k), date: acted.dates[k], time: acted.time(k)) }
        let needed = recurrence.atLeast
        // An exclusive cut-off is written "before 12:00", so the text never suggests 12:00 itself is on time.
        let exclusive = recurrence.cutoffBound == .exclusive
        func moment(_ due: CivilDate, _ time: TimeOfDay) -> DueMoment { DueMoment(date: due, time: time, exclusive: exclusive) }
        for target in targets {
            // A duty about a school with its own 校历 counts that school's teaching days and terms.
            var list = list, schoolCalendar = schoolCalendar
            if perTarget, recurrence.restsOnSchoolCalendar, !evaluator.organisationCalendars.isEmpty,
               let own = evaluator.organisationCalendars[target] {
                do { list = try periods(recurrence, rule, from: lo, to: hi, on: own) } catch { problem(error); continue }
                schoolCalendar = own.schoolCalendar
            }
            let cutoffs = list.map { Cutoff(date: $0.1, time: $0.2, bound: recurrence.cutoffBound) }
            let theirs = perTarget ? directory.symbol(of: target).flatMap { bySubject[$0] } ?? [] : mine
            let targetName = directory[target]?.name ?? target.rawValue
            // Per event: whether a period has it (on time, late, or undeterminable in its window),
            // and the period whose window holds it on time.
            var taken = [Bool](repeating: false, count: theirs.count)
            var windowOf = [Int?](repeating: nil, count: theirs.count)
            var inWindow = [[Int]](repeating: [], count: list.count)
            var onTime = [[Int]](repeating: [], count: list.count)
            var undetermined = [Int?](repeating: nil, count: list.count)
            var cursor = 0
            for (i, (period, _, time)) in list.enumerated() {
                while cursor < theirs.count && acted.dates[theirs[cursor]] < period.first { cursor += 1 }
                var k = cursor
                while k < theirs.count && acted.dates[theirs[k]] <= period.last {
                    let e = theirs[k]
                    defer { k += 1 }
                    guard !taken[k], windowOf[k] == nil else { continue }
                    do {
                        guard try cutoffs[i].admits(eventOn: acted.dates[e], at: acted.time(e), defaultTime: defaultTime) else { continue }
                        inWindow[i].append(k)
                        windowOf[k] = i
                        if onTime[i].count < needed {
                            onTime[i].append(k)
                            taken[k] = true
                        }
                    } catch {
                        outcome.problems.insert(EvaluationProblem(.noTimeOfDay(rule: rule.id, mention(e), organisation: organisation.id,
                                                                               jurisdiction: jurisdiction, cutoff: time)))
                        undetermined[i] = k
                        taken[k] = true
                    }
                }
            }
            var late = [[Int]](repeating: [], count: list.count)
            let coveredPeriod = list.map { coverage.covers(first: $0.0.first, judgedOn: $0.1) }
            for i in list.indices where coveredPeriod[i] && undetermined[i] == nil && onTime[i].count < needed {
                let limit = i + 1 < list.count ? cutoffs[i + 1] : nil
                // The first act on or after the cut-off day (acts are in time order).
                var k = 0, upper = theirs.count
                while k < upper {
                    let mid = (k + upper) / 2
                    if acted.dates[theirs[mid]] < cutoffs[i].date { k = mid + 1 } else { upper = mid }
                }
                while k < theirs.count && onTime[i].count + late[i].count < needed {
                    let e = theirs[k]
                    if let limit, acted.dates[e] > limit.date { break }
                    // An act whose time is unknown against either instant is not attributed: it is
                    // reported with the period whose window holds it.
                    let after = try? !cutoffs[i].admits(eventOn: acted.dates[e], at: acted.time(e), defaultTime: defaultTime)
                    let before = limit.map { try? $0.admits(eventOn: acted.dates[e], at: acted.time(e), defaultTime: defaultTime) } ?? true
                    if after == true && before == true {
                        if !taken[k] {
                            late[i].append(k)
                            taken[k] = true
                        } else if let j = windowOf[k], j != i, let spare = inWindow[j].first(where: { !taken[$0] }),
                                  let at = onTime[j].firstIndex(of: k) {
                            // The act's own period has a spare act in its window: that one keeps
                            // it on time, and the earliest act after the missed cut-off makes it up.
                            onTime[j].remove(at: at)
                            onTime[j].append(spare)
                            onTime[j].sort()
                            taken[spare] = true
                            late[i].append(k)
                        }
                    }
                    k += 1
                }
            }
            var isLate = [Bool](repeating: false, count: theirs.count)
            for ks in late { for k in ks { isLate[k] = true } }
            for (i, (period, due, time)) in list.enumerated() {
                // The acts of the window this period keeps: on time, or spare (a late act of an
                // earlier period is that period's, and shows there). Events are copied out only
                // where a result shows them: most periods are done on time and show nothing.
                var counted: [Int] { inWindow[i].filter { !isLate[$0] }.map { theirs[$0] } }
                let lateCount = late[i].count
                let isCurrent = period.first <= asOf && asOf <= period.last
                let isPast = period.last < asOf
                // Judged only inside the coverage of the organisation that holds the duty.
                let isJudged = coveredPeriod[i]
                let status: ObligationStatus
                if onTime[i].count >= needed { status = .doneOnTime }
                else if undetermined[i] != nil { status = .undetermined }
                else if onTime[i].count + lateCount >= needed { status = .doneLate }
                else if isPast { status = .overdue }
                else { status = asOf.days(to: due) <= evaluator.soonDays ? .dueSoon : .open }
                let done = status == .doneOnTime || status == .doneLate
                // A judged period with no act is missed as of the data's last day, as it is missed
                // as of the as-of date before its next judgement point: an act after the data ends
                // could make it late, never on time.
                let wouldBeMissed = isPast && !done && undetermined[i] == nil
                // What the period rests on, worked out only where it is shown.
                func basis() -> CalendarBasis {
                    recurrence.restsOnSchoolCalendar ? .school(schoolCalendar, from: period.first, through: period.last) : .calendar
                }
                let dueMoment = moment(due, time)
                let nextPoint: JudgementPoint = i + 1 < list.count ? .cutoff(moment(list[i + 1].1, list[i + 1].2), period: list[i + 1].0.label) : .asOf(asOf)
                if tracing {
                    note(period.first, rule.id, .period(PeriodJudgement(
                        holder: Holder(role: duty.role, organisation: organisation.id, organisationName: organisation.name), actions: duty.actions,
                        target: perTarget ? targetName : nil, needed: needed, period: period.label, due: dueMoment, counted: counted.map { acted.id($0) },
                        status: status, notJudged: wouldBeMissed && !isJudged ? coverage : nil, assumedSchoolCalendar: basis() == .assumedSchoolCalendar)))
                    for (j, k) in late[i].enumerated() {
                        let e = theirs[k]
                        note(acted.dates[e], rule.id, .periodActLate(LatePeriodAct(
                            act: mention(e), period: period.label, ordinal: onTime[i].count + j + 1, needed: needed, due: dueMoment, next: nextPoint,
                            spareFrom: windowOf[k].map { list[$0].0.label }, otherActs: windowOf[k].map { onTime[$0].count } ?? 0,
                            daysLate: due.days(to: acted.dates[e]))), depth: 1)
                    }
                    if isJudged && wouldBeMissed {
                        let passed = i + 1 < list.count && cutoffs[i + 1].date < asOf
                        note(due, rule.id, .periodMissed(next: i + 1 < list.count ? nextPoint : nil, asOf: asOf, final: passed), depth: 1)
                    }
                }
                var doneBy: [Int] { (onTime[i] + late[i]).map { theirs[$0] } }
                if isCurrent {
                    outcome.dueActions.append(DueAction(subject: SubjectID(target.rawValue), subjectName: targetName, action: duty.action,
                                                        role: duty.role, organisation: organisation.id, organisationName: organisation.name,
                                                        recipient: duty.recipient, recipientAlternatives: duty.recipientAlternatives, rule: rule.id, citation: cite, trigger: nil, start: period.first,
                                                        period: period.label, due: due, dueTime: time, daysLeft: done ? nil : asOf.days(to: due),
                                                        status: status, doneBy: (done ? doneBy : counted).map { acted.id($0) }, doneOn: (done ? doneBy : counted).last.map { acted.dates[$0] },
                                                        note: undetermined[i].map { .noTimeOfDay(mention(theirs[$0]), jurisdiction: jurisdiction) },
                                                        dutyIndex: index, step: nil))
                    outcome.dueActions[outcome.dueActions.count - 1].basis = basis()
                }
                // A period is judged only inside the data's coverage; one outside it that would
                // otherwise be missed is counted as not judged, never reported.
                guard isJudged else {
                    if wouldBeMissed && period.first >= (evaluator.coverage?.requestedFrom ?? period.first) { outcome.notJudged += 1 }
                    continue
                }
                if status == .doneLate, let lastIndex = late[i].last {
                    let lateActs = late[i].map { theirs[$0] }, last = acted.dates[theirs[lastIndex]]
                    outcome.findings.append(Finding(kind: .late, severity: .warning, date: last, subject: SubjectID(target.rawValue),
                                                    subjectName: targetName, role: duty.role, organisation: organisation.id,
                                                    organisationName: organisation.name, action: duty.action, rule: rule.id, citation: cite,
                                                    reason: .periodDoneLate(action: duty.action, period: period.label, due: dueMoment,
                                                                            acts: lateActs.map { LateAct(event: acted.id($0), date: acted.dates[$0], time: acted.time($0), daysLate: due.days(to: acted.dates[$0])) }),
                                                    evidence: lateActs.map { acted.id($0) }, period: period.label, due: due, daysLate: due.days(to: last),
                                                    basis: basis()))
                } else if wouldBeMissed {
                    let have = onTime[i].count + lateCount
                    outcome.findings.append(Finding(kind: .missed, severity: .error, date: due, subject: SubjectID(target.rawValue),
                                                    subjectName: targetName, role: duty.role, organisation: organisation.id,
                                                    organisationName: organisation.name, action: duty.action, rule: rule.id, citation: cite,
                                                    reason: .periodShort(actions: duty.actions, have: have, needed: needed, period: period.label, due: dueMoment),
                                                    evidence: doneBy.map { acted.id($0) }, period: period.label, due: due, basis: basis()))
                }
            }
        }
    }
}

/// Recurring periods already worked out, for one evaluating thread (`Evaluator.keepPeriods`).
///
/// INVARIANT: only the thread whose evaluator made it reads or writes it; an evaluator handed
/// to another thread calls `keepPeriods` there for a cache of its own.
final class PeriodCache: @unchecked Sendable {
    struct Key: Hashable {
        let recurrence: Recurrence
        let from: CivilDate
        let to: CivilDate
        let calendar: ObjectIdentifier?
        /// Named in the error when there is no calendar.
        let ruleCalendar: String?
    }
    var periods: [Key: Result<[(Period, CivilDate, TimeOfDay)], CalendarError>] = [:]
}
