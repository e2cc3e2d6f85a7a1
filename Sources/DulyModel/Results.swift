import DulyTime

/// Where an obligation stands at the as-of date.
public enum ObligationStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Not done, the deadline more than `soon` days away.
    case open
    /// Not done, the deadline within `soon` days (or today).
    case dueSoon = "due-soon"
    /// Not done, the deadline passed.
    case overdue
    /// Done by the deadline.
    case doneOnTime = "done-on-time"
    /// Done after the deadline.
    case doneLate = "done-late"
    /// Not done, and the rule gives no checkable deadline (an undefined 及时).
    case noDeadline = "no-deadline"
    /// Cannot be judged from the data (a date attribute missing, a date-only event against a
    /// time-of-day cutoff, a date outside the calendar data); `note` says why.
    case undetermined

    /// Whether the obligation still waits for its action.
    public var isOpen: Bool { self == .open || self == .dueSoon || self == .overdue || self == .noDeadline || self == .undetermined }
}

/// A rule's citation as one line: `GZ-7 (二.6)`.
public func citationText(_ citations: [Citation]) -> String {
    citations.map { c in
        let ids = c.ids.map(\.rawValue).joined(separator: ", ")
        guard let clause = c.clause, !clause.isEmpty else { return ids }
        let trimmed = clause.hasPrefix("(") || clause.hasPrefix("（") ? clause : "(\(clause))"
        return ids.isEmpty ? trimmed : "\(ids) \(trimmed)"
    }.joined(separator: "; ")
}

/// What a due date or a period rests on: the holiday calendar alone, a school calendar (a
/// published or user-supplied 校历), or a school calendar whose dates are an assumption.
public enum CalendarBasis: String, Hashable, Sendable, Codable, CaseIterable {
    /// Dates, working days and calendar periods: the State Council's holidays at most.
    case calendar
    /// Teaching days or terms counted on a 校历 that is published or supplied by the user.
    case schoolCalendar = "school-calendar"
    /// Teaching days or terms counted on a 校历 whose source is an assumption.
    case assumedSchoolCalendar = "assumed-school-calendar"

    /// The basis of something counted on `calendar`'s school calendar between two days.
    public static func school(_ calendar: SchoolCalendar?, from first: CivilDate, through last: CivilDate) -> CalendarBasis {
        calendar?.restsOnAssumption(from: first, through: last) == true ? .assumedSchoolCalendar : .schoolCalendar
    }
}

/// One obligation instance: who must do what for whom, by when, and whether it was done.
public struct DueAction: Hashable, Sendable {
    /// The student, or the organisation a recurring duty is about.
    public var subject: SubjectID
    public var subjectName: String
    public var action: EventType
    public var role: RoleName
    /// The organisation whose list shows the duty; `nil` when no organisation plays the role
    /// in the data (监护人).
    public var organisation: OrganisationID?
    public var organisationName: String?
    public var recipient: RoleName?
    /// Other recipients any one of which the act may be addressed to instead (`to A or B`).
    public var recipientAlternatives: [RoleName] = []
    /// Other event types any one of which does the duty as well (`must 返校 or 缓学`).
    public var actionAlternatives: [EventType] = []
    public var rule: RuleID
    public var citation: String
    /// The event the duty is counted from (the trigger, the previous duty's discharge).
    public var trigger: EventID?
    /// The day counting starts from (not itself counted).
    public var start: CivilDate?
    /// The recurring period, for recurring duties (`2024-09`, `2024-09H2`).
    public var period: String?
    /// The last day, and the time it ends (24:00 unless the rule says).
    public var due: CivilDate?
    public var dueTime: TimeOfDay?
    /// Calendar days from the as-of date to the due date (negative when overdue).
    public var daysLeft: Int?
    public var status: ObligationStatus
    /// The events that discharged it.
    public var doneBy: [EventID]
    public var doneOn: CivilDate?
    /// Why it has no due date or cannot be judged.
    public var note: DueNote?
    /// 0 for the rule's own duty, 1 for its first sequel, …, so sorting is stable.
    public var dutyIndex: Int
    public var step: Int?
    /// The other parties any one of whom may discharge the duty instead (`A or B must …`).
    public var alternatives: [Holder] = []
    /// The jurisdiction whose parameters and definitions set the deadline: the holder's, when it
    /// is not the subject's (a reply owed by the bureau of another county).
    public var countedUnder: JurisdictionName?
    /// What the due date (or the period) rests on.
    public var basis: CalendarBasis = .calendar

