import DulySource
import DulyTime

/// One line of an explanation: a rule fired, a deadline was counted, a duty was judged.
///
/// The evaluator records what happened as data; the output layer words it in each language
/// (`explain --lang zh` reads the same steps as `--lang en`).
public struct TraceStep: Hashable, Sendable {
    public var date: CivilDate?
    public var rule: RuleID?
    public var event: TraceEvent
    /// Indentation depth, for display.
    public var depth: Int
    public init(date: CivilDate?, rule: RuleID?, event: TraceEvent, depth: Int = 0) {
        self.date = date
        self.rule = rule
        self.event = event
        self.depth = depth
    }
}

/// An event of the case data as a trace or a note names it: its type, ID and moment.
public struct EventMention: Hashable, Sendable {
    public var type: EventType
    public var id: EventID
    public var date: CivilDate
    public var time: TimeOfDay?
    public init(type: EventType, id: EventID, date: CivilDate, time: TimeOfDay? = nil) {
        self.type = type
        self.id = id
        self.date = date
        self.time = time
    }
    public init(_ e: CaseEvent) { self.init(type: e.type, id: e.id, date: e.date, time: e.time) }
}

/// What happened at one step of evaluating a subject.
public enum TraceEvent: Hashable, Sendable {
    /// The subject, the policy that judges it and how much of its record is seen.
    case judgedBy(name: String, id: SubjectID, jurisdiction: JurisdictionName, calendar: String?, events: Int, asOf: CivilDate)
    /// The days the data speaks for about the subject.
    case dataCovers(from: CivilDate, through: CivilDate, asOf: CivilDate)
    /// The subject's school has its own 校历 in the case data.
    case ownSchoolCalendar(calendar: String, suppliedTerms: Int)
    /// A trigger event the rule's condition excludes.
    case conditionNotMet(EventMention)
    /// A condition the data cannot decide (an age without a birth date); also a problem.
    case conditionUndecided(EventMention, subject: SubjectID, missing: [AttributeName])
    /// A rule (or an escalation step at `step`) fires on an event.
    case fires(EventMention, step: Int?)
    /// A rule the policy marks uncheckable, with the policy's own reason.
    case uncheckable(reason: LocalizedText)
    /// A duty limited to a named term, triggered after that term ended: not created.
    case afterTerm(role: RoleName, action: EventType, term: String, trigger: EventMention, termEnded: CivilDate)
    /// A `then`/`otherwise` duty whose condition on the previous duty does not hold.
    case sequelNotTriggered(Sequel, role: RoleName, action: EventType)
    /// The deadline is counted under the holder's jurisdiction, not the subject's.
    case countedUnder(JurisdictionName, holder: String)
    /// A deadline counted day by day on the calendar.
    case deadline(DulyTime.Deadline, assumedSchoolCalendar: Bool)
    /// A deadline at the end of a named term.
    case termDeadline(term: String, first: CivilDate, last: CivilDate)
    /// A triggered duty judged: who, what, for whom, by when, and where it stands.
    case obligation(holders: [Holder], actions: [EventType], recipients: [RoleName], due: DueMoment?, status: ObligationStatus,
                    done: EventMention?, asOf: CivilDate, note: DueNote?)
    /// An event of a consecutive count on a day that does not count (a rest day).
    case notCountingDay(EventMention, teachingDays: Bool)
    /// An event of a consecutive count and the count it reaches.
    case consecutiveCount(EventMention, count: Int)
    /// A prohibited type of act recorded with no actor: nobody can be named.
    case noActor(EventMention, holders: [RoleName])
    /// A prohibited type of act done by a body the prohibition does not bind.
    case notBound(EventMention, by: String, holders: [RoleName])
    /// A prohibited act by a role the prohibition binds.
    case forbidden(role: RoleName, action: EventType, EventMention)
    /// An act whose prerequisite is met.
    case prerequisiteMet(EventMention, Prerequisite)
    /// A finding raised at this step (a missing prerequisite, an act out of order).
    case finding(FindingReason)
    /// A recurring duty's period judged.
    case period(PeriodJudgement)
    /// An act counted late for a recurring period.
    case periodActLate(LatePeriodAct)
    /// A period with too few acts once its next judgement point has passed (or as of the as-of date).
    case periodMissed(next: JudgementPoint?, asOf: CivilDate, final: Bool)
}

