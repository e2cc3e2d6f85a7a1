import DulyModel
import DulyTime

extension Evaluator {
    /// The recurring duties an organisation holds: one instance per period per organisation it
    /// is responsible for (itself, or each one it manages for `for each managed`).
    ///
    /// `events` are the events this organisation did (its actor), in any order. Periods that
    /// begin before the window start are listed when current but not judged as missed, since
    /// the data does not cover them. Past periods show in the outcome as findings (missed)
    /// and, when tracing, as trace lines; the period containing the as-of date shows as a
    /// `DueAction` whatever its status.
    public func evaluateRecurring(organisation: Organisation, events: [CaseEvent], tracing: Bool = false) -> Outcome {
        guard let plan = plans[organisation.jurisdiction] else { return Outcome() }
        var context = Context(evaluator: self, subjectID: SubjectID(organisation.id.rawValue), subjectName: organisation.name,
                              attributes: [:], anchor: organisation.id, plan: plan,
                              events: seenInOrder(events), tracing: tracing)
        for rule in plan.rules {
            guard case .duties(nil, let forEach, let duties) = rule.body else { continue }
            for (index, duty) in duties.enumerated() {
                guard case .recurring(let recurrence) = duty.timing, context.baseKind(duty.role) == organisation.kind else { continue }
                let targets: [OrganisationID]
                if let forEach {
                    targets = (organisations.managed[organisation.id] ?? []).filter { organisations[$0]?.kind == forEach }
                } else {
                    targets = [organisation.id]
                }
                context.recur(duty, recurrence, rule, index: index, organisation: organisation, targets: targets, perTarget: forEach != nil)
            }
        }
        return context.outcome
    }
}

