/// What kind of day a date is, after every holiday layer is applied.
public enum DayKind: String, Hashable, Sendable, Codable {
    /// Monday–Friday with no notice about it.
    case workingDay
    /// 调休上班: a weekend day a notice made a working day.
    case makeUpWorkingDay
    /// 放假: a statutory holiday rest day (weekend days inside a holiday block included).
    case statutoryHoliday
    /// Saturday or Sunday with no notice about it.
    case weekendRestDay

    /// Whether work (and counting working days) happens on this day.
    public var isWorkingDay: Bool { self == .workingDay || self == .makeUpWorkingDay }

    /// How a trace names the kind; empty for an ordinary working day, which needs no note.
    public var traceLabel: String {
        switch self {
        case .workingDay: ""
        case .makeUpWorkingDay: "make-up working day"
        case .statutoryHoliday: "statutory holiday"
        case .weekendRestDay: "rest day"
        }
    }
}

/// Everything the calendar knows about one date.
public struct DayInfo: Hashable, Sendable {
    public var date: CivilDate
    public var kind: DayKind
    /// The holiday a notice names for this date (`国庆节`), for holidays and make-up days.
    public var holidayName: String?
    /// `nil` when the calendar has no school calendar for the date's school year.
    public var isTeachingDay: Bool?
    /// The term containing the date, if any.
    public var termName: String?
}

/// A calendar stack: holiday layers (national first, then a province's own) and an optional
/// school calendar, precomputed into per-day tables.
///
/// Named `WorkCalendar`, not `Calendar`, so modules that also import Foundation need no
/// qualification. Building it expands every covered year into flags, prefix counts and
/// ordered lists of working and teaching days, so adding N working days is two array reads.
public struct WorkCalendar: Sendable {
    /// The stack's name (`四川`, `national`).
    public var name: String { tables.name }
    /// Holiday layers in the order they apply; later layers override earlier ones per date.
    public var holidayLayers: [HolidayLayer] { tables.holidayLayers }
    /// The school calendar used for teaching days and semesters, if any.
    public var schoolCalendar: SchoolCalendar? { tables.schoolCalendar }
    /// The notice years every holiday layer declares, ascending.
    public var holidayYears: [Int] { tables.holidayYears }

    /// Everything the calendar holds, behind one reference: a calendar is copied wherever a
    /// deadline is counted (once per subject and rule), and a copy of a dozen arrays retains
    /// and releases each of them.
    @usableFromInline let tables: Tables

    @usableFromInline final class Tables: Sendable {
        let name: String
        let holidayLayers: [HolidayLayer]
        let schoolCalendar: SchoolCalendar?
        let holidayYears: [Int]
        // INVARIANT: every array below is indexed by `dayNumber - base` over the table
        // [1 January of the first holiday year, 31 December of the last]; the rank and gap arrays
        // have one extra slot for "just past the table".
        @usableFromInline let base: Int32
        @usableFromInline let flags: [UInt8]
        /// `workingRank[i]`: working days in table slots `0..<i`.
        @usableFromInline let workingRank: [Int32]
        /// Table slots of working days, ascending.
        @usableFromInline let workingDays: [Int32]
        @usableFromInline let teachingRank: [Int32]
        @usableFromInline let teachingDays: [Int32]
        /// `holidayGap[i]`: the first slot `>= i` without holiday data (`count` when none).
        @usableFromInline let holidayGap: [Int32]
        /// `schoolGap[i]`: the first slot `>= i` without holiday data or without a school year.
        @usableFromInline let schoolGap: [Int32]
        let holidayNames: [Int32: String]

        init(name: String, holidayLayers: [HolidayLayer], schoolCalendar: SchoolCalendar?, holidayYears: [Int], base: Int32, flags: [UInt8],
             working: (rank: [Int32], days: [Int32]), teaching: (rank: [Int32], days: [Int32]), holidayGap: [Int32], schoolGap: [Int32],
             holidayNames: [Int32: String]) {
            self.name = name
            self.holidayLayers = holidayLayers
            self.schoolCalendar = schoolCalendar
            self.holidayYears = holidayYears
            self.base = base
            self.flags = flags
            (workingRank, workingDays) = working
            (teachingRank, teachingDays) = teaching
            self.holidayGap = holidayGap
            self.schoolGap = schoolGap
            self.holidayNames = holidayNames
        }
    }

    /// The same for every copy of one calendar, different for calendars built apart: what a
    /// result worked out on a calendar may be remembered by.
    public var identity: ObjectIdentifier { ObjectIdentifier(tables) }

    @inlinable var base: Int32 { tables.base }
    @inlinable var flags: [UInt8] { tables.flags }

    @usableFromInline static let working: UInt8 = 1, statutory: UInt8 = 2, makeUp: UInt8 = 4,
        covered: UInt8 = 8, teaching: UInt8 = 16, schoolCovered: UInt8 = 32, inTerm: UInt8 = 64

