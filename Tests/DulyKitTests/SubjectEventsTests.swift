import DulyData
import DulyEval
import DulyModel
import DulyTime
import Testing

/// A subject's events as the evaluator reads them: columns of symbols in time order, with what a
/// result names read back from the records.
@Suite("events as columns")
struct SubjectEventsTests {
    @Test("a type set meets another only on a shared symbol, in every word; a symbol past 255 meets everything")
    func typeSets() {
        for s: Int32 in [0, 63, 64, 127, 128, 200, 255] {
            #expect(EventTypeSet([s]).meets(EventTypeSet([s, 5])))
            #expect(!EventTypeSet([s]).meets(EventTypeSet([s == 1 ? 2 : 1])))
        }
        #expect(!EventTypeSet([63]).meets(EventTypeSet([64])))
        #expect(!EventTypeSet().meets(EventTypeSet([0, 255])))
        // Negative symbols (an unknown type, a rule's missing one) are never members.
        #expect(!EventTypeSet([EventTypeTable.unknown]).meets(EventTypeSet([EventTypeTable.unknown, EventTypeTable.none])))
        #expect(EventTypeSet([256]).meets(EventTypeSet([3])))
        #expect(EventTypeSet([3]).meets(EventTypeSet([300])))
    }

    @Test("a type table numbers the names in order; a name it lacks has no symbol, and a rule's unknown type matches no event")
    func typeTable() {
        let table = EventTypeTable([EventType("缺课"), EventType("函告"), EventType("回复"), EventType("缺课")])
        #expect(table.names == [EventType("函告"), EventType("回复"), EventType("缺课")])
        #expect(table.symbol(of: EventType("回复")) == 1)
        #expect(table.symbol(of: EventType("返校")) == nil)
        #expect(table.ruleSymbol(of: EventType("返校")) == EventTypeTable.none)
        #expect(EventTypeTable.none != EventTypeTable.unknown)
    }

