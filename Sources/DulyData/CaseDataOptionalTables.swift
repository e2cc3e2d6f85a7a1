import DulyCSV
import DulyModel
import DulyTime

/// What the small optional tables of a data set (`coverage.csv`, `school_calendar.csv`) check the
/// same way: columns they do not know, and a date range in two columns.
enum OptionalTableRow {
    /// The header's unknown columns, reported once (on the first data row).
    static func unknownColumns(_ rest: [(index: Int, name: String)], file: String, line: Int) -> [DataIssue] {
        guard line == 2 else { return [] }
        return rest.map { DataIssue(file: file, row: 1, column: $0.name, code: .unknownColumn, en: "unknown column `\($0.name)` is ignored", zh: "未知的列 `\($0.name)`,不予读取", skipsRow: false) }
    }

    /// The dates in columns `first` and `last` (slot indices), in order; nil with an issue for a
    /// cell that is not a date or a range that ends before it starts.
    static func dateRange(_ record: CSVRecord, _ header: TableReader.Header, _ slots: [Int], first: Int, last: Int,
                          names: (first: String, last: String), file: String, line: Int, issues: inout [DataIssue]) -> (CivilDate, CivilDate)? {
        var dates: [CivilDate] = []
        for slot in [first, last] {
            guard let d = CellValue.date(record.cell(slots[slot])) else {
                issues.append(DataIssue(file: file, row: line, column: header.names[slots[slot]], code: .badDate,
                                        en: "invalid date `\(record.string(slots[slot]))`", zh: "日期 `\(record.string(slots[slot]))` 无效"))
                return nil
            }
            dates.append(d)
        }
        guard dates[0] <= dates[1] else {
            issues.append(DataIssue(file: file, row: line, column: header.names[slots[last]], code: .reversedDates,
                                    en: "`\(names.last)` \(dates[1]) is before `\(names.first)` \(dates[0])", zh: "`\(names.last)` \(dates[1]) 早于 `\(names.first)` \(dates[0])"))
            return nil
        }
        return (dates[0], dates[1])
    }
}