extension Context {
    mutating func periods(_ recurrence: Recurrence, _ rule: CompiledRule, from lo: CivilDate, to hi: CivilDate,
                          on own: WorkCalendar? = nil) throws(CalendarError) -> [(Period, CivilDate, TimeOfDay)] {
        let calendar = own ?? self.calendar
        func plain(_ kind: PeriodKind) throws(CalendarError) -> [Period] { try Period.all(kind, intersecting: lo...hi, calendar: calendar) }
        var result: [(Period, CivilDate, TimeOfDay)] = []
        switch recurrence.period {
        case .every(let unit, let cutoff):
            let time = cutoff ?? .endOfDay
            let list: [Period]
            switch unit {
            case .day: list = try plain(.day)
            case .teachingDay: list = try plain(.teachingDay)
            case .halfMonth: list = try plain(.halfMonth)
            case .month: list = try plain(.month)
            case .quarter: list = try plain(.quarter)
            case .halfYear: list = try plain(.halfYear)
            case .semester: list = try plain(.semester)
            case .schoolYear: list = try plain(.schoolYear)
            case .year: list = try plain(.calendarYear)
            case .week:
                // ISO weeks, Monday to Sunday.
                var d = lo.adding(days: 1 - lo.weekday.rawValue)
                var weeks: [Period] = []
                while d <= hi {
                    weeks.append(Period(kind: .day, first: d, last: d.adding(days: 6), label: "week of \(d)"))
                    d = d.adding(days: 7)
                }
                list = weeks
            }
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
                result.append((Period(kind: .calendarYear, first: first, last: deadline.date, label: "\(year)"), deadline.date, .endOfDay))
            }
        case .months(let months):
            for m in months { result += try plain(.namedMonth(m)).map { ($0, $0.last, .endOfDay) } }
            result.sort { $0.0.first < $1.0.first }
        }
        return result
    }

    mutating func recur(_ duty: Duty, _ recurrence: Recurrence, _ rule: CompiledRule, index: Int, organisation: Organisation,
                        targets: [OrganisationID], perTarget: Bool) {
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
        let recipientKind = duty.recipient.map(baseKind)
        let mine = events.filter { e in
            e.type == duty.action && e.actor == organisation.id
                && (recipientKind == nil || e.recipient == nil || directory[e.recipient!]?.kind == recipientKind)
        }
        for target in targets {
            // A duty about a school with its own 校历 counts that school's teaching days and terms.
            var list = list, schoolCalendar = schoolCalendar
            if perTarget, recurrence.restsOnSchoolCalendar, !evaluator.organisationCalendars.isEmpty,
               let own = evaluator.organisationCalendars[target] {
                do { list = try periods(recurrence, rule, from: lo, to: hi, on: own) } catch { problem(error); continue }
                schoolCalendar = own.schoolCalendar
            }
            let theirs = perTarget ? mine.filter { $0.subject.rawValue == target.rawValue } : mine
            let targetName = directory[target]?.name ?? target.rawValue
            var cursor = 0
            for (period, due, time) in list {
                while cursor < theirs.count && theirs[cursor].date < period.first { cursor += 1 }
                var k = cursor
                var counted: [CaseEvent] = []
                var undetermined: CaseEvent?
                let cutoff = Cutoff(date: due, time: time, bound: .inclusive)
                while k < theirs.count && theirs[k].date <= period.last {
                    let e = theirs[k]
                    k += 1
                    do {
                        if try cutoff.admits(eventOn: e.date, at: e.time, defaultTime: defaultTime) { counted.append(e) }
                    } catch {
                        outcome.problems.insert(EvaluationProblem(kind: .undeterminable,
                            message: "\(e.type) \(e.id) of \(organisation.id) on \(e.date) has no time of day and \(jurisdiction) declares no default time, so it cannot be judged against \(time) (\(rule.id))"))
                        undetermined = e
                    }
                }
                let isCurrent = period.first <= asOf && asOf <= period.last
                let isPast = period.last < asOf
                let done = counted.count >= recurrence.atLeast
                let status: ObligationStatus
                if done { status = .doneOnTime }
                else if undetermined != nil { status = .undetermined }
                else if isPast { status = .overdue }
                else { status = asOf.days(to: due) <= evaluator.soonDays ? .dueSoon : .open }
                let covered = coverage.covers(first: period.first, judgedOn: due)
                // What the period rests on, worked out only where it is shown.
                func basis() -> CalendarBasis {
                    recurrence.restsOnSchoolCalendar ? .school(schoolCalendar, from: period.first, through: period.last) : .calendar
                }
                func shown() -> String {
                    (isPast && !done && undetermined == nil && !covered
                        ? "not judged: no data (the data covers \(coverage.from) to \(coverage.through))" : status.rawValue)
                        + (basis() == .assumedSchoolCalendar ? " (on an assumed school calendar)" : "")
                }
                let who = "\(duty.role) (\(organisation.name))"
                let dueText = "\(due)\(time == .endOfDay ? "" : " \(time)")"
                note(period.first, rule.id, "\(rule.id): \(who) must \(duty.action)\(perTarget ? " for \(targetName)" : "") \(recurrence.atLeast > 1 ? "at least \(recurrence.atLeast) times " : "")in \(period.label), due \(dueText): \(counted.count) matching event\(counted.count == 1 ? "" : "s")\(counted.isEmpty ? "" : " (\(counted.map(\.id.rawValue).joined(separator: ", ")))") → \(shown())")
                if isCurrent {
                    outcome.dueActions.append(DueAction(subject: SubjectID(target.rawValue), subjectName: targetName, action: duty.action,
                                                        role: duty.role, organisation: organisation.id, organisationName: organisation.name,
                                                        recipient: duty.recipient, rule: rule.id, citation: cite, trigger: nil, start: period.first,
                                                        period: period.label, due: due, dueTime: time, daysLeft: done ? nil : asOf.days(to: due),
                                                        status: status, doneBy: counted.map(\.id), doneOn: counted.last?.date,
                                                        note: undetermined.map { "\($0.type) \($0.id) has no time of day and \(jurisdiction) declares no default time" },
                                                        dutyIndex: index, step: nil))
                    outcome.dueActions[outcome.dueActions.count - 1].basis = basis()
                }
                // A period is judged only inside the data's coverage; one outside it that
                // would otherwise be missed is counted as not judged, never reported.
                if isPast && !done && undetermined == nil && !covered && period.first >= (evaluator.coverage?.requestedFrom ?? period.first) {
                    outcome.notJudged += 1
                }
                if isPast && !done && undetermined == nil && covered {
                    outcome.findings.append(Finding(kind: .missed, severity: .error, date: due, subject: SubjectID(target.rawValue),
                                                    subjectName: targetName, role: duty.role, organisation: organisation.id,
                                                    organisationName: organisation.name, action: duty.action, rule: rule.id, citation: cite,
                                                    message: "\(duty.action) \(counted.count) of \(recurrence.atLeast) in \(period.label) (by \(dueText))",
                                                    evidence: counted.map(\.id), period: period.label, due: due, basis: basis()))
                }
            }
        }
    }
}

extension Recurrence {
    /// Whether the periods are counted on the school calendar: teaching days and semesters.
    var restsOnSchoolCalendar: Bool {
        if case .every(let unit, _) = period { return unit == .teachingDay || unit == .semester }
        return false
    }
}
