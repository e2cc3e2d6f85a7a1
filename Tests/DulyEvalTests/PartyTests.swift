import DulyData
import DulyKit
import DulyModel
import DulyTestSupport
import DulyTime
import Foundation
import Testing

/// Who holds a duty and to whom it is owed: alternative holders, several recipients, the
/// jurisdiction whose limit applies, and organisations acting as another kind. The tree is the
/// shared vocabulary, 教育部 and `Fixtures/parties`: 函告省 (5 working days to reply to a letter),
/// its county 甲县 (which overrides the limit to 3), and 乙县 (no policy of its own).
@Suite("parties of a duty")
struct PartyTests {
    static let fixtures = repositoryRoot + "/Tests/DulyEvalTests/Fixtures/parties"

    /// Evaluates `events` (CSV rows without the header) at `asOf` and returns the report.
    static func judge(_ events: String, asOf: CivilDate, rule: String = "户籍地回复") throws -> EvaluationReport {
        let root = NSTemporaryDirectory() + "duly-parties-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        let policies = root + "/policies"
        try fm.createDirectory(atPath: policies, withIntermediateDirectories: true)
        for name in ["控辍保学.duly", "教育部.duly"] { try fm.copyItem(atPath: repositoryRoot + "/policies/" + name, toPath: policies + "/" + name) }
        try fm.copyItem(atPath: repositoryRoot + "/policies/calendars", toPath: policies + "/calendars")
        for name in ["函告省.duly", "甲县.duly"] { try fm.copyItem(atPath: fixtures + "/" + name, toPath: policies + "/" + name) }
        let check = PolicyCheck.run(paths: [policies])
        #expect(check.errorCount == 0, "\(check.diagnostics.filter(\.isError).map(\.message.en))")
        let program = try #require(check.program)
        let data = root + "/data"
        try fm.createDirectory(atPath: data, withIntermediateDirectories: true)
        for name in ["organisations.csv", "students.csv"] { try fm.copyItem(atPath: fixtures + "/" + name, toPath: data + "/" + name) }
        try ("id,subject,date,time,type,actor,to,ref,收到日期\n" + events).write(toFile: data + "/events.csv", atomically: true, encoding: .utf8)
        try "organisation,from,through\n,2024-09-01,\(asOf)\n".write(toFile: data + "/coverage.csv", atomically: true, encoding: .utf8)
        let calendars = check.calendars
        let set = try CaseDataReader.load(data, program: program)
        return Evaluation.run(program: program, calendars: calendars, data: set,
                              options: EvaluationOptions(asOf: asOf, keepDue: { $0.rule.rawValue.hasSuffix(rule) },
                                                         keepFinding: { $0.rule.rawValue.hasSuffix(rule) }))
    }

    /// A letter about 乙生甲籍 (school in 乙县, registered residence 甲县) received on Monday
    /// 2024-09-23: 甲县's government or bureau must answer 乙县's bureau and the school.
    static let letterToJia = "L1,S-YJ,2024-09-23,09:00,函告,YX-JYJ,JX-JYJ,,2024-09-23\n"
    /// The same for 甲生乙籍 (school in 甲县, registered residence 乙县): 乙县 must answer.
    static let letterToYi = "L2,S-JY,2024-09-23,09:00,函告,JX-JYJ,YX-JYJ,,2024-09-23\n"

    @Test("the government replying instead of its bureau discharges the duty; another county's government does not")
    func governmentReplies() throws {
        let byGovernment = try Self.judge(Self.letterToJia + """
            R1,S-YJ,2024-09-25,10:00,回复,JX-ZF,YX-JYJ,L1,
            R2,S-YJ,2024-09-25,10:00,回复,JX-ZF,YX-SCH,L1,

            """, asOf: CivilDate(2024, 10, 8))
        #expect(byGovernment.findings.isEmpty, "\(byGovernment.findings.map { $0.message(in: .en) })")
        let done = byGovernment.dueActions.filter { $0.subject.rawValue == "S-YJ" }
        #expect(done.count == 2)
        #expect(done.allSatisfy { $0.status == .doneOnTime })
        // The rule names the government first: it shows the duty, the bureau is its alternative.
        #expect(done.allSatisfy { $0.organisation == OrganisationID("JX-ZF") && $0.alternatives.map(\.organisation) == [OrganisationID("JX-JYJ")] })

        let byOther = try Self.judge(Self.letterToJia + """
            R1,S-YJ,2024-09-25,10:00,回复,YX-ZF,YX-JYJ,L1,
            R2,S-YJ,2024-09-25,10:00,回复,YX-ZF,YX-SCH,L1,

            """, asOf: CivilDate(2024, 10, 8))
        let missed = byOther.findings.filter { $0.subject.rawValue == "S-YJ" }
        #expect(missed.count == 2)
        #expect(missed.allSatisfy { $0.kind == .missed && $0.alternatives.map(\.role) == [RoleName("户籍地教育局")] })
        #expect(missed.allSatisfy { $0.message(in: .en).contains("not done by any of 甲县人民政府, 甲县教育局") }, "\(missed.map { $0.message(in: .en) })")
    }

