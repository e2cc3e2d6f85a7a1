import DulySource
import DulySyntax
import DulyTime

/// Reference lists that live in `docs/` but are generated from the code, so they cannot go
/// stale: a test compares each file with what these functions produce.
public enum ReferenceDocs {
    /// `docs/diagnostics.md`: every diagnostic code with its severity and meaning in both languages.
    public static func diagnostics() -> String {
        var out = """
            # Diagnostic codes / 诊断代码

            Generated from `DiagnosticCode.all` by `duly docs diagnostics`; do not edit by hand.
            Codes are stable and never reused. Groups: D00 files, D01 syntax, D02 names,
            D03 types and structure, D04 inheritance, D05 lints, D06 time, D07 case data.

            | code | severity | meaning | 含义 |
            |---|---|---|---|

            """
        for code in DiagnosticCode.all {
            out += "| \(code.id) | \(code.defaultSeverity.rawValue) | \(code.summary.en) | \(code.summary.zh) |\n"
        }
        return out
    }

    /// `docs/keywords.md`: every keyword, unit, period and term in both spellings.
    public static func keywords() -> String {
        var out = """
            # Keywords / 关键字

            Generated from the lexer's tables by `duly docs keywords`; do not edit by hand.
            Every keyword has an English and a Chinese spelling; a file may use either.

            ## Keywords

            | English | 中文 |
            |---|---|

            """
        // English and Chinese phrase these differently; they are shown as pairs after the table.
        let phrased: Set<Keyword> = [.within, .after, .from, .since, .inside, .by, .before, .month, .dayOfMonth,
                                     .aroundStart, .beforeStart, .teachingPeriodsOnly]
        for k in Keyword.allCases where !phrased.contains(k) && !(k.english.isEmpty && k.chinese.isEmpty) {
            var english = k.english
            switch k {
            case .defaultTime: english = ["default time"]
            case .forEach: english = ["for each managed"]
            case .step: english = ["step at"]
            case .inOrder: english = ["in order"]
            case .atLeast: english = ["at least"]
            case .inMonths: english = ["in months"]
            case .isOf: english = ["is … of"]
            case .mustNot: english = ["must not"]
            case .notRolling: english = ["not rolling"]
            case .managed, .months, .ofRole: continue
            default: break
            }
            var chinese = k.chinese
            if k == .isOf { chinese = ["为 … 的"] }
            if k == .forEach { chinese = ["对 所辖"] }
            out += "| \(english.map { "`\($0)`" }.joined(separator: " ")) | \(chinese.map { "`\($0)`" }.joined(separator: " ")) |\n"
        }
        out += """

            ## Phrases that differ in word order

            | English | 中文 |
            |---|---|
            | `within 5 working days` | `5个工作日内` (`内` / `以内`, glued or spaced) |
            | `within 回复时限 after 收到日期` | `自 收到日期 起 回复时限 内` |
            | `effective from 2021-05-01 until 2025-12-31` | `生效 2021-05-01 至 2025-12-31` |
            | `by 12:00 (inclusive)` | `12:00前（含12:00）` (also `12点前（含12点）`) |
            | `by 12:00 (exclusive)` | `12:00前（不含12:00）` |
            | `age of 学生.出生日期 under 16` | `学生.出生日期 不满 16 周岁` (`未满`) |
            | `age of 学生.出生日期 at least 16` | `学生.出生日期 满 16 周岁` (`已满`, `16 周岁以上`) |
            | `领导小组同意 by 县脱贫攻坚领导小组` | `领导小组同意（由 县脱贫攻坚领导小组）` |
            | `override 回复时限 = 3 working days cite TJ-1 because "…"` | `覆盖 回复时限 = 3个工作日 依据 TJ-1 理由 "…"` |
            | `every year by 09-30 (inclusive, not rolling)` | `每年 9月30日前（含当日，不顺延）` |
            | `in months 2, 8` | `于 2月、8月` |
            | `at least 2 times every half year` | `每半年 至少 2 次` |
            | `step at 3 { … }` | `第 3 天 { … }` |
            | `every semester within 15 days around its start` | `每学期 开学前后 15天内` |
            | `every semester within 30 days before its start` | `每学期 开学前 30天内` |
            | `every autumn semester before its start` | `每年 秋季学期 开学前` |
            | `every half month (teaching periods only)` | `每半月（仅含教学日的周期）` |
            | `within the autumn semester of 2020` | `2020年秋季学期内` |

            ## Duration units

            | unit | English | 中文 |
            |---|---|---|

            """
        for u in DurationUnit.allCases {
            out += "| \(u.rawValue) | \(u.englishSpellings.map { "`\($0)`" }.joined(separator: " ")) | \(u.chineseSpellings.map { "`\($0)`" }.joined(separator: " ")) |\n"
        }
        out += """

            ## Periods (`every …` / `每…`)

            | English | 中文 |
            |---|---|

            """
        for p in PeriodUnit.allCases {
            out += "| `every \(p.english)` | \(p.chinese.map { "`每\($0)`" }.joined(separator: " ")) |\n"
        }
        out += """

            ## Unquantified terms (placeholders the checker reports until defined)

            | English | 中文 |
            |---|---|

            """
        for t in UnquantifiedTerm.allCases {
            out += "| `\(t.english)` | `\(t.chinese)` |\n"
        }
        out += """

            ## Attribute types

            | English | 中文 |
            |---|---|

            """
        var seen = Set<String>()
        for (spelling, type, language) in Parser.typeSpellings where language == .english && seen.insert(type.rawValue).inserted {
            let chinese = Parser.typeSpellings.filter { $0.1 == type && $0.2 == .chinese }.map(\.0)
            out += "| `\(spelling)` | \(chinese.map { "`\($0)`" }.joined(separator: " ")) |\n"
        }
        return out
    }
}
