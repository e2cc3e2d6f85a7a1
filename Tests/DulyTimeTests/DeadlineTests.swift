import DulyTime
import Testing

/// One pinned deadline: start, duration text (parsed, so both keyword languages are exercised),
/// and the last day.
struct PinnedCase: CustomTestStringConvertible, Sendable {
    let start: String
    let duration: String
    let due: String
    let why: String
    var testDescription: String { "\(start) + \(duration) = \(due): \(why)" }
}

let workedExamples: [PinnedCase] = [
    .init(start: "2024-09-27", duration: "5个工作日", due: "2024-10-10", why: "counts the make-up Sunday 09-29 and skips National Day"),
    .init(start: "2024-09-29", duration: "7日", due: "2024-10-08", why: "a start on a make-up Sunday; last day 10-06 rolls past the holiday"),
    .init(start: "2024-04-01", duration: "6日", due: "2024-04-07", why: "ends on a make-up Sunday: no roll"),
    .init(start: "2023-09-28", duration: "7日", due: "2023-10-07", why: "rolls out of the holiday onto a make-up Saturday"),
    .init(start: "2025-01-29", duration: "3个工作日", due: "2025-02-07", why: "a start on a holiday counts from the next working day"),
    .init(start: "2024-01-31", duration: "1个月", due: "2024-02-29", why: "no 31 February: the month's last day"),
]

let holidayCrossings: [PinnedCase] = [
    // Spring Festival 2024 (off 02-10..02-17; make-up Sundays 02-04 and 02-18).
    .init(start: "2024-02-08", duration: "3 working days", due: "2024-02-19", why: "counts 02-09, the make-up Sunday 02-18, 02-19"),
    .init(start: "2024-02-02", duration: "1 working day", due: "2024-02-04", why: "a make-up Sunday is a working day"),
    .init(start: "2024-02-09", duration: "7 days", due: "2024-02-18", why: "last day 02-16 is a holiday; rolls onto the make-up Sunday"),
    // National Day 2024.
    .init(start: "2024-09-30", duration: "1 working day", due: "2024-10-08", why: "skips the whole National Day block"),
    .init(start: "2024-10-01", duration: "5 working days", due: "2024-10-12", why: "the fifth is the make-up Saturday 10-12"),
    .init(start: "2024-09-24", duration: "2 weeks", due: "2024-10-08", why: "14 days land on a working day"),
    .init(start: "2024-09-16", duration: "半个月", due: "2024-10-08", why: "15 days end on 10-01, a holiday"),
    .init(start: "2024-09-01", duration: "1 month", due: "2024-10-08", why: "corresponding day 10-01 is a holiday"),
    // Spring Festival 2025 (off 01-28..02-04; make-up 01-26 Sunday, 02-08 Saturday).
    .init(start: "2025-01-24", duration: "5个工作日", due: "2025-02-07", why: "counts the make-up Sunday 01-26"),
    .init(start: "2025-01-27", duration: "10天", due: "2025-02-06", why: "ends on a working day after the holiday"),
    .init(start: "2025-01-25", duration: "7 days", due: "2025-02-05", why: "last day 02-01 is inside the holiday"),
    // National Day 2025 (off 10-01..10-08; make-up 09-28 Sunday, 10-11 Saturday).
    .init(start: "2025-09-26", duration: "5 working days", due: "2025-10-10", why: "counts the make-up Sunday 09-28"),
    .init(start: "2025-09-30", duration: "3天", due: "2025-10-09", why: "last day 10-03 rolls past the eight-day block"),
    .init(start: "2025-10-08", duration: "3 working days", due: "2025-10-11", why: "the third is the make-up Saturday 10-11"),
    // Spring Festival 2026 (off 02-15..02-23; make-up Saturdays 02-14 and 02-28).
    .init(start: "2026-02-13", duration: "3个工作日", due: "2026-02-25", why: "counts the make-up Saturday 02-14"),
    .init(start: "2026-02-12", duration: "1周", due: "2026-02-24", why: "last day 02-19 is a holiday"),
    // National Day 2026 (off 10-01..10-07; make-up 09-20 Sunday, 10-10 Saturday).
    .init(start: "2026-09-30", duration: "2 working days", due: "2026-10-09", why: "skips the block"),
    .init(start: "2026-09-29", duration: "10 days", due: "2026-10-09", why: "ends on a working day"),
    .init(start: "2026-10-03", duration: "1 week", due: "2026-10-10", why: "ends on a make-up Saturday: no roll"),
    .init(start: "2026-09-18", duration: "1 working day", due: "2026-09-20", why: "a make-up Sunday counts"),
]

