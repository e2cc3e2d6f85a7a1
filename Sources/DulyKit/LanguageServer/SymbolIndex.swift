import DulySource
import DulySyntax

/// What a name in a policy file names.
enum SymbolKind: String, Sendable {
    case role, event, attribute, subject, parameter, term, rule, jurisdiction, catalogID, document, vocabulary
}

/// One place a name is written: its declaration, or a use of it.
struct SymbolOccurrence: Sendable {
    var kind: SymbolKind
    var name: String
    var path: String
    var span: Span
    var isDeclaration: Bool
    /// For an attribute, the subject kind or event type it belongs to, when the text says.
    var owner: String?
}

/// A duration as written, with what it counts from when it is a deadline.
struct DurationOccurrence: Sendable {
    var duration: DurationSyntax
    var path: String
    /// `within 5 working days after 函告` / `自 送达复学通知书 起 …`: the event counted from.
    var from: String?
    /// The rule's trigger, for a deadline counted from it.
    var trigger: String?
    var isDeadline: Bool
}

/// Every name and duration written in a set of parsed files, found by walking their syntax.
struct SymbolIndex: Sendable {
    var occurrences: [SymbolOccurrence] = []
    var durations: [DurationOccurrence] = []

    init(files: [(path: String, syntax: FileSyntax)]) {
        for file in files { walk(file.syntax, path: file.path) }
    }

    /// The occurrence at a byte offset of a file (a cursor right after a name still finds it).
    func occurrence(at offset: Int, in path: String) -> SymbolOccurrence? {
        occurrences.filter { $0.path == path && $0.span.start <= offset && offset <= $0.span.end }
            .min { ($0.span.end - $0.span.start) < ($1.span.end - $1.span.start) }
    }

    func duration(at offset: Int, in path: String) -> DurationOccurrence? {
        durations.first { $0.path == path && $0.duration.span.start <= offset && offset <= $0.duration.span.end }
    }

    func occurrences(of kind: SymbolKind, named name: String) -> [SymbolOccurrence] {
        occurrences.filter { $0.kind == kind && $0.name == name }
    }

    // MARK: Walking the syntax

    private mutating func add(_ kind: SymbolKind, _ name: NameSyntax, _ path: String, declaration: Bool = false, owner: String? = nil) {
        occurrences.append(SymbolOccurrence(kind: kind, name: name.text, path: path, span: name.span, isDeclaration: declaration, owner: owner))
    }

    private mutating func walk(_ file: FileSyntax, path: String) {
        for item in file.items {
            switch item.node {
            case .policy(let p): walkPolicy(p, path)
            case .vocabulary(let v): walkVocabulary(v, path)
            case .parameter(let p):
                add(.parameter, p.name, path, declaration: true)
                walkAmount(p.value, path, from: nil, trigger: nil, isDeadline: false)
                if let c = p.citation { walkCitation(c, path) }
            case .override(let o):
                add(.parameter, o.name, path, declaration: true)
                walkAmount(o.value, path, from: nil, trigger: nil, isDeadline: false)
                if let c = o.citation { walkCitation(c, path) }
            case .definition(let d):
                occurrences.append(SymbolOccurrence(kind: .term, name: d.term.term.rawValue, path: path, span: d.term.span, isDeclaration: true))
                walkAmount(d.value, path, from: nil, trigger: nil, isDeadline: false)
            case .rule(let r):
                add(.rule, r.name, path, declaration: true)
                walkClauses(r.body.members.map(\.node), path, trigger: nil)
            }
        }
    }

    private mutating func walkPolicy(_ p: PolicySyntax, _ path: String) {
        add(.jurisdiction, p.name, path, declaration: true)
        for m in p.body.members {
            switch m.node {
            case .extends(_, let n): add(.jurisdiction, n, path)
            case .uses(_, let n): add(.vocabulary, n, path)
            case .organisations(_, let names): for n in names { add(.role, n, path) }
            case .document(let d):
                add(.document, d.name, path, declaration: true)
                for c in d.body.members {
                    if case .covers(_, let ranges) = c.node {
                        for r in ranges {
                            add(.catalogID, r.first, path, declaration: true)
                            if let last = r.last { add(.catalogID, last, path, declaration: true) }
                        }
                    }
                }
            case .code, .calendar, .effective, .defaultTime: break
            }
        }
    }

