/// A date that recurs each year (期日, not a period): "9月30日前", "当年9月底前".
///
/// The law does not say whether "前" includes the date, nor whether a fixed date moves off a
/// rest day, so both are stored and neither has a default: a rule must state them.
public struct FixedDate: Hashable, Sendable {
    /// A day of the month, or the month's last day (`9月底`).
    public enum DayOfMonth: Hashable, Sendable {
        case day(Int)
        case last
    }

    public var month: Int
    public var day: DayOfMonth
    /// Whether the stated date itself is still on time (inclusive) or the day before is the last.
    public var includesDate: Bool
    /// Whether a last day that is a rest day moves to the next working day.
    public var movesOffRestDay: Bool

    /// `month` 1...12; a `.day` that a month lacks in some year (30 February) is clamped to the
    /// month's last day, as 第二百零二条 does for periods.
    public init(month: Int, day: DayOfMonth, includesDate: Bool, movesOffRestDay: Bool) {
        precondition((1...12).contains(month), "month must be 1...12")
        if case let .day(d) = day { precondition((1...31).contains(d), "day must be 1...31") }
        self.month = month
        self.day = day
        self.includesDate = includesDate
        self.movesOffRestDay = movesOffRestDay
    }

    /// The stated date in `year`.
    public func date(in year: Int) -> CivilDate {
        let last = CivilDate.daysInMonth(year: year, month: month)
        switch day {
        case let .day(d): return CivilDate(year, month, min(d, last))
        case .last: return CivilDate(year, month, last)
        }
    }
}
