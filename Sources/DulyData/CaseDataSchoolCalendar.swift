import DulyModel
import DulyTime
import Foundation

/// The optional `school_calendar.csv` (`校历.csv`) of a data set: an organisation's own terms (its
/// 校历), which override the policy calendar's terms for the school years they list, for that
/// organisation and every organisation it manages.
public struct SchoolCalendarTable: Sendable {
    /// Per organisation, its terms in date order.
    var rows: [OrganisationID: [SchoolEntry]] = [:]
    var issues: [DataIssue] = []

    static let columns: [(slot: String, names: [String])] = [
        ("organisation", ["organisation", "organization", "组织", "机构", "单位"]),
        ("term", ["term", "学期"]),
        ("first", ["first", "开学日期", "首日"]),
        ("last", ["last", "结束日期", "末日"]),
        ("source", ["source", "来源", "依据"]),
    ]

    /// Reads the table; organisations must be among `known`.
    static func read(_ source: TableSource, known: Set<OrganisationID>) -> SchoolCalendarTable {
        var table = SchoolCalendarTable()
        let file = source.file
        table.issues += TableReader.read(source) { header, record, line in
            let m = Columns.map(header.names, columns)
            let slots = m.slots
            table.issues += OptionalTableRow.unknownColumns(m.rest, file: file, line: line)
            if let bad = CaseDataReader.checkRequired(record, header, slots, ["organisation", "term", "first", "last"], columns, file, line) {
                table.issues.append(bad)
                return
            }
            let organisation = OrganisationID(record.string(slots[0]))
            guard known.contains(organisation) else {
                table.issues.append(DataIssue(file: file, row: line, column: header.names[slots[0]], code: .unknownOrganisation, en: "no organisation `\(organisation)`", zh: "没有编号为 `\(organisation)` 的组织"))
                return
            }
            guard let (first, last) = OptionalTableRow.dateRange(record, header, slots, first: 2, last: 3, names: ("first", "last"),
                                                                 file: file, line: line, issues: &table.issues) else { return }
            guard SchoolEntry.schoolYear(of: first) == SchoolEntry.schoolYear(of: last) else {
                table.issues.append(DataIssue(file: file, row: line, column: header.names[slots[3]], code: .reversedDates,
                                              en: "the term \(first)…\(last) crosses 1 September: a term lies within one school year",
                                              zh: "学期 \(first)…\(last) 跨过了 9 月 1 日:一个学期应在同一学年之内"))
                return
            }
            let source = slots[4] >= 0 && !record.isEmpty(slots[4]) ? record.string(slots[4]) : "\(file) row \(line)"
            let entry = SchoolEntry(kind: .term, first: first, last: last, name: record.string(slots[1]), source: source)
            if let clash = table.rows[organisation]?.first(where: { $0.first <= last && first <= $0.last }) {
                table.issues.append(DataIssue(file: file, row: line, column: header.names[slots[2]], code: .duplicateID,
                                              en: "`\(entry.name)` overlaps `\(clash.name)` of the same organisation", zh: "`\(entry.name)` 与同一组织的 `\(clash.name)` 时间重叠"))
                return
            }
            table.rows[organisation, default: []].append(entry)
        }
        return table
    }

    /// Per organisation that a row reaches, its school calendar: `base` (its jurisdiction's)
    /// overridden by the rows of the organisations at or above it, farthest first, so the
    /// nearest (a school's own 校历) wins for the school years it lists.
    public func calendars(directory: OrganisationDirectory, base: (Organisation) -> WorkCalendar?) -> [OrganisationID: WorkCalendar] {
        guard !rows.isEmpty else { return [:] }
        var result: [OrganisationID: WorkCalendar] = [:]
        // Organisations under the same rows share one calendar: its tables are built once.
        var built: [String: WorkCalendar] = [:]
        for (id, organisation) in directory.all {
            var queue = [id], seen: Set<OrganisationID> = [id], i = 0
            var found: [OrganisationID] = []
            while i < queue.count {
                let o = queue[i]
                i += 1
                if rows[o] != nil { found.append(o) }
                for m in (directory[o]?.managers ?? []).sorted() where seen.insert(m).inserted { queue.append(m) }
            }
            guard !found.isEmpty, let calendar = base(organisation) else { continue }
            let key = ([calendar.name] + found.map(\.rawValue)).joined(separator: "\u{1}")
            if let shared = built[key] { result[id] = shared; continue }
            var school = calendar.schoolCalendar
            for o in found.reversed() {
                let own = SchoolCalendar(name: "\(o) 校历", entries: rows[o]!)
                school = school.map { $0.overridden(by: own) } ?? own
            }
            let own = WorkCalendar(name: calendar.name, holidayLayers: calendar.holidayLayers, schoolCalendar: school)
            built[key] = own
            result[id] = own
        }
        return result
    }
}
