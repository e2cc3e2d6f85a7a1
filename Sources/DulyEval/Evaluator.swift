import DulyModel
import DulyTime

/// What one evaluation produces for a subject or an organisation.
public struct Outcome: Sendable {
    /// Every obligation instance: triggered ones whatever their status, recurring ones for the
    /// period containing the as-of date.
    public var dueActions: [DueAction] = []
    public var findings: [Finding] = []
    /// Filled only when tracing.
    public var trace: [TraceStep] = []
    public var problems: Set<EvaluationProblem> = []
    /// Periods and deadlines that fell outside the data's coverage: not judged, for want of data.
    public var notJudged = 0
    public init() {}

    public mutating func append(_ other: Outcome) {
        dueActions += other.dueActions
        findings += other.findings
        trace += other.trace
        problems.formUnion(other.problems)
        notJudged += other.notJudged
    }
}

/// The interpreter: (program, calendars, organisations, as-of date) applied to one subject's
/// events at a time. A pure function of its inputs; it never reads the clock or a file.
///
/// Safe to share between threads: what it holds is not changed once it is shared (a setter
/// copies shared storage first).
public struct Evaluator: Sendable {
    /// What the evaluator holds, in one object: every subject's context keeps a copy of the
    /// evaluator, and a copy of one reference is one count, where the fields themselves (the
    /// program's and the directory's dictionaries) were a dozen, per subject.
    final class Storage: @unchecked Sendable {
        let program: Program
        let organisations: OrganisationDirectory
        let calendars: [String: WorkCalendar]
        let asOf: CivilDate
        let windowStart: CivilDate
        let soonDays: Int
        let interest: Interest
        let compiled: CompiledPolicies
        /// Per organisation symbol, the plan of its jurisdiction: a holder's deadline is counted
        /// under it, looked up for every obligation.
        let planOfOrganisation: [JurisdictionPlan?]
        // Set only through `Evaluator`'s setters, which copy a shared storage first.
        var coverage: CoverageMap?
        var organisationCalendars: [OrganisationID: WorkCalendar] = [:]

        init(program: Program, organisations: OrganisationDirectory, calendars: [String: WorkCalendar], asOf: CivilDate,
             windowStart: CivilDate, soonDays: Int, interest: Interest, compiled: CompiledPolicies) {
            self.program = program
            self.organisations = organisations
            self.calendars = calendars
            self.asOf = asOf
            self.windowStart = windowStart
            self.soonDays = soonDays
            self.interest = interest
            self.compiled = compiled
            planOfOrganisation = organisations.bySymbol.map { compiled.plans[$0.jurisdiction] }
        }

        func copy() -> Storage {
            let c = Storage(program: program, organisations: organisations, calendars: calendars, asOf: asOf, windowStart: windowStart,
                            soonDays: soonDays, interest: interest, compiled: compiled)
            c.coverage = coverage
            c.organisationCalendars = organisationCalendars
            return c
        }
    }

    private var storage: Storage
    /// Recurring periods worked out so far, when this evaluator keeps them (one thread's).
    private(set) var periodCache: PeriodCache?

    /// Makes this evaluator remember the recurring periods it works out (they are the same for
    /// every organisation of a jurisdiction). For one evaluating thread: the memory is not shared
    /// safely between threads, so each thread's copy calls this for itself.
    public mutating func keepPeriods() { periodCache = PeriodCache() }

    public var program: Program { storage.program }
    public var organisations: OrganisationDirectory { storage.organisations }
    /// Calendars by name (`四川`, `贵州`, `national`).
    public var calendars: [String: WorkCalendar] { storage.calendars }
    public var asOf: CivilDate { storage.asOf }
    /// The first day the data speaks for: recurring periods before it are not judged.
    public var windowStart: CivilDate { storage.windowStart }
    /// An open obligation due within this many days is `due-soon`.
    public var soonDays: Int { storage.soonDays }
    /// What the data covers; nil: everything from `windowStart` to the as-of date.
    public var coverage: CoverageMap? {
        get { storage.coverage }
        set { unshare(); storage.coverage = newValue }
    }
    /// Organisations with their own 校历 (from the case data): their calendar, which replaces
    /// their jurisdiction's for duties about them and recurring duties they hold.
    public var organisationCalendars: [OrganisationID: WorkCalendar] {
        get { storage.organisationCalendars }
        set { unshare(); storage.organisationCalendars = newValue }
    }