let otherCases: [PinnedCase] = [
    // Months and years (民法典 第二百零二条).
    .init(start: "2023-01-31", duration: "1个月", due: "2023-02-28", why: "non-leap February"),
    .init(start: "2024-02-29", duration: "1年", due: "2025-02-28", why: "29 February + 1 year"),
    .init(start: "2023-02-28", duration: "1 year", due: "2024-02-28", why: "corresponding day exists"),
    .init(start: "2024-03-31", duration: "1 month", due: "2024-04-30", why: "no 31 April"),
    .init(start: "2024-12-31", duration: "2个月", due: "2025-02-28", why: "month end across a year"),
    .init(start: "2025-01-31", duration: "1 month", due: "2025-02-28", why: "non-leap February"),
    .init(start: "2024-06-15", duration: "1 year", due: "2025-06-16", why: "corresponding day is a Sunday"),
    .init(start: "2024-01-15", duration: "3 months", due: "2024-04-15", why: "plain corresponding day"),
    // Half months (15 days each).
    .init(start: "2024-01-31", duration: "半月", due: "2024-02-18", why: "02-15 is a holiday; rolls to a make-up Sunday"),
    .init(start: "2024-02-14", duration: "half a month", due: "2024-02-29", why: "15 days in a leap February"),
    .init(start: "2025-03-01", duration: "2 half months", due: "2025-03-31", why: "30 days"),
    // Days and weeks.
    .init(start: "2024-09-27", duration: "3 days", due: "2024-09-30", why: "a Monday"),
    .init(start: "2024-06-07", duration: "1 day", due: "2024-06-11", why: "the Saturday is inside the Dragon Boat block"),
    .init(start: "2024-01-05", duration: "1天", due: "2024-01-08", why: "an ordinary Saturday rolls to Monday"),
    .init(start: "2025-04-28", duration: "1 week", due: "2025-05-06", why: "last day is Labour Day"),
    .init(start: "2024-09-27", duration: "7日内", due: "2024-10-08", why: "内 restates the inclusive bound"),
    // The 2020 Spring Festival extension: 1 February 2020 is no longer a working day.
    .init(start: "2020-01-23", duration: "7 days", due: "2020-02-03", why: "the extended holiday runs to 02-02"),
    .init(start: "2020-01-31", duration: "1 working day", due: "2020-02-03", why: "02-01 is no longer a make-up day"),
    // More working days.
    .init(start: "2019-09-27", duration: "1 working day", due: "2019-09-29", why: "a make-up Sunday in 2019"),
    .init(start: "2022-10-07", duration: "1 working day", due: "2022-10-08", why: "a make-up Saturday in 2022"),
    .init(start: "2023-12-29", duration: "1 working day", due: "2024-01-02", why: "元旦 2024 starts in December"),
    .init(start: "2021-02-10", duration: "五个工作日", due: "2021-02-23", why: "Chinese numeral; counts the make-up Saturday 02-20"),
    .init(start: "2024-09-27", duration: "0 working days", due: "2024-09-27", why: "zero: the start itself when it is a working day"),
]

let teachingCases: [PinnedCase] = [
    .init(start: "2025-01-16", duration: "3 teaching days", due: "2025-02-18", why: "across the winter vacation"),
    .init(start: "2024-09-27", duration: "5个教学日", due: "2024-10-10", why: "the make-up Sunday is in term"),
    .init(start: "2024-08-30", duration: "1 teaching day", due: "2024-09-02", why: "term starts on a Sunday"),
    .init(start: "2024-07-04", duration: "2 teaching days", due: "2024-09-02", why: "across the summer vacation"),
]

@Suite("deadlines")
struct DeadlineTests {
    @Test("every worked example of the seeds table", arguments: workedExamples)
    func workedExample(_ c: PinnedCase) throws {
        try check(c, in: Fixtures.national)
    }

    @Test("counts across Spring Festival and National Day 2024–2026", arguments: holidayCrossings)
    func holidayCrossing(_ c: PinnedCase) throws {
        try check(c, in: Fixtures.national)
    }

    @Test("months, years, half months, days and working days", arguments: otherCases)
    func other(_ c: PinnedCase) throws {
        try check(c, in: Fixtures.national)
    }

    @Test("teaching days skip vacations", arguments: teachingCases)
    func teaching(_ c: PinnedCase) throws {
        try check(c, in: Fixtures.sichuan)
    }

    func check(_ c: PinnedCase, in calendar: WorkCalendar) throws {
        let duration = try Duration.parse(c.duration)
        let result = try deadline(from: date(c.start), adding: duration, in: calendar)
        #expect(result.date == date(c.due), "\(result.explanation)")
        #expect(try calendar.dueDate(from: date(c.start), adding: duration) == date(c.due))
        #expect(result.time == .endOfDay)
    }

