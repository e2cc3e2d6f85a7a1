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
        for k in Keyword.allCases where !(k.english.isEmpty && k.chinese.isEmpty) {
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
        for p in DulySyntax.PeriodKind.allCases {
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
