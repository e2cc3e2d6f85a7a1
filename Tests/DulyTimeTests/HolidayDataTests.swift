import DulyTime
import Testing

/// Figures written from the published notices (国务院办公厅关于YYYY年部分节假日安排的通知, the 2019
/// Labour Day adjustment and the 2020 Spring Festival extension): days off per notice, counting
/// every day of each block ("共N天", weekend days inside a block included), and make-up working
/// days (调休上班). Cross-checked against an independent table; the tests read only the
/// project's own files.
struct NoticeFigures: Sendable, CustomTestStringConvertible {
    let year: Int
    let daysOff: Int
    let makeUpDays: Int
    var testDescription: String { "\(year): \(daysOff) days off, \(makeUpDays) make-up working days" }
}

let noticeFigures: [NoticeFigures] = [
    // 元旦 3 (2018-12-30..2019-01-01), 春节 7, 清明 3, 劳动 4 (as adjusted), 端午 3, 中秋 3, 国庆 7.
    .init(year: 2019, daysOff: 30, makeUpDays: 7),
    // 元旦 1, 春节 7 + 3 (extension to 2 February), 清明 3, 劳动 5, 端午 3, 国庆中秋 8; 1 February no longer worked.
    .init(year: 2020, daysOff: 30, makeUpDays: 6),
    .init(year: 2021, daysOff: 31, makeUpDays: 7),
    .init(year: 2022, daysOff: 31, makeUpDays: 7),
    // 元旦 3 (2022-12-31..2023-01-02), 春节 7, 清明 1, 劳动 5, 端午 3, 中秋国庆 8.
    .init(year: 2023, daysOff: 27, makeUpDays: 7),
    // 元旦 3 (2023-12-30..2024-01-01), 春节 8, 清明 3, 劳动 5, 端午 3, 中秋 3, 国庆 7.
    .init(year: 2024, daysOff: 32, makeUpDays: 8),
    // 元旦 1, 春节 8, 清明 3, 劳动 5, 端午 3, 国庆中秋 8.
    .init(year: 2025, daysOff: 28, makeUpDays: 5),
    // 元旦 3, 春节 9, 清明 3, 劳动 5, 端午 3, 中秋 3, 国庆 7.
    .init(year: 2026, daysOff: 33, makeUpDays: 6),
]

@Suite("holiday data")
struct HolidayDataTests {
    var layer: HolidayLayer { Fixtures.library.holidayLayers["national"]! }

    @Test("every holiday year 2019–2026 is present")
    func everyYear() {
        #expect(layer.years == Set(2019...2026))
        #expect(Fixtures.national.holidayYears == Array(2019...2026))
    }

    @Test("each notice's days off and make-up working days match the published figures", arguments: noticeFigures)
    func counts(_ figures: NoticeFigures) {
        let entries = layer.effectiveEntries(noticeYear: figures.year)
        #expect(entries.filter { $0.kind == .restDay }.count == figures.daysOff)
        #expect(entries.filter { $0.kind == .makeUpWorkingDay }.count == figures.makeUpDays)
    }

    @Test("every entry cites its notice")
    func sources() {
        for entry in layer.entries {
            #expect(entry.source.hasPrefix("国务院办公厅关于"), "\(entry.date)")
            #expect(entry.source.contains("\(entry.noticeYear)年"), "\(entry.date)")
        }
    }

    @Test("every make-up working day is a weekend day and a working day")
    func makeUpDays() throws {
        for year in 2019...2026 {
            for entry in layer.effectiveEntries(noticeYear: year) where entry.kind == .makeUpWorkingDay {
                #expect(entry.date.isWeekend)
                if entry.date.year >= 2019 { #expect(try Fixtures.national.isWorkingDay(entry.date)) }
            }
        }
    }

    @Test("the 2020 extension makes 1 February 2020 a holiday, not a make-up day")
    func extension2020() throws {
        let day = try Fixtures.national.day(date("2020-02-01"))
        #expect(day.kind == .statutoryHoliday)
        #expect(day.holidayName == "春节（延长）")
    }

    @Test("a weekend day inside a holiday block is a statutory holiday; one outside is a rest day")
    func weekendKinds() throws {
        #expect(try Fixtures.national.day(date("2024-06-08")).kind == .statutoryHoliday)
        #expect(try Fixtures.national.day(date("2024-06-15")).kind == .weekendRestDay)
        #expect(try Fixtures.national.day(date("2024-06-11")).kind == .workingDay)
    }

    @Test("working days per year add up to the days minus rest days")
    func workingDayTotals() throws {
        // 2025: 365 days, 104 weekend days, 18 weekday holidays, 5 make-up days = 248 (13 statutory days since the 2025 reform).
        // 2024 by hand: 262 weekdays (366 days from a Monday), minus 19 weekday holidays (元旦 1, 春节 5,
        // 清明 2, 劳动节 3, 端午 1, 中秋 2, 国庆 5), plus 8 make-up weekend days = 251; the 5 weekdays
        // 12-25…12-31 need 2025's notice too, so up to 12-24: 246.
        #expect(try Fixtures.national.workingDays(in: date("2024-01-01")...date("2024-12-24")) == 246)
        #expect(try Fixtures.national.workingDays(in: date("2025-01-01")...date("2025-12-31")) == 248)
    }

    func countByHand(from: CivilDate, through: CivilDate) throws -> Int {
        var n = 0
        var d = from
        while d <= through {
            if try Fixtures.national.isWorkingDay(d) { n += 1 }
            d = d.adding(days: 1)
        }
        return n
    }

    @Test("each seed province has a school calendar for 2019-2020 through 2026-2027, marked as assumed",
          arguments: ["四川", "贵州", "河南", "甘肃", "云南"])
    func schoolCalendars(province: String) throws {
        let calendar = try Fixtures.library.calendar(named: province)
        let school = try #require(calendar.schoolCalendar)
        #expect(school.schoolYears == Set(2019...2026))
        #expect(school.terms.count == 16)
        #expect(school.entries.allSatisfy { $0.isAssumption })
        #expect(calendar.stackDescription == "national + \(province) school calendar")
    }
}
