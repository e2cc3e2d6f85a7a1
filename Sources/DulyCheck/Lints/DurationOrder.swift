import DulyModel
import DulyTime

/// How two durations compare as deadlines counted from the same start.
public enum DurationOrder: Hashable, Sendable {
    case shorter, same, longer
    /// Longer from some start dates and shorter from others (over the calendar's data).
    case mixed(longerOn: Int, shorterOn: Int, of: Int)
    /// Different units with no calendar to decide on.
    case undecidable
}

/// Compares deadlines soundly: units that convert exactly (weeks to days, years to months) are
/// converted; others (working days against calendar days, days against months) are compared
/// over every start date the calendar has data for, never by a rule of thumb.
public func compare(_ a: Duration, _ b: Duration, over calendar: WorkCalendar?) -> DurationOrder {
    func exact(_ d: Duration) -> (Int, String)? {
        switch d.unit {
        case .calendarDay: (d.count, "day")
        case .week: (d.count * 7, "day")
        case .month: (d.count, "month")
        case .year: (d.count * 12, "month")
        case .workingDay: (d.count, "working")
        case .teachingDay: (d.count, "teaching")
        case .halfMonth: (d.count, "half")
        }
    }
    if let x = exact(a), let y = exact(b), x.1 == y.1 {
        return x.0 < y.0 ? .shorter : x.0 > y.0 ? .longer : .same
    }
    guard let calendar, let first = calendar.holidayYears.first, let last = calendar.holidayYears.last else { return .undecidable }
    var longer = 0, shorter = 0, total = 0
    var day = CivilDate(first, 1, 1)
    let end = CivilDate(last, 12, 31)
    while day <= end {
        if let da = try? calendar.dueDate(from: day, adding: a), let db = try? calendar.dueDate(from: day, adding: b) {
            total += 1
            if da > db { longer += 1 } else if da < db { shorter += 1 }
        }
        day = day.adding(days: 1)
    }
    if total == 0 { return .undecidable }
    if longer == 0 && shorter == 0 { return .same }
    if longer == 0 { return .shorter }
    if shorter == 0 { return .longer }
    return .mixed(longerOn: longer, shorterOn: shorter, of: total)
}
