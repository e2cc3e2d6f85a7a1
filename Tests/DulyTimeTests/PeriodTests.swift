import DulyTime
import Testing

@Suite("periods, fixed dates and cutoffs")
struct PeriodTests {
    func labels(_ kind: PeriodUnit, _ a: String, _ b: String, calendar: WorkCalendar? = nil) throws -> [String] {
        try Period.all(kind, intersecting: date(a)...date(b), calendar: calendar).map(\.label)
    }

    @Test("half months split on the 15th and end on the month's last day")
    func halfMonths() throws {
        let periods = try Period.all(.halfMonth, intersecting: date("2024-02-15")...date("2024-03-16"))
        #expect(periods.map(\.label) == ["2024-02H1", "2024-02H2", "2024-03H1", "2024-03H2"])
        #expect(periods[0].first == date("2024-02-01") && periods[0].last == date("2024-02-15"))
        #expect(periods[1].first == date("2024-02-16") && periods[1].last == date("2024-02-29"))
        #expect(periods[3].last == date("2024-03-31"))
        let feb2023 = try Period.all(.halfMonth, intersecting: date("2023-02-16")...date("2023-02-16"))
        #expect(feb2023.map(\.label) == ["2023-02H2"])
        #expect(feb2023[0].last == date("2023-02-28"))
        #expect(try labels(.halfMonth, "2024-09-30", "2024-10-01") == ["2024-09H2", "2024-10H1"])
    }

    @Test("months, quarters, half years and years have stable labels")
    func calendarPeriods() throws {
        #expect(try labels(.month, "2024-11-30", "2025-01-01") == ["2024-11", "2024-12", "2025-01"])
        #expect(try labels(.quarter, "2024-03-31", "2024-07-01") == ["2024-Q1", "2024-Q2", "2024-Q3"])
        #expect(try labels(.halfYear, "2024-06-30", "2025-01-01") == ["2024-H1", "2024-H2", "2025-H1"])
        #expect(try labels(.year, "2024-12-31", "2025-01-01") == ["2024", "2025"])
        #expect(Period.all(namedMonth: 2, intersecting: date("2024-01-01")...date("2025-12-31")).map(\.label) == ["2024-02", "2025-02"])
        #expect(Period.all(namedMonth: 8, intersecting: date("2024-08-31")...date("2024-09-01")).map(\.label) == ["2024-08"])
        #expect(Period.all(namedMonth: 8, intersecting: date("2024-09-01")...date("2024-09-30")).isEmpty)
        let q = try Period.all(.quarter, intersecting: date("2024-05-05")...date("2024-05-05"))
        #expect(q[0].first == date("2024-04-01") && q[0].last == date("2024-06-30"))
    }

    @Test("weeks run Monday to Sunday and are numbered as ISO 8601 numbers them, across year ends")
    func weeks() throws {
        let weeks = try Period.all(.week, intersecting: date("2024-09-29")...date("2024-10-07"))
        #expect(weeks.map(\.label) == ["2024-W39", "2024-W40", "2024-W41"])
        #expect(weeks[0].first == date("2024-09-23") && weeks[0].last == date("2024-09-29"))
        #expect(weeks[1].first == date("2024-09-30") && weeks[1].last == date("2024-10-06"))
        // 2024-12-30 (a Monday) starts week 1 of 2025: its Thursday is 2025-01-02.
        #expect(try labels(.week, "2024-12-29", "2024-12-30") == ["2024-W52", "2025-W01"])
        // 2020 has 53 weeks: 2020-12-28's Thursday is 2020-12-31; 2021-01-03 (a Sunday) is still in it.
        #expect(try labels(.week, "2020-12-28", "2021-01-04") == ["2020-W53", "2021-W01"])
        // 2016-01-01 (a Friday) belongs to week 53 of 2015.
        #expect(try labels(.week, "2016-01-01", "2016-01-01") == ["2015-W53"])
    }

    @Test("school years run from 1 September to 31 August")
    func schoolYears() throws {
        let years = try Period.all(.schoolYear, intersecting: date("2024-08-31")...date("2024-09-01"))
        #expect(years.map(\.label) == ["2023-2024学年", "2024-2025学年"])
        #expect(years[1].first == date("2024-09-01") && years[1].last == date("2025-08-31"))
    }