    private mutating func unshare() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Per jurisdiction, everything the per-subject loop needs, looked up once: the
    /// inheritance walks copy whole jurisdictions, and hashing names per subject adds up over
    /// millions of students.
    var plans: [JurisdictionName: JurisdictionPlan] { compiled.plans }
    /// The plan of an organisation's jurisdiction, by its symbol.
    func plan(ofOrganisation symbol: Int32) -> JurisdictionPlan? { symbol >= 0 ? storage.planOfOrganisation[Int(symbol)] : nil }
    /// What the caller keeps; the rest is not built.
    public var interest: Interest { storage.interest }
    /// The program's rules compiled for the calendars, with what they can look at.
    public var compiled: CompiledPolicies { storage.compiled }
    var interning: EventTypeInterning { compiled.interning }

    /// The instance of an event-type name this evaluator's rules use, for the reader to give
    /// its events (one allocation per type, not per event); any equal name still matches.
    public func eventType(_ type: EventType) -> EventType { interning(type) }

    /// Which results an evaluation builds. A due list needs only open obligations; building a
    /// `DueAction` or a finding's message for every closed one would be most of the work.
    public struct Interest: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Obligations still open (open, due soon, overdue, without deadline, undetermined).
        public static let openDueActions = Interest(rawValue: 1)
        /// Obligations done, on time or late.
        public static let closedDueActions = Interest(rawValue: 2)
        public static let findings = Interest(rawValue: 4)
        public static let all: Interest = [.openDueActions, .closedDueActions, .findings]
    }

    /// `compiled`: the program's rules compiled once for these calendars (`CompiledPolicies`);
    /// nil compiles them here. Policy tests judge hundreds of cases with one program.
    public init(program: Program, organisations: OrganisationDirectory, calendars: [String: WorkCalendar],
                asOf: CivilDate, windowStart: CivilDate, soonDays: Int = 2, interest: Interest = .all,
                compiled: CompiledPolicies? = nil) {
        storage = Storage(program: program, organisations: organisations, calendars: calendars, asOf: asOf, windowStart: windowStart,
                          soonDays: soonDays, interest: interest, compiled: compiled ?? CompiledPolicies(program: program, calendars: calendars))
    }

    /// The plan for a jurisdiction: its rules in force with their citations, calendar,
    /// default time, definitions and parameters.
    public func plan(for jurisdiction: JurisdictionName) -> JurisdictionPlan? { plans[jurisdiction] }

    /// Whether any rule of `plan` can act on `events` (outside tracing, evaluating a subject for
    /// which this is false yields nothing): a caller skips such subjects without building them.
    public func canAct(_ plan: JurisdictionPlan, on events: SubjectEvents) -> Bool {
        plan.firing.meets(events.typeSet(through: asOf))
    }
}

/// A program's rules compiled for a set of calendars: per jurisdiction its rules in force,
/// definitions, parameters and calendar, and the event types recurring duties count. It depends
/// on nothing of the case data, so one serves every evaluation of the same program.
public final class CompiledPolicies: @unchecked Sendable {
    let plans: [JurisdictionName: JurisdictionPlan]
    let interning: EventTypeInterning
    /// The program's event types as small integers: a data set's events are read with these.
    public let eventTypes: EventTypeTable
    /// The event types a recurring duty is discharged by (`Program.recurringActions`).
    public let recurringActions: Set<EventType>
    /// Per jurisdiction, the event types its rules in force can look at: triggers, counted
    /// events, actions, counting starts, prerequisites, orders. Other events cannot change a
    /// subject's outcome there.
    public let relevantEventTypes: [JurisdictionName: Set<EventType>]
    /// The subject attributes any rule can read: those its conditions compare and those roles
    /// resolve through (户籍地教育局 via 户籍县). A subject needs no other attribute to be judged.
    public let subjectAttributesUsed: Set<AttributeName>
    /// The event attributes any rule can read: those its conditions compare and the dates
    /// deadlines count from (函告.收到日期).
    public let eventAttributesUsed: Set<AttributeName>
    /// Event type → the type it answers (回复 → 函告): an answer must name the event it answers.
    public let answers: [EventType: EventType]
    /// The attribute names the vocabulary declares, as small integers: a data set's attribute
    /// values carry them (`SubjectReader.configure`), and compiled conditions compare them.
    public let attributeSymbols: AttributeSymbols
    /// The roles the vocabulary declares and the duties name, as small integers: a duty's holders
    /// and addressees are compiled to them (`DutyFacts`) and bound by them per subject.
    let roleSymbols: RoleSymbols

