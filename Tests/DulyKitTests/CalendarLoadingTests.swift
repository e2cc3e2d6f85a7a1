import DulyTestSupport
import DulyKit
import DulyTime
import Foundation
import Testing

/// The project's `policies/calendars`, found from this file's path.
private let calendarsDirectory = TestSupport.packageRoot
    .appendingPathComponent("policies/calendars").path

@Suite("calendar loading and the calendar command")
struct CalendarLoadingTests {
    @Test("`duly calendar add 2024-09-27 \"5 working days\"` prints 2024-10-10 first")
    func addPrintsDateFirst() throws {
        let line = try CalendarTool.add(date: "2024-09-27", duration: "5 working days", calendar: "national",
                                        directory: calendarsDirectory)
        #expect(line.hasPrefix("2024-10-10"))
        #expect(line == "2024-10-10  (5 working days after 2024-09-27: 09-29 make-up working day, 09-30, 10-08, 10-09, 10-10)")
    }

    @Test("the Chinese spelling gives the same answer")
    func addInChinese() throws {
        let line = try CalendarTool.add(date: "2024-09-27", duration: "5个工作日", calendar: "四川",
                                        directory: calendarsDirectory)
        #expect(line.hasPrefix("2024-10-10  "))
    }

    @Test("bad input and missing data are told apart: the command exits 2 for one and 3 for the other")
    func exitStatuses() {
        func status(_ body: () throws(CalendarToolError) -> String) -> Int32? {
            do { _ = try body(); return nil } catch { return error.kind == .missingData ? 3 : 2 }
        }
        #expect(status { () throws(CalendarToolError) in
            try CalendarTool.add(date: "2024-02-30", duration: "1 day", calendar: "national", directory: calendarsDirectory)
        } == 2)
        #expect(status { () throws(CalendarToolError) in
            try CalendarTool.add(date: "2024-02-01", duration: "1 fortnight", calendar: "national", directory: calendarsDirectory)
        } == 2)
        #expect(status { () throws(CalendarToolError) in
            try CalendarTool.add(date: "2024-02-01", duration: "1 day", calendar: "火星", directory: calendarsDirectory)
        } == 2)
        #expect(status { () throws(CalendarToolError) in
            try CalendarTool.add(date: "2027-02-01", duration: "1 day", calendar: "national", directory: calendarsDirectory)
        } == 3)
        #expect(status { () throws(CalendarToolError) in
            try CalendarTool.add(date: "2024-02-01", duration: "1 day", calendar: "national", directory: "/nonexistent/calendars")
        } == 3)
        #expect(status { () throws(CalendarToolError) in
            try CalendarTool.show(month: "2024-13", calendar: "national", directory: calendarsDirectory)
        } == 2)
    }

    @Test("--calendar and --province are synonyms that must agree")
    func calendarName() throws {
        #expect(try CalendarTool.calendarName(calendar: nil, province: nil) == "national")
        #expect(try CalendarTool.calendarName(calendar: nil, province: "四川") == "四川")
        #expect(try CalendarTool.calendarName(calendar: "四川", province: "四川") == "四川")
        #expect(throws: CalendarToolError.self) { try CalendarTool.calendarName(calendar: "四川", province: "贵州") }
    }

    @Test("the calendars folder loads every stack the seeds need")
    func loadsEveryStack() throws {
        let library = try CalendarLoading.loadLibrary(from: calendarsDirectory)
        #expect(library.calendarNames == ["national", "云南", "四川", "河南", "甘肃", "贵州"])
        let guizhou = try library.calendar(named: "贵州省")
        #expect(guizhou.name == "贵州")
        #expect(guizhou.holidayYears == Array(2019...2026))
    }

    @Test("show prints the month grid with a legend")
    func show() throws {
        let sheet = try CalendarTool.show(month: "2025-02", calendar: "四川", directory: calendarsDirectory)
        #expect(sheet.hasPrefix("2025-02  calendar `四川`"))
        #expect(sheet.contains("legend:"))
        #expect(sheet.contains("02-08        班 春节"))
    }

    @Test("the calendar command says what is wrong in the reader's language and exits with the documented status")
    func commandErrors() throws {
        let bad = try CommandLine.run(["calendar", "add", "2024-02-30", "1 day"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(bad.status == 2)
        #expect(bad.err == "错误:无效的日期“2024-02-30”:应为 YYYY-MM-DD 格式的真实日期\n", "\(bad.err)")
        let missing = try CommandLine.run(["calendar", "add", "2030-06-01", "1 day"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(missing.status == 3)
        #expect(missing.err.hasPrefix("错误:缺少 2030 年的节假日数据"), "\(missing.err)")
        let english = try CommandLine.run(["calendar", "add", "2030-06-01", "1 day", "--lang", "en"])
        #expect(english.status == 3)
        #expect(english.err.hasPrefix("error: no holiday data for 2030"), "\(english.err)")
        let clash = try CommandLine.run(["calendar", "show", "2024-10", "--calendar", "贵州", "--province", "四川"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(clash.status == 2)
        #expect(clash.err.contains("不一致"), "\(clash.err)")
    }
}