    @Test("semesters come from the school calendar's terms")
    func semesters() throws {
        let terms = try Period.all(.semester, intersecting: date("2024-10-01")...date("2025-03-01"), calendar: Fixtures.sichuan)
        #expect(terms.map(\.label) == ["2024-2025学年第一学期", "2024-2025学年第二学期"])
        #expect(terms[0].first == date("2024-09-01"))
        #expect(throws: CalendarError.self) {
            try Period.all(.semester, intersecting: date("2027-10-01")...date("2027-10-02"), calendar: Fixtures.sichuan)
        }
        #expect(throws: CalendarError.self) {
            try Period.all(.semester, intersecting: date("2024-10-01")...date("2024-10-02"), calendar: Fixtures.national)
        }
    }

    @Test("teaching days as periods skip holidays and vacations")
    func teachingDayPeriods() throws {
        #expect(try labels(.teachingDay, "2025-01-16", "2025-02-18", calendar: Fixtures.sichuan)
                == ["2025-01-16", "2025-01-17", "2025-02-17", "2025-02-18"])
        #expect(try labels(.day, "2024-02-28", "2024-03-01") == ["2024-02-28", "2024-02-29", "2024-03-01"])
    }

    @Test("a fixed date states whether the date is allowed and whether it moves off a rest day")
    func fixedDates() throws {
        let cal = Fixtures.national
        let stays = FixedDate(month: 9, day: .last, includesDate: true, movesOffRestDay: false)
        #expect(try cal.deadline(for: stays, in: 2023).date == date("2023-09-30"))
        let moves = FixedDate(month: 9, day: .last, includesDate: true, movesOffRestDay: true)
        let moved = try cal.deadline(for: moves, in: 2023)
        #expect(moved.date == date("2023-10-07"))
        #expect(moved.explanation.contains("the rule moves it off rest days"))
        let exclusive = FixedDate(month: 9, day: .day(30), includesDate: false, movesOffRestDay: false)
        #expect(try cal.deadline(for: exclusive, in: 2024).date == date("2024-09-29"))
        let exclusiveMoving = FixedDate(month: 9, day: .day(30), includesDate: false, movesOffRestDay: true)
        #expect(try cal.deadline(for: exclusiveMoving, in: 2024).date == date("2024-09-29"))
        #expect(try cal.deadline(for: exclusiveMoving, in: 2023).date == date("2023-10-07"))
        #expect(FixedDate(month: 2, day: .day(30), includesDate: true, movesOffRestDay: false).date(in: 2024) == date("2024-02-29"))
    }

    @Test("a report by 12:00 on each teaching day is judged with a declared default time")
    func cutoffs() throws {
        let noon = TimeOfDay(hour: 12, minute: 0)!
        let cutoffs = try Fixtures.sichuan.dailyCutoffs(at: noon, bound: .inclusive, on: .teachingDays,
                                                        in: date("2024-09-27")...date("2024-10-08"))
        #expect(cutoffs.map(\.date) == [date("2024-09-27"), date("2024-09-29"), date("2024-09-30"), date("2024-10-08")])
        let c = cutoffs[0]
        #expect(c.admits(CivilDateTime(date: date("2024-09-27"), time: noon)))
        #expect(!c.admits(CivilDateTime(date: date("2024-09-27"), time: TimeOfDay(hour: 12, minute: 1)!)))
        #expect(!Cutoff(date: c.date, time: noon, bound: .exclusive).admits(CivilDateTime(date: c.date, time: noon)))
        #expect(try c.admits(eventOn: date("2024-09-27"), at: nil, defaultTime: TimeOfDay(hour: 8, minute: 0)))
        #expect(try !c.admits(eventOn: date("2024-09-27"), at: nil, defaultTime: TimeOfDay(hour: 17, minute: 0)))
        #expect(throws: CalendarError.missingTimeOfDay(date: date("2024-09-27"))) {
            try c.admits(eventOn: date("2024-09-27"), at: nil, defaultTime: nil)
        }
        #expect(try c.admits(eventOn: date("2024-09-26"), at: nil, defaultTime: nil))
    }

    @Test("a deadline's cutoff admits anything on its last day")
    func deadlineCutoff() throws {
        let d = try Fixtures.national.deadline(from: date("2024-09-27"), adding: Duration(5, .workingDay))
        #expect(try d.cutoff.admits(eventOn: date("2024-10-10"), at: nil, defaultTime: nil))
        #expect(try !d.cutoff.admits(eventOn: date("2024-10-11"), at: nil, defaultTime: nil))
        #expect(d.cutoff.admits(CivilDateTime(date: date("2024-10-10"), time: TimeOfDay(hour: 23, minute: 59)!)))
    }
}

