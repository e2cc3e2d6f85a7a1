import DulyTime
import Testing

/// Which period a recurring act belongs to: on time in its own window first, then late for the
/// earliest short period before it, up to that period's next judgement point.
@Suite("lateness of recurring duties")
struct LatenessTests {
    @Test("a monthly report made on the 3rd of the next month is late for the earlier month, 3 days late")
    func monthlyLate() throws {
        let text = try WindowFixture.judge("""
            E1,L-ZXX,2024-10-03,09:00,月度报告,L-ZXX,L-JYJ
            E2,L-ZXX,2024-10-25,09:00,月度报告,L-ZXX,L-JYJ

            """, subject: "L-ZXX", asOf: CivilDate(2024, 10, 31), from: CivilDate(2024, 9, 1))
        WindowFixture.check("monthly-late", text)
        #expect(text.contains("2024-10-03,late,warning,L-ZXX"))
        #expect(text.contains("月度报告 for 2024-09 (due 2024-09-30) done late: E1 on 2024-10-03 09:00, 3 days late"))
        #expect(text.contains("月度报告 E1 on 2024-10-03 09:00 counted late for 2024-09 (1 of 1)"))
        #expect(!text.contains(",missed,"))
        #expect(text.contains("in 2024-10, due 2024-10-31: 1 matching event (E2) → done-on-time"))
    }

    @Test("one report in the next month is that month's own: the earlier month stays missed, first as of today, then for good")
    func monthlyOnlyOwn() throws {
        let events = "E1,L-ZXX,2024-10-03,09:00,月度报告,L-ZXX,L-JYJ\n"
        let during = try WindowFixture.judge(events, subject: "L-ZXX", asOf: CivilDate(2024, 10, 20), from: CivilDate(2024, 9, 1))
        WindowFixture.check("monthly-own-during", during)
        #expect(during.contains("2024-09-30,missed,error,L-ZXX"))
        #expect(during.contains("missed as of 2024-10-20; an act by its next judgement point 2024-10-31 (the cut-off of 2024-10) would still count late"))
        let after = try WindowFixture.judge(events, subject: "L-ZXX", asOf: CivilDate(2024, 11, 5), from: CivilDate(2024, 9, 1))
        WindowFixture.check("monthly-own-after", after)
        #expect(after.contains("no further act by its next judgement point 2024-10-31 (the cut-off of 2024-10): missed"))
        #expect(!after.contains(",late,"))
    }

    @Test("a yearly ledger updated 4 days after 30 September is late, not missed; on 30 September it is on time")
    func yearlyLate() throws {
        let late = try WindowFixture.judge("E1,L-ZF,2024-10-04,10:00,更新就读台账,L-ZF,\n",
                                           subject: "L-ZF", asOf: CivilDate(2024, 10, 20), from: CivilDate(2024, 1, 1))
        WindowFixture.check("yearly-late", late)
        #expect(late.contains("2024-10-04,late,warning,L-ZF"))
        #expect(late.contains("done late: E1 on 2024-10-04 10:00, 4 days late"))
        #expect(!late.contains(",missed,"))
        let onTime = try WindowFixture.judge("E1,L-ZF,2024-09-30,10:00,更新就读台账,L-ZF,\n",
                                             subject: "L-ZF", asOf: CivilDate(2024, 10, 20), from: CivilDate(2024, 1, 1))
        #expect(!onTime.contains(",late,") && !onTime.contains(",missed,"))
        #expect(onTime.contains("1 matching event (E1) → done-on-time"))
    }

    @Test("an attendance report at 14:00 against a noon cut-off is late by 0 days, after 12:00; at 11:59 it is on time")
    func afternoon() throws {
        let text = try WindowFixture.judge("""
            E1,L-SCH,2024-10-09,11:59,掌握到校情况,L-JYJ,
            E2,L-SCH,2024-10-10,14:00,掌握到校情况,L-JYJ,
            E3,L-SCH,2024-10-11,09:30,掌握到校情况,L-JYJ,

            """, subject: "L-JYJ", asOf: CivilDate(2024, 10, 11), from: CivilDate(2024, 10, 9))
        WindowFixture.check("afternoon", text)
        #expect(text.contains("done late: E2 on 2024-10-10 14:00, 0 days late, after 12:00"))
        #expect(text.contains("in 2024-10-09, due 2024-10-09 12:00: 1 matching event (E1) → done-on-time"))
        #expect(!text.contains(",missed,"))
    }

    @Test("an act after the next judgement point does not make up the period: it stays missed")
    func afterNextJudgement() throws {
        let text = try WindowFixture.judge("""
            E1,L-ZXX,2024-11-05,09:00,月度报告,L-ZXX,L-JYJ
            E2,L-ZXX,2024-11-06,09:00,月度报告,L-ZXX,L-JYJ

            """, subject: "L-ZXX", asOf: CivilDate(2024, 11, 20), from: CivilDate(2024, 9, 1))
        WindowFixture.check("surplus-one-period", text)
        // One surplus act in November makes up October (the period just before), never September.
        #expect(text.contains("2024-09-30,missed,error,L-ZXX"))
        #expect(text.contains("月度报告 for 2024-10 (due 2024-10-31) done late: E1 on 2024-11-05 09:00, 5 days late"))
        #expect(text.components(separatedBy: ",late,").count == 2)
        #expect(text.contains("in 2024-11, due 2024-11-30: 1 matching event (E2) → done-on-time"))
    }

    @Test("at least 2 times: one on time and one late make the period done late; one alone leaves it missed, 1 of 2")
    func twoNeeded() throws {
        let done = try WindowFixture.judge("""
            E1,L-JYJ,2024-03-01,09:00,召开联席会议,L-JYJ,
            E2,L-JYJ,2024-07-10,09:00,召开联席会议,L-JYJ,
            E3,L-JYJ,2024-09-01,09:00,召开联席会议,L-JYJ,
            E4,L-JYJ,2024-10-01,09:00,召开联席会议,L-JYJ,

            """, subject: "L-JYJ", asOf: CivilDate(2025, 1, 10), from: CivilDate(2024, 1, 1))
        WindowFixture.check("two-needed", done)
        #expect(done.contains("召开联席会议 for 2024-H1 (due 2024-06-30) done late: E2 on 2024-07-10 09:00, 10 days late"))
        #expect(done.contains("召开联席会议 E2 on 2024-07-10 09:00 counted late for 2024-H1 (2 of 2)"))
        #expect(done.contains("in 2024-H2, due 2024-12-31: 2 matching events (E3, E4) → done-on-time"))
        let short = try WindowFixture.judge("E1,L-JYJ,2024-03-01,09:00,召开联席会议,L-JYJ,\n",
                                            subject: "L-JYJ", asOf: CivilDate(2025, 1, 10), from: CivilDate(2024, 1, 1))
        #expect(short.contains("2024-06-30,missed,error,L-JYJ,迟办县教育局,召开联席会议,县教育局,L-JYJ,迟办县教育局,迟办省/联席会议,L-4,2024-06-30,2024-H1,E1,召开联席会议 1 of 2 in 2024-H1 (by 2024-06-30)"))
    }
}
