/// A legal period: a count and the unit it is counted in (`5个工作日`, `1 month`).
///
/// The unit is never defaulted (see `DurationUnit`); a count of zero is allowed and means the
/// starting day itself, moved off a rest day like any period's last day.
public struct Duration: Hashable, Sendable, Codable {
    public var count: Int
    public var unit: DurationUnit

    /// `count` must be ≥ 0.
    public init(_ count: Int, _ unit: DurationUnit) {
        precondition(count >= 0, "a duration count is never negative")
        self.count = count
        self.unit = unit
    }
}

extension Duration {
    /// Whether the duration can be counted from some date at all: `count` units after
    /// 0001-01-01 still fall on or before 9999-12-31 (3,652,058 days, 119,987 months, 9,998
    /// years). A longer one can only overflow, so `check` rejects it where the policy states it.
    public var isCountable: Bool {
        let days = Int(CivilDate.latest.dayNumber) - Int(CivilDate.earliest.dayNumber)
        switch unit {
        case .calendarDay, .workingDay, .teachingDay: return count <= days
        case .week: return count <= days / 7
        case .halfMonth: return count <= days / 15
        case .month: return count <= 9998 * 12 + 11
        case .year: return count <= 9998
        }
    }
}

extension Duration: CustomStringConvertible {
    /// English canonical form: `5 working days`, `1 month`.
    public var description: String { "\(count) \(unit.canonicalSpelling(chinese: false, count: count))" }

    /// Chinese canonical form: `5个工作日`, `1个月`.
    public var chineseDescription: String { "\(count)\(unit.canonicalSpelling(chinese: true, count: count))" }
}

extension Duration {
    /// Parses `N UNIT` in either keyword language: `5 working days`, `5个工作日`, `7天`, `7日内`,
    /// `1个月`, `2 weeks`, `半个月`, `五个工作日以内`, `within 3 days`.
    ///
    /// The number is ASCII or full-width digits or a Chinese numeral up to 九十九 (`两` included);
    /// the unit is any of `DurationUnit.allSpellings` (English case-insensitive); a trailing
    /// `内` / `以内` and a leading `within` are accepted because they only restate that the bound
    /// is inclusive (第一千二百五十九条). `N个半月` is rejected: in Chinese it means N and a half
    /// months, not N half-months, and one `Duration` cannot hold that.
    public static func parse(_ text: String) throws(CalendarError) -> Duration {
        var rest = Substring(text.trimmingWhitespace())
        func fail(_ reason: String) -> CalendarError { .invalidDuration(text: text, reason: reason) }
        if rest.isEmpty { throw fail("expected a number and a unit, such as `5 working days` or `5个工作日`") }
        if rest.lowercased().hasPrefix("within ") { rest = rest.dropFirst(7) }
        for suffix in ["以内", "内"] where rest.hasSuffix(suffix) {
            rest = rest.dropLast(suffix.count)
            break
        }
        rest = Substring(String(rest).trimmingWhitespace())

        // The number.
        var count: Int?
        var digits = ""
        while let c = rest.first, let v = c.fullOrHalfWidthDigit {
            digits.append(String(v))
            rest = rest.dropFirst()
        }
        if !digits.isEmpty {
            guard digits.count <= 6, let n = Int(digits) else { throw fail("the number is too large") }
            count = n
        } else if let (n, used) = Duration.chineseNumeral(prefixOf: rest) {
            count = n
            rest = rest.dropFirst(used)
        } else if rest.lowercased().hasPrefix("a ") || rest.lowercased().hasPrefix("one ") {
            count = 1
            rest = rest.drop(while: { $0 != " " })
        }
        let unitText = String(rest).trimmingWhitespace()
        if unitText.lowercased() == "half a month" || unitText.lowercased() == "half month" {
            if count == nil || count == 1 { return Duration(1, .halfMonth) }
        }
        if unitText.hasPrefix("个半月") {
            throw fail("`个半月` means a number of months and a half; write the months and `半个月` as two periods")
        }
        if unitText.isEmpty { throw fail("missing unit; use one of \(Duration.unitHint)") }
        let lowered = unitText.lowercased()
        guard let match = DurationUnit.allSpellings.first(where: { lowered == $0.spelling }) else {
            throw fail("unknown unit `\(unitText)`; use one of \(Duration.unitHint)")
        }
        if count == nil {
            // `半个月` / `半月` carry their own "one".
            guard match.unit == .halfMonth else { throw fail("missing number before `\(unitText)`") }
            count = 1
        }
        return Duration(count!, match.unit)
    }

    static let unitHint = "`days`, `working days`, `teaching days`, `weeks`, `half month`, `months`, `years`, `天`, `日`, `个工作日`, `个教学日`, `周`, `半个月`, `个月`, `年`"

    /// A Chinese numeral 一…九十九 (with 两 and 〇) at the start of `text`: value and characters used.
    static func chineseNumeral(prefixOf text: Substring) -> (Int, Int)? {
        let units: [Character: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                                       "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        var chars = Array(text.prefix(3))
        // Do not read the 半 of 半个月 or the 周 of a unit as a number.
        while let last = chars.last, units[last] == nil, last != "十" { chars.removeLast() }
        guard !chars.isEmpty else { return nil }
        switch chars.count {
        case 1:
            if chars[0] == "十" { return (10, 1) }
            return units[chars[0]].map { ($0, 1) }
        case 2:
            if chars[0] == "十", let u = units[chars[1]] { return (10 + u, 2) }
            if let t = units[chars[0]], chars[1] == "十" { return (t * 10, 2) }
            return units[chars[0]].map { ($0, 1) }
        default:
            if let t = units[chars[0]], chars[1] == "十", let u = units[chars[2]] { return (t * 10 + u, 3) }
            return chineseNumeral(prefixOf: text.prefix(2))
        }
    }
}

extension Character {
    /// 0...9 for `0`–`9` and full-width `０`–`９`.
    var fullOrHalfWidthDigit: Int? {
        guard let scalar = unicodeScalars.first, unicodeScalars.count == 1 else { return nil }
        switch scalar.value {
        case 0x30...0x39: return Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: return Int(scalar.value - 0xFF10)
        default: return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, newlines and ideographic spaces.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
