import DulyTime
import Testing

@Suite("calendar files")
struct CalendarFileTests {
    /// A made-up province layer (the dates are illustrative, not a province's notice).
    let provinceText = """
    kind: holidays
    year: 2024
    source: example province notice (test fixture, not a real notice)
    off   2024-04-11..2024-04-12  示例节
    work  2024-04-14              示例节
    """

    let schoolText = """
    kind: school
    source: assumption (test fixture)
    term      2024-09-01..2025-01-17  秋季学期
    vacation  2025-01-18..2025-02-16  寒假
    term      2025-02-17..2025-07-04  春季学期
    """

    func library(_ extra: [(String, String)]) throws -> CalendarLibrary {
        // A one-year national file keeps the fixture small and independent of the real data.
        let nationalText = """
        kind: holidays
        year: 2024
        source: 国务院办公厅关于2024年部分节假日安排的通知 (dated 2023-10-25)
        off   2024-04-04..2024-04-06  清明节
        work  2024-04-07              清明节
        """
        return try CalendarLibrary(files: [("national/2024.cal", nationalText)] + extra.map { (path: $0.0, text: $0.1) })
    }

    @Test("a province layer adds its own rest days and make-up days over the national layer")
    func provinceLayer() throws {
        let lib = try library([("示例省/holidays.cal", provinceText), ("示例省/school.cal", schoolText)])
        let cal = try lib.calendar(named: "示例省")
        #expect(cal.stackDescription == "national + 示例省 + 示例省 school calendar")
        #expect(try cal.day(date("2024-04-11")).kind == .statutoryHoliday)
        #expect(try cal.day(date("2024-04-14")).kind == .makeUpWorkingDay)
        #expect(try cal.day(date("2024-04-07")).kind == .makeUpWorkingDay)
        #expect(try cal.dueDate(from: date("2024-04-10"), adding: Duration(1, .workingDay)) == date("2024-04-14"))
        let national = try lib.calendar(named: "national")
        #expect(try national.day(date("2024-04-11")).kind == .workingDay)
        #expect(try lib.calendar(named: "示例省省").name == "示例省")
    }

    @Test("a stack is covered only for years every holiday layer declares")
    func coverageIntersection() throws {
        let lib = try CalendarLibrary(files: [
            ("national/2024.cal", "kind: holidays\nyear: 2024\nsource: a\nyear: 2025\nsource: b\n"),
            ("甲/holidays.cal", "kind: holidays\nyear: 2024\nsource: c\n"),
        ])
        #expect(try lib.calendar(named: "national").holidayYears == [2024, 2025])
        #expect(try lib.calendar(named: "甲").holidayYears == [2024])
    }

    @Test("nested folders stack and the deeper school calendar replaces the terms it overlaps")
    func nested() throws {
        let city = schoolText.replacingOccurrences(of: "秋季学期", with: "市秋季学期")
        let lib = try library([("示例省/school.cal", schoolText), ("示例省/示例市/school.cal", city)])
        let cal = try lib.calendar(named: "示例省/示例市")
        #expect(cal.schoolCalendar?.name == "示例省 + 示例省/示例市")
        #expect(cal.schoolCalendar?.entries.filter { $0.name.contains("秋季学期") }.allSatisfy { $0.name.hasPrefix("市") } == true)
        #expect(cal.schoolCalendar?.entries.count == (try lib.calendar(named: "示例省").schoolCalendar?.entries.count))
        #expect(lib.calendarNames == ["national", "示例省", "示例省/示例市"])
    }

    @Test("unknown calendar names list the known ones")
    func unknown() throws {
        let lib = try library([])
        #expect(throws: CalendarError.unknownCalendar(name: "火星", known: ["national"])) { try lib.calendar(named: "火星") }
    }

    @Test("bad lines are reported with their line number", arguments: [
        ("kind: holidays\nyear: 2024\nsource: x\nwork 2024-04-08 清明节\n", 4, "is a Mon"),
        ("kind: holidays\nyear: 2024\noff 2024-04-04 清明节\n", 3, "source"),
        ("kind: holidays\nsource: x\noff 2024-04-04 清明节\n", 3, "before `year:`"),
        ("kind: holidays\nyear: 2024\nsource: x\noff 2025-04-04 清明节\n", 4, "outside the 2024 notice"),
        ("kind: holidays\nyear: 2024\nsource: x\noff 2024-04-31 清明节\n", 4, "invalid date"),
        ("kind: holidays\nyear: 2024\nsource: x\nholiday 2024-04-04 清明节\n", 4, "unknown keyword"),
        ("kind: holidays\nyear: 2024\nsource: x\noff 2024-04-04\n", 4, "missing name"),
        ("kind: school\nsource: x\nterm 2024-09-01..2025-01-17 a\nvacation 2025-01-10..2025-02-01 b\n", 4, "overlaps"),
        ("kind: school\nsource: x\nterm 2024-03-01..2024-09-17 a\n", 3, "crosses 1 September"),
        ("kind: calendar\n", 1, "unknown kind"),
        ("off 2024-04-04 清明节\n", 1, "before `kind:`"),
    ])
    func badLines(text: String, line: Int, fragment: String) {
        do {
            _ = try CalendarFile.parse(text, path: "t.cal", layer: "t")
            Issue.record("expected an error")
        } catch {
            guard case let .invalidCalendarFile(_, errorLine, message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(errorLine == line)
            #expect(message.contains(fragment), "\(message)")
        }
    }

    @Test("comments, Chinese keywords and a later line overriding an earlier one")
    func syntax() throws {
        let text = """
        # a comment
        kind: holidays   # trailing comment
        year: 2020
        source: 通知#1 keeps its hash: no space before it
        放假  2020-01-24..2020-01-30  春节
        上班  2020-02-01              春节
        off   2020-01-31..2020-02-02  春节（延长）
        """
        guard case let .holidays(layer) = try CalendarFile.parse(text, path: "t.cal", layer: "national") else {
            Issue.record("expected holidays")
            return
        }
        #expect(layer.entries.first?.source == "通知#1 keeps its hash: no space before it")
        let effective = layer.effectiveEntries(noticeYear: 2020)
        #expect(effective.count == 10)
        #expect(effective.allSatisfy { entry in entry.kind == .restDay })
    }
}
