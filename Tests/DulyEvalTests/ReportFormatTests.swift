import DulyKit
import DulyModel
import DulySource
import DulyTime
import Foundation
import Testing

@Suite("report formats")
struct ReportFormatTests {
    @Test("due and findings tables fit an 80-column terminal, Chinese counted as two columns", arguments: examples.map(\.name))
    func tablesFit(_ name: String) throws {
        let asOf = examples.first { $0.name == name }!.asOf
        let (_, _, report) = try outputs(data: repositoryRoot + "/examples/" + name, asOf: asOf)
        for text in [Reports.due(report, report.dueActions, format: .text), Reports.findings(report, report.findings, format: .text)] {
            for line in text.split(separator: "\n") { #expect(DisplayWidth.of(line) <= 80, "\(line)") }
        }
    }

    @Test("a table fits the terminal's width it is given, and keeps every cell whole with none", arguments: [50, 100, 140])
    func tablesFollowTheWidth(_ width: Int) throws {
        let (_, _, report) = try outputs(data: repositoryRoot + "/examples/贵州省", asOf: CivilDate(2024, 10, 12))
        let cut = Reports.due(report, report.dueActions, format: .text, width: width)
        for line in cut.split(separator: "\n") where !line.hasPrefix("* ") { #expect(DisplayWidth.of(line) <= width, "\(line)") }
        let whole = Reports.due(report, report.dueActions, format: .text, width: nil)
        #expect(!whole.contains("…"))
        for a in report.dueActions { #expect(whole.contains(a.organisationName ?? a.role.rawValue)) }
        #expect(DisplayWidth.of(whole.split(separator: "\n")[0]) > 80, "the example has cells wider than 80 columns allow")
    }

    @Test("under --lang zh every finding's message is worded in Chinese, and English stays as it was", arguments: examples.map(\.name))
    func chineseMessages(_ name: String) throws {
        let asOf = examples.first { $0.name == name }!.asOf
        let (_, _, report) = try outputs(data: repositoryRoot + "/examples/" + name, asOf: asOf)
        #expect(!report.findings.isEmpty)
        let zh = Reports.findings(report, report.findings, format: .json, language: .zh)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(zh.utf8)) as? [String: Any])
        let messages = try #require(object["findings"] as? [[String: Any]]).compactMap { $0["message"] as? String }
        #expect(messages.count == report.findings.count)
        for m in messages {
            for english in ["due", "done", "without", " not ", " of ", "late", "must", "before", "recorded"] {
                #expect(!m.contains(english), "`\(english)` in \(m)")
            }
        }
        #expect(Reports.findings(report, report.findings, format: .json, language: .en).contains(report.findings[0].message(in: .en)))
    }

    @Test("CSV has a header, CRLF line ends and, when asked, a byte order mark for Excel")
    func csv() throws {
        let (_, _, report) = try outputs(data: repositoryRoot + "/examples/贵州省", asOf: CivilDate(2024, 10, 12))
        let plain = Reports.due(report, report.dueActions, format: .csv)
        let bom = Reports.due(report, report.dueActions, format: .csv, bom: true)
        #expect(plain.hasPrefix("due,due_time,days_left,status,subject"))
        #expect(bom.unicodeScalars.first == "\u{FEFF}")
        #expect(plain.components(separatedBy: "\r\n").count == report.dueActions.count + 2)
    }

    @Test("findings JSON counts per rule and per organisation")
    func summary() throws {
        let (_, findings, _) = try outputs(data: repositoryRoot + "/examples/上天梯管理区", asOf: CivilDate(2024, 10, 9))
        // The counts are the findings listed, counted again here from the list itself.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(findings.utf8)) as? [String: Any])
        let list = try #require(object["findings"] as? [[String: Any]])
        let summary = try #require(object["summary"] as? [String: [String: Int]])
        #expect(list.count >= 5, "the example shows several kinds of finding")
        var byRule: [String: Int] = [:], byKind: [String: Int] = [:]
        for f in list {
            byRule[f["rule"] as! String, default: 0] += 1
            byKind[f["kind"] as! String, default: 0] += 1
        }
        #expect(summary["byRule"] == byRule)
        #expect(summary["byKind"] == byKind)
        #expect(byKind.count >= 3)
        // Sorted by count, most first, then by name.
        #expect(findings.contains("\"byKind\": {\"forbidden\": 3, \"missing-prerequisite\": 3, \"late\": 1, \"missed\": 1}"))
    }

    @Test("a date outside the calendar data is an error naming the year, not a guess")
    func missingYear() throws {
        let (_, _, report) = try outputs(data: repositoryRoot + "/examples/贵州省", asOf: CivilDate(2027, 3, 1))
        #expect(report.hasMissingCalendarData)
        #expect(report.problems.contains { $0.message(in: .en).contains("2027") })
    }
}
