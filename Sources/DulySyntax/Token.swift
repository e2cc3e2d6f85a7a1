import DulySource

public enum TokenKind: Hashable, Sendable {
    case word(String)
    case number(Int)
    case date(year: Int, month: Int, day: Int)
    case monthDay(month: Int, day: Int)
    case time(hour: Int, minute: Int)
    case string(String, quote: Character)
    case comment(String)
    case leftBrace, rightBrace, leftParen, rightParen
    case comma, colon, equals, dot, dotDot, arrow
    /// `/` between the folders of a calendar name (`贵州/正安县`).
    case slash
    case compare(ComparisonOperator)
    case newline
    case end
}

public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    public var span: Span
    /// Whether whitespace or a line start came right before this token; a keyword glued to a
    /// name (`当函告`) is diagnosed with this.
    public var spaceBefore: Bool

    public var word: String? {
        if case .word(let w) = kind { return w }
        return nil
    }

    /// How the token reads in a message: `函告`, `{`, `end of line`.
    public var display: LocalizedText {
        switch kind {
        case .word(let w): return LocalizedText(en: "`\(w)`", zh: "`\(w)`")
        case .number(let n): return LocalizedText(en: "`\(n)`", zh: "`\(n)`")
        case .date(let y, let m, let d): return LocalizedText(en: "date \(y)-\(m)-\(d)", zh: "日期 \(y)-\(m)-\(d)")
        case .monthDay(let m, let d): return LocalizedText(en: "`\(m)-\(d)`", zh: "`\(m)-\(d)`")
        case .time(let h, let m): return LocalizedText(en: "time \(h):\(m < 10 ? "0" : "")\(m)", zh: "时间 \(h):\(m < 10 ? "0" : "")\(m)")
        case .string: return LocalizedText(en: "a string", zh: "字符串")
        case .comment: return LocalizedText(en: "a comment", zh: "注释")
        case .leftBrace: return LocalizedText(en: "`{`", zh: "`{`")
        case .rightBrace: return LocalizedText(en: "`}`", zh: "`}`")
        case .leftParen: return LocalizedText(en: "`(`", zh: "`(`")
        case .rightParen: return LocalizedText(en: "`)`", zh: "`)`")
        case .comma: return LocalizedText(en: "`,`", zh: "`,`")
        case .colon: return LocalizedText(en: "`:`", zh: "`:`")
        case .equals: return LocalizedText(en: "`=`", zh: "`=`")
        case .dot: return LocalizedText(en: "`.`", zh: "`.`")
        case .dotDot: return LocalizedText(en: "`..`", zh: "`..`")
        case .arrow: return LocalizedText(en: "`→`", zh: "`→`")
        case .slash: return LocalizedText(en: "`/`", zh: "`/`")
        case .compare(let op): return LocalizedText(en: "`\(op.rawValue)`", zh: "`\(op.rawValue)`")
        case .newline: return LocalizedText(en: "end of line", zh: "行尾")
        case .end: return LocalizedText(en: "end of file", zh: "文件结尾")
        }
    }
}
