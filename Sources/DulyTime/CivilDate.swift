/// A Beijing civil date: a year, month and day with no time zone and no clock.
///
/// Stored as a day number (days since 1970-01-01) so that the deadline arithmetic, which runs
/// millions of times per second, is integer addition; the year, month and day are derived on
/// demand with Howard Hinnant's branch-light civil-from-days algorithm. Only the years
/// 1...9999 can be written in ISO 8601 without an extended form, so those are the years
/// `init(year:month:day:)` and the parser accept.
public struct CivilDate: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01 (negative before it).
    public let dayNumber: Int32

    /// The date `dayNumber` days after 1970-01-01.
    @inlinable public init(dayNumber: Int32) { self.dayNumber = dayNumber }

    /// A validated date; `nil` when the month or day does not exist or the year is outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        self.dayNumber = Int32(CivilDate.daysFromCivil(year: year, month: month, day: day))
    }

    /// Builds a date the caller knows to be valid (literals in tests and tables).
    ///
    /// Traps on an impossible date: a literal like `(2023, 2, 29)` is a programming error.
    public init(_ year: Int, _ month: Int, _ day: Int) {
        guard let date = CivilDate(year: year, month: month, day: day) else {
            preconditionFailure("invalid civil date \(year)-\(month)-\(day)")
        }
        self = date
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// Year, month and day in one pass (cheaper than reading the three properties).
    public var components: (year: Int, month: Int, day: Int) {
        CivilDate.civilFromDays(Int(dayNumber))
    }
    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// The day of the week (1970-01-01 was a Thursday).
    public var weekday: Weekday {
        let n = (Int(dayNumber) + 3) % 7  // 0 = Monday
        return Weekday(rawValue: (n < 0 ? n + 7 : n) + 1)!
    }

    /// Saturday or Sunday: a rest day unless a notice makes it a make-up working day.
    @inlinable public var isWeekend: Bool {
        let n = (Int(dayNumber) + 3) % 7
        return (n < 0 ? n + 7 : n) >= 5
    }

    /// The date `days` days later (earlier when negative).
    @inlinable public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + Int32(days)) }

    /// The first and last dates that can be written and counted: 0001-01-01 and 9999-12-31.
    public static let earliest = CivilDate(dayNumber: Int32(daysFromCivil(year: 1, month: 1, day: 1)))
    public static let latest = CivilDate(dayNumber: Int32(daysFromCivil(year: 9999, month: 12, day: 31)))

    /// The date `days` days later, or nil when it would leave the years 1–9999 (or the count
    /// itself overflows): the total form of `adding(days:)` for counts that come from a policy
    /// or a command line.
    public func adding(checkedDays days: Int) -> CivilDate? {
        let (sum, overflow) = Int(dayNumber).addingReportingOverflow(days)
        guard !overflow, sum >= Int(CivilDate.earliest.dayNumber), sum <= Int(CivilDate.latest.dayNumber) else { return nil }
        return CivilDate(dayNumber: Int32(sum))
    }

    /// `adding(months:)`, or nil when the result would leave the years 1–9999.
    public func adding(checkedMonths months: Int) -> (date: CivilDate, clampedToMonthEnd: Bool)? {
        let (y, m, _) = components
        let (total, overflow) = (y * 12 + (m - 1)).addingReportingOverflow(months)
        guard !overflow, total >= 12, total <= 9999 * 12 + 11 else { return nil }
        return adding(months: months)
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    @inlinable public func days(to other: CivilDate) -> Int { Int(other.dayNumber) - Int(dayNumber) }

    /// The corresponding day `months` months later, or that month's last day when there is none
    /// (民法典 第二百零二条: 31 January + 1 month = 28/29 February).
    ///
    /// Returns the date and whether it was clamped to a month end, so a trace can say which rule
    /// applied.
    public func adding(months: Int) -> (date: CivilDate, clampedToMonthEnd: Bool) {
        let (y, m, d) = components
        let total = y * 12 + (m - 1) + months
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        let last = CivilDate.daysInMonth(year: ny, month: nm)
        let nd = min(d, last)
        return (CivilDate(dayNumber: Int32(CivilDate.daysFromCivil(year: ny, month: nm, day: nd))), nd != d)
    }

    /// The first day of this date's month.
    public var firstOfMonth: CivilDate { adding(days: 1 - day) }

    /// The last day of this date's month.
    public var lastOfMonth: CivilDate {
        let (y, m, d) = components
        return adding(days: CivilDate.daysInMonth(year: y, month: m) - d)
    }

    /// Gregorian leap-year rule.
    @inlinable public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days in `month` (1...12) of `year`.
    @inlinable public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant, `days_from_civil`).
    @usableFromInline static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of `daysFromCivil` (Hinnant, `civil_from_days`).
    @usableFromInline static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// A day of the week, numbered as ISO 8601 does (Monday = 1).
public enum Weekday: Int, CaseIterable, Sendable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// `Mon` … `Sun`.
    public var shortEnglishName: String {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][rawValue - 1]
    }

    /// `一` … `日`, as in `周一`.
    public var chineseName: String {
        ["一", "二", "三", "四", "五", "六", "日"][rawValue - 1]
    }
}

// MARK: - ISO 8601

extension CivilDate: CustomStringConvertible, LosslessStringConvertible {
    /// Parses `YYYY-MM-DD` exactly (ISO 8601 calendar date, extended format).
    ///
    /// Reads the UTF-8 bytes arithmetically: no Foundation, no allocation, no locale.
    public init?(_ description: String) {
        var text = description
        guard let parsed = text.withUTF8({ CivilDate.parse(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// Parses `YYYY-MM-DD` from a substring without copying when possible.
    public init?(_ text: Substring) {
        var copy = text
        guard let parsed = copy.withUTF8({ CivilDate.parse(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// Parses exactly ten bytes `YYYY-MM-DD`; `nil` for anything else, including impossible
    /// dates such as `2023-02-29`.
    @inlinable public static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int? {
            let v = Int(b[i]) &- 0x30
            return (0...9).contains(v) ? v : nil
        }
        guard let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3),
              let m0 = digit(5), let m1 = digit(6), let d0 = digit(8), let d1 = digit(9) else { return nil }
        return CivilDate(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m0 * 10 + m1, day: d0 * 10 + d1)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        guard (0...9999).contains(y) else { return CivilDate.pad(y, 4) + "-" + CivilDate.pad(m, 2) + "-" + CivilDate.pad(d, 2) }
        // Ten ASCII digits and dashes, written in place: every date of every result is printed,
        // and joining five strings cost more than the rest of a finding's fields.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { b in
            func digits(_ v: Int, _ at: Int, _ width: Int) {
                var v = v
                for i in stride(from: at + width - 1, through: at, by: -1) { b[i] = UInt8(48 + v % 10); v /= 10 }
            }
            digits(y, 0, 4)
            b[4] = 45
            digits(m, 5, 2)
            b[7] = 45
            digits(d, 8, 2)
            return String(decoding: b, as: UTF8.self)
        }
    }

    /// `MM-DD`, the short form traces use inside one year.
    public var monthDay: String {
        let (_, m, d) = components
        return CivilDate.pad(m, 2) + "-" + CivilDate.pad(d, 2)
    }
    /// Zero-padded decimal: `pad(9, 2)` is `09`.

    public static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension CivilDate: Codable {
    /// Encodes as the ISO 8601 string, so JSON output reads `"2024-10-10"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \(text)")
        }
        self = date
    }
}