    public init(program: Program, calendars: [String: WorkCalendar]) {
        recurringActions = program.recurringActions
        var plans: [JurisdictionName: JurisdictionPlan] = [:]
        let interning = EventTypeInterning(program.vocabulary)
        self.interning = interning
        let table = EventTypeTable(program.vocabulary.events.keys)
        eventTypes = table
        let symbols = AttributeSymbols(program.vocabulary.subjects.values.flatMap { $0.attributes.map(\.name) }
                                       + program.vocabulary.events.values.flatMap { $0.attributes.map(\.name) })
        attributeSymbols = symbols
        // Every role a compiled duty names has a symbol: the vocabulary's and those of the rules
        // in force anywhere.
        let effectiveRules = Dictionary(uniqueKeysWithValues: program.jurisdictions.keys.map { ($0, program.effectiveRules(for: $0)) })
        let roles = RoleSymbols(program.vocabulary.roles.keys + effectiveRules.values.flatMap { rules in
            rules.flatMap { rule in rule.body.allDuties.flatMap { $0.holders + $0.recipients } }
        })
        roleSymbols = roles
        for name in program.jurisdictions.keys {
            let effective = effectiveRules[name]!
            var definitions: [UnquantifiedTerm: Amount] = [:]
            var parameters: [ParameterName: Duration] = [:]
            var defaultTime: TimeOfDay?
            for term in UnquantifiedTerm.allCases { if let d = program.definition(of: term, for: name) { definitions[term] = d } }
            for j in program.lineage(of: name) {
                for p in j.parameters.keys { if let v = program.parameter(p, for: name) { parameters[p] = v.value.duration } }
                if defaultTime == nil, let t = j.defaultTime { defaultTime = t }
            }
            let calendarName = program.calendar(for: name)
            let compiled = effective.map { rule in
                CompiledRule(rule, body: interning.body(rule.body), validity: rule.validity ?? program.jurisdictions[rule.jurisdiction]?.validity,
                             calendarName: program.calendar(for: rule.jurisdiction), vocabulary: program.vocabulary, types: table,
                             attributes: symbols, roles: roles)
            }
            plans[name] = JurisdictionPlan(name: name, rules: compiled, calendar: calendarName.flatMap { calendars[$0] },
                                           calendarName: calendarName, defaultTime: defaultTime, definitions: definitions,
                                           parameters: parameters)
        }
        self.plans = plans
        relevantEventTypes = plans.mapValues(CompiledPolicies.relevantEventTypes)
        let (subject, event) = CompiledPolicies.attributesRead(plans)
        var subjectAttributes = subject
        for role in program.vocabulary.roles.values {
            if case .via(_, let attribute) = role.resolution { subjectAttributes.insert(attribute) }
        }
        subjectAttributesUsed = subjectAttributes
        eventAttributesUsed = event
        var answers: [EventType: EventType] = [:]
        for (t, s) in program.vocabulary.events { if let a = s.answers { answers[t] = a } }
        self.answers = answers
    }
}

extension CompiledPolicies {

