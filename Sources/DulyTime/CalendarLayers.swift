/// What a holiday notice says about one date.
public enum HolidayDayKind: String, Hashable, Sendable, Codable {
    /// 放假: a statutory holiday rest day (including weekend days inside a holiday block).
    case restDay
    /// 调休上班: a weekend day made a working day.
    case makeUpWorkingDay
}

/// One date from a holiday notice, after ranges are expanded.
public struct HolidayEntry: Hashable, Sendable {
    public var date: CivilDate
    public var kind: HolidayDayKind
    /// The holiday's name as the notice gives it (`春节`, `国庆节、中秋节`).
    public var name: String
    /// The notice the entry comes from (the file's `source:` line in effect).
    public var source: String
    /// The year whose notice this is (the file's `year:` line in effect); may differ from
    /// `date.year` for 元旦 blocks that start in late December.
    public var noticeYear: Int

    public init(date: CivilDate, kind: HolidayDayKind, name: String, source: String, noticeYear: Int) {
        self.date = date
        self.kind = kind
        self.name = name
        self.source = source
        self.noticeYear = noticeYear
    }
}

/// A layer of holiday data: the national notices, or one province's own holidays.
///
/// Within a layer a later entry for the same date replaces an earlier one, which is how the
/// 2020 Spring Festival extension turns 1 February back into a rest day.
public struct HolidayLayer: Hashable, Sendable {
    /// The folder the layer comes from (`national`, `广西`).
    public var name: String
    /// The notice years the layer declares; a date needs its year declared by every layer.
    public var years: Set<Int>
    /// Entries in file order.
    public var entries: [HolidayEntry]

    public init(name: String, years: Set<Int>, entries: [HolidayEntry]) {
        self.name = name
        self.years = years
        self.entries = entries
    }

    /// The entries of one notice year after overrides: one per date, in date order.
    public func effectiveEntries(noticeYear: Int) -> [HolidayEntry] {
        var byDate: [CivilDate: HolidayEntry] = [:]
        for entry in entries where entry.noticeYear == noticeYear { byDate[entry.date] = entry }
        return byDate.values.sorted { $0.date < $1.date }
    }
}

/// A term or vacation of a school calendar.
public struct SchoolEntry: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// 学期: teaching days are the working days inside a term.
        case term
        /// 寒假 / 暑假: recorded for people; no teaching days fall inside.
        case vacation
    }

    public var kind: Kind
    public var first: CivilDate
    public var last: CivilDate
    /// `2024-2025学年第一学期`, `寒假`.
    public var name: String
    /// The citation, or `assumption (…)` when no published 校历 was found.
    public var source: String { didSet { isAssumption = SchoolEntry.isAssumption(source) } }
    /// The school year (from 1 September) the entry belongs to, named by its first calendar year.
    /// A term belongs to the school year of its last day, so an autumn term that starts in late
    /// August is still the first term of the school year it opens.
    public var schoolYear: Int

    /// True when the source says the dates are an assumption rather than a published 校历. Kept,
    /// not worked out from the text each time: the basis of every counted streak day asks it.
    public private(set) var isAssumption: Bool

    static func isAssumption(_ source: String) -> Bool { source.hasPrefix("assumption") || source.hasPrefix("假定") }

    public init(kind: Kind, first: CivilDate, last: CivilDate, name: String, source: String) {
        self.kind = kind
        self.first = first
        self.last = last
        self.name = name
        self.source = source
        self.isAssumption = SchoolEntry.isAssumption(source)
        self.schoolYear = SchoolEntry.schoolYear(of: kind == .term ? last : first)
    }

    /// The school year (1 September – 31 August) containing `date`, named by its first year.
    public static func schoolYear(of date: CivilDate) -> Int {
        let (y, m, _) = date.components
        return m >= 9 ? y : y - 1
    }
}

/// A school calendar: terms and vacations, by school year.
public struct SchoolCalendar: Hashable, Sendable {
    /// The folder the calendar comes from (`四川`).
    public var name: String
    /// Terms and vacations in date order.
    public var entries: [SchoolEntry]

    public init(name: String, entries: [SchoolEntry]) {
        self.name = name
        self.entries = entries.sorted { $0.first < $1.first }
    }

    /// Terms only, in date order.
    public var terms: [SchoolEntry] { entries.filter { $0.kind == .term } }

    /// School years with at least one term.
    public var schoolYears: Set<Int> { Set(terms.map(\.schoolYear)) }

    /// Terms in date order, each with its number within its school year (1 for the autumn term).
    public func numberedTerms() -> [(term: SchoolEntry, ordinal: Int)] {
        var ordinal: [Int: Int] = [:]
        return terms.map { term in
            ordinal[term.schoolYear, default: 0] += 1
            return (term, ordinal[term.schoolYear]!)
        }
    }

    /// The autumn term of `year` (the first term of the school year starting that September)
    /// or its spring term (the second term of the school year that started the September
    /// before), with its number in its school year; nil when the calendar does not list it.
    public func term(_ season: TermSeason, of year: Int) -> (term: SchoolEntry, ordinal: Int)? {
        let schoolYear = season == .spring ? year - 1 : year
        return numberedTerms().first { $0.term.schoolYear == schoolYear && season.includes(ordinal: $0.ordinal) }
    }

    /// A term's label: `2024-2025学年第一学期`.
    public static func label(_ term: SchoolEntry, _ ordinal: Int) -> String {
        let numeral = ordinal <= 3 ? ["一", "二", "三"][ordinal - 1] : String(ordinal)
        return "\(term.schoolYear)-\(term.schoolYear + 1)学年第\(numeral)学期"
    }

    /// The term containing `date`, if any.
    public func term(containing date: CivilDate) -> SchoolEntry? {
        terms.first { $0.first <= date && date <= $0.last }
    }

    /// This calendar with `other` laid on top: every term or vacation of this calendar that
    /// overlaps an entry of `other` is replaced by `other`'s entries; the rest stay. A county's
    /// spring term starting a week early thus replaces the province's spring term (and the end
    /// of its winter vacation), and the province's autumn term stays.
    public func overridden(by other: SchoolCalendar, name: String? = nil) -> SchoolCalendar {
        let kept = entries.filter { e in !other.entries.contains { $0.first <= e.last && e.first <= $0.last } }
        return SchoolCalendar(name: name ?? other.name, entries: kept + other.entries)
    }

    /// Whether anything counted on this calendar between `first` and `last` rests on an assumed
    /// entry: a term or vacation overlapping the days whose source is an assumption.
    public func restsOnAssumption(from first: CivilDate, through last: CivilDate) -> Bool {
        entries.contains { $0.isAssumption && $0.first <= last && first <= $0.last }
    }
}
