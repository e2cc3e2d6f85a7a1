/// A day a deadline computation looked at, with what the calendar says about it.
public struct CountedDay: Hashable, Sendable {
    public var date: CivilDate
    public var kind: DayKind
    /// The holiday a notice names for the day, if any.
    public var holidayName: String?

    public init(date: CivilDate, kind: DayKind, holidayName: String?) {
        self.date = date
        self.kind = kind
        self.holidayName = holidayName
    }
}

/// The legal rule that fixed a deadline's last day, so a trace can cite it.
public enum DeadlineRule: String, Hashable, Sendable, Codable {
    /// Days, weeks, half months: the start day is not counted; the last day is start + N days.
    case countedCalendarDays
    /// Months, years: the corresponding day of the final month.
    case correspondingDay
    /// Months, years: the final month has no corresponding day, so its last day.
    case monthEnd
    /// N working days after the start, start not counted.
    case countedWorkingDays
    /// N teaching days after the start, start not counted.
    case countedTeachingDays
    /// A fixed date (期日), not a period.
    case fixedDate

    /// The article the rule rests on.
    public var citation: String {
        switch self {
        case .countedCalendarDays: "民法典 第二百零一条"
        case .correspondingDay, .monthEnd: "民法典 第二百零一条、第二百零二条"
        case .countedWorkingDays, .countedTeachingDays: "民法典 第二百零一条 (start day not counted)"
        case .fixedDate: "the rule's own fixed date (期日)"
        }
    }
}

/// A last day that fell on a rest day and was moved to the next working day
/// (民法典 第二百零三条).
public struct Roll: Hashable, Sendable {
    /// The nominal last day, a statutory holiday or weekend rest day.
    public var from: CountedDay
    /// The next working day, where the period now ends.
    public var to: CountedDay
}

/// What a deadline was computed from.
public enum DeadlineBasis: Hashable, Sendable {
    /// A period of `duration` counted from `start` (the starting day, itself not counted).
    case period(start: CivilDate, duration: Duration)
    /// A fixed date in `year`.
    case fixedDate(FixedDate, year: Int)
}

/// A computed deadline: the last day, the time it ends, and the trace that explains it.
public struct Deadline: Hashable, Sendable {
    public var basis: DeadlineBasis
    /// The last day on which the act is on time.
    public var date: CivilDate
    /// When that day ends: 24:00 unless the rule gives a time of day.
    public var time: TimeOfDay
    /// The rule that fixed the nominal last day.
    public var rule: DeadlineRule
    /// The last day before any move off a rest day.
    public var nominalLastDay: CivilDate
    /// The move off a rest day (民法典 第二百零三条), if one happened.
    public var roll: Roll?
    /// For working and teaching days: every counted day, in order. Empty otherwise.
    public var countedDays: [CountedDay]
    /// The starting day, when the calendar has data for it.
    public var startDay: CountedDay?

    /// The deadline as a cutoff: on time up to and including the last day's end (届满 includes
    /// the boundary, 第一千二百五十九条).
    public var cutoff: Cutoff { Cutoff(date: date, time: time, bound: .inclusive) }

    /// `2024-10-10  (5 working days after 2024-09-27: 09-29 make-up working day, 09-30, …)`:
    /// the date first so scripts can cut it, then the explanation.
    public var summary: String {
        let when = time == .endOfDay ? date.description : "\(date) \(time)"
        return "\(when)  (\(explanation))"
    }

