/// The units a legal period is counted in.
///
/// Rules must always name their unit: Chinese administrative texts count short periods ("五日")
/// sometimes in calendar days and sometimes in working days, so nothing here defaults one.
public enum DurationUnit: String, CaseIterable, Hashable, Sendable, Codable {
    /// 日 / 天: every calendar day counts.
    case calendarDay
    /// 工作日: Monday–Friday and official make-up days (调休上班), minus statutory holidays.
    case workingDay
    /// 教学日: working days that fall inside a term of the school calendar.
    case teachingDay
    /// 周: seven calendar days.
    case week
    /// 半月: 15 calendar days per half month (the reading of BGB §189; 民法典 does not define it),
    /// so `半个月` after 31 January ends on 15 February, moved off a rest day like any period.
    /// `N个半月` means N and a half months in Chinese, so `Duration.parse` refuses it.
    case halfMonth
    /// 月: ends on the corresponding day of the final month (民法典 第二百零二条).
    case month
    /// 年: ends on the corresponding day of the final year (民法典 第二百零二条).
    case year

    /// English spellings, singular and plural; multi-word spellings are space separated.
    public var englishSpellings: [String] {
        switch self {
        case .calendarDay: ["day", "days", "calendar day", "calendar days"]
        case .workingDay: ["working day", "working days"]
        case .teachingDay: ["teaching day", "teaching days", "school day", "school days"]
        case .week: ["week", "weeks"]
        case .halfMonth: ["half month", "half months"]
        case .month: ["month", "months"]
        case .year: ["year", "years"]
        }
    }

    /// Chinese spellings as they follow a number (`5个工作日`, `7天`, `1个月`).
    public var chineseSpellings: [String] {
        switch self {
        case .calendarDay: ["个自然日", "自然日", "日", "天"]
        case .workingDay: ["个工作日", "工作日"]
        case .teachingDay: ["个教学日", "教学日"]
        case .week: ["个星期", "星期", "周"]
        case .halfMonth: ["半个月", "半月"]
        case .month: ["个月", "月"]
        case .year: ["年"]
        }
    }

    /// The spelling the formatter prints: the first of each language's list, pluralised in English.
    public func canonicalSpelling(chinese: Bool, count: Int) -> String {
        if chinese { return chineseSpellings[0] }
        return englishSpellings[count == 1 ? 0 : 1]
    }

    /// Every (spelling, unit) pair, longest spelling first, so a greedy match finds
    /// `个工作日` before `日` and `working days` before `days`.
    public static let allSpellings: [(spelling: String, unit: DurationUnit, isChinese: Bool)] = {
        var all: [(String, DurationUnit, Bool)] = []
        for unit in DurationUnit.allCases {
            for s in unit.englishSpellings { all.append((s, unit, false)) }
            for s in unit.chineseSpellings { all.append((s, unit, true)) }
        }
        return all.sorted { $0.0.count != $1.0.count ? $0.0.count > $1.0.count : $0.0 < $1.0 }
    }()
}
