import DulyTime
import Testing

@Suite("durations")
struct DurationTests {
    @Test("durations parse in both keyword languages", arguments: [
        ("5 working days", 5, DurationUnit.workingDay), ("5个工作日", 5, .workingDay), ("5 个工作日", 5, .workingDay),
        ("7天", 7, .calendarDay), ("7日", 7, .calendarDay), ("7日内", 7, .calendarDay), ("7 days", 7, .calendarDay),
        ("1 month", 1, .month), ("1个月", 1, .month), ("3 months", 3, .month), ("2 weeks", 2, .week),
        ("2周", 2, .week), ("一个星期", 1, .week), ("半个月", 1, .halfMonth), ("半月", 1, .halfMonth),
        ("half a month", 1, .halfMonth), ("1 year", 1, .year), ("1年", 1, .year), ("5个工作日以内", 5, .workingDay),
        ("五个工作日", 5, .workingDay), ("十五天", 15, .calendarDay), ("二十个工作日", 20, .workingDay),
        ("两周", 2, .week), ("3 teaching days", 3, .teachingDay), ("3个教学日", 3, .teachingDay),
        ("within 3 days", 3, .calendarDay), ("5 Working Days", 5, .workingDay), ("５个工作日", 5, .workingDay),
        ("1 calendar day", 1, .calendarDay), ("10个自然日", 10, .calendarDay),
    ])
    func parses(text: String, count: Int, unit: DurationUnit) throws {
        #expect(try Duration.parse(text) == Duration(count, unit))
    }

    @Test("bad durations are refused with a reason", arguments: [
        "", "5", "working days", "5 fortnights", "3个半月", "一个半月", "-5 days", "5 working", "1234567 days",
    ])
    func refuses(text: String) {
        #expect(throws: CalendarError.self) { try Duration.parse(text) }
    }

    @Test("`个半月` is refused because it means months and a half")
    func monthAndAHalf() {
        do {
            _ = try Duration.parse("3个半月")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("`个半月` means"))
        }
    }

    @Test("durations print canonically in both languages")
    func printing() {
        #expect(Duration(5, .workingDay).description == "5 working days")
        #expect(Duration(1, .month).description == "1 month")
        #expect(Duration(5, .workingDay).chineseDescription == "5个工作日")
    }

    @Test("the bound words of 第一千二百五十九条 map to inclusive and exclusive")
    func bounds() {
        for word in ["以上", "以下", "以内", "届满"] { #expect(Bound(word: word) == .inclusive) }
        for word in ["不满", "超过", "以外"] { #expect(Bound(word: word) == .exclusive) }
        #expect(Bound(word: "前") == nil)
        #expect(Bound(word: "within") == .inclusive)
        #expect(Bound(word: "more than") == .exclusive)
        #expect(Bound.inclusive.admits(5, upTo: 5))
        #expect(!Bound.exclusive.admits(5, upTo: 5))
        #expect(Bound.exclusive.admits(6, from: 5))
        #expect(!Bound.exclusive.admits(5, from: 5))
    }
}