    /// One line naming the counted days and the rule applied.
    public var explanation: String {
        var parts: [String] = []
        switch basis {
        case let .period(start, duration):
            var head = "\(duration) after \(start)"
            if duration.unit == .halfMonth { head += " (15 days per half month)" }
            if let startDay, (duration.unit == .workingDay || duration.unit == .teachingDay),
               !startDay.kind.isWorkingDay {
                head += " (\(describe(startDay, full: true)); counting starts on the next working day)"
            }
            switch rule {
            case .countedWorkingDays, .countedTeachingDays:
                let days = countedDays.map { describe($0, full: false) }
                parts.append(head + (days.isEmpty ? "" : ": " + days.joined(separator: ", ")))
            case .countedCalendarDays:
                parts.append(head + ": last day \(short(nominalLastDay))" + note(nominalLastDay))
            case .correspondingDay:
                parts.append(head + ": corresponding day \(short(nominalLastDay))" + note(nominalLastDay) + " (民法典 第二百零二条)")
            case .monthEnd:
                let (y, m, _) = nominalLastDay.components
                parts.append(head + ": \(y)-\(CivilDate.pad(m, 2)) has no corresponding day, so the month's last day \(short(nominalLastDay))" + note(nominalLastDay) + " (民法典 第二百零二条)")
            case .fixedDate:
                parts.append(head)
            }
        case let .fixedDate(fixed, year):
            let stated = fixed.date(in: year)
            parts.append("fixed date \(stated) (\(fixed.includesDate ? "the date itself allowed" : "the date itself not allowed, so the day before"))")
        }
        if let roll {
            let reason = roll.from.kind == .statutoryHoliday ? "statutory holiday" : "rest day"
            let name = roll.from.holidayName.map { " (\($0))" } ?? ""
            let how: String
            switch basis {
            case .period: how = "民法典 第二百零三条"
            case .fixedDate: how = "the rule moves it off rest days"
            }
            parts.append("\(roll.from.date) is a \(reason)\(name), moved to the next working day \(roll.to.date)\(roll.to.kind == .makeUpWorkingDay ? ", a make-up working day" : "") (\(how))")
        }
        if time != .endOfDay { parts.append("ends at \(time)") }
        return parts.joined(separator: "; ")
    }

    private var referenceYear: Int {
        switch basis {
        case let .period(start, _): start.year
        case let .fixedDate(_, year): year
        }
    }

    private func short(_ date: CivilDate) -> String {
        date.year == referenceYear ? date.monthDay : date.description
    }

    private func note(_ date: CivilDate) -> String {
        if let roll, roll.from.date == date { return "" }
        if date == nominalLastDay, roll == nil, let kind = lastDayKind, kind == .makeUpWorkingDay {
            return " (make-up working day, no move)"
        }
        return ""
    }

    /// The kind of the nominal last day when it was a make-up working day (kept for the note).
    var lastDayKind: DayKind?

    private func describe(_ day: CountedDay, full: Bool) -> String {
        let text = full ? day.date.description : short(day.date)
        let label = day.kind.traceLabel
        if label.isEmpty { return text }
        if full, let name = day.holidayName { return "\(text) is a \(label), \(name)" }
        return full ? "\(text) is a \(label)" : "\(text) \(label)"
    }
}

// MARK: - Arithmetic

extension WorkCalendar {
    /// The last day of `duration` counted from `start`, without a trace: the fast path.
    ///
    /// Same rules as `deadline(from:adding:at:)`.
    @inlinable public func dueDate(from start: CivilDate, adding duration: Duration) throws(CalendarError) -> CivilDate {
        switch duration.unit {
        case .workingDay: return try addingWorkingDays(duration.count, to: start)
        case .teachingDay: return try addingTeachingDays(duration.count, to: start)
        case .calendarDay, .week, .halfMonth, .month, .year:
            return try nextWorkingDay(onOrAfter: WorkCalendar.nominalLastDay(from: start, adding: duration).date)
        }
    }

    /// The nominal last day of a duration in calendar units (days, weeks, half months, months,
    /// years) before any move off a rest day, and whether a month end was taken for a missing
    /// corresponding day. Total: a count that leaves the years 1–9999 is an error, never a trap.
    @inlinable static func nominalLastDay(from start: CivilDate, adding duration: Duration) throws(CalendarError) -> (date: CivilDate, clampedToMonthEnd: Bool) {
        func beyond() -> CalendarError { .beyondRepresentableDates(what: "\(duration) after \(start)") }
        switch duration.unit {
        case .month, .year:
            let (months, overflow) = duration.count.multipliedReportingOverflow(by: duration.unit == .year ? 12 : 1)
            guard !overflow, let result = start.adding(checkedMonths: months) else { throw beyond() }
            return result
        default:
            let perUnit = duration.unit == .week ? 7 : duration.unit == .halfMonth ? 15 : 1
            let (days, overflow) = duration.count.multipliedReportingOverflow(by: perUnit)
            guard !overflow, let date = start.adding(checkedDays: days) else { throw beyond() }
            return (date, false)
        }
    }

