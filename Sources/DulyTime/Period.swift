/// The kinds of recurring period a rule can say "once every …" about.
public enum PeriodKind: Hashable, Sendable {
    /// Each calendar day.
    case day
    /// Each teaching day (needs a school calendar).
    case teachingDay
    /// 1st–15th and 16th–month end (每半月).
    case halfMonth
    case month
    /// January–March, April–June, July–September, October–December.
    case quarter
    /// January–June and July–December (每半年).
    case halfYear
    /// Each term of the school calendar (每学期); vacations are not part of a semester.
    case semester
    /// 1 September to 31 August (每学年).
    case schoolYear
    case calendarYear
    /// One named month each year (`2` for February's 宣传月).
    case namedMonth(Int)
}

/// One occurrence of a period, with a stable label for reports and test names.
public struct Period: Hashable, Sendable {
    public var kind: PeriodKind
    public var first: CivilDate
    public var last: CivilDate
    /// `2024-09-27`, `2024-09H2`, `2024-09`, `2024-Q3`, `2024-H1`, `2024-2025学年第一学期`,
    /// `2024-2025学年`, `2024`.
    public var label: String

    public init(kind: PeriodKind, first: CivilDate, last: CivilDate, label: String) {
        self.kind = kind
        self.first = first
        self.last = last
        self.label = label
    }

    /// Every period of `kind` that overlaps `range`, in order, each whole (not cut to the range).
    ///
    /// `calendar` is needed for teaching days and semesters; a range reaching a school year the
    /// school calendar does not cover is an error naming that year, never a guess.
    public static func all(_ kind: PeriodKind, intersecting range: ClosedRange<CivilDate>,
                           calendar: WorkCalendar? = nil) throws(CalendarError) -> [Period] {
        let lo = range.lowerBound, hi = range.upperBound
        var result: [Period] = []
        switch kind {
        case .day, .teachingDay:
            var d = lo
            while d <= hi {
                if kind == .day {
                    result.append(Period(kind: kind, first: d, last: d, label: d.description))
                } else {
                    guard let calendar else { throw noSchool(calendar, d) }
                    if try calendar.isTeachingDay(d) {
                        result.append(Period(kind: kind, first: d, last: d, label: d.description))
                    }
                }
                d = d.adding(days: 1)
            }
        case .halfMonth:
            var d = lo.day <= 15 ? lo.firstOfMonth : lo.firstOfMonth.adding(days: 15)
            while d <= hi {
                let (y, m, day) = d.components
                let isFirstHalf = day == 1
                let last = isFirstHalf ? d.adding(days: 14) : d.lastOfMonth
                result.append(Period(kind: kind, first: d, last: last,
                                     label: "\(y)-\(CivilDate.pad(m, 2))H\(isFirstHalf ? 1 : 2)"))
                d = last.adding(days: 1)
            }
        case .month, .quarter, .halfYear, .calendarYear, .namedMonth:
            let length: Int
            switch kind {
            case .quarter: length = 3
            case .halfYear: length = 6
            case .calendarYear: length = 12
            default: length = 1
            }
            let (ly, lm, _) = lo.components
            var d = CivilDate(ly, (lm - 1) / length * length + 1, 1)
            while d <= hi {
                let (y, m, _) = d.components
                let last = d.adding(months: length).date.adding(days: -1)
                let label: String
                switch kind {
                case .quarter: label = "\(y)-Q\((m - 1) / 3 + 1)"
                case .halfYear: label = "\(y)-H\(m <= 6 ? 1 : 2)"
                case .calendarYear: label = "\(y)"
                default: label = "\(y)-\(CivilDate.pad(m, 2))"
                }
                if case let .namedMonth(named) = kind, named != m {
                    // not this month
                } else {
                    result.append(Period(kind: kind, first: d, last: last, label: label))
                }
                d = last.adding(days: 1)
            }
        case .schoolYear:
            var y = SchoolEntry.schoolYear(of: lo)
            // A school year runs 1 September – 31 August: the ones that would start before year 1
            // or end after 9999 cannot be written.
            guard y >= 1, SchoolEntry.schoolYear(of: hi) < 9999 else {
                throw .beyondRepresentableDates(what: "the school year around \(y < 1 ? lo : hi)")
            }
            while CivilDate(y, 9, 1) <= hi {
                result.append(Period(kind: kind, first: CivilDate(y, 9, 1), last: CivilDate(y + 1, 8, 31),
                                     label: "\(y)-\(y + 1)学年"))
                y += 1
            }
        case .semester:
            guard let calendar, let school = calendar.schoolCalendar else { throw noSchool(calendar, lo) }
            guard SchoolEntry.schoolYear(of: lo) >= 1, SchoolEntry.schoolYear(of: hi) < 9999 else {
                throw .beyondRepresentableDates(what: "the school year around \(SchoolEntry.schoolYear(of: lo) < 1 ? lo : hi)")
            }
            let covered = school.schoolYears
            for y in SchoolEntry.schoolYear(of: lo)...SchoolEntry.schoolYear(of: hi) where !covered.contains(y) {
                throw .missingSchoolCalendar(calendar: calendar.name, schoolYear: y,
                                             date: max(lo, CivilDate(y, 9, 1)))
            }
            var ordinal: [Int: Int] = [:]
            for term in school.terms {
                ordinal[term.schoolYear, default: 0] += 1
                guard term.last >= lo, term.first <= hi else { continue }
                let n = ordinal[term.schoolYear]!
                let numeral = n <= 3 ? ["一", "二", "三"][n - 1] : String(n)
                result.append(Period(kind: kind, first: term.first, last: term.last,
                                     label: "\(term.schoolYear)-\(term.schoolYear + 1)学年第\(numeral)学期"))
            }
        }
        return result
    }

    private static func noSchool(_ calendar: WorkCalendar?, _ date: CivilDate) -> CalendarError {
        .missingSchoolCalendar(calendar: calendar?.name ?? "(none)", schoolYear: SchoolEntry.schoolYear(of: date), date: date)
    }
}