    @Test("each recipient is owed the reply: one to the bureau only leaves the school's missed")
    func severalRecipients() throws {
        let report = try Self.judge(Self.letterToJia + "R1,S-YJ,2024-09-25,10:00,回复,JX-JYJ,YX-JYJ,L1,\n", asOf: CivilDate(2024, 10, 8))
        let due = report.dueActions.filter { $0.subject.rawValue == "S-YJ" }
        #expect(Set(due.map(\.recipient)) == [RoleName("学籍地教育局"), RoleName("学校")])
        #expect(due.first { $0.recipient == RoleName("学籍地教育局") }?.status == .doneOnTime)
        let missed = report.findings.filter { $0.subject.rawValue == "S-YJ" }
        #expect(missed.count == 1)
        #expect(missed.first?.kind == .missed && missed.first?.due == CivilDate(2024, 9, 26))
    }

    /// Persuasion exhausted for 乙生甲籍 on Monday 2024-09-23: 乙县's bureau must write to 甲县's
    /// government or its bureau within 3 working days (by Thursday 2024-09-26).
    static let exhausted = "X1,S-YJ,2024-09-23,16:00,劝返无效,YX-SCH,,,\n"

    @Test("a letter to either the government or the bureau of the registered residence discharges the duty to write to one of them",
          arguments: [("JX-ZF", true), ("JX-JYJ", true), ("", true), ("YX-ZF", false), ("JX-SCH", false)])
    func eitherRecipient(to: String, discharges: Bool) throws {
        let report = try Self.judge(Self.exhausted + "F1,S-YJ,2024-09-25,10:00,函告,YX-JYJ,\(to),,2024-09-25\n",
                                    asOf: CivilDate(2024, 10, 8), rule: "学籍地函告")
        let due = report.dueActions.filter { $0.subject.rawValue == "S-YJ" }
        // One duty, however many recipients may take the letter.
        #expect(due.count == 1)
        #expect(due.first?.recipient == RoleName("户籍地政府") && due.first?.recipientAlternatives == [RoleName("户籍地教育局")])
        #expect(due.first?.status == (discharges ? .doneOnTime : .overdue), "to \(to)")
        #expect(report.findings.count == (discharges ? 0 : 1), "\(report.findings.map { $0.message(in: .en) })")
    }

    @Test("the either-recipient letter is on time on its last working day and late the day after")
    func eitherRecipientBoundary() throws {
        let onTime = try Self.judge(Self.exhausted + "F1,S-YJ,2024-09-26,17:00,函告,YX-JYJ,JX-JYJ,,2024-09-26\n",
                                    asOf: CivilDate(2024, 10, 8), rule: "学籍地函告")
        #expect(onTime.dueActions.first?.due == CivilDate(2024, 9, 26))
        #expect(onTime.dueActions.first?.status == .doneOnTime)
        let late = try Self.judge(Self.exhausted + "F1,S-YJ,2024-09-27,09:00,函告,YX-JYJ,JX-ZF,,2024-09-27\n",
                                  asOf: CivilDate(2024, 10, 8), rule: "学籍地函告")
        #expect(late.dueActions.first?.status == .doneLate)
        #expect(late.findings.map(\.kind) == [.late])
    }

    @Test("lists show every recipient the act may go to")
    func eitherRecipientRendering() throws {
        let report = try Self.judge(Self.exhausted, asOf: CivilDate(2024, 9, 24), rule: "学籍地函告")
        let json = Reports.due(report, report.dueActions, format: .json)
        #expect(json.contains("\"recipient\": \"户籍地政府\"") && json.contains("\"recipientAlternatives\": [\"户籍地教育局\"]"), "\(json)")
        let csv = Reports.due(report, report.dueActions, format: .csv)
        #expect(csv.contains(",户籍地政府 / 户籍地教育局,"), "\(csv)")
    }

