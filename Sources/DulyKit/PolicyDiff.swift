import DulyModel
import DulyTime

/// A due action whose deadline differs between two versions of a policy: same subject, rule,
/// action, role, organisation, recipient, trigger, period and escalation step.
public struct MovedDueAction: Hashable, Sendable {
    public var old: DueAction
    public var new: DueAction

    public init(old: DueAction, new: DueAction) {
        self.old = old
        self.new = new
    }
}

/// Changes counted for one rule or one organisation.
public struct PolicyDiffCount: Hashable, Sendable {
    /// The rule's ID, or the organisation's ID (`(ROLE)` when no organisation plays the role).
    public var key: String
    /// What a reader sees: the rule's ID, or `NAME (ID)` for an organisation.
    public var label: String
    public var dueAdded = 0
    public var dueRemoved = 0
    public var dueMoved = 0
    public var findingsAdded = 0
    public var findingsRemoved = 0

    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }

    public var total: Int { dueAdded + dueRemoved + dueMoved + findingsAdded + findingsRemoved }
}

/// What changes between two evaluations of the same data: due actions added, removed or moved,
/// findings added or removed, counted per rule and per organisation. Every list is sorted, so
/// the same inputs give the same bytes whatever the order of the data's rows.
public struct PolicyDiffChanges: Hashable, Sendable {
    /// By old deadline (see `PolicyDiff.order`).
    public var moved: [MovedDueAction]
    public var added: [DueAction]
    public var removed: [DueAction]
    public var findingsAdded: [Finding]
    public var findingsRemoved: [Finding]
    /// Most changes first, then by key.
    public var byRule: [PolicyDiffCount]
    public var byOrganisation: [PolicyDiffCount]

    public var isEmpty: Bool { moved.isEmpty && added.isEmpty && removed.isEmpty && findingsAdded.isEmpty && findingsRemoved.isEmpty }
}

/// Impact analysis of a policy change: evaluate the old and the new version over the same data
/// and compare. `compare` is the pure part; `PolicyDiff.run` (PolicyDiffRun.swift) loads the
/// versions, and `PolicyDiffOutput.render` prints.
public enum PolicyDiff {
    /// The identity of a due action across versions; the deadline is what may move.
    struct DueKey: Hashable {
        var subject: SubjectID
        var rule: RuleID
        var action: EventType
        var role: RoleName
        var organisation: OrganisationID?
        var recipient: RoleName?
        var trigger: EventID?
        var period: String?
        var step: Int?

        init(_ a: DueAction) {
            subject = a.subject
            rule = a.rule
            action = a.action
            role = a.role
            organisation = a.organisation
            recipient = a.recipient
            trigger = a.trigger
            period = a.period
            step = a.step
        }
    }

    /// The identity of a finding across versions: the breach, not its wording. The deadline is
    /// left out, so an act late under both versions is one unchanged finding (its due action
    /// shows as moved).
    struct FindingKey: Hashable {
        var kind: FindingKind
        var severity: Severity
        var date: CivilDate
        var subject: SubjectID
        var role: RoleName
        var organisation: OrganisationID?
        var action: EventType
        var rule: RuleID
        var evidence: [EventID]
        var period: String?

        init(_ f: Finding) {
            kind = f.kind
            severity = f.severity
            date = f.date
            subject = f.subject
            role = f.role
            organisation = f.organisation
            action = f.action
            rule = f.rule
            evidence = f.evidence
            period = f.period
        }
    }

    /// A total order on due actions: `DueAction.byDeadline`, then the fields it leaves out, so
    /// ties never depend on the order evaluation produced them in.
    public static func order(_ a: DueAction, _ b: DueAction) -> Bool {
        if DueAction.byDeadline(a, b) { return true }
        if DueAction.byDeadline(b, a) { return false }
        let ka = [a.action.rawValue, a.role.rawValue, a.recipient?.rawValue ?? "", a.status.rawValue,
                  a.doneBy.map(\.rawValue).joined(separator: ","), a.note.map { TraceWords.note($0, .en) } ?? ""]
        let kb = [b.action.rawValue, b.role.rawValue, b.recipient?.rawValue ?? "", b.status.rawValue,
                  b.doneBy.map(\.rawValue).joined(separator: ","), b.note.map { TraceWords.note($0, .en) } ?? ""]
        return ka.lexicographicallyPrecedes(kb)
    }