    public init(subject: SubjectID, subjectName: String, action: EventType, role: RoleName, organisation: OrganisationID?, organisationName: String?,
                recipient: RoleName?, recipientAlternatives: [RoleName] = [], rule: RuleID, citation: String, trigger: EventID?, start: CivilDate?,
                period: String?, due: CivilDate?, dueTime: TimeOfDay?, daysLeft: Int?, status: ObligationStatus, doneBy: [EventID], doneOn: CivilDate?,
                note: DueNote?, dutyIndex: Int, step: Int?, alternatives: [Holder] = [], countedUnder: JurisdictionName? = nil) {
        self.alternatives = alternatives
        self.recipientAlternatives = recipientAlternatives
        self.countedUnder = countedUnder
        self.subject = subject
        self.subjectName = subjectName
        self.action = action
        self.role = role
        self.organisation = organisation
        self.organisationName = organisationName
        self.recipient = recipient
        self.rule = rule
        self.citation = citation
        self.trigger = trigger
        self.start = start
        self.period = period
        self.due = due
        self.dueTime = dueTime
        self.daysLeft = daysLeft
        self.status = status
        self.doneBy = doneBy
        self.doneOn = doneOn
        self.note = note
        self.dutyIndex = dutyIndex
        self.step = step
    }

    /// The order lists use: by due date (none last), then subject, rule, duty, trigger, period.
    public static func byDeadline(_ a: DueAction, _ b: DueAction) -> Bool {
        let da = a.due?.dayNumber ?? Int32.max, db = b.due?.dayNumber ?? Int32.max
        if da != db { return da < db }
        let ta = a.dueTime?.minutes ?? 1440, tb = b.dueTime?.minutes ?? 1440
        if ta != tb { return ta < tb }
        if a.subject != b.subject { return a.subject < b.subject }
        if a.rule != b.rule { return a.rule < b.rule }
        if (a.step ?? 0) != (b.step ?? 0) { return (a.step ?? 0) < (b.step ?? 0) }
        if a.dutyIndex != b.dutyIndex { return a.dutyIndex < b.dutyIndex }
        if a.trigger != b.trigger { return (a.trigger?.rawValue ?? "") < (b.trigger?.rawValue ?? "") }
        if a.organisation != b.organisation { return (a.organisation?.rawValue ?? "") < (b.organisation?.rawValue ?? "") }
        return (a.period ?? "") < (b.period ?? "")
    }
}

/// What kind of breach a finding reports.
public enum FindingKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Done after the deadline.
    case late
    /// Not done and the deadline has passed (or a recurring period passed without enough events).
    case missed
    /// A prohibited act happened.
    case forbidden
    /// An act whose prerequisite had not happened before it.
    case missingPrerequisite = "missing-prerequisite"
    /// An act that came before the act an order puts first.
    case outOfOrder = "out-of-order"
}

public enum Severity: String, Hashable, Sendable, Codable, Comparable {
    case warning, error
    public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
}

/// A breach of a rule at a date, with the events that show it.
public struct Finding: Hashable, Sendable {
    public var kind: FindingKind
    public var severity: Severity
    public var date: CivilDate
    public var subject: SubjectID
    public var subjectName: String
    public var role: RoleName
    public var organisation: OrganisationID?
    public var organisationName: String?
    public var action: EventType
    public var rule: RuleID
    public var citation: String
    /// The events that show the breach (the trigger, the late act, the forbidden act).
    public var evidence: [EventID]
    public var period: String?
    public var due: CivilDate?
    /// For a recurring period done late: calendar days from the due date to the act that
    /// completed it (0 when it came on the due date after a time-of-day cut-off).
    public var daysLate: Int?
    /// The other parties who could have discharged the duty (`A or B must …`): a missed duty is
    /// the failure of all of them, not of the first alone.
    public var alternatives: [Holder] = []
    /// What the deadline (or the period) rests on.
    public var basis: CalendarBasis = .calendar
    /// Why the finding was raised, as data: the output layer words it in each language.
    public var reason: FindingReason

    public init(kind: FindingKind, severity: Severity, date: CivilDate, subject: SubjectID, subjectName: String, role: RoleName,
                organisation: OrganisationID?, organisationName: String?, action: EventType, rule: RuleID, citation: String,
                reason: FindingReason, evidence: [EventID], period: String?, due: CivilDate?, daysLate: Int? = nil, alternatives: [Holder] = [],
                basis: CalendarBasis = .calendar) {
        self.alternatives = alternatives
        self.basis = basis
        self.kind = kind
        self.severity = severity
        self.date = date
        self.subject = subject
        self.subjectName = subjectName
        self.role = role
        self.organisation = organisation
        self.organisationName = organisationName
        self.action = action
        self.rule = rule
        self.citation = citation
        self.reason = reason
        self.evidence = evidence
        self.period = period
        self.due = due
        self.daysLate = daysLate
    }