/// The judgement of one period of a recurring duty.
public struct PeriodJudgement: Hashable, Sendable {
    public var holder: Holder
    public var actions: [EventType]
    /// The organisation the duty is about, when it is held per managed organisation.
    public var target: String?
    public var needed: Int
    public var period: String
    public var due: DueMoment
    public var counted: [EventID]
    public var status: ObligationStatus
    /// Set when the period would be missed but lies outside the data: the data's span.
    public var notJudged: DataCoverage?
    public var assumedSchoolCalendar: Bool
    public init(holder: Holder, actions: [EventType], target: String?, needed: Int, period: String, due: DueMoment, counted: [EventID],
                status: ObligationStatus, notJudged: DataCoverage?, assumedSchoolCalendar: Bool) {
        self.holder = holder
        self.actions = actions
        self.target = target
        self.needed = needed
        self.period = period
        self.due = due
        self.counted = counted
        self.status = status
        self.notJudged = notJudged
        self.assumedSchoolCalendar = assumedSchoolCalendar
    }
}

/// The next moment a recurring period's shortfall is judged: the following period's cut-off,
/// or the as-of date.
public enum JudgementPoint: Hashable, Sendable {
    case cutoff(DueMoment, period: String)
    case asOf(CivilDate)
}

/// An act that made up a recurring period after its cut-off.
public struct LatePeriodAct: Hashable, Sendable {
    public var act: EventMention
    public var period: String
    /// Which act of the period it is (1-based) and how many the period needs.
    public var ordinal: Int
    public var needed: Int
    public var due: DueMoment
    public var next: JudgementPoint
    /// The period whose window the act lies in, when it was not needed there on time; nil when
    /// it lies in no period's window on time.
    public var spareFrom: String?
    /// How many other acts `spareFrom` has in its window.
    public var otherActs: Int
    public var daysLate: Int
    public init(act: EventMention, period: String, ordinal: Int, needed: Int, due: DueMoment, next: JudgementPoint,
                spareFrom: String?, otherActs: Int, daysLate: Int) {
        self.act = act
        self.period = period
        self.ordinal = ordinal
        self.needed = needed
        self.due = due
        self.next = next
        self.spareFrom = spareFrom
        self.otherActs = otherActs
        self.daysLate = daysLate
    }
}

/// Why an obligation has no due date or cannot be judged, as data.
public enum DueNote: Hashable, Sendable {
    /// 及时, 立即 … with no definition in force for the jurisdiction.
    case undefinedTerm(UnquantifiedTerm, jurisdiction: JurisdictionName)
    /// The deadline counts from an event of `type` and none precedes the trigger.
    case noCountingStart(type: EventType, trigger: EventMention)
    /// The deadline counts from a date attribute the trigger event lacks.
    case noCountingDate(trigger: EventMention, attribute: AttributeName)
    /// The calendar cannot count the deadline (a year without holiday data).
    case calendar(CalendarError)
    /// An act recorded with a date only, against a time-of-day cut-off, and no default time.
    case noTimeOfDay(EventMention, jurisdiction: JurisdictionName)
    /// The deadline passed after the data ends.
    case noDataAfter(CivilDate, due: CivilDate)
}

/// A problem that stopped part of an evaluation: it is reported, never guessed around.
public struct EvaluationProblem: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A date outside the calendar data (names the missing year).
        case missingCalendarData = "missing-calendar-data"
        /// An event or subject that cannot be judged (no time of day against a cutoff, a
        /// missing date attribute, a jurisdiction without a calendar).
        case undeterminable
    }

    /// What went wrong, as data.
    public enum Reason: Hashable, Sendable {
        /// The calendar cannot count a date (no holiday data, no school calendar for the year).
        case calendar(CalendarError)
        /// The jurisdiction's calendar is not loaded.
        case noCalendar(JurisdictionName)
        /// A rule's condition the data cannot decide.
        case conditionUndecided(rule: RuleID, EventMention, subject: SubjectID, missing: [AttributeName])
        /// A recurring duty's act recorded with a date only, against a time-of-day cut-off.
        case noTimeOfDay(rule: RuleID, EventMention, organisation: OrganisationID, jurisdiction: JurisdictionName, cutoff: TimeOfDay)
        /// A prohibited type of act recorded with no actor.
        case noActor(rule: RuleID, EventMention, holders: [RoleName])
        /// A recurring duty no organisation of the jurisdiction can hold.
        case unboundRecurringDuty(rule: RuleID, jurisdiction: JurisdictionName, kind: RoleName, role: RoleName, action: EventType)
        /// A part of the case data could not be read back during the evaluation; why, in English
        /// and in Chinese.
        case unreadableData(en: String, zh: String)
    }

    public var reason: Reason
    public var kind: Kind {
        switch reason {
        case .calendar(.missingHolidayData), .calendar(.missingSchoolCalendar), .calendar(.beyondRepresentableDates): .missingCalendarData
        default: .undeterminable
        }
    }
    public init(_ reason: Reason) { self.reason = reason }
}
