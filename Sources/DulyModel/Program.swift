import DulySource
import DulyTime

/// A duration as a rule states it, with where its value came from: a literal, or a parameter (possibly overridden).
public struct Amount: Hashable, Sendable, Codable {
    public var duration: Duration
    public var parameter: ParameterName?
    public init(duration: Duration, parameter: ParameterName? = nil) {
        self.duration = duration
        self.parameter = parameter
    }
}

public struct Validity: Hashable, Sendable, Codable {
    public var from: CivilDate
    public var until: CivilDate?
    public init(from: CivilDate, until: CivilDate?) {
        self.from = from
        self.until = until
    }
}

public struct Citation: Hashable, Sendable, Codable {
    public var ids: [CatalogID]
    public var clause: String?
    public var quote: String?
    public var place: SourcePlace
    public init(ids: [CatalogID], clause: String?, quote: String?, place: SourcePlace) {
        self.ids = ids
        self.clause = clause
        self.quote = quote
        self.place = place
    }
}

/// An unquantified term of the rule text (及时, 立即): a placeholder until a jurisdiction
/// defines how long it is.
/// A checked condition over the triggering event's and the subject's attributes.
public indirect enum Condition: Hashable, Sendable, Codable {
    case value(Operand)
    case not(Condition)
    case all([Condition])
    case any([Condition])
    case compare(Operand, Comparison, Operand)
    /// Whether the person born on the date `Operand` is at least `years` 周岁 on the triggering
    /// event's date (`atLeast`), or younger (`!atLeast`). A missing birth date cannot be judged.
    case age(Operand, years: Int, atLeast: Bool)
    /// Whether the triggering event is the first of its type since the subject's latest event
    /// of this type (the first 返校 after each 确认辍学); false when there is none before it.
    case firstSince(EventType)
}

extension Condition {
    /// The event types the condition looks for among the subject's events (`first since`).
    public var eventTypes: [EventType] {
        switch self {
        case .firstSince(let t): [t]
        case .not(let c): c.eventTypes
        case .all(let cs), .any(let cs): cs.flatMap(\.eventTypes)
        case .value, .compare, .age: []
        }
    }
}

public enum Comparison: String, Hashable, Sendable, Codable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
}

public enum Operand: Hashable, Sendable, Codable {
    /// An attribute of the triggering event.
    case eventAttribute(AttributeName, ValueType)
    /// An attribute of the subject (the student).
    case subjectAttribute(AttributeName, ValueType)
    case number(Int)
    case text(String)
    case date(CivilDate)
    case duration(Duration)
    case flag(Bool)

    public var type: ValueType {
        switch self {
        case .eventAttribute(_, let t), .subjectAttribute(_, let t): t
        case .number: .number
        case .text: .text
        case .date: .date
        case .duration: .duration
        case .flag: .flag
        }
    }
}

/// Where a deadline is counted from.
public enum CountingStart: Hashable, Sendable, Codable {
    /// The event that triggered the duty (or, for a sequel, the event that discharged the previous duty).
    case trigger
    /// The latest earlier event of this type for the same subject.
    case event(EventType)
    /// A date attribute of the triggering event (函告.收到日期).
    case attribute(AttributeName)
}

/// A time of day a duty must be done by, and whether the instant itself is on time: the rule
/// states it (`12:00前（含12:00）`), since the law says nothing of `前`.
public struct ClockCutoff: Hashable, Sendable, Codable {
    public var time: TimeOfDay
    public var bound: Bound
    public init(time: TimeOfDay, bound: Bound) {
        self.time = time
        self.bound = bound
    }
}

public enum Deadline: Hashable, Sendable, Codable {
    /// `within 5 working days [after X]`.
    case within(Amount, from: CountingStart)
    /// `by 12:00 (inclusive)` on the day of the trigger.
    case sameDay(by: ClockCutoff)
    /// An unquantified term; `definition` is the jurisdiction's own value, when it has one.
    case term(UnquantifiedTerm, definition: Amount?)
    /// Within a named term of a named year (2020年秋季学期内): due on that term's last day in the
    /// school calendar. A trigger after that day creates no duty.
    case termEnd(season: TermSeason, year: Int)
}

public enum RecurrencePeriod: Hashable, Sendable, Codable {
    case every(PeriodUnit, cutoff: ClockCutoff?)
    /// A 期日 each year: whether the date counts and whether it rolls off a rest day are stated.
    case yearly(month: Int, day: Int, inclusive: Bool, rolls: Bool)
    case months([Int])
    /// A window tied to the first day of each term of `season` (开学前后 15天内, 开学前), from
    /// the school calendar; judged at the window's last day.
    case termStart(season: TermSeason, window: TermWindow)
}

