import DulyData
import DulyKit
import DulyModel
import DulySource
import DulyTime
import Foundation
import Testing

/// A run of two or more English words: what a Chinese reader must never meet in a sentence.
/// Codes, IDs, dates and the command a line points to (`duly catalog`) are not sentences.
func englishRun(in line: String) -> String? {
    let cleaned = line.replacingOccurrences(of: "duly catalog", with: "")
    guard let r = cleaned.range(of: #"[A-Za-z]{2,}[,;:'()]*\s+[A-Za-z]{2,}"#, options: .regularExpression) else { return nil }
    return String(cleaned[r])
}

@Suite("explanations in Chinese")
struct ChineseExplainTests {
    /// Every student and organisation of an example, explained.
    func explanations(_ name: String, _ language: MessageLanguage) throws -> [(String, String)] {
        let asOf = examples.first { $0.name == name }!.asOf
        let (program, calendars) = shippedPolicy
        let set = try CaseDataReader.load(repositoryRoot + "/examples/" + name, program: program)
        let students = try String(contentsOfFile: repositoryRoot + "/examples/" + name + "/students.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        let ids = students + set.organisations.map(\.id.rawValue)
        return ids.map { id in
            let report = Evaluation.run(program: program, calendars: calendars, data: set,
                                        options: EvaluationOptions(asOf: asOf, keepFinding: { _ in true }, traceSubject: id))
            return (id, Reports.explain(report, subject: id, format: .text, language: language)
                + report.problems.map { $0.message(in: language) }.joined(separator: "\n")
                + report.dueActions.compactMap { $0.note?.text(in: language) }.joined(separator: "\n"))
        }
    }

    @Test("every explanation of every subject of the examples is free of English sentences under --lang zh", arguments: examples.map(\.name))
    func examplesSpeakChinese(_ name: String) throws {
        let all = try explanations(name, .zh)
        #expect(all.count > 5)
        for (id, text) in all {
            for line in text.split(separator: "\n") {
                if let run = englishRun(in: String(line)) { Issue.record("\(name) \(id): `\(run)` in \(line)") }
            }
        }
    }

    @Test("an explanation is pinned in both languages: a triggered duty counted day by day, and recurring periods",
          arguments: [("贵州省", "GZ-S03"), ("贵州省", "DZ-SCH-02"), ("通江县", "TJ-S01")])
    func pinned(_ name: String, _ subject: String) throws {
        let asOf = examples.first { $0.name == name }!.asOf
        let (program, calendars) = shippedPolicy
        let set = try CaseDataReader.load(repositoryRoot + "/examples/" + name, program: program)
        let report = Evaluation.run(program: program, calendars: calendars, data: set,
                                    options: EvaluationOptions(asOf: asOf, keepFinding: { _ in true }, traceSubject: subject))
        #expect(report.subjectFound)
        for language in MessageLanguage.allCases {
            let text = Reports.explain(report, subject: subject, format: .text, language: language)
            if let problem = checkGolden("explain/\(subject).\(language.rawValue).txt", text) { Issue.record(Comment(rawValue: problem)) }
        }
    }

    @Test("every kind of explanation step, due note and problem is worded in Chinese without English sentences")
    func everyCaseInChinese() {
        for (index, event) in TraceSamples.events {
            let step = TraceStep(date: CivilDate(2024, 10, 9), rule: RuleID("贵州省/户籍地回复"), event: event)
            let zh = step.text(in: .zh), en = step.text(in: .en)
            #expect(englishRun(in: zh) == nil, "step \(index): \(zh)")
            #expect(zh != en, "step \(index) is not translated: \(zh)")
        }
        #expect(Set(TraceSamples.events.map { TraceSamples.index($0.1) }) == Set(0..<TraceSamples.eventKinds),
                "a kind of trace step has no sample here")
        for note in TraceSamples.notes {
            #expect(englishRun(in: note.text(in: .zh)) == nil, "\(note.text(in: .zh))")
            #expect(note.text(in: .zh) != note.text(in: .en))
        }
        for problem in TraceSamples.problems {
            #expect(englishRun(in: problem.message(in: .zh)) == nil, "\(problem.message(in: .zh))")
        }
    }
}

/// One of each kind of trace step, due note and evaluation problem.
enum TraceSamples {
    static let e = EventMention(type: EventType("函告"), id: EventID("E0172"), date: CivilDate(2024, 9, 26), time: TimeOfDay(hour: 10, minute: 30)!)
    static let due = DueMoment(date: CivilDate(2024, 10, 10), time: TimeOfDay(hour: 12, minute: 0)!, exclusive: true)
    static let holder = Holder(role: RoleName("户籍地教育局"), organisation: OrganisationID("DZ-JYJ"), organisationName: "道真县教育局")

    /// The number of `TraceEvent` cases; `index` gives each its own number, and its switch
    /// stops compiling when a case is added.
    static let eventKinds = 23
    static func index(_ event: TraceEvent) -> Int {
        switch event {
        case .judgedBy: 0
        case .dataCovers: 1
        case .ownSchoolCalendar: 2
        case .conditionNotMet: 3
        case .conditionUndecided: 4
        case .fires: 5
        case .uncheckable: 6
        case .afterTerm: 7
        case .sequelNotTriggered: 8
        case .countedUnder: 9
        case .deadline: 10
        case .termDeadline: 11
        case .obligation: 12
        case .notCountingDay: 13
        case .consecutiveCount: 14
        case .noActor: 15
        case .notBound: 16
        case .forbidden: 17
        case .prerequisiteMet: 18
        case .finding: 19
        case .period: 20
        case .periodActLate: 21
        case .periodMissed: 22
        }
    }

    static var events: [(Int, TraceEvent)] {
        let calendar = shippedPolicy.calendars["贵州"]!
        let deadline = try! calendar.deadline(from: CivilDate(2024, 9, 27), adding: Duration(5, .workingDay))
        let list: [TraceEvent] = [
            .judgedBy(name: "张亮", id: SubjectID("GZ-S03"), jurisdiction: JurisdictionName("贵州省"), calendar: "贵州", events: 13, asOf: CivilDate(2024, 10, 12)),
            .dataCovers(from: CivilDate(2024, 9, 23), through: CivilDate(2024, 10, 9), asOf: CivilDate(2024, 10, 12)),
            .ownSchoolCalendar(calendar: "贵州", suppliedTerms: 2),
            .conditionNotMet(e),
            .conditionUndecided(e, subject: SubjectID("GZ-S03"), missing: [AttributeName("出生日期")]),
            .fires(e, step: 3),
            .uncheckable(reason: LocalizedText(en: "class sizes are not in the case data", zh: "案例数据中没有班级规模")),
            .afterTerm(role: RoleName("学校"), action: EventType("劝返"), term: "2024-2025学年第一学期", trigger: e, termEnded: CivilDate(2025, 1, 17)),
            .sequelNotTriggered(.otherwise, role: RoleName("县教育局"), action: EventType("联合劝返")),
            .countedUnder(JurisdictionName("通江县"), holder: "通江县教育科技和体育局"),
            .deadline(deadline, assumedSchoolCalendar: true),
            .termDeadline(term: "2024-2025学年第一学期", first: CivilDate(2024, 9, 1), last: CivilDate(2025, 1, 17)),
            .obligation(holders: [holder, Holder(role: RoleName("户籍地政府"), organisation: nil, organisationName: nil)], actions: [EventType("回复")],
                        recipients: [RoleName("学校")], due: due, status: .overdue, done: nil, asOf: CivilDate(2024, 10, 12), note: nil),
            .notCountingDay(e, teachingDays: true),
            .consecutiveCount(e, count: 3),
            .noActor(e, holders: [RoleName("学校")]),
            .notBound(e, by: "道真县教育局", holders: [RoleName("学校")]),
            .forbidden(role: RoleName("学校"), action: EventType("乱收费"), e),
            .prerequisiteMet(e, .eventBy(EventType("劝返"), atLeast: 2, role: RoleName("学校"))),
            .finding(.outOfOrder(type: EventType("回复"), event: EventID("E0173"), on: CivilDate(2024, 10, 11), before: EventType("函告"))),
            .period(PeriodJudgement(holder: holder, actions: [EventType("掌握到校情况")], target: "道真县玉溪小学", needed: 2, period: "2024-10-11",
                                    due: due, counted: [EventID("E0148")], status: .undetermined,
                                    notJudged: DataCoverage(from: CivilDate(2024, 9, 23), through: CivilDate(2024, 10, 12)), assumedSchoolCalendar: true)),
            .periodActLate(LatePeriodAct(act: e, period: "2024-09", ordinal: 1, needed: 1, due: due,
                                         next: .cutoff(due, period: "2024-10"), spareFrom: "2024-10", otherActs: 2, daysLate: 0)),
            .periodMissed(next: .asOf(CivilDate(2024, 10, 12)), asOf: CivilDate(2024, 10, 12), final: false),
        ]
        return list.map { (index($0), $0) }
    }

    static let notes: [DueNote] = [
        .undefinedTerm(.promptly, jurisdiction: JurisdictionName("贵州省")),
        .noCountingStart(type: EventType("收到"), trigger: e),
        .noCountingDate(trigger: e, attribute: AttributeName("收到日期")),
        .calendar(.missingHolidayData(year: 2027, date: CivilDate(2027, 1, 4))),
        .calendar(.missingSchoolCalendar(calendar: "贵州", schoolYear: 2027, date: CivilDate(2027, 9, 1))),
        .noTimeOfDay(e, jurisdiction: JurisdictionName("贵州省")),
        .noDataAfter(CivilDate(2024, 10, 9), due: CivilDate(2024, 10, 10)),
    ]

    static let problems: [EvaluationProblem] = [
        EvaluationProblem(.calendar(.missingHolidayData(year: 2026, date: CivilDate(2025, 12, 30)))),
        EvaluationProblem(.calendar(.beyondRepresentableDates(what: "9999-10000学年"))),
        EvaluationProblem(.noCalendar(JurisdictionName("贵州省"))),
        EvaluationProblem(.conditionUndecided(rule: RuleID("贵州省/x"), e, subject: SubjectID("GZ-S03"), missing: [AttributeName("出生日期")])),
        EvaluationProblem(.noTimeOfDay(rule: RuleID("贵州省/日调度"), e, organisation: OrganisationID("DZ-JYJ"), jurisdiction: JurisdictionName("贵州省"),
                                       cutoff: TimeOfDay(hour: 12, minute: 0)!)),
        EvaluationProblem(.noActor(rule: RuleID("上天梯管理区/禁止乱收费"), e, holders: [RoleName("学校")])),
        EvaluationProblem(.unboundRecurringDuty(rule: RuleID("教育部/开学专项行动"), jurisdiction: JurisdictionName("贵州省"), kind: RoleName("县教育局"),
                                                role: RoleName("县教育局"), action: EventType("专项行动"))),
    ]
}
