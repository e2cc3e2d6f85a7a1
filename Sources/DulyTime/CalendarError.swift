/// Everything that can go wrong in the time layer, as data a driver renders.
///
/// Cases name the missing year or the offending text so the message can say what to fix.
public enum CalendarError: Error, Hashable, Sendable {
    /// A computation needed a date for which no holiday notice is loaded. `year` is the notice
    /// that is missing (for the last days of December it is the next year's, whose 元旦
    /// arrangement may reach back into them).
    case missingHolidayData(year: Int, date: CivilDate)
    /// A teaching-day computation needed a school year the school calendar does not cover, or
    /// the calendar has no school calendar at all (`schoolYear` is then the one needed).
    case missingSchoolCalendar(calendar: String, schoolYear: Int, date: CivilDate)
    /// A calendar file line could not be read.
    case invalidCalendarFile(path: String, line: Int, message: String)
    /// A calendar name that resolves to no folder.
    case unknownCalendar(name: String, known: [String])
    /// A duration text that is not `N UNIT`.
    case invalidDuration(text: String, reason: String)
    /// A date text that is not `YYYY-MM-DD` or not a real date.
    case invalidDate(text: String)
    /// An event recorded with a date only, judged against a time-of-day cutoff, with no declared
    /// default time.
    case missingTimeOfDay(date: CivilDate)
    /// A computation left the years 1–9999, the only dates Duly (and ISO 8601's basic form) can
    /// write: `what` says what was being counted (`400000000 weeks after 2024-09-27`, `the
    /// 9999-10000 school year`).
    case beyondRepresentableDates(what: String)
}

extension CalendarError: CustomStringConvertible {
    /// One lowercase line, naming the user's text, never our types.
    public var description: String {
        switch self {
        case let .missingHolidayData(year, date):
            if date.year != year {
                return "no holiday data for \(year): \(date) may be changed by the \(year) notice (国务院办公厅关于\(year)年部分节假日安排的通知); add policies/calendars/national/\(year).cal"
            }
            return "no holiday data for \(year) (needed for \(date)); add policies/calendars/national/\(year).cal from the State Council notice"
        case let .missingSchoolCalendar(calendar, schoolYear, date):
            return "calendar `\(calendar)` has no school calendar for \(schoolYear)-\(schoolYear + 1)学年 (needed for \(date))"
        case let .invalidCalendarFile(path, line, message):
            return "\(path):\(line): \(message)"
        case let .unknownCalendar(name, known):
            let list = known.isEmpty ? "none" : known.map { "`\($0)`" }.joined(separator: ", ")
            return "unknown calendar `\(name)` (known: \(list))"
        case let .invalidDuration(text, reason):
            return "invalid duration `\(text)`: \(reason)"
        case let .invalidDate(text):
            return "invalid date `\(text)`: expected YYYY-MM-DD, a real date"
        case let .missingTimeOfDay(date):
            return "the event on \(date) has no time of day and the rule declares no default time"
        case let .beyondRepresentableDates(what):
            return "\(what) falls outside the years 1–9999, the only dates that can be counted"
        }
    }
}
