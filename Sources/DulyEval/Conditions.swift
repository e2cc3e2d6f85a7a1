import DulyModel
import DulyTime

extension Context {
    /// Whether a trigger's or a count's condition holds on the event at index `event`: yes, no,
    /// or nil when the data cannot decide it (an age with no birth date). Nil is reported as a
    /// problem naming the rule, the event and what is missing, and traced: never silently taken
    /// as yes or no. The caller does not act on it.
    mutating func decide(_ compiled: CompiledCondition, on event: Int, rule: RuleID) -> Bool? {
        if let answer = judge(compiled, on: event) { return answer }
        let condition = compiled.source
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
    ///
    /// It runs for every counted absence, so it reads the compiled form (`CompiledCondition`).
    func judge(_ c: CompiledCondition, on event: Int?) -> Bool? {
        c.nodes.withUnsafeBufferPointer { nodes in
            c.parts.withUnsafeBufferPointer { parts in judge(node: nodes.count - 1, nodes, parts, on: event) }
        }
    }

    private func judge(node n: Int, _ nodes: UnsafeBufferPointer<CompiledCondition.Node>, _ parts: UnsafeBufferPointer<Int32>,
                       on event: Int?) -> Bool? {
        switch nodes[n] {
        case .value(let o):
            if case .flag(let b)? = value(o, event) { return b }
            return false
        case .not(let part): return judge(node: Int(part), nodes, parts, on: event).map(!)
        case .all(let lo, let hi), .any(let lo, let hi):
            // An `and` (which a false part decides) or an `or` (which a true part decides).
            let decisive: Bool
            if case .any = nodes[n] { decisive = true } else { decisive = false }
            var undecided = false
            for k in Int(lo)..<Int(hi) {
                guard let answer = judge(node: Int(parts[k]), nodes, parts, on: event) else { undecided = true; continue }
                if answer == decisive { return decisive }
            }
            return undecided ? nil : !decisive
        case .age(let o, let years, let atLeast):
            guard case .date(let born)? = value(o, event), let event else { return nil }
            let reached = born.isAtLeast(years, on: events.dates[event])
            return atLeast ? reached : !reached
        case .compare(let a, let op, let b):
            guard let x = value(a, event), let y = value(b, event), let order = compare(x, y) else { return false }
            return op.holds(order)
        case .firstSince(let sinceSymbol):
            // The latest earlier event of either type decides: a `since` means this is the first
            // of its type after it; one of the trigger's own type means an earlier one came first.
            guard let event else { return false }
            let own = events.types[event]
            var j = event - 1
            while j >= 0 && events.types[j] != sinceSymbol && events.types[j] != own { j -= 1 }
            return j >= 0 && events.types[j] == sinceSymbol
        }
    }

    @inline(__always) private func value(_ o: CompiledCondition.Operand, _ event: Int?) -> AttributeValue? {
        switch o {
        case .event(let symbol): event.flatMap { events.attribute($0, symbol: symbol) }
        case .subject(let symbol): attributes[symbol: symbol]
        case .constant(let v): v
        }
    }

    /// Whether an event attribute `condition` reads is not recorded on the event at `event`.
    func lacksAttribute(_ condition: Condition, on event: Int) -> Bool {
        func missing(_ o: Operand) -> Bool {
            if case .eventAttribute(let n, _) = o { return events.attribute(event, n) == nil }
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
        case .eventAttribute(let n, _): return event.flatMap { events.attribute($0, n) }
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

extension Comparison {
    /// Whether the comparison holds for an order of -1, 0 or 1.
    @inline(__always) func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }
}

/// A condition compiled for judging: attribute names as `AttributeSymbols`, a `first since`
/// type as an `EventTypeTable` symbol, the tree as one array of nodes with each part before
/// its whole (the root last). Judging the tree of names retained and released a box, a list
/// and a name at every step, for every counted absence; this compares integers.
///
/// A name no vocabulary declares has symbol -1, which no value carries: it reads as missing,
/// as the name did. `source` is kept for what is said about a condition (the attributes an
/// undecided one lacks).
final class CompiledCondition: Sendable {
    enum Operand: Sendable {
        case event(Int32), subject(Int32), constant(AttributeValue)
    }
    enum Node: Sendable {
        case value(Operand)
        case not(Int32)
        /// Parts `parts[lo..<hi]`.
        case all(Int32, Int32), any(Int32, Int32)
        case compare(Operand, Comparison, Operand)
        case age(Operand, years: Int, atLeast: Bool)
        case firstSince(Int32)
    }
    let source: Condition
    let nodes: [Node]
    let parts: [Int32]

    init(_ condition: Condition, attributes: AttributeSymbols, types: EventTypeTable) {
        source = condition
        var nodes: [Node] = [], parts: [Int32] = []
        func operand(_ o: DulyModel.Operand) -> Operand {
            switch o {
            case .eventAttribute(let n, _): .event(attributes.symbol(of: n))
            case .subjectAttribute(let n, _): .subject(attributes.symbol(of: n))
            case .number(let v): .constant(.number(v))
            case .text(let v): .constant(.text(v))
            case .date(let v): .constant(.date(v))
            case .duration(let v): .constant(.duration(v))
            case .flag(let v): .constant(.flag(v))
            }
        }
        func add(_ c: Condition) -> Int32 {
            let node: Node
            switch c {
            case .value(let o): node = .value(operand(o))
            case .not(let part): node = .not(add(part))
            case .all(let cs), .any(let cs):
                let children = cs.map(add)
                let lo = Int32(parts.count)
                parts += children
                if case .all = c { node = .all(lo, Int32(parts.count)) } else { node = .any(lo, Int32(parts.count)) }
            case .compare(let a, let op, let b): node = .compare(operand(a), op, operand(b))
            case .age(let o, let years, let atLeast): node = .age(operand(o), years: years, atLeast: atLeast)
            case .firstSince(let t): node = .firstSince(types.ruleSymbol(of: t))
            }
            nodes.append(node)
            return Int32(nodes.count - 1)
        }
        _ = add(condition)
        self.nodes = nodes
        self.parts = parts
    }
}
