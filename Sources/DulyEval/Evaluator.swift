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
    public init() {}

    public mutating func append(_ other: Outcome) {
        dueActions += other.dueActions
        findings += other.findings
        trace += other.trace
        problems.formUnion(other.problems)
    }
}

/// The interpreter: (program, calendars, organisations, as-of date) applied to one subject's
/// events at a time. A pure function of its inputs; it never reads the clock or a file.
///
/// Safe to share between threads: it holds only immutable values.
public struct Evaluator: Sendable {
    public let program: Program
    public let organisations: OrganisationDirectory
    /// Calendars by name (`四川`, `贵州`, `national`).
    public let calendars: [String: WorkCalendar]
    public let asOf: CivilDate
    /// The first day the data speaks for: recurring periods before it are not judged.
    public let windowStart: CivilDate
    /// An open obligation due within this many days is `due-soon`.
    public let soonDays: Int

    let rulesByJurisdiction: [JurisdictionName: [Rule]]
    /// The same rules boxed, so the per-subject loop passes a reference instead of copying rules.
    let ruleRefs: [JurisdictionName: [RuleRef]]
    /// Per jurisdiction, looked up once: the inheritance walks copy whole jurisdictions.
    let definitions: [JurisdictionName: [Term: Amount]]
    let parameters: [JurisdictionName: [ParameterName: Duration]]
    let calendarByJurisdiction: [JurisdictionName: WorkCalendar]
    let defaultTimes: [JurisdictionName: TimeOfDay]
    /// Citation lines per rule, and per escalation step (`rule#threshold`).
    let citations: [RuleID: String]
    let stepCitations: [RuleID: [Int: String]]

    public init(program: Program, organisations: OrganisationDirectory, calendars: [String: WorkCalendar],
                asOf: CivilDate, windowStart: CivilDate, soonDays: Int = 2) {
        self.program = program
        self.organisations = organisations
        self.calendars = calendars
        self.asOf = asOf
        self.windowStart = windowStart
        self.soonDays = soonDays
        var rules: [JurisdictionName: [Rule]] = [:]
        var definitions: [JurisdictionName: [Term: Amount]] = [:]
        var parameters: [JurisdictionName: [ParameterName: Duration]] = [:]
        var calendarByJurisdiction: [JurisdictionName: WorkCalendar] = [:]
        var defaultTimes: [JurisdictionName: TimeOfDay] = [:]
        var citations: [RuleID: String] = [:]
        var stepCitations: [RuleID: [Int: String]] = [:]
        for name in program.jurisdictions.keys {
            rules[name] = program.effectiveRules(for: name)
            for term in Term.allCases { if let d = program.definition(of: term, for: name) { definitions[name, default: [:]][term] = d } }
            for j in program.lineage(of: name) {
                for p in j.parameters.keys { if let v = program.parameter(p, for: name) { parameters[name, default: [:]][p] = v.value.duration } }
                if defaultTimes[name] == nil, let t = j.defaultTime { defaultTimes[name] = t }
            }
            if let c = program.calendar(for: name).flatMap({ calendars[$0] }) { calendarByJurisdiction[name] = c }
            for rule in rules[name]! {
                citations[rule.id] = citationText(rule.citations)
                if case .escalation(_, let steps) = rule.body {
                    for step in steps { stepCitations[rule.id, default: [:]][step.threshold] = citationText(step.citations.isEmpty ? rule.citations : step.citations) }
                }
            }
        }
        rulesByJurisdiction = rules
        ruleRefs = rules.mapValues { $0.map(RuleRef.init) }
        self.definitions = definitions
        self.parameters = parameters
        self.calendarByJurisdiction = calendarByJurisdiction
        self.defaultTimes = defaultTimes
        self.citations = citations
        self.stepCitations = stepCitations
    }

    /// The event types a recurring duty is discharged by: events of these types are also
    /// grouped by their actor.
    public var recurringActions: Set<EventType> {
        var set = Set<EventType>()
        for rules in rulesByJurisdiction.values {
            for rule in rules {
                guard case .duties(_, _, let duties) = rule.body else { continue }
                for d in duties { if case .recurring = d.timing { set.insert(d.action) } }
            }
        }
        return set
    }

