/// A moment an act must happen by, and whether the moment itself is still on time.
public struct Cutoff: Hashable, Sendable {
    public var date: CivilDate
    public var time: TimeOfDay
    public var bound: Bound

    public init(date: CivilDate, time: TimeOfDay, bound: Bound) {
        self.date = date
        self.time = time
        self.bound = bound
    }

    /// Whether an act at `moment` meets the cutoff.
    public func admits(_ moment: CivilDateTime) -> Bool {
        bound.admits(moment, upTo: CivilDateTime(date: date, time: time))
    }

    /// Whether an act recorded on `date`, at `time` if recorded, meets the cutoff.
    ///
    /// A record with a date only is judged at `defaultTime`, which the rule must declare: a date
    /// alone cannot say whether a report came before 12:00. With no time and no default the
    /// record is still judged when the answer does not depend on the time (another day).
    public func admits(eventOn date: CivilDate, at time: TimeOfDay?, defaultTime: TimeOfDay?) throws(CalendarError) -> Bool {
        if let time = time ?? defaultTime { return admits(CivilDateTime(date: date, time: time)) }
        if date < self.date { return true }
        if date > self.date { return false }
        if self.time == .endOfDay && bound == .inclusive { return true }
        throw .missingTimeOfDay(date: date)
    }
}

/// Which days a daily cutoff applies on.
public enum DaySet: String, Hashable, Sendable, CaseIterable {
    case calendarDays, workingDays, teachingDays
}

extension WorkCalendar {
    /// One cutoff at `time` on each day of `days` in `range` ("by 12:00 on each teaching day").
    public func dailyCutoffs(at time: TimeOfDay, bound: Bound, on days: DaySet,
                             in range: ClosedRange<CivilDate>) throws(CalendarError) -> [Cutoff] {
        var cutoffs: [Cutoff] = []
        var d = range.lowerBound
        while d <= range.upperBound {
            let include: Bool
            switch days {
            case .calendarDays: include = true
            case .workingDays: include = try isWorkingDay(d)
            case .teachingDays: include = try isTeachingDay(d)
            }
            if include { cutoffs.append(Cutoff(date: d, time: time, bound: bound)) }
            d = d.adding(days: 1)
        }
        return cutoffs
    }
}
