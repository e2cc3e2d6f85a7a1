import DulyTime
import Testing

@Suite("civil dates")
struct CivilDateTests {
    @Test("a date prints as four-digit year, month and day, zero-padded, at both ends of the years")
    func printed() {
        #expect(CivilDate(2024, 2, 29).description == "2024-02-29")
        #expect(CivilDate(1, 1, 1).description == "0001-01-01")
        #expect(CivilDate(987, 6, 5).description == "0987-06-05")
        #expect(CivilDate(9999, 12, 31).description == "9999-12-31")
        // Past the years a date can be built with, by counting days: the long form.
        #expect(CivilDate(9999, 12, 31).adding(days: 1).description == "10000-01-01")
    }

    @Test("ISO 8601 round-trips every day from 1900 to 2100")
    func roundTrip() {
        var d = CivilDate(1900, 1, 1)
        var previous: (Int, Int, Int)?
        while d <= CivilDate(2100, 12, 31) {
            #expect(CivilDate(d.description) == d)
            let c = d.components
            if let (py, pm, pd) = previous {
                // The next day by hand: day + 1, or the 1st of the next month/year.
                let lastDay = CivilDate.daysInMonth(year: py, month: pm)
                let expected = pd < lastDay ? (py, pm, pd + 1) : pm < 12 ? (py, pm + 1, 1) : (py + 1, 1, 1)
                if c != expected { Issue.record("\(d) follows \(py)-\(pm)-\(pd)") }
            }
            previous = c
            d = d.adding(days: 1)
        }
    }

    @Test("the epoch is day zero and a Thursday")
    func epoch() {
        #expect(CivilDate(1970, 1, 1).dayNumber == 0)
        #expect(CivilDate(1970, 1, 1).weekday == .thursday)
        #expect(CivilDate(2024, 9, 27).weekday == .friday)
        #expect(CivilDate(2024, 9, 29).weekday == .sunday)
        #expect(CivilDate(1969, 12, 28).weekday == .sunday)
        #expect(CivilDate(1969, 12, 28).isWeekend)
    }

    @Test("the parser refuses anything but a real YYYY-MM-DD", arguments: [
        "2023-02-29", "2024-13-01", "2024-00-10", "2024-9-27", "2024/09/27", "20240927", "2024-09-27 ",
        "", "abcd-ef-gh", "2024-04-31", "0000-01-01",
    ])
    func rejects(_ text: String) {
        #expect(CivilDate(text) == nil)
    }

    @Test("the parser accepts leap days and year bounds")
    func accepts() {
        #expect(CivilDate("2024-02-29") == CivilDate(2024, 2, 29))
        #expect(CivilDate("2000-02-29") != nil)
        #expect(CivilDate("1900-02-29") == nil)
        #expect(CivilDate("9999-12-31") != nil)
        #expect(CivilDate("0001-01-01") != nil)
    }

    @Test("adding months keeps the corresponding day or clamps to the month end")
    func months() {
        #expect(CivilDate(2024, 1, 31).adding(months: 1) == (CivilDate(2024, 2, 29), true) ? true : false)
        #expect(CivilDate(2024, 1, 31).adding(months: 1).date == CivilDate(2024, 2, 29))
        #expect(CivilDate(2024, 1, 31).adding(months: 1).clampedToMonthEnd)
        #expect(CivilDate(2024, 1, 30).adding(months: 13).date == CivilDate(2025, 2, 28))
        #expect(CivilDate(2024, 3, 31).adding(months: -1).date == CivilDate(2024, 2, 29))
        #expect(!CivilDate(2024, 5, 15).adding(months: 12).clampedToMonthEnd)
    }

    @Test("times of day parse HH:MM with 24:00 as the end of the day")
    func timesOfDay() {
        #expect(TimeOfDay("12:00") == TimeOfDay(hour: 12, minute: 0))
        #expect(TimeOfDay("24:00") == .endOfDay)
        #expect(TimeOfDay("8:30")?.description == "08:30")
        #expect(TimeOfDay("12：00") != nil)
        #expect(TimeOfDay("24:01") == nil)
        #expect(TimeOfDay("12:60") == nil)
        #expect(TimeOfDay("1200") == nil)
        #expect(CivilDateTime(date: CivilDate(2024, 1, 1), time: .endOfDay)
                == CivilDateTime(date: CivilDate(2024, 1, 2), time: .startOfDay))
    }

    @Test("dates print as ISO strings and their month and day")
    func isoText() throws {
        #expect("\(CivilDate(2024, 10, 10))" == "2024-10-10")
        #expect(CivilDate(2024, 10, 10).monthDay == "10-10")
    }
}

@Suite("age in 周岁")
struct AgeTests {
    @Test("a person is N 周岁 from the day after the Nth birthday, not on the birthday itself")
    func dayAfterBirthday() {
        let born = CivilDate(2008, 10, 8)
        #expect(born.birthday(16) == CivilDate(2024, 10, 8))
        #expect(!born.isAtLeast(16, on: CivilDate(2024, 10, 7)))
        #expect(!born.isAtLeast(16, on: CivilDate(2024, 10, 8)))
        #expect(born.isAtLeast(16, on: CivilDate(2024, 10, 9)))
        #expect(born.reachesAge(16) == CivilDate(2024, 10, 9))
    }

    @Test("a 29 February birthday falls on 28 February in a common year, so the age is reached on 1 March")
    func leapDay() {
        let born = CivilDate(2008, 2, 29)
        #expect(born.birthday(16) == CivilDate(2024, 2, 29))
        #expect(born.reachesAge(16) == CivilDate(2024, 3, 1))
        #expect(born.birthday(15) == CivilDate(2023, 2, 28))
        #expect(!born.isAtLeast(15, on: CivilDate(2023, 2, 28)))
        #expect(born.isAtLeast(15, on: CivilDate(2023, 3, 1)))
    }

    @Test("a year-end birthday crosses into the next year")
    func yearEnd() {
        let born = CivilDate(2008, 12, 31)
        #expect(born.reachesAge(16) == CivilDate(2025, 1, 1))
        #expect(!born.isAtLeast(16, on: CivilDate(2024, 12, 31)))
    }
}