    private mutating func walkVocabulary(_ v: VocabularySyntax, _ path: String) {
        add(.vocabulary, v.name, path, declaration: true)
        for m in v.body.members {
            switch m.node {
            case .role(let r):
                add(.role, r.name, path, declaration: true)
                switch r.relation {
                case .at(_, let n): add(.role, n, path)
                case .manages(_, let ns): for n in ns { add(.role, n, path) }
                case .isOf(_, let role, let attribute):
                    add(.role, role, path)
                    add(.attribute, attribute, path, owner: nil)
                case nil: break
                }
                if let a = r.actsAs { add(.role, a.role, path) }
            case .subject(let s):
                add(.subject, s.name, path, declaration: true)
                for a in s.attributes.members { add(.attribute, a.node.name, path, declaration: true, owner: s.name.text) }
            case .event(let e):
                add(.event, e.name, path, declaration: true)
                if let a = e.answers { add(.event, a, path) }
                for a in e.attributes?.members ?? [] { add(.attribute, a.node.name, path, declaration: true, owner: e.name.text) }
            }
        }
    }

    private mutating func walkCitation(_ c: CitationSyntax, _ path: String) {
        for id in c.ids { add(.catalogID, id, path) }
    }

    private mutating func walkAmount(_ a: AmountSyntax, _ path: String, from: String?, trigger: String?, isDeadline: Bool) {
        switch a {
        case .duration(let d): durations.append(DurationOccurrence(duration: d, path: path, from: from, trigger: trigger, isDeadline: isDeadline))
        case .parameter(let n): add(.parameter, n, path)
        }
    }

    private mutating func walkClauses(_ clauses: [ClauseSyntax], _ path: String, trigger: String?) {
        var trigger = trigger
        for clause in clauses {
            if case .trigger(let t) = clause { trigger = t.event.text }
            if case .count(let c) = clause { trigger = c.event.text }
        }
        for clause in clauses {
            switch clause {
            case .citation(let c): walkCitation(c, path)
            case .trigger(let t):
                add(.event, t.event, path)
                if let c = t.condition { walkExpr(c, path, event: t.event.text) }
            case .effective, .reason: break
            case .forEach(let f): add(.role, f.role, path)
            case .obligation(let o):
                add(.role, o.role, path)
                for n in o.alternatives + o.moreRecipients + o.recipientAlternatives { add(.role, n, path) }
                if let r = o.recipient { add(.role, r, path) }
                add(.event, o.action, path)
                for n in o.actionAlternatives { add(.event, n, path) }
                if let c = o.actCondition { walkExpr(c, path, event: o.action.text) }
                if let t = o.term { occurrences.append(SymbolOccurrence(kind: .term, name: t.term.rawValue, path: path, span: t.span, isDeclaration: false)) }
                if case .within(_, let amount, let from) = o.deadline {
                    if let from { add(.event, from, path) }
                    walkAmount(amount, path, from: from?.text, trigger: trigger, isDeadline: true)
                }
            case .requirement(let r):
                add(.event, r.action, path)
                walkPrerequisite(r.prerequisite, path)
            case .order(let o): for e in o.events { add(.event, e, path) }
            case .count(let c):
                add(.event, c.event, path)
                if let cond = c.condition { walkExpr(cond, path, event: c.event.text) }
            case .step(let s): walkClauses(s.body.members.map(\.node), path, trigger: trigger)
            }
        }
    }

    private mutating func walkPrerequisite(_ p: PrerequisiteSyntax, _ path: String) {
        switch p {
        case .event(let n, _, _): add(.event, n, path)
        case .all(let ps, _), .any(let ps, _): for q in ps { walkPrerequisite(q, path) }
        case .group(let q): walkPrerequisite(q, path)
        case .recordedBy(let q, let role, _):
            walkPrerequisite(q, path)
            add(.role, role, path)
        }
    }

    private mutating func walkExpr(_ e: ExprSyntax, _ path: String, event: String?) {
        switch e {
        case .path(let names):
            if names.count >= 2 {
                add(.subject, names[0], path)
                for n in names.dropFirst() { add(.attribute, n, path, owner: names[0].text) }
            } else if let n = names.first {
                add(.attribute, n, path, owner: event)
            }
        case .number, .string, .date, .boolean: break
        case .duration(let d): durations.append(DurationOccurrence(duration: d, path: path, from: nil, trigger: nil, isDeadline: false))
        case .not(let x, _), .group(let x): walkExpr(x, path, event: event)
        case .and(let xs, _), .or(let xs, _): for x in xs { walkExpr(x, path, event: event) }
        case .compare(let a, _, let b):
            walkExpr(a, path, event: event)
            walkExpr(b, path, event: event)
        case .age(let a): walkExpr(a.birthDate, path, event: event)
        case .firstSince(let n, _, _): add(.event, n, path)
        }
    }
}