    static func attributesRead(_ plans: [JurisdictionName: JurisdictionPlan]) -> (subject: Set<AttributeName>, event: Set<AttributeName>) {
        var subject = Set<AttributeName>(), event = Set<AttributeName>()
        func add(_ o: Operand) {
            switch o {
            case .subjectAttribute(let n, _): subject.insert(n)
            case .eventAttribute(let n, _): event.insert(n)
            default: break
            }
        }
        func add(_ c: Condition?) {
            switch c {
            case .value(let o)?: add(o)
            case .not(let c)?: add(c)
            case .all(let cs)?, .any(let cs)?: cs.forEach { add($0) }
            case .compare(let a, _, let b)?: add(a); add(b)
            case .age(let a, _, _)?: add(a)
            case .firstSince?, nil: break
            }
        }
        func add(_ duties: [Duty]) {
            for d in duties {
                if case .deadline(.within(_, .attribute(let a))) = d.timing { event.insert(a) }
                add(d.actCondition)
            }
        }
        for plan in plans.values {
            for rule in plan.rules {
                switch rule.body {
                case .duties(let trigger, _, let duties): add(trigger?.condition); add(duties)
                case .escalation(let counter, let steps): add(counter.condition); steps.forEach { add($0.duties) }
                default: break
                }
            }
        }
        return (subject, event)
    }

    static func relevantEventTypes(_ plan: JurisdictionPlan) -> Set<EventType> {
        var set = Set<EventType>()
        func add(_ duties: [Duty]) {
            for d in duties {
                set.formUnion(d.actions)
                if case .deadline(.within(_, .event(let t))) = d.timing { set.insert(t) }
            }
        }
        func add(_ p: Prerequisite) {
            switch p {
            case .event(let t, _), .eventBy(let t, _, _): set.insert(t)
            case .all(let ps), .any(let ps): ps.forEach(add)
            }
        }
        for rule in plan.rules {
            switch rule.body {
            case .duties(let trigger, _, let duties):
                if let t = trigger?.event { set.insert(t) }
                if let c = trigger?.condition { set.formUnion(c.eventTypes) }
                add(duties)
            case .escalation(let counter, let steps):
                set.insert(counter.event)
                for s in steps { add(s.duties) }
            case .requirement(let action, let p):
                set.insert(action)
                add(p)
            case .order(let types):
                set.formUnion(types)
            case .uncheckable:
                break
            }
        }
        return set
    }

}

/// One jurisdiction's rules and settings, resolved once and shared by reference: the per-subject
/// loop reads these without hashing a name.
public final class JurisdictionPlan: Sendable {
    public let name: JurisdictionName
    let rules: [CompiledRule]
    let calendar: WorkCalendar?
    let calendarName: String?
    let defaultTime: TimeOfDay?
    let definitions: [UnquantifiedTerm: Amount]
    let parameters: [ParameterName: Duration]
    /// The event types any of its rules can act on (`CompiledRule.firing`, together).
    let firing: EventTypeSet

    init(name: JurisdictionName, rules: [CompiledRule], calendar: WorkCalendar?, calendarName: String?, defaultTime: TimeOfDay?,
         definitions: [UnquantifiedTerm: Amount], parameters: [ParameterName: Duration]) {
        self.name = name
        self.rules = rules
        firing = rules.reduce(into: EventTypeSet()) { $0.formUnion($1.firing) }
        self.calendar = calendar
        self.calendarName = calendarName
        self.defaultTime = defaultTime
        self.definitions = definitions
        self.parameters = parameters
    }
}

/// A rule with what judging it needs worked out in advance: its citation lines and the
/// validity in force (its own, else its jurisdiction's). A reference, so passing it around
/// copies nothing.
final class CompiledRule: Sendable {
    let id: RuleID
    let body: RuleBody
    /// The citation line of the rule, and of each escalation step by threshold.
    let citation: String
    let stepCitations: [Int: String]
    let validity: Validity?
    /// The calendar the rule's own jurisdiction names (for errors about a fixed date).
    let calendarName: String?
    /// The rule's prohibitions with their facts, and whether any duty has a deadline (else its
    /// trigger needs no scan): read for every subject, so worked out once.
    let prohibitions: [(duty: Duty, facts: DutyFacts)]
    let hasDeadlines: Bool
    /// Per duty, what judging an instance looks up in the vocabulary: the rule's own duties,
    /// and each escalation step's by threshold.
    let dutyFacts: [DutyFacts]
    let stepFacts: [(threshold: Int, facts: [DutyFacts])]
    /// The rule's own event types as symbols (`EventTypeTable.none` where it has none): the
    /// trigger's, the counter's, the required act's, and an order's types.
    let triggerSymbol: Int32
    let counterSymbol: Int32
    let actionSymbol: Int32
    let orderSymbols: [Int32]
    /// The trigger's and the counter's conditions, compiled.
    let triggerCondition: CompiledCondition?
    let counterCondition: CompiledCondition?
    /// The types of event that can make the rule act (its trigger, prohibited acts, counted
    /// events, required act, ordered acts after the first): a subject with none is passed over.
    let firing: EventTypeSet