    /// The deadline `duration` after `start`, with its trace.
    ///
    /// - The start day is never counted (民法典 第二百零一条).
    /// - Days, weeks (7 days) and half months (15 days each): the last day is start + N days.
    /// - Months and years: the corresponding day of the final month, or its last day when there
    ///   is none (第二百零二条).
    /// - A period's last day that is a statutory holiday or weekend rest day moves to the next
    ///   working day, which may be a make-up Saturday; a last day that is a make-up working day
    ///   stays (第二百零三条).
    /// - Working and teaching days: the Nth such day after the start; a start on a holiday
    ///   simply contributes nothing. Never moved: the result is already such a day.
    /// - The last day ends at `time` (24:00 unless the rule gives a time of day).
    public func deadline(from start: CivilDate, adding duration: Duration,
                         at time: TimeOfDay = .endOfDay) throws(CalendarError) -> Deadline {
        let startDay = try? counted(start)
        switch duration.unit {
        case .workingDay, .teachingDay:
            let teaching = duration.unit == .teachingDay
            let due = teaching ? try addingTeachingDays(duration.count, to: start)
                : try addingWorkingDays(duration.count, to: start)
            var days: [CountedDay] = []
            var d = duration.count == 0 ? due : start.adding(days: 1)
            while d <= due {
                let include = teaching ? try isTeachingDay(d) : try isWorkingDay(d)
                if include { days.append(try counted(d)) }
                d = d.adding(days: 1)
            }
            return Deadline(basis: .period(start: start, duration: duration), date: due, time: time,
                            rule: teaching ? .countedTeachingDays : .countedWorkingDays,
                            nominalLastDay: due, roll: nil, countedDays: days, startDay: startDay)
        case .calendarDay, .week, .halfMonth, .month, .year:
            let (last, clamped) = try WorkCalendar.nominalLastDay(from: start, adding: duration)
            var rule = DeadlineRule.countedCalendarDays
            if duration.unit == .month || duration.unit == .year { rule = clamped ? .monthEnd : .correspondingDay }
            return try rolled(Deadline(basis: .period(start: start, duration: duration), date: last, time: time,
                                       rule: rule, nominalLastDay: last, roll: nil, countedDays: [],
                                       startDay: startDay), moves: true)
        }
    }

    /// The deadline a fixed date (期日) sets in `year`: the date itself or the day before, as the
    /// rule states, moved off a rest day only when the rule says so.
    public func deadline(for fixed: FixedDate, in year: Int) throws(CalendarError) -> Deadline {
        let stated = fixed.date(in: year)
        let last = fixed.includesDate ? stated : stated.adding(days: -1)
        return try rolled(Deadline(basis: .fixedDate(fixed, year: year), date: last, time: .endOfDay,
                                   rule: .fixedDate, nominalLastDay: last, roll: nil, countedDays: [],
                                   startDay: nil), moves: fixed.movesOffRestDay)
    }

    func counted(_ date: CivilDate) throws(CalendarError) -> CountedDay {
        let info = try day(date)
        return CountedDay(date: date, kind: info.kind, holidayName: info.holidayName)
    }

    /// Applies 第二百零三条 (or a fixed date's own move) to the nominal last day.
    func rolled(_ deadline: Deadline, moves: Bool) throws(CalendarError) -> Deadline {
        var result = deadline
        guard moves else {
            result.lastDayKind = try? day(deadline.nominalLastDay).kind
            return result
        }
        let last = try counted(deadline.nominalLastDay)
        result.lastDayKind = last.kind
        if !last.kind.isWorkingDay {
            let next = try nextWorkingDay(onOrAfter: last.date)
            result.roll = Roll(from: last, to: try counted(next))
            result.date = next
        }
        return result
    }
}

/// The deadline `duration` after `start` in `calendar`; see `WorkCalendar.deadline(from:adding:at:)`.
public func deadline(from start: CivilDate, adding duration: Duration, in calendar: WorkCalendar,
                     at time: TimeOfDay = .endOfDay) throws(CalendarError) -> Deadline {
    try calendar.deadline(from: start, adding: duration, at: time)
}
