import DulyTestSupport
import DulyKit
import DulySource
import DulyTime
import Foundation
import Testing

private enum Fixtures {
    static let directory = TestSupport.packageRoot
        .appendingPathComponent("policies/calendars").path
    static let library = try! CalendarLoading.loadLibrary(from: directory)
    static let national = try! library.calendar(named: "national")
    static let sichuan = try! library.calendar(named: "四川")
}

@Suite("month sheet")
struct MonthSheetTests {
    @Test("October 2024 marks the holidays, the make-up Saturday and teaching days, aligned")
    func october2024() {
        let sheet = Fixtures.sichuan.monthSheet(year: 2024, month: 10)
        let lines = sheet.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "2024-10  calendar `四川`: national + 四川 school calendar")
        #expect(lines[1] == "周一  周二  周三  周四  周五  周六  周日")
        #expect(lines[2] == "       1休   2休   3休   4休   5休   6休")
        #expect(lines[3] == " 7休   8课   9课  10课  11课  12班  13")
        #expect(sheet.contains("10-01..10-07 休 国庆节"))
        #expect(sheet.contains("10-12        班 国庆节"))
        #expect(sheet.contains("legend: 休 statutory holiday"))
        // Every grid row has the same display width per cell.
        #expect(DisplayWidth.of(lines[1]) == 7 * 4 + 6 * 2)
    }

    @Test("days without data are marked, not refused")
    func missingData() {
        let sheet = Fixtures.national.monthSheet(year: 2027, month: 1)
        #expect(sheet.contains(" 1？"))
    }

    @Test("display width counts CJK as two columns")
    func width() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("四川") == 4)
        #expect(DisplayWidth.of("休") == 2)
        #expect(DisplayWidth.pad("休", to: 4, right: true) == "  休")
    }
}
