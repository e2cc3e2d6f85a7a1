/// A time of day on the Beijing clock, to the minute, where `24:00` is the end of the day.
///
/// 民法典 第二百零三条 ends a period's last day at 24:00, so `24:00` is a real value here and the
/// default for every deadline; `00:00` is the start of a day.
public struct TimeOfDay: Hashable, Comparable, Sendable, Codable {
    /// Minutes since midnight, 0...1440.
    public let minutes: Int

    /// `nil` unless `0 <= hour <= 24`, `0 <= minute <= 59`, and `24` comes with minute `0`.
    public init?(hour: Int, minute: Int) {
        guard (0...24).contains(hour), (0...59).contains(minute), hour < 24 || minute == 0 else { return nil }
        minutes = hour * 60 + minute
    }

    /// A count of minutes already known to be in 0...1440 (a value read back from compact storage).
    public init(minutesSinceMidnight m: Int) {
        precondition((0...1440).contains(m), "minutes out of range")
        minutes = m
    }

    /// 24:00, the end of the day (民法典 第二百零三条).
    public static let endOfDay = TimeOfDay(hour: 24, minute: 0)!
    /// 00:00.
    public static let startOfDay = TimeOfDay(hour: 0, minute: 0)!

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }
}

extension TimeOfDay: CustomStringConvertible, LosslessStringConvertible {
    /// Parses `HH:MM` (also `H:MM` and the full-width colon `：`, as typed in Chinese text).
    public init?(_ description: String) {
        let text = description.replacingColon()
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
              let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(hour: h, minute: m)
    }

    /// `HH:MM`.
    public var description: String { CivilDate.pad(hour, 2) + ":" + CivilDate.pad(minute, 2) }
}

/// A date and a time of day: when something happened or when a deadline ends.
public struct CivilDateTime: Hashable, Comparable, Sendable {
    public var date: CivilDate
    public var time: TimeOfDay

    public init(date: CivilDate, time: TimeOfDay) {
        self.date = date
        self.time = time
    }

    /// Orders by date then time; `d 24:00` and `d+1 00:00` are the same instant.
    public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        lhs.minuteNumber < rhs.minuteNumber
    }

    public static func == (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        lhs.minuteNumber == rhs.minuteNumber
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(minuteNumber) }

    /// Minutes since 1970-01-01 00:00, so 24:00 equals the next day's 00:00.
    public var minuteNumber: Int { Int(date.dayNumber) * 1440 + time.minutes }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func replacingColon() -> String {
        String(map { $0 == "：" ? ":" : $0 })
    }
}