    func facts(step: Int?) -> [DutyFacts] {
        guard let step else { return dutyFacts }
        for entry in stepFacts where entry.threshold == step { return entry.facts }
        return []
    }

    /// `body` is the rule's body with its event types shared (see `EventTypeInterning`).
    init(_ rule: Rule, body: RuleBody, validity: Validity?, calendarName: String?, vocabulary: Vocabulary, types: EventTypeTable,
         attributes: AttributeSymbols, roles: RoleSymbols) {
        id = rule.id
        self.body = body
        citation = citationText(rule.citations)
        var steps: [Int: String] = [:]
        if case .escalation(_, let list) = rule.body {
            for step in list { steps[step.threshold] = citationText(step.citations.isEmpty ? rule.citations : step.citations) }
        }
        stepCitations = steps
        self.validity = validity
        self.calendarName = calendarName
        var trigger = EventTypeTable.none, counter = EventTypeTable.none, action = EventTypeTable.none
        var order: [Int32] = []
        var firing = EventTypeSet()
        var prohibitions: [(duty: Duty, facts: DutyFacts)] = [], hasDeadlines = false
        var dutyFacts: [DutyFacts] = [], stepFacts: [(threshold: Int, facts: [DutyFacts])] = []
        var triggerCondition: CompiledCondition?, counterCondition: CompiledCondition?
        func compiled(_ c: Condition?) -> CompiledCondition? { c.map { CompiledCondition($0, attributes: attributes, types: types) } }
        switch body {
        case .duties(let t, _, let duties):
            hasDeadlines = duties.contains { if case .deadline = $0.timing { true } else { false } }
            dutyFacts = duties.map { DutyFacts($0, vocabulary, types, attributes, roles) }
            triggerCondition = compiled(t?.condition)
            prohibitions = duties.indices.filter { duties[$0].isProhibition }.map { (duties[$0], dutyFacts[$0]) }
            if let t { trigger = types.ruleSymbol(of: t.event) }
            if hasDeadlines { firing.insert(trigger) }
            for p in prohibitions { for a in p.facts.actionSymbols { firing.insert(a) } }
        case .escalation(let c, let steps):
            stepFacts = steps.map { step in (step.threshold, step.duties.map { DutyFacts($0, vocabulary, types, attributes, roles) }) }
            counter = types.ruleSymbol(of: c.event)
            counterCondition = compiled(c.condition)
            firing.insert(counter)
        case .requirement(let a, _):
            action = types.ruleSymbol(of: a)
            firing.insert(action)
        case .order(let sequence):
            order = sequence.map { types.ruleSymbol(of: $0) }
            for s in order.dropFirst() { firing.insert(s) }
        case .uncheckable:
            break
        }
        self.prohibitions = prohibitions
        self.hasDeadlines = hasDeadlines
        self.dutyFacts = dutyFacts
        self.stepFacts = stepFacts
        triggerSymbol = trigger
        counterSymbol = counter
        actionSymbol = action
        orderSymbols = order
        self.triggerCondition = triggerCondition
        self.counterCondition = counterCondition
        self.firing = firing
    }

    /// Whether the rule is in force on `date`.
    func isInForce(on date: CivilDate) -> Bool {
        guard let validity else { return true }
        if date < validity.from { return false }
        if let until = validity.until, date > until { return false }
        return true
    }
}

