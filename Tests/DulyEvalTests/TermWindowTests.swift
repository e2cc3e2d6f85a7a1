import DulyTime
import Testing

/// Windows tied to the school calendar: around and before each term start, the vacation before
/// the autumn term, and recurrences that skip periods without teaching days.
@Suite("term-anchored windows")
struct TermWindowTests {
    static let from = CivilDate(2024, 7, 1)

    @Test("开学前后 15天内: an act 5 days before the term starts counts; one a day before the window does not, one a day after is late")
    func aroundStart() throws {
        let inside = try WindowFixture.judge("E1,T-JYJ,2024-08-27,09:00,宣传,T-JYJ,\n",
                                             subject: "T-JYJ", asOf: CivilDate(2024, 9, 30), from: Self.from)
        WindowFixture.check("around-inside", inside)
        #expect(inside.contains("in 2024-2025学年第一学期开学前后15天, due 2024-09-16: 1 matching event (E1) → done-on-time"))
        #expect(!inside.contains("宣传,县教育局"))
        let early = try WindowFixture.judge("E1,T-JYJ,2024-08-16,09:00,宣传,T-JYJ,\n",
                                            subject: "T-JYJ", asOf: CivilDate(2024, 9, 30), from: Self.from)
        WindowFixture.check("around-day-before", early)
        #expect(early.contains("2024-09-16,missed,error,T-JYJ,学期县教育局,宣传"))
        let late = try WindowFixture.judge("E1,T-JYJ,2024-09-17,09:00,宣传,T-JYJ,\n",
                                           subject: "T-JYJ", asOf: CivilDate(2024, 9, 30), from: Self.from)
        #expect(late.contains("2024-09-17,late,warning,T-JYJ,学期县教育局,宣传"))
        #expect(late.contains("1 day late"))
    }

    @Test("within 30 days before its start: the 30th day before the first day counts, the 31st does not")
    func beforeStart() throws {
        let first = try WindowFixture.judge("E1,T-JYJ,2024-08-02,09:00,专项行动,T-JYJ,\n",
                                            subject: "T-JYJ", asOf: CivilDate(2024, 9, 30), from: Self.from)
        WindowFixture.check("before-30th-day", first)
        #expect(first.contains("in 2024-2025学年第一学期开学前30天, due 2024-08-31: 1 matching event (E1) → done-on-time"))
        let outside = try WindowFixture.judge("E1,T-JYJ,2024-08-01,09:00,专项行动,T-JYJ,\n",
                                              subject: "T-JYJ", asOf: CivilDate(2024, 9, 30), from: Self.from)
        #expect(outside.contains("2024-08-31,missed,error,T-JYJ,学期县教育局,专项行动"))
    }

    @Test("每年 秋季学期 开学前: the summer vacation is the window, and the spring term's vacation is not judged")
    func autumnVacation() throws {
        let text = try WindowFixture.judge("E1,T-ZF,2024-07-20,09:00,更新就读台账,T-ZF,\n",
                                           subject: "T-ZF", asOf: CivilDate(2025, 3, 31), from: CivilDate(2024, 3, 1))
        WindowFixture.check("autumn-vacation", text)
        #expect(text.contains("in 2024-2025学年第一学期开学前, due 2024-08-31: 1 matching event (E1) → done-on-time"))
        #expect(!text.contains("第二学期开学前"))
        #expect(!text.contains(",missed,"))
    }

    @Test("every half month (teaching periods only): a holiday half month owes nothing, a term half month without an inspection is missed")
    func teachingPeriodsOnly() throws {
        let text = try WindowFixture.judge("""
            E1,T-SCH,2024-07-03,09:00,检查学校,T-ZXX,
            E2,T-SCH,2024-09-05,09:00,检查学校,T-ZXX,

            """, subject: "T-ZXX", asOf: CivilDate(2024, 10, 5), from: Self.from)
        WindowFixture.check("teaching-half-months", text)
        #expect(!text.contains("2024-07H2") && !text.contains("2024-08H1") && !text.contains("2024-08H2"))
        #expect(text.contains("2024-09-30,missed,error,T-SCH,学期镇小学,检查学校"))
        #expect(text.components(separatedBy: ",missed,").count == 2)
    }
}

/// `within the autumn semester of 2020` / `2020年秋季学期内` on a triggered duty.
@Suite("a limit within a named term")
struct TermLimitTests {
    static let events = """
        E1,T-S1,2020-10-10,09:00,确认辍学,T-SCH,
        E2,T-S1,2021-01-22,09:00,返校,T-SCH,
        E3,T-S2,2020-10-10,09:00,确认辍学,T-SCH,
        E4,T-S2,2021-01-23,09:00,返校,T-SCH,
        E5,T-S3,2021-02-01,09:00,确认辍学,T-SCH,

        """

    @Test("back on the last day of the 2020 autumn term is on time; a day later is late")
    func bothSidesOfTheLastDay() throws {
        let onTime = try WindowFixture.judge(Self.events, subject: "T-S1", asOf: CivilDate(2021, 3, 31), from: CivilDate(2020, 9, 1))
        #expect(onTime.contains("deadline: within 2020-2021学年第一学期 (2020-09-01..2021-01-22) → due 2021-01-22"))
        #expect(onTime.contains("due 2021-01-22: done on time by 返校 E2"))
        let late = try WindowFixture.judge(Self.events, subject: "T-S2", asOf: CivilDate(2021, 3, 31), from: CivilDate(2020, 9, 1))
        WindowFixture.check("autumn-2020-late", late)
        #expect(late.contains("2021-01-23,late,warning,T-S2"))
    }

    @Test("a dropout confirmed after the 2020 autumn term ended creates no duty under that term's target")
    func afterTheTerm() throws {
        let text = try WindowFixture.judge(Self.events, subject: "T-S3", asOf: CivilDate(2021, 3, 31), from: CivilDate(2020, 9, 1))
        WindowFixture.check("autumn-2020-after", text)
        #expect(text.contains("not created, 确认辍学 E5 on 2021-02-01 came after the term ended on 2021-01-22"))
        #expect(!text.contains(",missed,") && !text.contains(",late,"))
    }
}
