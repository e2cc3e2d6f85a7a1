import DulySyntax

/// Conditions and prerequisites print with exactly the parentheses the tree records (`group`),
/// plus any a hand-built tree needs to read back with the same meaning.
extension Printer {
    /// Binding strength, loosest first, as the grammar nests them.
    enum Precedence: Int, Comparable {
        case or, and, not, comparison, operand
        static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
    }

    static func condition(_ e: ExprSyntax) -> String {
        condition(e, atLeast: .or)
    }

    static func condition(_ e: ExprSyntax, atLeast required: Precedence) -> String {
        let (text, precedence) = conditionText(e)
        return precedence < required ? "(\(text))" : text
    }

    private static func conditionText(_ e: ExprSyntax) -> (String, Precedence) {
        switch e {
        case .path(let names): (names.map(\.text).joined(separator: "."), .operand)
        case .number(let n, _): ("\(n)", .operand)
        case .string(let s): (string(s), .operand)
        case .date(let d): (d.iso, .operand)
        case .duration(let d): (duration(d), .operand)
        case .boolean(let b, let l, _): (word(b ? .yes : .no, l), .operand)
        case .group(let inner): ("(\(condition(inner)))", .operand)
        case .not(let inner, let l): (word(.not, l) + " " + condition(inner, atLeast: .not), .not)
        case .and(let parts, let l):
            (parts.map { condition($0, atLeast: .not) }.joined(separator: " \(word(.and, l)) "), .and)
        case .or(let parts, let l):
            (parts.map { condition($0, atLeast: .and) }.joined(separator: " \(word(.or, l)) "), .or)
        case .compare(let left, let op, let right):
            ("\(condition(left, atLeast: .operand)) \(op.rawValue) \(condition(right, atLeast: .operand))", .comparison)
        case .age(let a):
            (age(a), .comparison)
        case .firstSince(let name, let l, _):
            (l == .english ? "first since \(name.text)" : "\(name.text) 之后首次", .comparison)
        }
    }

    /// `age of 学生.出生日期 under 16`, `学生.出生日期 不满 16 周岁`, `学生.出生日期 16 周岁以上`.
    static func age(_ a: AgeSyntax) -> String {
        let date = condition(a.birthDate, atLeast: .operand)
        switch a.language {
        case .english: return "age of \(date) \(a.isAtLeast ? "at least" : "under") \(a.years)"
        case .chinese:
            if a.word == "以上" { return "\(date) \(a.years) 周岁以上" }
            let word = AgeSyntax.chineseWords.contains { $0.word == a.word } ? a.word : (a.isAtLeast ? "满" : "不满")
            return "\(date) \(word) \(a.years) 周岁"
        }
    }

    static func prerequisite(_ p: PrerequisiteSyntax) -> String {
        prerequisite(p, atLeast: .or)
    }

    private static func prerequisite(_ p: PrerequisiteSyntax, atLeast required: Precedence) -> String {
        let text: String
        let precedence: Precedence
        switch p {
        case .event(let name, let atLeast, let l):
            precedence = .operand
            if let n = atLeast {
                text = l == .english ? "at least \(n) \(name.text)" : "\(word(.atLeast, .chinese)) \(n) \(word(.times, .chinese)) \(name.text)"
            } else {
                text = name.text
            }
        case .all(let parts, let l):
            precedence = .and
            text = parts.map { prerequisite($0, atLeast: .operand) }.joined(separator: " \(word(.and, l)) ")
        case .any(let parts, let l):
            precedence = .or
            text = parts.map { prerequisite($0, atLeast: .and) }.joined(separator: " \(word(.or, l)) ")
        case .group(let inner):
            precedence = .operand
            text = "(\(prerequisite(inner)))"
        case .recordedBy(let event, let role, let l):
            precedence = .operand
            let what = prerequisite(event, atLeast: .operand)
            text = l == .english ? "\(what) by \(role.text)" : "\(what)（由 \(role.text)）"
        }
        return precedence < required ? "(\(text))" : text
    }
}
