import DulyData
import DulyModel
import DulyTestSupport
import DulyTime
import Foundation
import Testing
@testable import DulyKit

/// `DueList` keeps due actions as compact records: what goes in must come out, in the order
/// `DueAction.byDeadline` gives, and a long list is written in blocks without changing a byte.
@Suite("the compact due list")
struct DueListTests {
    /// Due actions that differ in every field the order reads, with ties, nil and empty values,
    /// two spellings of é (composed and decomposed: equal as strings, different as names) and
    /// the fields most due actions leave empty.
    static func actions(_ n: Int, seed: UInt64) -> [DueAction] {
        var g = SplitMix64(seed: seed)
        let names = ["S1", "S2", "S10", "学生甲", "caf\u{E9}", "cafe\u{301}", ""]
        let rules = ["通江县/一三五七", "贵州省/三", "a/b"]
        let statuses = ObligationStatus.allCases
        return (0..<n).map { i in
            func pick<T>(_ list: [T]) -> T { list[Int(g.next() % UInt64(list.count))] }
            let hasDue = g.next() % 8 != 0
            var a = DueAction(subject: SubjectID(pick(names)), subjectName: pick(["", "张三", "李四"]), action: EventType(pick(["劝返", "回复", "报告"])),
                              role: RoleName(pick(["班主任", "学校"])), organisation: pick([nil, "ORG-1", "ORG-2", "caf\u{E9}", "cafe\u{301}"]).map(OrganisationID.init),
                              organisationName: pick([nil, "一中", "二中"]), recipient: pick([nil, "县教育局"]).map(RoleName.init),
                              recipientAlternatives: g.next() % 5 == 0 ? ["乡镇人民政府"] : [], rule: RuleID(pick(rules)), citation: pick(["", "第三条", "第七条"]),
                              trigger: pick([nil, "", "E1", "E2", "caf\u{E9}", "cafe\u{301}"]).map(EventID.init),
                              start: pick([nil, CivilDate(2024, 2, 29)]), period: pick([nil, "", "2024-09", "2024-09H2"]),
                              due: hasDue ? CivilDate(2024, 9, 1 + Int(g.next() % 3)) : nil,
                              dueTime: pick([nil, TimeOfDay.endOfDay, TimeOfDay.startOfDay, TimeOfDay(hour: 12, minute: 0)!]),
                              daysLeft: pick([nil, 0, -3, 7, Int(Int32.min), Int.max]), status: pick(statuses),
                              doneBy: g.next() % 4 == 0 ? [EventID("E\(i)")] : [], doneOn: pick([nil, CivilDate(2024, 9, 2)]),
                              note: g.next() % 6 == 0 ? .noCountingStart(type: "函告", trigger: EventMention(type: "缺课", id: EventID("E\(i)"), date: CivilDate(2024, 9, 1))) : nil,
                              dutyIndex: pick([0, 1, 2, 40_000]), step: pick([nil, 0, 3, 5, -1, 70_000]),
                              alternatives: g.next() % 5 == 0 ? [Holder(role: "学校", organisation: "ORG-1", organisationName: "一中")] : [],
                              countedUnder: pick([nil, "通江县"]).map(JurisdictionName.init))
            a.actionAlternatives = g.next() % 5 == 0 ? ["缓学"] : []
            a.basis = pick(CalendarBasis.allCases)
            return a
        }
    }

    @Test("every field of a due action comes back as it went in, nil, empty and out-of-range values too")
    func roundTrip() {
        let actions = Self.actions(2_000, seed: 1)
        let list = DueList(actions)
        #expect(list.count == actions.count)
        #expect(Array(list) == actions)
        // Composed and decomposed é stay two strings: their bytes are kept.
        let subjects = Set(list.map { Array($0.subject.rawValue.utf8) })
        #expect(subjects.contains(Array("caf\u{E9}".utf8)) && subjects.contains(Array("cafe\u{301}".utf8)))
    }

    /// Short lists compare strings, long ones (1,024 or more) ranks: 90, 510 and 2,970 merged.
    @Test("lists from several threads are merged in DueAction.byDeadline order, ties in the order appended", arguments: [3, 17, 99])
    func mergedOrder(seed: UInt64) {
        let first = Self.actions(Int(seed) * 15, seed: seed), second = Self.actions(Int(seed) * 15, seed: seed + 1000)
        var a = DueList.Builder(), b = DueList.Builder()
        for x in first { a.append(x) }
        for x in second { b.append(x) }
        // One list alone (the other thread found nothing) is sorted in place.
        #expect(Array(DueList.Builder.sorted([DueList.Builder(), a])) == first.sorted(by: DueAction.byDeadline))
        let merged = DueList.Builder.sorted([a, b])
        let expected = (first + second).sorted(by: DueAction.byDeadline)
        #expect(Array(merged) == expected)
    }

    @Test("a list of 40,000 is written in blocks, on two threads, as one JSON document and one CSV table in order")
    func blocks() throws {
        let folder = try writeDataFolder(students: "学号,姓名,学校,学籍县,户籍县,残疾\nS1,学生,ZA-SCH-01,正安县,正安县,否\n", events: eventsHeader)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = Evaluation.run(program: kitProgram, calendars: [:], data: try CaseDataReader.load(folder, program: kitProgram),
                                    options: EvaluationOptions(asOf: CivilDate(2024, 10, 1)))
        let actions = Self.actions(40_000, seed: 7).sorted(by: DueAction.byDeadline)
        let list = DueList(actions)
        var pieces = 0
        var json = ""
        Reports.due(report, list, format: .json) { json += String(decoding: $0, as: UTF8.self); pieces += 1 }
        #expect(pieces > 4)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let items = try #require(object["dueActions"] as? [[String: Any]])
        #expect(items.count == actions.count)
        #expect(items.map { $0["subject"] as? String } == actions.map { $0.subject.rawValue })
        #expect(items.map { $0["status"] as? String } == actions.map { $0.status.rawValue })
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary.values.reduce(0, +) == actions.count)
        #expect(summary["overdue"] == actions.filter { $0.status == .overdue }.count)
        // The same list as an array of values renders the same bytes, and so does a slice of it
        // (whose positions do not start at 0) as the array of its values.
        #expect(Reports.due(report, actions, format: .json) == json)
        #expect(Reports.due(report, actions[100...], format: .json) == Reports.due(report, Array(actions[100...]), format: .json))
        let csv = Reports.due(report, list, format: .csv, bom: true)
        #expect(csv.hasPrefix("\u{FEFF}due,due_time,"))
        #expect(csv.components(separatedBy: "\r\n").count == actions.count + 2)
        #expect(csv == Reports.due(report, actions, format: .csv, bom: true))
    }
}