/// What the vocabulary says about one duty, looked up once rather than per instance.
struct DutyFacts: Sendable {
    /// For each recipient role (one, or several with `to A or B`), the organisation kind that
    /// plays it (户籍地教育局 → 县教育局).
    let recipientKinds: [RoleName]
    /// For each recipient role, whether it is itself an organisation kind, looked for above the
    /// duty holder.
    let recipientIsOrganisation: [Bool]
    /// The duty's actions, the type its action answers (a 回复 answers a 函告: then only an
    /// action referring to the triggering event discharges it) and the type a deadline counts
    /// from, as symbols (`EventTypeTable.none` where there is none).
    let actionSymbols: [Int32]
    let answersSymbol: Int32
    let countFromSymbol: Int32
    /// The condition an act must meet to count (`须 报告 若 …`), compiled.
    let actCondition: CompiledCondition?
    /// The duty's holders (its role, then the alternatives) and addressees as role symbols.
    let holderRoles: [Int32]
    let recipientRoles: [Int32]

    /// Whether an event of type symbol `type` does the duty.
    @inline(__always) func isDone(by type: Int32) -> Bool {
        for a in actionSymbols where a == type { return true }
        return false
    }

    init(_ duty: Duty, _ vocabulary: Vocabulary, _ types: EventTypeTable, _ attributes: AttributeSymbols, _ roles: RoleSymbols) {
        holderRoles = duty.holders.map(roles.symbol(of:))
        recipientRoles = duty.recipients.map(roles.symbol(of:))
        actionSymbols = duty.actions.map { types.ruleSymbol(of: $0) }
        actCondition = duty.actCondition.map { CompiledCondition($0, attributes: attributes, types: types) }
        answersSymbol = (vocabulary.events[duty.action]?.answers).map { types.ruleSymbol(of: $0) } ?? EventTypeTable.none
        if case .deadline(.within(_, .event(let t))) = duty.timing { countFromSymbol = types.ruleSymbol(of: t) } else { countFromSymbol = EventTypeTable.none }
        recipientKinds = duty.recipients.map { vocabulary.baseKind(of: $0) }
        recipientIsOrganisation = duty.recipients.map { r in
            if let role = vocabulary.roles[r], case .organisation = role.resolution { return true }
            return false
        }
    }
}

extension Vocabulary {
    /// The organisation kind a role is played by (班主任 → 学校, 户籍地教育局 → 县教育局).
    func baseKind(of role: RoleName) -> RoleName {
        guard let r = roles[role] else { return role }
        switch r.resolution {
        case .organisation: return role
        case .person(let at): return baseKind(of: at)
        case .via(let base, _): return baseKind(of: base)
        }
    }
}

/// Everything a subject's evaluation needs in one place.
struct Context {
    let evaluator: Evaluator
    let subjectID: SubjectID
    let subjectName: String
    let attributes: AttributeList
    /// The organisation roles resolve from (the student's school, or the organisation itself).
    let anchor: OrganisationID?
    let plan: JurisdictionPlan
    /// Chronological; only events on or before the as-of date. Lent by the caller for the
    /// subject's evaluation (`takeEvents`).
    private(set) var events: SubjectEvents
    let tracing: Bool
    var outcome = Outcome()
    /// Roles already resolved for this subject, by role symbol, to an organisation symbol or -1
    /// (a handful, so a list beats hashing); and recipients found above a holder, by role symbol
    /// and holder symbol.
    var resolved: [(role: Int32, organisation: Int32)] = []
    var recipientsFound: [(role: Int32, holder: Int32, found: Int32)] = []

    var asOf: CivilDate { evaluator.asOf }
    var jurisdiction: JurisdictionName { plan.name }

    /// The subject's events, handed back to their owner; the context keeps an empty list.
    mutating func takeEvents() -> SubjectEvents {
        var taken = SubjectEvents(details: nil)
        swap(&taken, &events)
        return taken
    }
    /// The anchor organisation's own calendar when the data gives it one, else the jurisdiction's.
    var calendar: WorkCalendar? {
        if !evaluator.organisationCalendars.isEmpty, let anchor, let own = evaluator.organisationCalendars[anchor] { return own }
        return plan.calendar
    }
    var defaultTime: TimeOfDay? { plan.defaultTime }
    var directory: OrganisationDirectory { evaluator.organisations }