    /// The first day of December from which a year's dates also need the next year's notice,
    /// whose 元旦 arrangement may make them rest days or make-up working days (the 2008 notice
    /// made 29 December 2007 a working day; the 2024 notice gave 30–31 December 2023 off).
    public static let lateDecemberDay = 25

    /// Builds the tables for `holidayLayers` (applied in order) and `schoolCalendar`.
    public init(name: String, holidayLayers: [HolidayLayer], schoolCalendar: SchoolCalendar?) {
        var years: Set<Int>? = nil
        for layer in holidayLayers { years = years.map { $0.intersection(layer.years) } ?? layer.years }
        let covered = years ?? []
        let holidayYears = covered.sorted()

        guard let firstYear = holidayYears.first, let lastYear = holidayYears.last else {
            tables = Tables(name: name, holidayLayers: holidayLayers, schoolCalendar: schoolCalendar, holidayYears: holidayYears, base: 0, flags: [],
                            working: ([0], []), teaching: ([0], []), holidayGap: [0], schoolGap: [0], holidayNames: [:])
            return
        }
        let start = CivilDate(firstYear, 1, 1)
        let end = CivilDate(lastYear, 12, 31)
        let count = start.days(to: end) + 1

        var kinds = [DayKind](repeating: .workingDay, count: count)
        var names: [Int32: String] = [:]
        for i in 0..<count where start.adding(days: i).isWeekend { kinds[i] = .weekendRestDay }
        for layer in holidayLayers {
            for entry in layer.entries {
                let i = start.days(to: entry.date)
                guard i >= 0, i < count else { continue }
                kinds[i] = entry.kind == .restDay ? .statutoryHoliday : .makeUpWorkingDay
                names[entry.date.dayNumber] = entry.name
            }
        }
        let schoolYears = schoolCalendar?.schoolYears ?? []
        let terms = schoolCalendar?.terms ?? []

        var flags = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            let date = start.adding(days: i)
            var f: UInt8 = 0
            switch kinds[i] {
            case .workingDay: f |= WorkCalendar.working
            case .makeUpWorkingDay: f |= WorkCalendar.working | WorkCalendar.makeUp
            case .statutoryHoliday: f |= WorkCalendar.statutory
            case .weekendRestDay: break
            }
            let (y, m, d) = date.components
            if covered.contains(y) && (m < 12 || d < WorkCalendar.lateDecemberDay || covered.contains(y + 1)) {
                f |= WorkCalendar.covered
            }
            if schoolYears.contains(SchoolEntry.schoolYear(of: date)) { f |= WorkCalendar.schoolCovered }
            if terms.contains(where: { $0.first <= date && date <= $0.last }) {
                f |= WorkCalendar.inTerm
                if f & WorkCalendar.working != 0 { f |= WorkCalendar.teaching }
            }
            flags[i] = f
        }

        func index(_ bit: UInt8) -> (rank: [Int32], days: [Int32]) {
            var rank = [Int32](repeating: 0, count: count + 1)
            var days: [Int32] = []
            for i in 0..<count {
                rank[i + 1] = rank[i] + (flags[i] & bit != 0 ? 1 : 0)
                if flags[i] & bit != 0 { days.append(Int32(i)) }
            }
            return (rank, days)
        }

