import DulyTestSupport
import DulyTime
import Testing

@Suite("laws of the arithmetic")
struct PropertyTests {
    /// Random starts across the covered data and counts up to `maximum`, reproducible.
    func samples(_ n: Int, seed: UInt64, maximum: Int = 40) -> [(CivilDate, Int)] {
        var rng = SplitMix64(state: seed)
        let first = CivilDate(2019, 1, 1), last = CivilDate(2026, 9, 1)
        return (0..<n).map { _ in
            (first.adding(days: Int.random(in: 0...first.days(to: last), using: &rng)), Int.random(in: 0...maximum, using: &rng))
        }
    }

    /// Counts that mostly stay inside the eight years of data: 40 years would leave it at once.
    func maximum(_ unit: DurationUnit) -> Int {
        switch unit {
        case .year: 3
        case .month: 24
        default: 40
        }
    }

    @Test("adding more never gives an earlier deadline", arguments: DurationUnit.allCases)
    func monotone(unit: DurationUnit) throws {
        let cal = Fixtures.sichuan
        var checked = 0
        for (start, n) in samples(300, seed: 1, maximum: maximum(unit)) {
            let a = try? cal.dueDate(from: start, adding: Duration(n, unit))
            let b = try? cal.dueDate(from: start, adding: Duration(n + 1, unit))
            if let a, let b { #expect(a <= b, "\(start) + \(n) \(unit)"); checked += 1 }
        }
        // Starts near the end of the data may be refused; most must be judged.
        #expect(checked > 150)
    }

    @Test("a later start never gives an earlier deadline", arguments: DurationUnit.allCases)
    func monotoneInStart(unit: DurationUnit) throws {
        let cal = Fixtures.sichuan
        var checked = 0
        for (start, n) in samples(300, seed: 2, maximum: maximum(unit)) {
            let a = try? cal.dueDate(from: start, adding: Duration(n, unit))
            let b = try? cal.dueDate(from: start.adding(days: 1), adding: Duration(n, unit))
            if let a, let b { #expect(a <= b, "\(start) + \(n) \(unit)"); checked += 1 }
        }
        #expect(checked > 150)
    }

    @Test("every deadline ends on a working day, and a teaching-day deadline on a teaching day")
    func endsOnWorkingDays() throws {
        let cal = Fixtures.sichuan
        var checked = 0
        defer { #expect(checked > 2500) }
        for (start, n) in samples(500, seed: 3) {
            for unit in DurationUnit.allCases {
                guard let due = try? cal.dueDate(from: start, adding: Duration(min(n, maximum(unit)), unit)) else { continue }
                checked += 1
                #expect(try cal.isWorkingDay(due), "\(start) + \(min(n, maximum(unit))) \(unit)")
                if unit == .teachingDay { #expect(try cal.isTeachingDay(due)) }
            }
        }
    }

    @Test("N working days after a start are exactly N working days, the last of them the deadline")
    func exactCount() throws {
        let cal = Fixtures.national
        for (start, n) in samples(500, seed: 4) where n > 0 {
            let d = try cal.deadline(from: start, adding: Duration(n, .workingDay))
            #expect(d.countedDays.count == n)
            #expect(d.countedDays.last?.date == d.date)
            #expect(try cal.workingDays(in: start.adding(days: 1)...d.date) == n)
            #expect(d.countedDays.allSatisfy { $0.date > start && $0.kind.isWorkingDay })
        }
    }

    @Test("a calendar-day period ends on its last day or the first working day after it")
    func calendarDays() throws {
        let cal = Fixtures.national
        for (start, n) in samples(500, seed: 5) {
            let last = start.adding(days: n)
            let due = try cal.dueDate(from: start, adding: Duration(n, .calendarDay))
            #expect(due >= last)
            var d = last
            while d < due {
                #expect(try !cal.isWorkingDay(d))
                d = d.adding(days: 1)
            }
        }
    }

    @Test("the fast path and the traced path agree", arguments: DurationUnit.allCases)
    func fastEqualsTraced(unit: DurationUnit) throws {
        let cal = Fixtures.sichuan
        var checked = 0
        defer { #expect(checked > 100) }
        for (start, n) in samples(200, seed: 6, maximum: maximum(unit)) {
            // Both give the same date, or both refuse (outside the data).
            let fast = try? cal.dueDate(from: start, adding: Duration(n, unit))
            let traced = try? cal.deadline(from: start, adding: Duration(n, unit)).date
            #expect(fast == traced)
            if fast != nil { checked += 1 }
        }
    }

    @Test("working days match a day-by-day count")
    func againstNaiveCount() throws {
        let cal = Fixtures.national
        for (start, n) in samples(300, seed: 7) where n > 0 {
            var d = start, left = n
            while left > 0 {
                d = d.adding(days: 1)
                if try cal.isWorkingDay(d) { left -= 1 }
            }
            #expect(try cal.addingWorkingDays(n, to: start) == d)
        }
    }
}