    /// A total order on findings: `Finding.byDate`, then severity, due date and message.
    public static func order(_ a: Finding, _ b: Finding) -> Bool {
        if Finding.byDate(a, b) { return true }
        if Finding.byDate(b, a) { return false }
        let ka = [a.severity.rawValue, a.due?.description ?? "", ReportWords.english(a.reason)]
        let kb = [b.severity.rawValue, b.due?.description ?? "", ReportWords.english(b.reason)]
        return ka.lexicographicallyPrecedes(kb)
    }

    static func sameDeadline(_ a: DueAction, _ b: DueAction) -> Bool { a.due == b.due && a.dueTime == b.dueTime }

    /// Compares the due actions and findings of two evaluations of the same data.
    ///
    /// Due actions are matched by identity (`DueKey`). Where a rule yields several with the same
    /// identity, those with equal deadlines pair first, and the rest pair in deadline order;
    /// what is left over is added or removed.
    public static func compare(oldDue: [DueAction], newDue: [DueAction], oldFindings: [Finding], newFindings: [Finding]) -> PolicyDiffChanges {
        var groups: [DueKey: (old: [DueAction], new: [DueAction])] = [:]
        for a in oldDue { groups[DueKey(a), default: ([], [])].old.append(a) }
        for a in newDue { groups[DueKey(a), default: ([], [])].new.append(a) }
        var moved: [MovedDueAction] = []
        var added: [DueAction] = []
        var removed: [DueAction] = []
        for (_, group) in groups {
            var olds = group.old.sorted(by: order)
            var news = group.new.sorted(by: order)
            // Equal deadlines are not changes: take them out before pairing what moved.
            var i = 0
            while i < olds.count {
                if let j = news.firstIndex(where: { sameDeadline($0, olds[i]) }) {
                    olds.remove(at: i)
                    news.remove(at: j)
                } else {
                    i += 1
                }
            }
            let paired = min(olds.count, news.count)
            for k in 0..<paired { moved.append(MovedDueAction(old: olds[k], new: news[k])) }
            removed += olds.dropFirst(paired)
            added += news.dropFirst(paired)
        }
        moved.sort { order($0.old, $1.old) || (!order($1.old, $0.old) && order($0.new, $1.new)) }
        added.sort(by: order)
        removed.sort(by: order)

        let findingsAdded = difference(newFindings, oldFindings).sorted(by: order)
        let findingsRemoved = difference(oldFindings, newFindings).sorted(by: order)

        var rules: [String: PolicyDiffCount] = [:]
        var organisations: [String: PolicyDiffCount] = [:]
        func count(rule: RuleID, organisation: OrganisationID?, name: String?, role: RoleName, _ bump: (inout PolicyDiffCount) -> Void) {
            bump(&rules[rule.rawValue, default: PolicyDiffCount(key: rule.rawValue, label: rule.rawValue)])
            let key = organisation?.rawValue ?? "(\(role))"
            let label = organisation.map { id in name.map { "\($0) (\(id))" } ?? id.rawValue } ?? "(\(role))"
            bump(&organisations[key, default: PolicyDiffCount(key: key, label: label)])
        }
        for m in moved { count(rule: m.new.rule, organisation: m.new.organisation, name: m.new.organisationName, role: m.new.role) { $0.dueMoved += 1 } }
        for a in added { count(rule: a.rule, organisation: a.organisation, name: a.organisationName, role: a.role) { $0.dueAdded += 1 } }
        for a in removed { count(rule: a.rule, organisation: a.organisation, name: a.organisationName, role: a.role) { $0.dueRemoved += 1 } }
        for f in findingsAdded { count(rule: f.rule, organisation: f.organisation, name: f.organisationName, role: f.role) { $0.findingsAdded += 1 } }
        for f in findingsRemoved { count(rule: f.rule, organisation: f.organisation, name: f.organisationName, role: f.role) { $0.findingsRemoved += 1 } }
        func sorted(_ d: [String: PolicyDiffCount]) -> [PolicyDiffCount] {
            d.values.sorted { ($1.total, $0.key) < ($0.total, $1.key) }
        }
        return PolicyDiffChanges(moved: moved, added: added, removed: removed, findingsAdded: findingsAdded,
                                 findingsRemoved: findingsRemoved, byRule: sorted(rules), byOrganisation: sorted(organisations))
    }

    /// The findings of `a` that `b` has not, counting repeats (a multiset difference by `FindingKey`).
    static func difference(_ a: [Finding], _ b: [Finding]) -> [Finding] {
        var remaining: [FindingKey: Int] = [:]
        for f in b { remaining[FindingKey(f), default: 0] += 1 }
        var result: [Finding] = []
        for f in a.sorted(by: order) {
            let key = FindingKey(f)
            if let n = remaining[key], n > 0 { remaining[key] = n - 1 } else { result.append(f) }
        }
        return result
    }
}