    /// By date, then subject, rule, kind, organisation, evidence, period.
    public static func byDate(_ a: Finding, _ b: Finding) -> Bool {
        if a.date != b.date { return a.date < b.date }
        if a.subject != b.subject { return a.subject < b.subject }
        if a.rule != b.rule { return a.rule < b.rule }
        if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
        if a.action != b.action { return a.action < b.action }
        if a.organisation != b.organisation { return (a.organisation?.rawValue ?? "") < (b.organisation?.rawValue ?? "") }
        if a.evidence != b.evidence { return joinedPrecedes(a.evidence, b.evidence) }
        return (a.period ?? "") < (b.period ?? "")
    }

    /// Whether the IDs joined with commas come first in byte order, without joining them:
    /// findings of one rule on one day for one subject are told apart here, often.
    static func joinedPrecedes(_ a: [EventID], _ b: [EventID]) -> Bool {
        var x = a.lazy.map(\.rawValue.utf8).joined(separator: CollectionOfOne(UInt8(ascii: ","))).makeIterator()
        var y = b.lazy.map(\.rawValue.utf8).joined(separator: CollectionOfOne(UInt8(ascii: ","))).makeIterator()
        while true {
            switch (x.next(), y.next()) {
            case let (p?, q?): if p != q { return p < q }
            case (nil, _?): return true
            case (_, nil): return false
            }
        }
    }
}

/// A party that may discharge a duty: the role as the rule names it and the organisation that
/// plays it for the subject (nil when the data has none).
public struct Holder: Hashable, Sendable {
    public var role: RoleName
    public var organisation: OrganisationID?
    public var organisationName: String?
    public init(role: RoleName, organisation: OrganisationID?, organisationName: String?) {
        self.role = role
        self.organisation = organisation
        self.organisationName = organisationName
    }
}

/// The due moment a finding speaks of: a day, and a time of day when the rule has a cut-off.
public struct DueMoment: Hashable, Sendable {
    public var date: CivilDate
    public var time: TimeOfDay
    /// The cut-off excludes its instant ("before 12:00").
    public var exclusive: Bool
    public init(date: CivilDate, time: TimeOfDay = .endOfDay, exclusive: Bool = false) {
        self.date = date
        self.time = time
        self.exclusive = exclusive
    }
}

/// Why a finding was raised, as data (the output layer words it).
public enum FindingReason: Hashable, Sendable {
    /// A triggered duty done after its deadline.
    case doneLate(actions: [EventType], recipients: [RoleName], done: EventID, on: CivilDate, at: TimeOfDay?, due: DueMoment)
    /// A triggered duty not done by its deadline, as far as the data reaches (`seenUntil`);
    /// `holders`: the parties any of whom could have done it, when there are several.
    case notDone(actions: [EventType], recipients: [RoleName], due: DueMoment, trigger: EventType, triggerEvent: EventID,
                 holders: [String], seenUntil: CivilDate)
    /// A recurring period made up late by `acts`.
    case periodDoneLate(action: EventType, period: String, due: DueMoment, acts: [LateAct])
    /// A recurring period with fewer acts than it needs.
    case periodShort(actions: [EventType], have: Int, needed: Int, period: String, due: DueMoment)
    /// A prohibited act by one of the roles the prohibition names.
    case forbidden(role: RoleName, type: EventType, event: EventID, on: CivilDate)
    /// An act whose prerequisite was not recorded before it; `others` are records of the
    /// prerequisite's events by a body that does not count.
    case missingPrerequisite(action: EventType, event: EventID, on: CivilDate, prerequisite: Prerequisite, others: [MisattributedRecord])
    /// An act that came before any event of the type that must precede it.
    case outOfOrder(type: EventType, event: EventID, on: CivilDate, before: EventType)
}

/// One act that made up a recurring period late.
public struct LateAct: Hashable, Sendable {
    public var event: EventID
    public var date: CivilDate
    public var time: TimeOfDay?
    public var daysLate: Int
    public init(event: EventID, date: CivilDate, time: TimeOfDay?, daysLate: Int) {
        self.event = event
        self.date = date
        self.time = time
        self.daysLate = daysLate
    }
}

/// A prerequisite's event recorded by a body that is not the one the rule names.
public struct MisattributedRecord: Hashable, Sendable {
    public var type: EventType
    public var event: EventID
    public var date: CivilDate
    /// `name (kind)` of the body that recorded it; nil when the event names none.
    public var recordedBy: String?
    public var wanted: RoleName
    public init(type: EventType, event: EventID, date: CivilDate, recordedBy: String?, wanted: RoleName) {
        self.type = type
        self.event = event
        self.date = date
        self.recordedBy = recordedBy
        self.wanted = wanted
    }
}