    /// The days the data speaks for about `organisation` (everything up to the as-of date
    /// when no coverage is given).
    func coverage(of organisation: OrganisationID?) -> DataCoverage {
        evaluator.coverage?.coverage(of: organisation) ?? DataCoverage(from: evaluator.windowStart, through: evaluator.asOf)
    }

    /// Records a step of the explanation when tracing. Callers whose step is costly to build
    /// check `tracing` first.
    mutating func note(_ date: CivilDate?, _ rule: RuleID?, _ event: TraceEvent, depth: Int = 0) {
        if tracing { outcome.trace.append(TraceStep(date: date, rule: rule, event: event, depth: depth)) }
    }

    /// An event of this subject's list, as a trace or a note names it.
    func mention(_ k: Int) -> EventMention { EventMention(type: events.typeName(k), id: events.id(k), date: events.dates[k], time: events.time(k)) }

    /// The organisation a symbol of the subject's events names (an actor, an addressee), or nil.
    @inline(__always) func party(_ symbol: Int32) -> Organisation? { symbol >= 0 ? directory.bySymbol[Int(symbol)] : nil }

    /// The symbol of an event type a rule names, for the rarer comparisons not worked out in advance.
    func symbol(_ type: EventType) -> Int32 { evaluator.compiled.eventTypes.ruleSymbol(of: type) }

    /// A calendar that cannot count a date; a year outside 1–9999 is reported like any year
    /// without data (`EvaluationProblem.kind`).
    mutating func problem(_ error: CalendarError) {
        outcome.problems.insert(EvaluationProblem(.calendar(error)))
    }

    /// The symbol of the organisation playing `role` for this subject, -1 when the data has none.
    /// `role` is a symbol of `CompiledPolicies.roleSymbols`; the lookup in the data goes by its name,
    /// once per subject.
    mutating func resolveSymbol(_ role: Int32) -> Int32 {
        for entry in resolved where entry.role == role { return entry.organisation }
        let o = lookUp(evaluator.compiled.roleSymbols.name(role)).flatMap { directory.symbol(of: $0) } ?? -1
        resolved.append((role, o))
        return o
    }

    func lookUp(_ role: RoleName) -> OrganisationID? {
        guard let r = evaluator.program.vocabulary.roles[role] else { return nil }
        switch r.resolution {
        case .organisation:
            guard let anchor else { return nil }
            return directory.nearest(role, from: anchor)
        case .person(let at):
            return lookUp(at)
        case .via(let base, let attribute):
            guard let value = attributes[attribute] else { return nil }
            return directory.organisation(base, of: value)
        }
    }

    /// The organisation a duty is owed to. An organisation-kind recipient is looked for above the
    /// duty holder first (through the organisations that manage it, not elsewhere in its county:
    /// a bureau that tells "the school concerned" means the student's school, not one of its own) (the sending school reports to *its* township government, whatever
    /// school the student is in now), then above the subject.
    mutating func resolveRecipient(_ role: Int32, isOrganisation: Bool, holder: Int32) -> Int32 {
        if isOrganisation, let h = party(holder) {
            for entry in recipientsFound where entry.holder == holder && entry.role == role {
                return entry.found >= 0 ? entry.found : resolveSymbol(role)
            }
            let found = directory.above(evaluator.compiled.roleSymbols.name(role), from: h.id).flatMap { directory.symbol(of: $0) } ?? -1
            recipientsFound.append((role, holder, found))
            if found >= 0 { return found }
        }
        return resolveSymbol(role)
    }

    /// The organisation kind a role is played by (班主任 → 学校, 户籍地教育局 → 县教育局).
    func baseKind(_ role: RoleName) -> RoleName { evaluator.program.vocabulary.baseKind(of: role) }

    func name(of org: OrganisationID?) -> String? { org.flatMap { directory[$0]?.name } }
    func name(of symbol: Int32) -> String? { party(symbol)?.name }
}
