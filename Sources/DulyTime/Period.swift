/// The units of recurring period a rule can say "once every …" about: the one type the parser,
/// the checker, the evaluator and the calendar share.
public enum PeriodUnit: String, Hashable, Sendable, Codable, CaseIterable {
    /// Each calendar day.
    case day
    /// Each teaching day (needs a school calendar).
    case teachingDay
    /// Each ISO week, Monday to Sunday (每周).
    case week
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
    /// A calendar year.
    case year
}

/// Which terms of the school calendar a term-anchored window is about. The first term of a
/// school year is the autumn term (第一学期), the second the spring term (第二学期).
public enum TermSeason: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every term (每学期).
    case any
    /// The first term of each school year (秋季学期).
    case autumn
    /// The second term of each school year (春季学期).
    case spring

    /// Whether the `ordinal`th term of a school year (from 1) is of this season.
    public func includes(ordinal: Int) -> Bool {
        switch self {
        case .any: true
        case .autumn: ordinal == 1
        case .spring: ordinal == 2
        }
    }
}

/// A window tied to the first day of a term (开学).
public enum TermWindow: Hashable, Sendable, Codable {
    /// 开学前后 N天内: N calendar days before the first day to N days after it, both included.
    case around(days: Int)
    /// 开学前 N天内: the N calendar days before the first day.
    case before(days: Int)
    /// 开学前: the vacation before the term (after the previous term's last day).
    case vacation
}

/// One occurrence of a period, with a stable label for reports and test names.
public struct Period: Hashable, Sendable {
    public var kind: PeriodUnit
    public var first: CivilDate
    public var last: CivilDate
    /// `2024-09-27`, `2024-W40`, `2024-09H2`, `2024-09`, `2024-Q3`, `2024-H1`,
    /// `2024-2025学年第一学期`, `2024-2025学年`, `2024`.
    public var label: String

    public init(kind: PeriodUnit, first: CivilDate, last: CivilDate, label: String) {
        self.kind = kind
        self.first = first
        self.last = last
        self.label = label
    }

    /// Every period of `kind` that overlaps `range`, in order, each whole (not cut to the range).
    ///
    /// `calendar` is needed for teaching days and semesters; a range reaching a school year the
    /// school calendar does not cover is an error naming that year, never a guess.
    public static func all(_ kind: PeriodUnit, intersecting range: ClosedRange<CivilDate>,
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
        case .week:
            // ISO 8601 weeks: Monday to Sunday, numbered in the year that holds their Thursday.
            var d = lo.adding(days: 1 - lo.weekday.rawValue)
            while d <= hi {
                let thursday = d.adding(days: 3)
                let week = CivilDate(thursday.year, 1, 1).days(to: thursday) / 7 + 1
                result.append(Period(kind: kind, first: d, last: d.adding(days: 6), label: "\(thursday.year)-W\(CivilDate.pad(week, 2))"))
                d = d.adding(days: 7)
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
        case .month, .quarter, .halfYear, .year:
            let length: Int
            switch kind {
            case .quarter: length = 3
            case .halfYear: length = 6
            case .year: length = 12
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
                case .year: label = "\(y)"
                default: label = "\(y)-\(CivilDate.pad(m, 2))"
                }
                result.append(Period(kind: kind, first: d, last: last, label: label))
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
            for (term, n) in school.numberedTerms() {
                guard term.last >= lo, term.first <= hi else { continue }
                result.append(Period(kind: kind, first: term.first, last: term.last, label: SchoolCalendar.label(term, n)))
            }
        }
        return result
    }

    /// The month `month` of each year that overlaps `range` (`2` for February's 宣传月), whole.
    public static func all(namedMonth month: Int, intersecting range: ClosedRange<CivilDate>) -> [Period] {
        (range.lowerBound.year...range.upperBound.year).compactMap { y in
            let first = CivilDate(y, month, 1), last = first.lastOfMonth
            guard last >= range.lowerBound, first <= range.upperBound else { return nil }
            return Period(kind: .month, first: first, last: last, label: "\(y)-\(CivilDate.pad(month, 2))")
        }
    }

    /// The window tied to the start of each term of `season` that overlaps `range`, in order
    /// (民法典 第一千二百五十九条: 以内 includes its bound, so both ends of a window are in it):
    /// - `around(days: N)`: from N days before the term's first day to N days after it;
    /// - `before(days: N)`: the N days before the first day (not the first day itself);
    /// - `vacation`: the day after the previous term's last day to the day before this one's first.
    ///
    /// A window that may reach a school year the school calendar does not have is an error
    /// naming that year, never a guess.
    public static func termWindows(_ season: TermSeason, _ window: TermWindow, intersecting range: ClosedRange<CivilDate>,
                                   calendar: WorkCalendar?) throws(CalendarError) -> [Period] {
        let lo = range.lowerBound, hi = range.upperBound
        guard let calendar, let school = calendar.schoolCalendar else { throw noSchool(calendar, lo) }
        // The first days of the terms whose windows can overlap the range lie in `from...to`;
        // the school years they fall in must be in the calendar.
        let from: CivilDate, to: CivilDate
        switch window {
        case .around(let n): (from, to) = (lo.adding(days: -n), hi.adding(days: n))
        case .before(let n): (from, to) = (lo, hi.adding(days: n))
        case .vacation: (from, to) = (lo, hi)
        }
        let covered = school.schoolYears
        for y in SchoolEntry.schoolYear(of: from)...SchoolEntry.schoolYear(of: to) where !covered.contains(y) {
            throw .missingSchoolCalendar(calendar: calendar.name, schoolYear: y, date: max(lo, CivilDate(y, 9, 1)))
        }
        // After the last term listed, the vacation before the next term has begun, and that
        // term is not in the calendar.
        if case .vacation = window, let last = school.terms.last, hi > last.last {
            throw .missingSchoolCalendar(calendar: calendar.name, schoolYear: last.schoolYear + 1, date: last.last.adding(days: 1))
        }
        var result: [Period] = []
        var previous: SchoolEntry?
        for (term, n) in school.numberedTerms() {
            defer { previous = term }
            guard season.includes(ordinal: n) else { continue }
            let first: CivilDate, last: CivilDate, suffix: String
            switch window {
            case .around(let days):
                first = term.first.adding(days: -days)
                last = term.first.adding(days: days)
                suffix = "开学前后\(days)天"
            case .before(let days):
                first = term.first.adding(days: -days)
                last = term.first.adding(days: -1)
                suffix = "开学前\(days)天"
            case .vacation:
                guard let previous else {
                    guard term.first > lo else { continue }
                    throw .missingSchoolCalendar(calendar: calendar.name, schoolYear: term.schoolYear - 1, date: term.first)
                }
                first = previous.last.adding(days: 1)
                last = term.first.adding(days: -1)
                suffix = "开学前"
            }
            guard last >= lo, first <= hi, first <= last else { continue }
            result.append(Period(kind: .semester, first: first, last: last, label: SchoolCalendar.label(term, n) + suffix))
        }
        return result
    }

    private static func noSchool(_ calendar: WorkCalendar?, _ date: CivilDate) -> CalendarError {
        .missingSchoolCalendar(calendar: calendar?.name ?? "(none)", schoolYear: SchoolEntry.schoolYear(of: date), date: date)
    }
}
