import DulyModel
import DulySource
import DulySheets
import DulyTime
import Foundation

/// `--format xlsx`: the columns of the CSV output as typed cells (dates as date cells, day counts
/// as numbers), one sheet with its header frozen; findings add a sheet of counts.
extension Reports {
    /// The `due` list as an `.xlsx` workbook.
    public static func dueWorkbook(_ report: EvaluationReport, _ actions: some Collection<DueAction>, language: MessageLanguage = .en) throws(ReportWorkbookError) -> Data {
        let header = ReportWords.headers(["due", "due_time", "days_left", "status", "subject", "subject_name", "action", "role", "organisation",
                                          "organisation_name", "recipient", "rule", "citation", "trigger", "start", "period", "note", "basis"],
                                         language, csv: true)
        let rows: [[OutputCell]] = actions.map { a in
            [date(a.due), text(a.dueTime.map { $0 == .endOfDay ? "" : $0.description } ?? ""), a.daysLeft.map { .number(Double($0)) } ?? .empty,
             text(ReportWords.status(a.status, language)), text(a.subject.rawValue), text(a.subjectName), text(([a.action] + a.actionAlternatives).map(\.rawValue).joined(separator: " / ")),
             text(a.role.rawValue), text(a.organisation?.rawValue ?? ""), text(a.organisationName ?? ""), text(a.recipient.map { recipients($0, a) } ?? ""),
             text(a.rule.rawValue), text(a.citation), text(a.trigger?.rawValue ?? ""), date(a.start), text(a.period ?? ""), text(a.note.map { TraceWords.note($0, language) } ?? ""),
             text(a.basis.rawValue)]
        }
        return try workbook([OutputSheet(name: language == .zh ? "待办" : "due", header: header, rows: rows)])
    }

    /// The findings as an `.xlsx` workbook: the findings, then their counts by rule and by organisation.
    public static func findingsWorkbook(_ report: EvaluationReport, _ list: [Finding], language: MessageLanguage = .en) throws(ReportWorkbookError) -> Data {
        let header = ReportWords.headers(["date", "kind", "severity", "subject", "subject_name", "action", "role", "organisation", "organisation_name",
                                          "rule", "citation", "due", "period", "evidence", "message", "basis"], language, csv: true)
        let rows: [[OutputCell]] = list.map { f in
            [date(f.date), text(ReportWords.kind(f.kind, language)), text(ReportWords.severity(f.severity, language)), text(f.subject.rawValue), text(f.subjectName), text(f.action.rawValue),
             text(f.role.rawValue), text(f.organisation?.rawValue ?? ""), text(f.organisationName ?? ""), text(f.rule.rawValue), text(f.citation),
             date(f.due), text(f.period ?? ""), text(f.evidence.map(\.rawValue).joined(separator: " ")), text(ReportWords.message(f, language)), text(f.basis.rawValue)]
        }
        var counts: [String: Int] = [:]
        for f in list { counts["rule\t" + f.rule.rawValue, default: 0] += 1 }
        for f in list { counts["organisation\t" + (f.organisationName.map { "\($0) (\(f.organisation!.rawValue))" } ?? "(\(f.role))"), default: 0] += 1 }
        let countRows: [[OutputCell]] = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { entry in
            let parts = entry.key.split(separator: "\t", maxSplits: 1).map(String.init)
            let by = language == .zh ? (parts[0] == "rule" ? "规则" : "组织") : parts[0]
            return [text(by), text(parts[1]), .number(Double(entry.value))]
        }
        return try workbook([
            OutputSheet(name: language == .zh ? "问题" : "findings", header: header, rows: rows),
            OutputSheet(name: language == .zh ? "统计" : "counts", header: language == .zh ? ["类别", "名称", "问题数"] : ["by", "name", "findings"],
                        rows: countRows),
        ])
    }

    static func text(_ s: String) -> OutputCell { s.isEmpty ? .empty : .text(s) }
    static func date(_ d: CivilDate?) -> OutputCell { d.map { .date($0) } ?? .empty }

    static func workbook(_ sheets: [OutputSheet]) throws(ReportWorkbookError) -> Data {
        do { return try WorkbookWriter.data(sheets) } catch { throw ReportWorkbookError(reason: error.reason) }
    }
}

/// The workbook could not be assembled (the tool failed, not the data).
public struct ReportWorkbookError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