public struct Recurrence: Hashable, Sendable, Codable {
    public var period: RecurrencePeriod
    /// How many discharging events each period needs (at least).
    public var atLeast: Int
    /// Only periods containing a teaching day of the school calendar are listed and judged
    /// (仅含教学日的周期): a half month inside the summer vacation owes nothing.
    public var teachingPeriodsOnly: Bool
    public init(period: RecurrencePeriod, atLeast: Int, teachingPeriodsOnly: Bool = false) {
        self.period = period
        self.atLeast = atLeast
        self.teachingPeriodsOnly = teachingPeriodsOnly
    }

    /// Whether an act at a period's stated cut-off time is on time; a period ending at the end of
    /// its last day (no time stated) includes that day.
    public var cutoffBound: Bound {
        if case .every(_, let c?) = period { return c.bound }
        return .inclusive
    }
}

public enum DutyTiming: Hashable, Sendable, Codable {
    case deadline(Deadline)
    case recurring(Recurrence)
    /// A prohibition: any matching event is a finding.
    case never
}

/// One duty: a role must (or must not) do an action, by a deadline or each period.
public struct Duty: Hashable, Sendable, Codable {
    /// Who owes the duty; with `alternatives`, the first of the roles the text names
    /// ("户籍所在地人民政府或教育行政部门").
    public var role: RoleName
    /// Other roles any one of which may do the act instead (`A or B must …` / `A 或 B 须 …`):
    /// an act by an organisation playing any of them discharges the duty.
    public var alternatives: [RoleName] = []
    public var action: EventType
    public var recipient: RoleName?
    /// Other recipients any one of which may be owed the act instead (`to A or B` / `向 A 或 B`):
    /// an act addressed to an organisation playing any of them discharges the duty.
    public var recipientAlternatives: [RoleName] = []
    /// Other event types any one of which does the duty as well (`must 返校 or 缓学`): the text
    /// names an outcome several acts reach ("应返尽返" is met by a return or an approved deferral).
    public var alternativeActions: [EventType] = []
    /// Which acts do the duty (`must 送达复学通知书 where 文书名称 == "限期复学通知书"`): a condition
    /// over the act's own attributes. An act whose attribute is not recorded still counts: the
    /// data does not show it was another act.
    public var actCondition: Condition?
    /// nil: triggered by the rule's trigger (or step); `.then`: by the previous duty being done;
    /// `.otherwise`: by the previous duty being missed.
    public var sequel: Sequel?
    public var timing: DutyTiming
    public var place: SourcePlace
    public init(role: RoleName, alternatives: [RoleName] = [], action: EventType, recipient: RoleName?, sequel: Sequel?, timing: DutyTiming,
                place: SourcePlace) {
        self.role = role
        self.alternatives = alternatives
        self.action = action
        self.recipient = recipient
        self.sequel = sequel
        self.timing = timing
        self.place = place
    }

    public var isProhibition: Bool { timing == .never }

    /// Every role that may discharge the duty, the first named first.
    public var holders: [RoleName] { [role] + alternatives }

    /// Every event type that does the duty, the first named first.
    public var actions: [EventType] { [action] + alternativeActions }

    /// Whether an event of `type` does the duty: its action or one of the alternatives. Tested
    /// for every event in the evaluator's loops, so it builds nothing.
    @inline(__always) public func isDone(by type: EventType) -> Bool {
        type == action || (!alternativeActions.isEmpty && alternativeActions.contains(type))
    }

    /// Every role the act may be addressed to, the first named first; empty when it names none.
    public var recipients: [RoleName] { recipient.map { [$0] + recipientAlternatives } ?? [] }
}


public struct Trigger: Hashable, Sendable, Codable {
    public var event: EventType
    public var condition: Condition?
    public init(event: EventType, condition: Condition?) {
        self.event = event
        self.condition = condition
    }
}

/// `count consecutive teaching days of 缺课 where not 有正当理由`.
public struct Counter: Hashable, Sendable, Codable {
    public var unit: DurationUnit
    public var event: EventType
    public var condition: Condition?
    public init(unit: DurationUnit, event: EventType, condition: Condition?) {
        self.unit = unit
        self.event = event
        self.condition = condition
    }
}

public struct EscalationStep: Hashable, Sendable, Codable {
    public var threshold: Int
    public var citations: [Citation]
    public var duties: [Duty]
    public var place: SourcePlace
    public init(threshold: Int, citations: [Citation], duties: [Duty], place: SourcePlace) {
        self.threshold = threshold
        self.citations = citations
        self.duties = duties
        self.place = place
    }
}