        func gaps(_ isCovered: (UInt8) -> Bool) -> [Int32] {
            var gap = [Int32](repeating: Int32(count), count: count + 1)
            var i = count - 1
            while i >= 0 {
                gap[i] = isCovered(flags[i]) ? gap[i + 1] : Int32(i)
                i -= 1
            }
            return gap
        }
        tables = Tables(name: name, holidayLayers: holidayLayers, schoolCalendar: schoolCalendar, holidayYears: holidayYears,
                        base: start.dayNumber, flags: flags, working: index(WorkCalendar.working), teaching: index(WorkCalendar.teaching),
                        holidayGap: gaps { $0 & WorkCalendar.covered != 0 },
                        schoolGap: gaps { $0 & WorkCalendar.covered != 0 && $0 & WorkCalendar.schoolCovered != 0 },
                        holidayNames: names)
    }

    // MARK: - Coverage

    /// Whether the holiday data settles what kind of day `date` is.
    public func hasHolidayData(on date: CivilDate) -> Bool {
        guard let i = slot(date) else { return false }
        return flags[i] & WorkCalendar.covered != 0
    }

    /// The error for a date without holiday data: it names the notice year that is missing.
    public func missingHolidayData(on date: CivilDate) -> CalendarError {
        let (y, _, _) = date.components
        let missing = holidayYears.contains(y) ? y + 1 : y
        return .missingHolidayData(year: missing, date: date)
    }

    @usableFromInline func slot(_ date: CivilDate) -> Int? {
        let i = Int(date.dayNumber) - Int(base)
        return i >= 0 && i < flags.count ? i : nil
    }

    @usableFromInline func date(slot i: Int) -> CivilDate { CivilDate(dayNumber: base + Int32(i)) }

    /// The error for table slot `i` (possibly outside the table), preferring the holiday data.
    @usableFromInline func coverageError(slot i: Int, teaching: Bool) -> CalendarError {
        let d = date(slot: i)
        if !hasHolidayData(on: d) { return missingHolidayData(on: d) }
        return .missingSchoolCalendar(calendar: name, schoolYear: SchoolEntry.schoolYear(of: d), date: d)
    }

    // MARK: - Days

    /// The kind of `date`, its holiday name and teaching status.
    public func day(_ date: CivilDate) throws(CalendarError) -> DayInfo {
        guard let i = slot(date), flags[i] & WorkCalendar.covered != 0 else { throw missingHolidayData(on: date) }
        let f = flags[i]
        let kind: DayKind = f & WorkCalendar.makeUp != 0 ? .makeUpWorkingDay
            : f & WorkCalendar.statutory != 0 ? .statutoryHoliday
            : f & WorkCalendar.working != 0 ? .workingDay : .weekendRestDay
        let schoolKnown = f & WorkCalendar.schoolCovered != 0
        return DayInfo(date: date, kind: kind, holidayName: tables.holidayNames[date.dayNumber],
                       isTeachingDay: schoolKnown ? f & WorkCalendar.teaching != 0 : nil,
                       termName: schoolKnown ? schoolCalendar?.term(containing: date)?.name : nil)
    }

    /// Whether `date` is a working day (weekday or make-up day, not a statutory holiday).
    @inlinable public func isWorkingDay(_ date: CivilDate) throws(CalendarError) -> Bool {
        guard let i = slot(date), flags[i] & WorkCalendar.covered != 0 else { throw missingHolidayData(on: date) }
        return flags[i] & WorkCalendar.working != 0
    }

    /// Whether `date` is a teaching day: a working day inside a term of the school calendar.
    @inlinable public func isTeachingDay(_ date: CivilDate) throws(CalendarError) -> Bool {
        guard let i = slot(date), flags[i] & WorkCalendar.covered != 0 else { throw missingHolidayData(on: date) }
        guard flags[i] & WorkCalendar.schoolCovered != 0 else { throw coverageError(slot: i, teaching: true) }
        return flags[i] & WorkCalendar.teaching != 0
    }

    /// The first working day on or after `date` (民法典 第二百零三条's "day after the rest ends").
    @inlinable public func nextWorkingDay(onOrAfter date: CivilDate) throws(CalendarError) -> CivilDate {
        try addingWorkingDays(0, to: date)
    }

    /// The `n`th working day after `start` (the start is never counted, 民法典 第二百零一条);
    /// for `n == 0`, the first working day on or after `start`.
    ///
    /// Two array reads and a coverage check: the hot path of every deadline.
    @inlinable public func addingWorkingDays(_ n: Int, to start: CivilDate) throws(CalendarError) -> CivilDate {
        try add(n, to: start, rank: tables.workingRank, days: tables.workingDays, gap: tables.holidayGap, teaching: false)
    }

    /// The `n`th teaching day after `start`, counted like working days.
    @inlinable public func addingTeachingDays(_ n: Int, to start: CivilDate) throws(CalendarError) -> CivilDate {
        try add(n, to: start, rank: tables.teachingRank, days: tables.teachingDays, gap: tables.schoolGap, teaching: true)
    }

    @inlinable func add(_ n: Int, to start: CivilDate, rank: [Int32], days: [Int32], gap: [Int32],
                        teaching: Bool) throws(CalendarError) -> CivilDate {
        let first = Int(start.dayNumber) - Int(base) + (n == 0 ? 0 : 1)
        guard first >= 0, first <= flags.count else { throw coverageError(slot: first, teaching: teaching) }
        let k = Int(rank[first]) + (n == 0 ? 0 : n - 1)
        let firstGap = Int(gap[first])
        guard k < days.count else { throw coverageError(slot: firstGap, teaching: teaching) }
        let result = Int(days[k])
        guard result < firstGap else { throw coverageError(slot: firstGap, teaching: teaching) }
        return CivilDate(dayNumber: base + Int32(result))
    }

    /// Working days in `range`, both ends included.
    public func workingDays(in range: ClosedRange<CivilDate>) throws(CalendarError) -> Int {
        try count(in: range, rank: tables.workingRank, gap: tables.holidayGap, teaching: false)
    }

    /// Teaching days in `range`, both ends included.
    public func teachingDays(in range: ClosedRange<CivilDate>) throws(CalendarError) -> Int {
        try count(in: range, rank: tables.teachingRank, gap: tables.schoolGap, teaching: true)
    }

    func count(in range: ClosedRange<CivilDate>, rank: [Int32], gap: [Int32], teaching: Bool) throws(CalendarError) -> Int {
        let lo = Int(range.lowerBound.dayNumber) - Int(base)
        let hi = Int(range.upperBound.dayNumber) - Int(base)
        guard lo >= 0, lo < flags.count else { throw coverageError(slot: lo, teaching: teaching) }
        guard Int(gap[lo]) > hi else { throw coverageError(slot: Int(gap[lo]), teaching: teaching) }
        return Int(rank[hi + 1] - rank[lo])
    }
}