    @Test("an event's attributes are found by name and by symbol; a name set twice keeps the last value, as a dictionary does")
    func attributes() {
        var a = AttributeList()
        #expect(a.isEmpty && a[AttributeName("有正当理由")] == nil)
        a.set(AttributeName("有正当理由"), .flag(false), symbol: 3)
        a.set(AttributeName("收到日期"), .date(CivilDate(2024, 9, 30)), symbol: 1)
        a.set(AttributeName("备注"), .text("无"), symbol: -1)
        a.set(AttributeName("有正当理由"), .flag(true), symbol: 3)
        #expect(a[AttributeName("有正当理由")] == .flag(true) && a[symbol: 3] == .flag(true))
        #expect(a[AttributeName("收到日期")] == .date(CivilDate(2024, 9, 30)) && a[symbol: 1] == .date(CivilDate(2024, 9, 30)))
        #expect(a[AttributeName("收件方")] == nil && a[symbol: 2] == nil)
        // -1 is every name no rule reads: it finds nothing, though a pair carries it.
        #expect(a[AttributeName("备注")] == .text("无") && a[symbol: -1] == nil)
        a.set(AttributeName("备注"), .text("无"), symbol: -1)
        #expect(a.pairs.count == 3)
        #expect(a.dictionary == [AttributeName("有正当理由"): .flag(true), AttributeName("收到日期"): .date(CivilDate(2024, 9, 30)),
                                 AttributeName("备注"): .text("无")])
    }

    @Test("keeping events through a day keeps that day and drops the next, without touching the columns; reset empties the list")
    func keepThrough() {
        var list = SubjectEvents(details: nil)
        for (k, day) in [CivilDate(2024, 9, 30), CivilDate(2024, 10, 1), CivilDate(2024, 10, 2)].enumerated() {
            list.append(type: Int32(k), date: day, minutes: -1, actor: -1, recipient: -1, reference: -1, attributes: AttributeList(), record: UInt32(k))
        }
        var seen = list
        seen.keep(through: CivilDate(2024, 10, 1))
        #expect(seen.count == 2)
        #expect(seen.dates.count == 3)
        #expect(seen.typeSet(through: CivilDate(2024, 10, 2)) == EventTypeSet([0, 1]))
        #expect(list.typeSet(through: CivilDate(2024, 9, 30)) == EventTypeSet([0]))
        seen.keep(through: CivilDate(2024, 9, 29))
        #expect(seen.isEmpty)
        #expect(list.count == 3)
        list.reset(details: nil)
        #expect(list.isEmpty && list.types.isEmpty)
    }

    @Test("the reader orders a subject's events, points a reply at the letter it answers, and reads IDs and types back")
    func readerColumns() throws {
        // File order is not time order; the reply comes first in the file.
        let events = eventsHeader + """
            R1,S1,2024-10-08,09:00,回复,DZ-JYJ,ZA-JYJ,L1,,
            L1,S1,2024-09-30,,函告,ZA-JYJ,DZ-JYJ,,,2024-09-30
            A1,S1,2024-09-30,08:10,缺课,ZA-SCH-01,,,否,
            A0,S1,2024-09-30,,缺课,ZA-SCH-01,,,否,

            """
        let set = try CaseDataReader.load(tables: ["organisations.csv": Array(validOrganisations.utf8), "students.csv": Array(validStudents.utf8),
                                                   "events.csv": Array(events.utf8)], program: kitProgram)
        let compiled = CompiledPolicies(program: kitProgram, calendars: [:])
        set.group(recurring: [])
        var reader = set.reader()
        reader.configure(types: compiled.eventTypes, answers: compiled.answers, relevant: nil, symbols: compiled.attributeSymbols)
        var issues: [DataIssue] = []
        let list = reader.events(ofSubject: 0, issues: &issues)
        #expect(issues.isEmpty)
        // Date first; a date-only event before a timed one of its day; then by ID.
        #expect((0..<list.count).map { list.id($0).rawValue } == ["A0", "L1", "A1", "R1"])
        #expect((0..<list.count).map { list.typeName($0).rawValue } == ["缺课", "函告", "缺课", "回复"])
        #expect(list.types.map { compiled.eventTypes.names[Int($0)].rawValue } == ["缺课", "函告", "缺课", "回复"])
        #expect(list.references == [-1, -1, -1, 1])
        #expect(list.time(2) == TimeOfDay(hour: 8, minute: 10))
        #expect(list.time(1) == nil)
        let directory = set.directory
        #expect(list.actors.map { $0 < 0 ? "" : directory.bySymbol[Int($0)].id.rawValue } == ["ZA-SCH-01", "ZA-JYJ", "ZA-SCH-01", "DZ-JYJ"])
        #expect(list.recipients.map { $0 < 0 ? "" : directory.bySymbol[Int($0)].id.rawValue } == ["", "DZ-JYJ", "", "ZA-JYJ"])
    }

    /// The attributes the reader gives student `i` of a data set read from these students.
    func studentAttributes(_ students: String, name: String = "students.csv", threshold: Int = CaseDataReader.defaultParallelThreshold) throws -> [[String]] {
        let set = try CaseDataReader.load(tables: ["organisations.csv": Array(validOrganisations.utf8), name: Array(students.utf8),
                                                   "events.csv": Array((eventsHeader + "E1,S1,2024-09-23,,缺课,ZA-SCH-01,,,否,\n").utf8)],
                                          program: kitProgram, parallelThreshold: threshold)
        let reader = set.reader()
        return (0..<set.studentCount).map { i in reader.studentAttributes(i).pairs.map { "\($0.name)=\($0.value)" }.sorted() }
    }

    @Test("an attribute a CSV file has no column for is absent for every student, read whole or in halves, as an empty cell is")
    func attributesWithoutColumn() throws {
        let without = "学号,姓名,学校,学籍县,户籍县\nS1,王小明,ZA-SCH-01,正安县,道真县\nS2,李梅,ZA-SCH-01,正安县,正安县\n"
        let empty = "学号,姓名,学校,学籍县,户籍县,残疾\nS1,王小明,ZA-SCH-01,正安县,道真县,\nS2,李梅,ZA-SCH-01,正安县,正安县,\n"
        let whole = try studentAttributes(without)
        #expect(whole == (try studentAttributes(empty)))
        #expect(whole == (try studentAttributes(without, threshold: 1)))
        #expect(whole[0].contains { $0.hasPrefix("户籍县=") } && !whole[0].contains { $0.hasPrefix("残疾=") })
        // With the column, the value is there.
        let with = try studentAttributes(validStudents)
        #expect(with[0].contains("残疾=flag(false)"))
    }

    @Test("a JSON Lines row keeps the attributes it names, whatever the rows before it named")
    func attributesInJSONLines() throws {
        let rows = """
            {"学号": "S1", "姓名": "王小明", "学校": "ZA-SCH-01"}
            {"学号": "S2", "姓名": "李梅", "学校": "ZA-SCH-01", "残疾": "是"}

            """
        let read = try studentAttributes(rows, name: "students.jsonl")
        #expect(!read[0].contains { $0.hasPrefix("残疾=") })
        #expect(read[1].contains("残疾=flag(true)"))
    }

    @Test("a subject is passed over only when no rule of its plan acts on any type it has on or before the as-of date")
    func canAct() throws {
        let compiled = CompiledPolicies(program: kitProgram, calendars: [:])
        let asOf = CivilDate(2024, 10, 8)
        let evaluator = Evaluator(program: kitProgram, organisations: OrganisationDirectory([]), calendars: [:], asOf: asOf,
                                  windowStart: CivilDate(2024, 9, 1), compiled: compiled)
        let plan = try #require(evaluator.plan(for: JurisdictionName("通江县")))
        func events(_ list: [(String, CivilDate)]) -> SubjectEvents {
            var e = SubjectEvents(details: nil)
            for (k, (type, day)) in list.enumerated() {
                e.append(type: compiled.eventTypes.symbol(of: EventType(type))!, date: day, minutes: -1, actor: -1, recipient: -1,
                         reference: -1, attributes: AttributeList(), record: UInt32(k))
            }
            return e
        }
        // 通江县 counts absences (缺课); a registration of attendance alone is nothing its rules act on.
        #expect(evaluator.canAct(plan, on: events([("缺课", asOf)])))
        #expect(!evaluator.canAct(plan, on: events([("登记到校情况", asOf)])))
        #expect(!evaluator.canAct(plan, on: events([("登记到校情况", asOf), ("缺课", asOf.adding(days: 1))])))
        #expect(!evaluator.canAct(plan, on: events([])))
    }
}
