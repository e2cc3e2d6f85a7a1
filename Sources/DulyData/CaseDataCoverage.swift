import DulyModel
import DulyTime
import Foundation

/// The optional `coverage.csv` (`覆盖范围.csv`) of a data set: which days the data speaks for,
/// for the whole set (an empty `organisation`) or for one organisation and everything it manages.
public struct CoverageTable: Sendable {
    /// The whole data set's row, if there is one.
    public internal(set) var whole: DataCoverage?
    var rows: [OrganisationID: DataCoverage] = [:]
    var issues: [DataIssue] = []

    static let columns: [(slot: String, names: [String])] = [
        ("organisation", ["organisation", "organization", "组织", "机构", "单位"]),
        ("from", ["from", "起", "开始日期", "起始日期"]),
        ("through", ["through", "止", "结束日期", "截止日期"]),
    ]

    /// Reads the table; organisations must be among `known`.
    static func read(_ source: TableSource, known: Set<OrganisationID>) -> CoverageTable {
        var table = CoverageTable()
        let file = source.file
        var lines: [OrganisationID?: Int] = [:]
        table.issues += TableReader.read(source) { header, record, line in
            let m = Columns.map(header.names, columns)
            let slots = m.slots
            table.issues += OptionalTableRow.unknownColumns(m.rest, file: file, line: line)
            if let bad = CaseDataReader.checkRequired(record, header, slots, ["from", "through"], columns, file, line) { table.issues.append(bad); return }
            guard let (from, through) = OptionalTableRow.dateRange(record, header, slots, first: 1, last: 2, names: ("from", "through"),
                                                                   file: file, line: line, issues: &table.issues) else { return }
            let text = slots[0] >= 0 ? record.string(slots[0]) : ""
            let organisation = text.isEmpty ? nil : OrganisationID(text)
            if let organisation, !known.contains(organisation) {
                table.issues.append(DataIssue(file: file, row: line, column: header.names[slots[0]], code: .unknownOrganisation, en: "no organisation `\(organisation)`", zh: "没有编号为 `\(organisation)` 的组织"))
                return
            }
            if let first = lines[organisation] {
                table.issues.append(DataIssue(file: file, row: line, column: slots[0] >= 0 ? header.names[slots[0]] : nil, code: .duplicateID,
                                              en: "\(organisation.map { "organisation `\($0)`" } ?? "the whole data set") already has a row (row \(first))",
                                              zh: "\(organisation.map { "组织 `\($0)` " } ?? "整个数据集")已有一行(第 \(first) 行)"))
                return
            }
            lines[organisation] = line
            let coverage = DataCoverage(from: from, through: through)
            if let organisation { table.rows[organisation] = coverage } else { table.whole = coverage }
        }
        return table
    }
}
