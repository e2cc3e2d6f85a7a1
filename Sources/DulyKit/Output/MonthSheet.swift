import DulySource
import DulyTime

extension WorkCalendar {
    /// Marks used by `monthSheet`, with what they mean; one wide character each so the grid
    /// aligns in a terminal.
    public static let monthSheetLegend: [(mark: String, meaning: String)] = [
        ("休", "statutory holiday (放假)"),
        ("班", "make-up working day (调休上班)"),
        ("课", "teaching day (working day in term)"),
        ("？", "no holiday data"),
    ]

    /// A month as a Monday-first grid with holidays, make-up working days and teaching days
    /// marked, then the named days and terms, then a legend.
    ///
    /// Dates without holiday data are marked rather than refused, so a person can see where the
    /// data ends; computations on them still fail.
    public func monthSheet(year: Int, month: Int, language: MessageLanguage = .en) -> String {
        let zh = language == .zh
        let first = CivilDate(year, month, 1)
        let last = first.lastOfMonth
        // The layers: `national + 贵州 school calendar`, or in Chinese `全国 + 贵州 校历`.
        let stack = zh ? (holidayLayers.map { $0.name == CalendarLibrary.nationalFolder ? "全国" : $0.name } + (schoolCalendar.map { ["\($0.name) 校历"] } ?? []))
            .joined(separator: " + ") : stackDescription
        var lines: [String] = ["\(year)-\(CivilDate.pad(month, 2))  \(zh ? "日历" : "calendar") `\(name)`: \(stack)"]
        let cell = 4
        lines.append(Weekday.allCases.map { DisplayWidth.pad("周" + $0.chineseName, to: cell, right: true) }
            .joined(separator: "  "))

        var row: [String] = Array(repeating: String(repeating: " ", count: cell), count: first.weekday.rawValue - 1)
        var named: [(first: CivilDate, last: CivilDate, mark: String, name: String)] = []
        var d = first
        while d <= last {
            var mark = "  "
            if let info = try? day(d) {
                switch info.kind {
                case .statutoryHoliday: mark = "休"
                case .makeUpWorkingDay: mark = "班"
                default: if info.isTeachingDay == true { mark = "课" }
                }
                if let name = info.holidayName, mark == "休" || mark == "班" {
                    if let previous = named.last, previous.name == name, previous.mark == mark,
                       previous.last.adding(days: 1) == d {
                        named[named.count - 1].last = d
                    } else {
                        named.append((d, d, mark, name))
                    }
                }
            } else {
                mark = "？"
            }
            row.append(DisplayWidth.pad(String(d.day), to: 2, right: true) + mark)
            if row.count == 7 {
                lines.append(row.joined(separator: "  ").trimmingTrailingSpaces())
                row = []
            }
            d = d.adding(days: 1)
        }
        if !row.isEmpty { lines.append(row.joined(separator: "  ").trimmingTrailingSpaces()) }

        if !named.isEmpty {
            lines.append("")
            for entry in named {
                let span = entry.first == entry.last ? entry.first.monthDay : "\(entry.first.monthDay)..\(entry.last.monthDay)"
                lines.append(DisplayWidth.pad(span, to: 13) + entry.mark + " " + entry.name)
            }
        }
        if let schoolCalendar {
            let overlapping = schoolCalendar.entries.filter { $0.last >= first && $0.first <= last }
            if !overlapping.isEmpty { lines.append("") }
            for entry in overlapping {
                if zh {
                    lines.append("\(entry.kind == .term ? "学期" : "假期") \(entry.first)..\(entry.last) \(entry.name)"
                                 + (entry.isAssumption ? "(推定的日期:没有公布的校历)" : ""))
                } else {
                    lines.append("\(entry.kind == .term ? "term" : "vacation") \(entry.first)..\(entry.last) \(entry.name)"
                                 + (entry.isAssumption ? " (assumed dates: no published 校历 on file)" : ""))
                }
            }
        }
        lines.append("")
        if zh {
            lines.append("图例:休 法定节假日(放假)  班 调休上班  课 教学日(学期中的工作日)  ？ 没有节假日数据  (空白:普通工作日或周末休息日)")
        } else {
            lines.append("legend: " + WorkCalendar.monthSheetLegend.map { "\($0.mark) \($0.meaning)" }.joined(separator: "  ")
                         + "  (blank: ordinary working day or weekend rest day)")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