    @Test("a prohibition is breached only by the roles it names: another body's act accuses nobody under it, and an act with no actor is reported, not charged")
    func prohibitionBindsItsRoles() throws {
        // 社会培训机构 不得 替代义务教育办学 (MOE-15).
        let report = try Self.judge("""
            P1,S-YJ,2024-09-23,09:00,替代义务教育办学,JX-PX,,,
            P2,S-YJ,2024-09-24,09:00,替代义务教育办学,YX-SCH,,,
            P3,S-YJ,2024-09-25,09:00,替代义务教育办学,,,,

            """, asOf: CivilDate(2024, 10, 8), rule: "禁止替代义务教育办学")
        #expect(report.findings.map(\.evidence) == [[EventID("P1")]], "\(report.findings.map { $0.message(in: .en) })")
        #expect(report.findings.first?.organisation == OrganisationID("JX-PX") && report.findings.first?.role == RoleName("社会培训机构"))
        #expect(report.problems.contains { $0.message(in: .en).contains("P3") && $0.message(in: .en).contains("records no actor") })
        #expect(!report.problems.contains { $0.message(in: .en).contains("P2") })
    }

    @Test("甲县's 3 working days bind 甲县's bureau wherever the student is; 乙县's bureau keeps the province's 5", arguments: [
        // (letter, student, the bureau that replies, its last day, the next working day, the
        // jurisdiction counted under: the holder's, not the student's school's)
        ("L1", "S-YJ", "JX-JYJ", CivilDate(2024, 9, 26), CivilDate(2024, 9, 27), "甲县"),
        ("L2", "S-JY", "YX-JYJ", CivilDate(2024, 9, 29), CivilDate(2024, 9, 30), "函告省"),
    ])
    func holderJurisdiction(letter: String, student: String, holder: String, lastDay: CivilDate, dayAfter: CivilDate, countedUnder: String) throws {
        let letters = Self.letterToJia + Self.letterToYi
        let to = holder == "JX-JYJ" ? "YX" : "JX"
        func replies(on day: CivilDate) -> String {
            "R1,\(student),\(day),10:00,回复,\(holder),\(to)-JYJ,\(letter),\nR2,\(student),\(day),10:00,回复,\(holder),\(to)-SCH,\(letter),\n"
        }
        let onTime = try Self.judge(letters + replies(on: lastDay), asOf: CivilDate(2024, 10, 18))
        let mine = onTime.dueActions.filter { $0.subject.rawValue == student }
        #expect(mine.count == 2 && mine.allSatisfy { $0.due == lastDay && $0.status == .doneOnTime }, "\(mine.map { "\($0.due.map(\.description) ?? "-") \($0.status)" })")
        #expect(mine.allSatisfy { $0.countedUnder?.rawValue == countedUnder })
        #expect(onTime.findings.filter { $0.subject.rawValue == student }.isEmpty)
        let late = try Self.judge(letters + replies(on: dayAfter), asOf: CivilDate(2024, 10, 18))
        let lateFindings = late.findings.filter { $0.subject.rawValue == student }
        #expect(lateFindings.count == 2 && lateFindings.allSatisfy { $0.kind == .late && $0.due == lastDay })
    }

    @Test("check warns when no organisation kind of a jurisdiction holds a national duty, and is quiet once the zone office acts as the bureau")
    func zoneOfficeHoldsBureauDuties() throws {
        let root = NSTemporaryDirectory() + "duly-zone-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.copyItem(atPath: repositoryRoot + "/policies", toPath: root)
        let clean = PolicyCheck.run(paths: [root])
        #expect(!clean.diagnostics.contains { $0.code.id == "D0528" })
        let vocabulary = root + "/控辍保学.duly"
        let text = try String(contentsOfFile: vocabulary, encoding: .utf8)
        #expect(text.contains(" 充当 县教育局"))
        try text.replacingOccurrences(of: " 充当 县教育局", with: "").write(toFile: vocabulary, atomically: true, encoding: .utf8)
        let report = PolicyCheck.run(paths: [root])
        let warnings = report.diagnostics.filter { $0.code.id == "D0528" }
        #expect(warnings.count == 1)
        #expect(warnings.first?.path.hasSuffix("河南省/上天梯管理区.duly") == true)
        #expect(warnings.first?.message.en.contains("is a `县教育局` or acts as one") == true)
        #expect(warnings.first?.message.en.contains("`教育部/开学专项行动`") == true, "\(warnings.map(\.message.en))")
    }