    /// The event types the rules in force for `jurisdiction` can look at: triggers, counted
    /// events, actions, counting starts, prerequisites, orders. Other events cannot change a
    /// subject's outcome there.
    public func relevantEventTypes(for jurisdiction: JurisdictionName) -> Set<EventType> {
        var set = Set<EventType>()
        func add(_ duties: [Duty]) {
            for d in duties {
                set.insert(d.action)
                if case .deadline(.within(_, .event(let t))) = d.timing { set.insert(t) }
            }
        }
        func add(_ p: Prerequisite) {
            switch p {
            case .event(let t, _): set.insert(t)
            case .all(let ps), .any(let ps): ps.forEach(add)
            }
        }
        for rule in rulesByJurisdiction[jurisdiction] ?? [] {
            switch rule.body {
            case .duties(let trigger, _, let duties):
                if let t = trigger?.event { set.insert(t) }
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

    /// The jurisdiction that judges a subject: its school's.
    public func jurisdiction(of subject: Subject) -> JurisdictionName? {
        organisations[subject.school]?.jurisdiction
    }

    func calendar(for jurisdiction: JurisdictionName) -> WorkCalendar? { calendarByJurisdiction[jurisdiction] }

    func defaultTime(for jurisdiction: JurisdictionName) -> TimeOfDay? { defaultTimes[jurisdiction] }

    /// Whether `rule` is in force on `date`: its own validity, else its jurisdiction's.
    func isInForce(_ rule: Rule, on date: CivilDate) -> Bool {
        let validity = rule.validity ?? program.jurisdictions[rule.jurisdiction]?.validity
        guard let validity else { return true }
        if date < validity.from { return false }
        if let until = validity.until, date > until { return false }
        return true
    }
}

/// A rule behind a reference: copying it is one retain.
final class RuleRef: Sendable {
    let rule: Rule
    init(_ rule: Rule) { self.rule = rule }
}

/// Everything a subject's evaluation needs in one place.
struct Context {
    let evaluator: Evaluator
    let subjectID: SubjectID
    let subjectName: String
    let attributes: [AttributeName: AttributeValue]
    /// The organisation roles resolve from (the student's school, or the organisation itself).
    let anchor: OrganisationID?
    let jurisdiction: JurisdictionName
    let calendar: WorkCalendar?
    let defaultTime: TimeOfDay?
    /// Chronological; only events on or before the as-of date.
    let events: [CaseEvent]
    let tracing: Bool
    var outcome = Outcome()
    /// Roles already resolved for this subject (a handful, so a list beats hashing).
    var resolved: [(RoleName, OrganisationID?)] = []

    var asOf: CivilDate { evaluator.asOf }
    var directory: OrganisationDirectory { evaluator.organisations }

    mutating func note(_ date: CivilDate?, _ rule: RuleID?, _ text: @autoclosure () -> String, depth: Int = 0) {
        if tracing { outcome.trace.append(TraceStep(date: date, rule: rule, text: text(), depth: depth)) }
    }

    mutating func problem(_ error: CalendarError) {
        switch error {
        case .missingHolidayData, .missingSchoolCalendar:
            outcome.problems.insert(EvaluationProblem(kind: .missingCalendarData, message: error.description))
        default:
            outcome.problems.insert(EvaluationProblem(kind: .undeterminable, message: error.description))
        }
    }

    /// The organisation playing `role` for this subject, or nil when the data has none.
    mutating func resolve(_ role: RoleName) -> OrganisationID? {
        for (r, o) in resolved where r == role { return o }
        let o = lookUp(role)
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
    /// duty holder first (the sending school reports to *its* township government, whatever
    /// school the student is in now), then above the subject.
    mutating func resolveRecipient(_ role: RoleName, holder: OrganisationID?) -> OrganisationID? {
        if let r = evaluator.program.vocabulary.roles[role], case .organisation = r.resolution,
           let holder, let found = directory.nearest(role, from: holder) {
            return found
        }
        return resolve(role)
    }

    /// The organisation kind a role is played by (班主任 → 学校, 户籍地教育局 → 县教育局).
    func baseKind(_ role: RoleName) -> RoleName {
        guard let r = evaluator.program.vocabulary.roles[role] else { return role }
        switch r.resolution {
        case .organisation: return role
        case .person(let at): return baseKind(at)
        case .via(let base, _): return baseKind(base)
        }
    }

    func name(of org: OrganisationID?) -> String? { org.flatMap { directory[$0]?.name } }
}
