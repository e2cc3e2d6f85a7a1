import DulySyntax

/// Builds the canonical text line by line; the node printers in `Printer+*.swift` turn one
/// clause into one line and call `block` for anything with a body.
struct Printer {
    private var lines: [String] = []
    private var level = 0

    static let indentUnit = "  "
    /// What separates a clause from its trailing comment; two spaces so the comment stands apart.
    static let trailingCommentGap = "  "

    var text: String { lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" }

    mutating func emit(_ line: String) {
        lines.append(String(repeating: Printer.indentUnit, count: level) + line)
    }

    /// One blank line, never two and never at the top of the file.
    mutating func blankLine() {
        if let last = lines.last, !last.isEmpty { lines.append("") }
    }

    mutating func printFile(_ file: FileSyntax) {
        let body = BlockSyntax(members: file.items, danglingComments: file.danglingComments,
                               closingBlankLine: !file.items.isEmpty)
        members(body) { p, item in p.item(item) }
    }

    /// `header {`, the members one level deeper, `}`.
    mutating func block<Node>(_ header: String, _ body: BlockSyntax<Node>, _ member: (inout Printer, Node) -> Void) {
        emit(header + " {")
        level += 1
        members(body, member)
        level -= 1
        emit("}")
    }

    /// Prints members with their comments and blank lines; see `Formatter` for where blank
    /// lines go and why the first member differs.
    mutating func members<Node>(_ body: BlockSyntax<Node>, _ member: (inout Printer, Node) -> Void) {
        for (index, m) in body.members.enumerated() {
            let trivia = m.trivia
            let isFirst = index == 0
            if !isFirst, trivia.blankLineBefore { blankLine() }
            for comment in trivia.leadingComments { emit(comment) }
            if isFirst, trivia.blankLineBefore, !trivia.leadingComments.isEmpty { blankLine() }
            member(&self, m.node)
            if let comment = trivia.trailingComment, !lines.isEmpty {
                lines[lines.count - 1] += Printer.trailingCommentGap + comment
            }
        }
        if !body.danglingComments.isEmpty {
            if body.closingBlankLine, !body.members.isEmpty { blankLine() }
            for comment in body.danglingComments { emit(comment) }
        }
    }
}

// MARK: - Tokens

extension Printer {
    /// The first spelling of `keyword` in `language`; the tree keeps the language, not which
    /// of several synonyms was written.
    static func word(_ keyword: Keyword, _ language: KeywordLanguage) -> String {
        let spellings = language == .english ? keyword.english : keyword.chinese
        return spellings.first ?? keyword.english.first ?? keyword.chinese.first ?? keyword.rawValue
    }

    /// Words joined by single spaces, skipping absent ones.
    static func words(_ parts: String?...) -> String {
        parts.compactMap { $0 }.joined(separator: " ")
    }

    /// The separator of a list of names or catalog IDs, in both languages: `, `, as the policy
    /// files write `依据 TJ-3, TJ-4` and `管辖 乡镇中心校, 学校`. Only Chinese months take `、`.
    static let listSeparator = ", "

    static func string(_ s: StringSyntax) -> String {
        switch s.quote {
        case "“" where isBalanced(s.value, open: "“", close: "”"):
            return "“\(s.value)”"
        case "「" where isBalanced(s.value, open: "「", close: "」"):
            return "「\(s.value)」"
        default:
            var out = "\""
            for c in s.value {
                switch c {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default: out.append(c)
                }
            }
            return out + "\""
        }
    }

    /// Whether `value` reads back unchanged between `open` and `close`: the lexer lets the marks
    /// nest, so every closing mark needs an opening one before it, and nothing may break the line.
    static func isBalanced(_ value: String, open: Unicode.Scalar, close: Unicode.Scalar) -> Bool {
        var depth = 0
        for s in value.unicodeScalars {
            if s == "\n" { return false }
            if s == open { depth += 1 }
            if s == close {
                if depth == 0 { return false }
                depth -= 1
            }
        }
        return depth == 0
    }

    static func twoDigits(_ n: Int) -> String { n < 10 && n >= 0 ? "0\(n)" : "\(n)" }

    static func time(_ t: TimeSyntax) -> String { "\(twoDigits(t.hour)):\(twoDigits(t.minute))" }

    static func isChineseSpelling(_ spelling: String) -> Bool {
        spelling.unicodeScalars.first.map { !$0.isASCII } ?? false
    }

    /// `5个工作日`, `7天`, `5 working days`: a Chinese unit is glued to its number.
    static func duration(_ d: DurationSyntax) -> String {
        isChineseSpelling(d.spelling) ? "\(d.count)\(d.spelling)" : "\(d.count) \(d.spelling)"
    }

    static func amount(_ a: AmountSyntax) -> String {
        switch a {
        case .duration(let d): duration(d)
        case .parameter(let n): n.text
        }
    }

    /// An amount followed by a Chinese suffix (`内`): glued only to a Chinese unit, since a
    /// suffix glued to a name or to English letters would read as part of that word.
    static func amount(_ a: AmountSyntax, suffix: String) -> String {
        if case .duration(let d) = a, isChineseSpelling(d.spelling) { return duration(d) + suffix }
        return amount(a) + " " + suffix
    }

    static func term(_ t: TermSyntax) -> String {
        t.language == .english ? t.term.english : t.term.chinese
    }

    static func label(_ s: StringSyntax?) -> String? { s.map(string) }
}