    @Test("the trace names each counted day and the make-up day")
    func traceOfWorkingDays() throws {
        let d = try Fixtures.national.deadline(from: date("2024-09-27"), adding: Duration(5, .workingDay))
        #expect(d.summary == "2024-10-10  (5 working days after 2024-09-27: 09-29 make-up working day, 09-30, 10-08, 10-09, 10-10)")
        #expect(d.countedDays.map(\.kind) == [.makeUpWorkingDay, .workingDay, .workingDay, .workingDay, .workingDay])
    }

    @Test("the trace says which rest day was rolled over and cites the law")
    func traceOfRoll() throws {
        let d = try Fixtures.national.deadline(from: date("2024-09-29"), adding: Duration(7, .calendarDay))
        #expect(d.roll?.from.date == date("2024-10-06"))
        #expect(d.roll?.from.kind == .statutoryHoliday)
        #expect(d.roll?.to.date == date("2024-10-08"))
        #expect(d.explanation.contains("2024-10-06 is a statutory holiday (国庆节), moved to the next working day 2024-10-08"))
        #expect(d.explanation.contains("第二百零三条"))
    }

    @Test("a month end is reported as the rule of 第二百零二条")
    func traceOfMonthEnd() throws {
        let d = try Fixtures.national.deadline(from: date("2024-01-31"), adding: Duration(1, .month))
        #expect(d.rule == .monthEnd)
        #expect(d.explanation.contains("2024-02 has no corresponding day"))
        #expect(try Fixtures.national.deadline(from: date("2024-01-15"), adding: Duration(1, .month)).rule == .correspondingDay)
    }

    @Test("a start on a holiday is noted in the trace")
    func traceOfHolidayStart() throws {
        let d = try Fixtures.national.deadline(from: date("2025-01-29"), adding: Duration(3, .workingDay))
        #expect(d.explanation == "3 working days after 2025-01-29 (2025-01-29 is a statutory holiday, 春节; counting starts on the next working day): 02-05, 02-06, 02-07")
    }

    @Test("a given time of day replaces 24:00")
    func timeOfDay() throws {
        let noon = TimeOfDay(hour: 12, minute: 0)!
        let d = try Fixtures.national.deadline(from: date("2024-09-27"), adding: Duration(5, .workingDay), at: noon)
        #expect(d.time == noon)
        #expect(d.summary.hasPrefix("2024-10-10 12:00  ("))
    }

    @Test("a date after the holiday data is an error naming the missing year")
    func missingYearAfter() {
        #expect(throws: CalendarError.missingHolidayData(year: 2027, date: date("2027-01-06"))) {
            try Fixtures.national.dueDate(from: date("2027-01-05"), adding: Duration(1, .workingDay))
        }
        #expect(throws: CalendarError.missingHolidayData(year: 2027, date: date("2026-12-30"))) {
            try Fixtures.national.dueDate(from: date("2026-12-20"), adding: Duration(10, .calendarDay))
        }
        #expect(throws: CalendarError.missingHolidayData(year: 2027, date: date("2026-12-25"))) {
            try Fixtures.national.dueDate(from: date("2026-12-20"), adding: Duration(30, .workingDay))
        }
    }

    @Test("a date before the holiday data is an error naming the missing year")
    func missingYearBefore() {
        #expect(throws: CalendarError.missingHolidayData(year: 2018, date: date("2018-12-23"))) {
            try Fixtures.national.dueDate(from: date("2018-12-20"), adding: Duration(3, .calendarDay))
        }
        let error = CalendarError.missingHolidayData(year: 2027, date: date("2027-03-01"))
        #expect(error.description.contains("no holiday data for 2027"))
    }

    @Test("late December needs the next year's notice, and the message says why")
    func lateDecember() {
        #expect(Fixtures.national.hasHolidayData(on: date("2026-12-24")))
        #expect(!Fixtures.national.hasHolidayData(on: date("2026-12-25")))
        #expect(Fixtures.national.hasHolidayData(on: date("2025-12-31")))
        let message = CalendarError.missingHolidayData(year: 2027, date: date("2026-12-28")).description
        #expect(message.contains("2026-12-28 may be changed by the 2027 notice"))
    }

    @Test("teaching days need a school calendar covering the school year")
    func missingSchoolCalendar() {
        #expect(throws: CalendarError.missingSchoolCalendar(calendar: "national", schoolYear: 2024, date: date("2024-09-28"))) {
            try Fixtures.national.dueDate(from: date("2024-09-27"), adding: Duration(1, .teachingDay))
        }
        #expect(throws: CalendarError.missingSchoolCalendar(calendar: "四川", schoolYear: 2018, date: date("2019-03-02"))) {
            try Fixtures.sichuan.dueDate(from: date("2019-03-01"), adding: Duration(1, .teachingDay))
        }
    }
}
