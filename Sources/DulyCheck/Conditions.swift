import DulySource
import DulySyntax
import DulyModel
import DulyTime

extension Checker {
    /// Lowers a condition that must be yes or no.
    mutating func lowerFlag(_ e: ExprSyntax, _ scope: ConditionScope, _ path: String) -> Condition? {
        guard let c = lowerCondition(e, scope, path) else { return nil }
        if case .value(let operand) = c, operand.type != .flag {
            report(.notAFlag, path, span(of: e), en: "this condition is \(operand.type.withArticle), not yes or no",
                   zh: "此条件是\(operand.type.chinese),不是是否值",
                   help: LocalizedText(en: "compare it: `… == …`", zh: "请用比较:`… == …`"))
            return nil
        }
        return c
    }

    func span(of e: ExprSyntax) -> Span {
        switch e {
        case .path(let names): names.first!.span.union(names.last!.span)
        case .number(_, let s), .boolean(_, _, let s): s
        case .string(let s): s.span
        case .date(let d): d.span
        case .duration(let d): d.span
        case .not(let inner, _), .group(let inner): span(of: inner)
        case .and(let parts, _), .or(let parts, _): span(of: parts.first!).union(span(of: parts.last!))
        case .compare(let a, _, let b): span(of: a).union(span(of: b))
        case .age(let a): span(of: a.birthDate).union(a.span)
        case .firstSince(_, _, let s): s
        }
    }

    mutating func lowerCondition(_ e: ExprSyntax, _ scope: ConditionScope, _ path: String) -> Condition? {
        switch e {
        case .group(let inner):
            return lowerCondition(inner, scope, path)
        case .not(let inner, _):
            return lowerFlag(inner, scope, path).map { .not($0) }
        case .and(let parts, _):
            let lowered = parts.compactMap { lowerFlag($0, scope, path) }
            return lowered.count == parts.count ? .all(lowered) : nil
        case .or(let parts, _):
            let lowered = parts.compactMap { lowerFlag($0, scope, path) }
            return lowered.count == parts.count ? .any(lowered) : nil
        case .compare(let a, let op, let b):
            guard let l = operand(a, scope, path), let r = operand(b, scope, path) else { return nil }
            let ordered: Set<ValueType> = [.number, .date, .time, .duration]
            if l.type != r.type {
                report(.typeMismatch, path, span(of: e), en: "cannot compare \(l.type.withArticle) with \(r.type.withArticle)",
                       zh: "不能比较\(l.type.chinese)与\(r.type.chinese)")
                return nil
            }
            let comparison: Comparison = switch op {
            case .equal: .equal
            case .notEqual: .notEqual
            case .less: .less
            case .lessOrEqual: .lessOrEqual
            case .greater: .greater
            case .greaterOrEqual: .greaterOrEqual
            }
            if comparison != .equal, comparison != .notEqual, !ordered.contains(l.type) {
                report(.typeMismatch, path, span(of: e), en: "\(l.type.withArticle) has no order; use `==` or `!=`",
                       zh: "\(l.type.chinese)没有大小之分,请用 `==` 或 `!=`")
                return nil
            }
            return .compare(l, comparison, r)
        case .age(let a):
            guard let date = operand(a.birthDate, scope, path) else { return nil }
            guard date.type == .date else {
                report(.typeMismatch, path, span(of: a.birthDate), en: "an age is counted from a date, not \(date.type.withArticle)",
                       zh: "周岁须从日期起算,不能用\(date.type.chinese)")
                return nil
            }
            guard a.years >= 1 else {
                report(.nonPositive, path, a.span, en: "an age of \(a.years) full years tests nothing", zh: "\(a.years) 周岁的条件没有意义",
                       help: LocalizedText(en: "use at least 1", zh: "至少为 1"))
                return nil
            }
            return .age(date, years: a.years, atLeast: a.isAtLeast)
        case .firstSince(let name, _, _):
            guard requireEvent(name, path) else { return nil }
            guard scope.event != nil else {
                report(.misplacedClause, path, span(of: e), en: "`first since` tests a triggering event; use it in `when … where`",
                       zh: "`之后首次` 判断触发事件,只能用于 `当 … 若`")
                return nil
            }
            return .firstSince(EventType(name.text))
        default:
            return operand(e, scope, path).map { .value($0) }
        }
    }

    mutating func operand(_ e: ExprSyntax, _ scope: ConditionScope, _ path: String) -> Operand? {
        switch e {
        case .number(let n, _): return .number(n)
        case .string(let s): return .text(s.value)
        case .date(let d): return .date(Checker.day(d))
        case .duration(let d): return .duration(Duration(d.count, d.unit))
        case .boolean(let b, _, _): return .flag(b)
        case .group(let inner): return operand(inner, scope, path)
        case .path(let names): return resolve(names, scope, path)
        default:
            report(.typeMismatch, path, span(of: e), en: "a condition cannot be compared", zh: "条件不能参与比较")
            return nil
        }
    }

    /// `户籍县` (event attribute first, then subject attribute), `学生.户籍县`, `函告.收到日期`.
    mutating func resolve(_ names: [NameSyntax], _ scope: ConditionScope, _ path: String) -> Operand? {
        let subjects = vocabulary.subjects.values.sorted { $0.kind < $1.kind }
        if names.count == 1 {
            let n = AttributeName(names[0].text)
            if let a = scope.event?.attribute(n) { return .eventAttribute(n, a.type) }
            for s in subjects { if let a = s.attribute(n) { return .subjectAttribute(n, a.type) } }
            let candidates = (scope.event?.attributes ?? []).map(\.name.rawValue) + subjects.flatMap { $0.attributes.map(\.name.rawValue) }
            let help = Suggestion.closest(to: names[0].text, in: candidates).map(Suggestion.didYouMean)
            let owner = scope.event.map { "of `\($0.type)` or " } ?? ""
            let zhOwner = scope.event.map { "`\($0.type)` 或" } ?? ""
            report(.unknownAttribute, path, names[0].span, en: "unknown attribute `\(n)`: not an attribute \(owner)of the subject",
                   zh: "未知属性 `\(n)`:不是\(zhOwner)对象的属性", help: help)
            return nil
        }
        if names.count == 2 {
            let owner = names[0].text
            let n = AttributeName(names[1].text)
            if let s = vocabulary.subjects[SubjectKind(owner)] {
                if let a = s.attribute(n) { return .subjectAttribute(n, a.type) }
                unknownAttribute(names[1], of: owner, candidates: s.attributes.map(\.name.rawValue), path)
                return nil
            }
            if let ev = scope.event, ev.type.rawValue == owner {
                if let a = ev.attribute(n) { return .eventAttribute(n, a.type) }
                unknownAttribute(names[1], of: owner, candidates: ev.attributes.map(\.name.rawValue), path)
                return nil
            }
        }
        report(.unknownAttribute, path, names[0].span.union(names.last!.span),
               en: "`\(names.map(\.text).joined(separator: "."))` names neither the subject nor the triggering event",
               zh: "`\(names.map(\.text).joined(separator: "."))` 既不是对象也不是触发事件")
        return nil
    }

    mutating func unknownAttribute(_ name: NameSyntax, of owner: String, candidates: [String], _ path: String) {
        let help = Suggestion.closest(to: name.text, in: candidates).map(Suggestion.didYouMean)
        report(.unknownAttribute, path, name.span, en: "`\(owner)` has no attribute `\(name.text)`", zh: "`\(owner)` 没有属性 `\(name.text)`", help: help)
    }
}

extension ValueType {
    /// `a date`, `an organisation`.
    var withArticle: String { (rawValue.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + rawValue }
}