@Suite("windows tied to the start of a term")
struct TermWindowPeriodTests {
    func windows(_ season: TermSeason, _ window: TermWindow, _ a: String, _ b: String,
                 calendar: WorkCalendar = Fixtures.sichuan) throws -> [Period] {
        try Period.termWindows(season, window, intersecting: date(a)...date(b), calendar: calendar)
    }

    @Test("around each term start: N days before to N days after the first day, both included")
    func around() throws {
        let w = try windows(.any, .around(days: 15), "2024-09-16", "2025-03-01")
        #expect(w.map(\.label) == ["2024-2025学年第一学期开学前后15天", "2024-2025学年第二学期开学前后15天"])
        #expect(w[0].first == date("2024-08-17") && w[0].last == date("2024-09-16"))
        // A range ending the day before a window begins does not reach it.
        #expect(try windows(.any, .around(days: 15), "2024-07-01", "2024-08-16").isEmpty)
        #expect(try windows(.any, .around(days: 15), "2024-07-01", "2024-08-17").count == 1)
    }

    @Test("before each term start: the N days before the first day, not the first day; without N the vacation before it")
    func before() throws {
        let w = try windows(.any, .before(days: 30), "2024-08-01", "2024-09-30")
        #expect(w.count == 1 && w[0].first == date("2024-08-02") && w[0].last == date("2024-08-31"))
        let autumn = try windows(.autumn, .vacation, "2024-03-01", "2025-06-30")
        #expect(autumn.map(\.label) == ["2024-2025学年第一学期开学前"])
        let previous = try #require(Fixtures.sichuan.schoolCalendar?.terms.first { $0.last < date("2024-09-01") && $0.last > date("2024-06-01") })
        #expect(autumn[0].first == previous.last.adding(days: 1) && autumn[0].last == date("2024-08-31"))
        let spring = try windows(.spring, .vacation, "2024-03-01", "2025-06-30")
        #expect(spring.map(\.label) == ["2024-2025学年第二学期开学前"])
    }

    @Test("no school calendar, or a school year it lacks, is an error, never a guess")
    func missing() throws {
        #expect(throws: CalendarError.self) { try windows(.any, .around(days: 15), "2024-10-01", "2024-10-02", calendar: Fixtures.national) }
        #expect(throws: CalendarError.self) { try windows(.any, .around(days: 15), "2027-10-01", "2027-10-02") }
    }

    @Test("an autumn term that starts in late August is still the first term of the school year it opens")
    func earlyAutumnTerm() throws {
        let school = SchoolCalendar(name: "早开学", entries: [
            SchoolEntry(kind: .term, first: date("2024-02-26"), last: date("2024-07-05"), name: "2023-2024学年第二学期", source: "test"),
            SchoolEntry(kind: .term, first: date("2024-08-25"), last: date("2025-01-17"), name: "2024-2025学年第一学期", source: "test"),
            SchoolEntry(kind: .term, first: date("2025-02-17"), last: date("2025-07-04"), name: "2024-2025学年第二学期", source: "test"),
        ])
        let calendar = WorkCalendar(name: "早开学", holidayLayers: Fixtures.national.holidayLayers, schoolCalendar: school)
        let w = try windows(.autumn, .around(days: 15), "2024-08-01", "2024-12-31", calendar: calendar)
        #expect(w.map(\.label) == ["2024-2025学年第一学期开学前后15天"])
        #expect(w[0].first == date("2024-08-10") && w[0].last == date("2024-09-09"))
        #expect(school.term(.autumn, of: 2024)?.term.first == date("2024-08-25"))
        #expect(school.term(.spring, of: 2025)?.term.first == date("2025-02-17"))
    }
}
