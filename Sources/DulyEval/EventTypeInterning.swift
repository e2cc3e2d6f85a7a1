import DulyModel

/// One String instance per event-type name for an evaluator's rules and the results it builds.
/// A name of more than 15 UTF-8 bytes (登记到校情况 is 18) lives on the heap: sharing one
/// instance spares an allocation per result and per organisation's act. (A subject's events
/// carry no names at all: they are compared by `EventTypeTable` symbols.)
struct EventTypeInterning {
    private let canonical: [EventType: EventType]

    init(_ vocabulary: Vocabulary) {
        var table: [EventType: EventType] = [:]
        for t in vocabulary.events.keys { table[t] = t }
        canonical = table
    }

    /// The shared instance of `type` (itself when the vocabulary does not declare it).
    func callAsFunction(_ type: EventType) -> EventType { canonical[type] ?? type }

    func body(_ body: RuleBody) -> RuleBody {
        switch body {
        case .duties(let trigger, let forEach, let duties):
            return .duties(trigger: trigger.map { Trigger(event: self($0.event), condition: $0.condition) }, forEachManaged: forEach,
                           duties: duties.map(duty))
        case .escalation(let counter, let steps):
            return .escalation(Counter(unit: counter.unit, event: self(counter.event), condition: counter.condition),
                               steps: steps.map { s in EscalationStep(threshold: s.threshold, citations: s.citations, duties: s.duties.map(duty), place: s.place) })
        case .requirement(let action, let prerequisite):
            return .requirement(action: self(action), prerequisite: self.prerequisite(prerequisite))
        case .order(let types):
            return .order(types.map { self($0) })
        case .uncheckable:
            return body
        }
    }

    func duty(_ d: Duty) -> Duty {
        var d = d
        d.action = self(d.action)
        d.alternativeActions = d.alternativeActions.map { self($0) }
        if case .deadline(.within(let amount, .event(let t))) = d.timing { d.timing = .deadline(.within(amount, from: .event(self(t)))) }
        return d
    }

    func prerequisite(_ p: Prerequisite) -> Prerequisite {
        switch p {
        case .event(let t, let n): return .event(self(t), atLeast: n)
        case .eventBy(let t, let n, let role): return .eventBy(self(t), atLeast: n, role: role)
        case .all(let ps): return .all(ps.map(prerequisite))
        case .any(let ps): return .any(ps.map(prerequisite))
        }
    }
}
