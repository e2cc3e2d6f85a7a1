import DulyModel
import DulyTime

extension Context {
    /// Whether a trigger's or a count's condition holds on the event at index `event`: yes, no,
    /// or nil when the data cannot decide it (an age with no birth date). Nil is reported as a
    /// problem naming the rule, the event and what is missing, and traced: never silently taken
    /// as yes or no. The caller does not act on it.
    mutating func decide(_ condition: Condition, on event: Int, rule: RuleID) -> Bool? {
        if let answer = judge(condition, on: event) { return answer }
        let missing = undecided(condition, on: event)
        outcome.problems.insert(EvaluationProblem(.conditionUndecided(rule: rule, mention(event), subject: subjectID, missing: missing)))
        if tracing { note(events.dates[event], rule, .conditionUndecided(mention(event), subject: subjectID, missing: missing)) }
        return nil
    }

    /// A condition over the attributes of the event at index `event` (of `events`) and of the
    /// subject: yes, no, or nil when the data cannot say. A missing value makes a comparison
    /// false and a flag false: the rule does not fire on what the data does not say. An age
    /// cannot be taken without a birth date, so it is nil, and so is any `and`/`or`/`not` whose
    /// answer depends on it (an `or` with a true part is true, an `and` with a false part false).
    func judge(_ condition: Condition, on event: Int?) -> Bool? {
        switch condition {
        case .value(let o):
            if case .flag(let b)? = value(o, event) { return b }
            return false
        case .not(let c): return judge(c, on: event).map(!)
        case .all(let cs): return combine(cs, on: event, decidedBy: false)
        case .any(let cs): return combine(cs, on: event, decidedBy: true)
        case .age(let o, let years, let atLeast):
            guard case .date(let born)? = value(o, event), let event else { return nil }
            let reached = born.isAtLeast(years, on: events.dates[event])
            return atLeast ? reached : !reached
        case .compare(let a, let op, let b):
            guard let x = value(a, event), let y = value(b, event) else { return false }
            guard let order = compare(x, y) else { return false }
            switch op {
            case .equal: return order == 0
            case .notEqual: return order != 0
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            case .greaterOrEqual: return order >= 0
            }
        case .firstSince(let since):
            // The latest earlier event of either type decides: a `since` means this is the first
            // of its type after it; one of the trigger's own type means an earlier one came first.
            guard let event else { return false }
            let own = events.types[event], sinceSymbol = symbol(since)
            var j = event - 1
            while j >= 0 && events.types[j] != sinceSymbol && events.types[j] != own { j -= 1 }
            return j >= 0 && events.types[j] == sinceSymbol
        }
    }

    /// An `and` (which a false part decides) or an `or` (which a true part decides): a deciding
    /// part decides the whole; else an undecided part leaves it undecided. No list of answers is
    /// built: this runs for every counted absence.
    func combine(_ parts: [Condition], on event: Int?, decidedBy decisive: Bool) -> Bool? {
        var undecided = false
        for c in parts {
            guard let answer = judge(c, on: event) else { undecided = true; continue }
            if answer == decisive { return decisive }
        }
        return undecided ? nil : !decisive
    }

    /// Whether an event attribute `condition` reads is not recorded on the event at `event`.
    func lacksAttribute(_ condition: Condition, on event: Int) -> Bool {
        func missing(_ o: Operand) -> Bool {
            if case .eventAttribute(let n, _) = o { return events.attributes[event][n] == nil }
            return false
        }
        switch condition {
        case .value(let o), .age(let o, _, _): return missing(o)
        case .firstSince: return false
        case .compare(let a, _, let b): return missing(a) || missing(b)
        case .not(let c): return lacksAttribute(c, on: event)
        case .all(let cs), .any(let cs): return cs.contains { lacksAttribute($0, on: event) }
        }
    }

    /// The attributes whose absence leaves `condition` undecided.
    func undecided(_ condition: Condition, on event: Int?) -> [AttributeName] {
        switch condition {
        case .age(let o, _, _):
            guard value(o, event) == nil else { return [] }
            switch o {
            case .eventAttribute(let n, _), .subjectAttribute(let n, _): return [n]
            default: return []
            }
        case .not(let c): return undecided(c, on: event)
        case .all(let cs), .any(let cs): return cs.flatMap { undecided($0, on: event) }
        default: return []
        }
    }

    func value(_ o: Operand, _ event: Int?) -> AttributeValue? {
        switch o {
        case .eventAttribute(let n, _): return event.flatMap { events.attributes[$0][n] }
        case .subjectAttribute(let n, _): return attributes[n]
        case .number(let v): return .number(v)
        case .text(let v): return .text(v)
        case .date(let v): return .date(v)
        case .duration(let v): return .duration(v)
        case .flag(let v): return .flag(v)
        }
    }

    /// -1, 0, 1; nil when the two cannot be compared. A county named by its name compares with an
    /// organisation by the organisation's county (户籍县 = 正安县 equals 正安县教育局); two
    /// organisations compare by ID, so two schools of one county are not equal.
    func compare(_ x: AttributeValue, _ y: AttributeValue) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (x, y) {
        case let (.flag(a), .flag(b)): return a == b ? 0 : (a ? 1 : -1)
        case let (.number(a), .number(b)): return sign(a, b)
        case let (.text(a), .text(b)): return sign(a, b)
        case let (.date(a), .date(b)): return sign(a, b)
        case let (.time(a), .time(b)): return sign(a, b)
        case let (.duration(a), .duration(b)) where a.unit == b.unit: return sign(a.count, b.count)
        case (.organisation, .organisation), (.organisation, .county), (.county, .organisation), (.county, .county):
            if case let (.organisation(a), .organisation(b)) = (x, y) { return sign(a, b) }
            if let a = directory.county(of: x), let b = directory.county(of: y) { return sign(a, b) }
            return nil
        case let (.text(a), .organisation(b)): return sign(a, b.rawValue)
        case let (.organisation(a), .text(b)): return sign(a.rawValue, b)
        default: return nil
        }
    }
}