public indirect enum Prerequisite: Hashable, Sendable, Codable {
    case event(EventType, atLeast: Int)
    /// Events of the type that count only when recorded by an organisation playing the role
    /// (its organisation kind): an approval by the county leading group, not by the school.
    case eventBy(EventType, atLeast: Int, role: RoleName)
    case all([Prerequisite])
    case any([Prerequisite])
}

public enum RuleBody: Hashable, Sendable, Codable {
    /// Duties triggered by an event (or recurring when `trigger` is nil), optionally for each
    /// organisation the responsible role manages.
    case duties(trigger: Trigger?, forEachManaged: RoleName?, duties: [Duty])
    case escalation(Counter, steps: [EscalationStep])
    /// `缓学 requires 评估`: the action is a finding unless the prerequisite happened before it.
    case requirement(action: EventType, prerequisite: Prerequisite)
    /// `in order 申请 → 审批 → 备案`: each event must come after the ones before it.
    case order([EventType])
    /// Kept so the policy mirrors its document; cannot be checked from case data. The reason in
    /// each language (`reason "…"`, `原因 "…"`); one given alone serves both.
    case uncheckable(reason: LocalizedText)
}

extension RuleBody {
    /// Every duty of the body: its own, or each escalation step's.
    public var allDuties: [Duty] {
        switch self {
        case .duties(_, _, let duties): duties
        case .escalation(_, let steps): steps.flatMap(\.duties)
        case .requirement, .order, .uncheckable: []
        }
    }
}

public struct Rule: Hashable, Sendable, Codable {
    public var id: RuleID
    public var name: String
    public var label: String?
    public var jurisdiction: JurisdictionName
    public var citations: [Citation]
    public var validity: Validity?
    public var body: RuleBody
    public var place: SourcePlace
    public init(id: RuleID, name: String, label: String?, jurisdiction: JurisdictionName, citations: [Citation], validity: Validity?, body: RuleBody, place: SourcePlace) {
        self.id = id
        self.name = name
        self.label = label
        self.jurisdiction = jurisdiction
        self.citations = citations
        self.validity = validity
        self.body = body
        self.place = place
    }

    /// Every catalog ID this rule cites, its steps included.
    public var catalogIDs: [CatalogID] {
        var ids = citations.flatMap(\.ids)
        if case .escalation(_, let steps) = body { ids += steps.flatMap { $0.citations.flatMap(\.ids) } }
        var seen = Set<CatalogID>()
        return ids.filter { seen.insert($0).inserted }
    }
}

public struct SourceDocument: Hashable, Sendable, Codable {
    public var key: String
    public var number: String?
    public var title: String?
    public var issuer: String?
    public var date: CivilDate?
    public var covers: [CatalogID]
    public init(key: String, number: String?, title: String?, issuer: String?, date: CivilDate?, covers: [CatalogID]) {
        self.key = key
        self.number = number
        self.title = title
        self.issuer = issuer
        self.date = date
        self.covers = covers
    }
}

public struct Parameter: Hashable, Sendable, Codable {
    public var name: ParameterName
    public var label: String?
    public var value: Amount
    public var declaredIn: JurisdictionName
    /// Why an override differs from the parent's value. It explains; it never makes a laxer
    /// value acceptable.
    public var justification: String?
    /// The clause of the declaring jurisdiction's document that sets this value.
    public var citation: Citation?
    /// Whether this overrides an ancestor's parameter of the same name.
    public var isOverride: Bool
    public var place: SourcePlace
    public init(name: ParameterName, label: String?, value: Amount, declaredIn: JurisdictionName, justification: String?,
                citation: Citation? = nil, isOverride: Bool = false, place: SourcePlace) {
        self.name = name
        self.label = label
        self.value = value
        self.declaredIn = declaredIn
        self.justification = justification
        self.citation = citation
        self.isOverride = isOverride
        self.place = place
    }
}