    @Test("the zone education office holds the county bureau's recurring duties in the zone's data")
    func zoneOfficeDuties() throws {
        let policies = repositoryRoot + "/policies"
        let check = PolicyCheck.run(paths: [policies])
        let program = try #require(check.program)
        let calendars = check.calendars
        let set = try CaseDataReader.load(repositoryRoot + "/examples/上天梯管理区", program: program)
        let report = Evaluation.run(program: program, calendars: calendars, data: set,
                                    options: EvaluationOptions(asOf: CivilDate(2024, 10, 8), keepDue: { _ in true }, keepFinding: { _ in true }))
        let bureau = report.dueActions.filter { $0.role == RoleName("县教育局") }
        // The yearly survey is a recurring duty of every county bureau; contacting a student not
        // back and persuading a confirmed dropout are owed by it too. In the zone: the office's.
        #expect(Set(bureau.map(\.rule.rawValue)) == ["教育部/年度精准摸排", "教育部/开学后联系未返校学生", "教育部/开学后立即劝返"])
        #expect(bureau.allSatisfy { $0.organisation == OrganisationID("ST-JYB") })
        #expect(!report.problems.contains { $0.message(in: .en).contains("binds nobody") })
    }

    @Test("a body beside a school is not guessed as over it (a county-direct school has no 乡镇中心校), a county-wide one is whatever the school's links, and another county's body never is")
    func noGuessedTownshipSchool() {
        let vocabulary = shippedPolicy.program.vocabulary
        func directory(_ organisations: [Organisation]) -> OrganisationDirectory {
            OrganisationDirectory(organisations, actingRoles: vocabulary.actingRoles, managedKinds: vocabulary.managedKinds)
        }
        func org(_ id: String, _ kind: RoleName, _ managers: [OrganisationID], county: String? = "甲县") -> Organisation {
            Organisation(id: OrganisationID(id), name: id, kind: kind, managers: managers, jurisdiction: "贵州省", county: county)
        }
        let county = directory([
            org("JYJ", "县教育局", []), org("ZF", "县政府", []), org("XZ", "乡镇政府", ["ZF"]),
            org("ZXX", "乡镇中心校", ["JYJ"]),
            org("A", "学校", ["ZXX", "JYJ"]),  // a township school
            org("B", "学校", ["JYJ"]),         // managed by the county bureau directly
            org("T", "学校", ["XZ"]),          // linked to its township government only
            org("U", "学校", []),              // the data says nothing of its managers
        ])
        #expect(county.nearest("乡镇中心校", from: "A") == "ZXX")
        #expect(county.nearest("乡镇中心校", from: "B") == nil)
        #expect(county.nearest("县教育局", from: "B") == "JYJ")
        // County-wide bodies are the county's whatever a school's links reach.
        #expect(county.nearest("县政府", from: "B") == "ZF")
        #expect(county.nearest("县教育局", from: "T") == "JYJ")
        #expect(county.nearest("县政府", from: "T") == "ZF")
        // Nothing links U anywhere: the county's only one is taken, as before.
        #expect(county.nearest("乡镇中心校", from: "U") == "ZXX")
        #expect(county.nearest("县教育局", from: "U") == "JYJ")
        // A zone: its education office acts as the county bureau for every school of the zone.
        let zone = directory([
            org("GLQ", "管理区", []), org("JYB", "管理区教育办", ["GLQ"]),
            org("S1", "学校", ["JYB", "GLQ"]), org("S2", "学校", ["GLQ"]),
        ])
        #expect(zone.nearest("县教育局", from: "S2") == "JYB")
        // A prefecture: its school in 临夏市 has no 临夏县 bodies; 临夏县's school keeps the
        // prefecture bureau seated in 临夏市, which manages 临夏县's bureau.
        let prefecture = directory([
            org("ZJYJ", "州教育局", [], county: "临夏市"), org("ZX", "学校", ["ZJYJ"], county: "临夏市"),
            org("LJYJ", "县教育局", [], county: "临夏县"), org("LZF", "县政府", [], county: "临夏县"),
            org("LSCH", "学校", ["LJYJ"], county: "临夏县"), org("X", "学校", [], county: nil),
        ])
        #expect(prefecture.nearest("县教育局", from: "ZX") == nil)
        #expect(prefecture.nearest("县政府", from: "ZX") == nil)
        #expect(prefecture.nearest("县政府", from: "X") == "LZF")
        #expect(prefecture.nearest("州教育局", from: "LSCH") == nil)
        let linked = directory([
            org("ZJYJ", "州教育局", [], county: "临夏市"), org("LJYJ", "县教育局", ["ZJYJ"], county: "临夏县"),
            org("ZX", "学校", ["ZJYJ"], county: "临夏市"), org("LSCH", "学校", ["LJYJ"], county: "临夏县"),
            org("BARE", "学校", ["LJYJ2"], county: "临夏县"), org("LJYJ2", "县教育局", [], county: "临夏县"),
        ])
        #expect(linked.nearest("县教育局", from: "ZX") == nil)
        #expect(linked.nearest("州教育局", from: "LSCH") == "ZJYJ")
        #expect(linked.nearest("州教育局", from: "BARE") == "ZJYJ")
    }
}
