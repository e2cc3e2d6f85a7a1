/// The text format of `policies/calendars/**.cal` (documented in `policies/calendars/README.md`).
///
/// Line oriented so a diff shows one changed date per line: `#` comments, `key: value` header
/// lines (`kind:`, `year:`, `source:`) that apply to the entries after them, and entries
/// `KEYWORD DATE[..DATE] NAME`. Parsing is here, not in DulyKit, so it is pure and testable;
/// DulyKit only reads the files.
public enum CalendarFile: Hashable, Sendable {
    case holidays(HolidayLayer)
    case school(SchoolCalendar)

    /// Parses one file. `path` is used in errors; `layer` names the resulting layer (its folder).
    public static func parse(_ text: String, path: String, layer: String) throws(CalendarError) -> CalendarFile {
        var kind: String?
        var year: Int?
        var source: String?
        var years: Set<Int> = []
        var holidays: [HolidayEntry] = []
        var school: [SchoolEntry] = []

        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            func fail(_ message: String) -> CalendarError {
                .invalidCalendarFile(path: path, line: lineNumber, message: message)
            }
            let line = stripComment(rawLine).trimmingWhitespace()
            if line.isEmpty { continue }

            if let (key, value) = header(line) {
                switch key {
                case "kind":
                    guard kind == nil else { throw fail("`kind:` given twice") }
                    guard value == "holidays" || value == "school" else {
                        throw fail("unknown kind `\(value)`; expected `holidays` or `school`")
                    }
                    kind = value
                case "year":
                    guard kind == "holidays" else { throw fail("`year:` belongs in a `kind: holidays` file") }
                    guard let y = Int(value), (1900...9998).contains(y) else { throw fail("invalid year `\(value)`") }
                    guard !years.contains(y) else { throw fail("year \(y) declared twice") }
                    year = y
                    years.insert(y)
                    source = nil  // each year cites its own notice
                case "source":
                    guard !value.isEmpty else { throw fail("empty `source:`") }
                    source = value
                default:
                    throw fail("unknown header `\(key):`; expected `kind:`, `year:` or `source:`")
                }
                continue
            }

            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2 else { throw fail("expected `KEYWORD DATE[..DATE] NAME`") }
            guard let keyword = keywords[String(fields[0])] else {
                throw fail("unknown keyword `\(fields[0])`; expected off/放假, work/上班, term/学期 or vacation/假期")
            }
            guard let kind else { throw fail("entry before `kind:`") }
            guard let (first, last) = range(fields[1]) else {
                throw fail("invalid date or range `\(fields[1])`; expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD")
            }
            guard first <= last else { throw fail("range `\(fields[1])` ends before it starts") }
            let name = fields.dropFirst(2).joined(separator: " ")
            guard !name.isEmpty else { throw fail("missing name after `\(fields[1])`") }
            guard let source else { throw fail("entry before any `source:` line; every entry must cite its source") }

            switch (kind, keyword) {
            case ("holidays", .off), ("holidays", .work):
                guard let year else { throw fail("entry before `year:`") }
                // A notice for year Y reaches back only into late December of Y-1 (元旦).
                guard first >= CivilDate(year - 1, 12, 1), last <= CivilDate(year, 12, 31) else {
                    throw fail("\(fields[1]) is outside the \(year) notice's dates")
                }
                if keyword == .work && last.days(to: first) != 0 {
                    throw fail("a make-up working day is a single date, not a range")
                }
                if keyword == .work && !first.isWeekend {
                    throw fail("\(first) is a \(first.weekday.shortEnglishName); a make-up working day is a Saturday or Sunday")
                }
                var d = first
                while d <= last {
                    holidays.append(HolidayEntry(date: d, kind: keyword == .off ? .restDay : .makeUpWorkingDay,
                                                 name: name, source: source, noticeYear: year))
                    d = d.adding(days: 1)
                }
            case ("school", .term), ("school", .vacation):
                let entry = SchoolEntry(kind: keyword == .term ? .term : .vacation, first: first, last: last,
                                        name: name, source: source)
                if let clash = school.first(where: { $0.first <= last && first <= $0.last }) {
                    throw fail("\(fields[1]) overlaps `\(clash.name)` (\(clash.first)..\(clash.last))")
                }
                if SchoolEntry.schoolYear(of: last) != SchoolEntry.schoolYear(of: first) && keyword == .term {
                    throw fail("term \(fields[1]) crosses 1 September; a term belongs to one school year")
                }
                school.append(entry)
            default:
                throw fail("`\(fields[0])` does not belong in a `kind: \(kind)` file")
            }
        }

        switch kind {
        case "holidays": return .holidays(HolidayLayer(name: layer, years: years, entries: holidays))
        case "school": return .school(SchoolCalendar(name: layer, entries: school))
        default: throw .invalidCalendarFile(path: path, line: 1, message: "missing `kind: holidays` or `kind: school`")
        }
    }

    enum Keyword { case off, work, term, vacation }
    static let keywords: [String: Keyword] = [
        "off": .off, "放假": .off, "work": .work, "上班": .work,
        "term": .term, "学期": .term, "vacation": .vacation, "假期": .vacation,
    ]

    /// The line without a `#` comment (a `#` at the start or after whitespace).
    static func stripComment(_ line: Substring) -> Substring {
        var previous: Character = " "
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if c == "#" && previous.isWhitespace { return line[..<index] }
            previous = c
            index = line.index(after: index)
        }
        return line
    }

    /// `key: value` when the line starts with an ASCII word and a colon (`:` or `：`).
    static func header(_ line: String) -> (String, String)? {
        guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let key = line[..<colon]
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return (String(key), line[line.index(after: colon)...].trimmingWhitespace())
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`.
    static func range(_ text: Substring) -> (CivilDate, CivilDate)? {
        if let dots = text.firstRange(of: "..") {
            guard let a = CivilDate(text[..<dots.lowerBound]), let b = CivilDate(text[dots.upperBound...]) else { return nil }
            return (a, b)
        }
        guard let a = CivilDate(text) else { return nil }
        return (a, a)
    }
}
