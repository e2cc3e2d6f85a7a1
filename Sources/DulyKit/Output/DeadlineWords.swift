import DulySource
import DulyTime

/// How a deadline was counted, worded for people in each language. The English wording is the
/// one `Deadline.explanation` gives; the Chinese one is built here from the same data (the
/// counted days, the rule, the move off a rest day).
enum DeadlineWords {
    static func summary(_ d: Deadline, _ language: MessageLanguage) -> String {
        guard language == .zh else { return d.summary }
        let when = d.time == .endOfDay ? d.date.description : "\(d.date) \(d.time)"
        return "\(when)  (\(explanation(d)))"
    }

    /// `5个工作日`, `7天`, `1个月`.
    static func duration(_ d: Duration) -> String {
        switch d.unit {
        case .calendarDay: "\(d.count)天"
        case .workingDay: "\(d.count)个工作日"
        case .teachingDay: "\(d.count)个教学日"
        case .week: "\(d.count)周"
        case .halfMonth: "\(d.count)个半月"
        case .month: "\(d.count)个月"
        case .year: "\(d.count)年"
        }
    }

    static func kind(_ k: DayKind) -> String {
        switch k {
        case .workingDay: ""
        case .makeUpWorkingDay: "调休上班"
        case .statutoryHoliday: "法定节假日"
        case .weekendRestDay: "休息日"
        }
    }

    static func explanation(_ d: Deadline) -> String {
        var parts: [String] = []
        let year: Int
        switch d.basis {
        case let .period(start, _): year = start.year
        case let .fixedDate(_, y): year = y
        }
        func short(_ date: CivilDate) -> String { date.year == year ? date.monthDay : date.description }
        func day(_ c: CountedDay) -> String {
            let label = kind(c.kind)
            return label.isEmpty ? short(c.date) : "\(short(c.date)) \(label)"
        }
        func note(_ date: CivilDate) -> String {
            guard let k = d.roll?.from, k.date == date else { return "" }
            return "(\(kind(k.kind))\(k.holidayName.map { ",\($0)" } ?? ""))"
        }
        switch d.basis {
        case let .period(start, dur):
            var head = "自 \(start) 起 \(duration(dur))(起算日不计入)"
            if dur.unit == .halfMonth { head += "(半个月按 15 天计)" }
            if let s = d.startDay, dur.unit == .workingDay || dur.unit == .teachingDay, !s.kind.isWorkingDay {
                head += "(\(start) 是\(kind(s.kind))\(s.holidayName.map { ",\($0)" } ?? ""),从下一个工作日起计)"
            }
            switch d.rule {
            case .countedWorkingDays, .countedTeachingDays:
                let days = d.countedDays.map(day)
                parts.append(head + (days.isEmpty ? "" : ":" + days.joined(separator: "、")))
            case .countedCalendarDays:
                parts.append(head + ":末日 \(short(d.nominalLastDay))" + note(d.nominalLastDay))
            case .correspondingDay:
                parts.append(head + ":对应日 \(short(d.nominalLastDay))" + note(d.nominalLastDay) + "(民法典 第二百零二条)")
            case .monthEnd:
                let (y, m, _) = d.nominalLastDay.components
                parts.append(head + ":\(y)-\(CivilDate.pad(m, 2)) 没有对应日,以该月最后一日 \(short(d.nominalLastDay)) 为末日" + note(d.nominalLastDay) + "(民法典 第二百零二条)")
            case .fixedDate:
                parts.append(head)
            }
        case let .fixedDate(fixed, y):
            parts.append("期日 \(fixed.date(in: y))(\(fixed.includesDate ? "含当日" : "不含当日,即前一日"))")
        }
        if let roll = d.roll {
            let reason = roll.from.kind == .statutoryHoliday ? "法定节假日" : "休息日"
            let name = roll.from.holidayName.map { "(\($0))" } ?? ""
            let how: String
            switch d.basis {
            case .period: how = "民法典 第二百零三条"
            case .fixedDate: how = "规则规定顺延"
            }
            parts.append("\(roll.from.date) 是\(reason)\(name),顺延至下一个工作日 \(roll.to.date)\(roll.to.kind == .makeUpWorkingDay ? "(调休上班)" : "")(\(how))")
        }
        if d.time != .endOfDay { parts.append("截至 \(d.time)") }
        return parts.joined(separator: ";")
    }
}