/// One jurisdiction's own declarations (what its file says), before inheritance.
public struct Jurisdiction: Hashable, Sendable, Codable {
    public var name: JurisdictionName
    public var label: String?
    public var code: String?
    public var parent: JurisdictionName?
    public var calendar: String?
    public var validity: Validity?
    public var defaultTime: TimeOfDay?
    public var documents: [SourceDocument]
    /// Parameters declared or overridden here.
    public var parameters: [ParameterName: Parameter]
    public var definitions: [UnquantifiedTerm: Amount]
    public var rules: [Rule]
    public var place: SourcePlace
    /// The kinds of organisation the jurisdiction has, when its header states them
    /// (`organisations …` / `组织 …`); descendants inherit the list unless they state their own.
    public var organisationKinds: [RoleName]?
    /// Where the header states them.
    public var organisationKindsPlace: SourcePlace?
    public init(name: JurisdictionName, label: String?, code: String?, parent: JurisdictionName?, calendar: String?, validity: Validity?, defaultTime: TimeOfDay?, documents: [SourceDocument], parameters: [ParameterName: Parameter], definitions: [UnquantifiedTerm: Amount], rules: [Rule], place: SourcePlace) {
        self.name = name
        self.label = label
        self.code = code
        self.parent = parent
        self.calendar = calendar
        self.validity = validity
        self.defaultTime = defaultTime
        self.documents = documents
        self.parameters = parameters
        self.definitions = definitions
        self.rules = rules
        self.place = place
    }
}

/// The checked policy tree: the vocabulary and every jurisdiction, with inheritance resolved on
/// demand by `effectiveRules(for:)`.
public struct Program: Hashable, Sendable, Codable {
    public var vocabulary: Vocabulary
    public var jurisdictions: [JurisdictionName: Jurisdiction]
    public init(vocabulary: Vocabulary, jurisdictions: [JurisdictionName: Jurisdiction]) {
        self.vocabulary = vocabulary
        self.jurisdictions = jurisdictions
    }

    /// The chain from the jurisdiction up to the root, the jurisdiction first. The checker has
    /// rejected cycles, but the walk is bounded anyway.
    public func lineage(of name: JurisdictionName) -> [Jurisdiction] {
        var chain: [Jurisdiction] = []
        var next: JurisdictionName? = name
        while let n = next, let j = jurisdictions[n], chain.count <= jurisdictions.count {
            chain.append(j)
            next = j.parent
        }
        return chain
    }

    /// The event types a recurring duty of any jurisdiction is discharged by (each school's
    /// daily report, each inspection): these are counted by the organisation that did them.
    public var recurringActions: Set<EventType> {
        var set = Set<EventType>()
        for name in jurisdictions.keys {
            for rule in effectiveRules(for: name) {
                guard case .duties(_, _, let duties) = rule.body else { continue }
                for d in duties { if case .recurring = d.timing { set.formUnion(d.actions) } }
            }
        }
        return set
    }

    /// The rules in force for a jurisdiction: its own and every ancestor's, rules of one name in
    /// a nearer jurisdiction replacing all of a farther one's (every version of it). Versions of
    /// a rule (the same name, each with its own `effective` period) are all returned; which one
    /// applies on a date is their `validity`. Root first, in declaration order.
    public func effectiveRules(for name: JurisdictionName) -> [Rule] {
        // Keyed by a name type that hashes its bytes: String hashing normalises Chinese text on
        // every lookup, and this runs for every jurisdiction of every evaluation.
        var byName: [RuleID: [Rule]] = [:]
        var order: [RuleID] = []
        for j in lineage(of: name).reversed() {
            var own: [RuleID: [Rule]] = [:]
            for r in j.rules { own[RuleID(r.name), default: []].append(r) }
            for r in j.rules {
                let key = RuleID(r.name)
                guard let rules = own.removeValue(forKey: key) else { continue }
                if byName[key] == nil { order.append(key) }
                byName[key] = rules
            }
        }
        return order.flatMap { byName[$0] ?? [] }
    }

    /// A parameter's value as the jurisdiction sees it: the nearest declaration or override.
    public func parameter(_ p: ParameterName, for name: JurisdictionName) -> Parameter? {
        for j in lineage(of: name) { if let v = j.parameters[p] { return v } }
        return nil
    }

    /// A term's definition as the jurisdiction sees it.
    public func definition(of term: UnquantifiedTerm, for name: JurisdictionName) -> Amount? {
        for j in lineage(of: name) { if let v = j.definitions[term] { return v } }
        return nil
    }

    /// The calendar a jurisdiction uses: its own, else the nearest ancestor's.
    public func calendar(for name: JurisdictionName) -> String? {
        for j in lineage(of: name) { if let c = j.calendar { return c } }
        return nil
    }
}

extension Recurrence {
    /// Whether the periods are counted on the school calendar: teaching days, semesters, windows
    /// around a term's start, and periods kept only when they hold a teaching day.
    public var restsOnSchoolCalendar: Bool {
        if teachingPeriodsOnly { return true }
        switch period {
        case .every(let unit, _): return unit == .teachingDay || unit == .semester
        case .termStart: return true
        default: return false
        }
    }
}
