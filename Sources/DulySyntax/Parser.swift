import DulySource
import DulyTime

/// A hand-written recursive-descent parser with error recovery.
///
/// Each clause is one line. When a clause is malformed the parser reports it, skips to the end
/// of that line (skipping any block the line opens), and goes on, so one run reports every
/// independent error. Nesting is bounded (`maximumDepth`), so no input can exhaust the stack.
public struct Parser {
    public static let maximumDepth = 48

    let file: SourceFile
    let tokens: [Token]
    var pos = 0
    var depth = 0
    public private(set) var diagnostics: [Diagnostic] = []

    /// Parses a whole file, returning the tree (with whatever could be recovered) and every
    /// lexical and syntax diagnostic.
    public static func parse(_ file: SourceFile) -> (syntax: FileSyntax, diagnostics: [Diagnostic]) {
        let (tokens, lexDiagnostics) = Lexer.tokenize(file)
        var parser = Parser(file: file, tokens: tokens)
        parser.diagnostics = lexDiagnostics
        let syntax = parser.parseFile()
        return (syntax, parser.diagnostics)
    }

    init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
    }

    // MARK: - Token navigation

    var current: Token { tokens[min(pos, tokens.count - 1)] }
    func peek(_ k: Int) -> Token { tokens[min(pos + k, tokens.count - 1)] }
    var previousEnd: Int { pos > 0 ? tokens[pos - 1].span.end : 0 }

    @discardableResult
    mutating func advance() -> Token {
        let t = current
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    /// The language of `keyword` if the current token spells it.
    func check(_ keyword: Keyword, at offset: Int = 0) -> KeywordLanguage? {
        guard let w = peek(offset).word else { return nil }
        if keyword.english.contains(w) { return .english }
        if keyword.chinese.contains(w) { return .chinese }
        return nil
    }

    func checkWord(_ text: String, at offset: Int = 0) -> Bool { peek(offset).word == text }

    mutating func accept(_ keyword: Keyword) -> KeywordLanguage? {
        guard let l = check(keyword) else { return nil }
        advance()
        return l
    }

    mutating func acceptWord(_ text: String) -> Bool {
        guard checkWord(text) else { return false }
        advance()
        return true
    }

    /// The end of a clause: a line break, a trailing comment, a closing brace or the end.
    var atClauseEnd: Bool {
        switch current.kind {
        case .newline, .comment, .end, .rightBrace: true
        default: false
        }
    }

    // MARK: - Diagnostics

    struct Failure: Error {}

    mutating func report(_ code: DiagnosticCode, _ span: Span, en: String, zh: String, help: LocalizedText? = nil) {
        diagnostics.append(Diagnostic(code, path: file.path, span: span, message: LocalizedText(en: en, zh: zh), help: help))
    }

    /// Reports "expected X, found Y" at the current token and fails the clause.
    mutating func expected(_ what: LocalizedText, help: LocalizedText? = nil) -> Failure {
        let found = current.display
        let span = current.kind == .newline || current.kind == .end ? Span.at(current.span.start) : current.span
        report(.unexpectedToken, span, en: "expected \(what.en), found \(found.en)", zh: "此处应为\(what.zh),实际为\(found.zh)", help: help)
        return Failure()
    }

    // MARK: - Recovery

    /// Skips the rest of the current line, and any block opened on it, stopping before a `}`
    /// that closes an enclosing block.
    mutating func skipLine() {
        var braces = 0
        while true {
            switch current.kind {
            case .end: return
            case .newline where braces == 0: return
            case .leftBrace: braces += 1
            case .rightBrace:
                if braces == 0 { return }
                braces -= 1
                if braces == 0 {
                    advance()
                    return
                }
            default: break
            }
            advance()
        }
    }

    // MARK: - Trivia and blocks

    /// Consumes line breaks and whole-line comments before a member.
    mutating func leadingTrivia(isFirst: Bool) -> Trivia {
        var trivia = Trivia()
        var breaks = isFirst ? 1 : 0
        while true {
            switch current.kind {
            case .newline:
                breaks += 1
                if breaks >= 2, !isFirst || !trivia.leadingComments.isEmpty { trivia.blankLineBefore = true }
                advance()
            case .comment(let text):
                if breaks >= 2, !isFirst || !trivia.leadingComments.isEmpty { trivia.blankLineBefore = true }
                trivia.leadingComments.append(text)
                breaks = 0
                advance()
            default:
                return trivia
            }
        }
    }

    /// Parses members until `}` (or the end of file for the top level), one clause a line.
    mutating func parseMembers<Node>(
        topLevel: Bool, open: Span?,
        _ member: (inout Parser) throws(Failure) -> Node
    ) -> BlockSyntax<Node> {
        var block = BlockSyntax<Node>()
        var isFirst = true
        while true {
            var trivia = leadingTrivia(isFirst: isFirst)
            if case .rightBrace = current.kind {
                if topLevel {
                    report(.unmatchedBrace, current.span, en: "`}` closes no block", zh: "`}` 没有对应的 `{`",
                           help: LocalizedText(en: "remove it, or add the `{` it closes", zh: "删除它,或补上对应的 `{`"))
                    advance()
                    continue
                }
                block.danglingComments = trivia.leadingComments
                block.closingBlankLine = trivia.blankLineBefore && !trivia.leadingComments.isEmpty && !block.members.isEmpty
                advance()
                return block
            }
            if case .end = current.kind {
                block.danglingComments = trivia.leadingComments
                if let open {
                    report(.unclosedBlock, open, en: "this `{` is never closed", zh: "此处的 `{` 没有闭合",
                           help: LocalizedText(en: "add `}` at the end of the block", zh: "在代码块结尾补上 `}`"))
                }
                return block
            }
            let start = current.span.start
            let before = diagnostics.count
            do throws(Failure) {
                let node = try member(&self)
                let end = previousEnd
                if !atClauseEnd {
                    report(.trailingText, current.span, en: "unexpected \(current.display.en) after the clause",
                           zh: "条款之后有多余的\(current.display.zh)",
                           help: LocalizedText(en: "put each clause on its own line", zh: "每个条款单独一行"))
                    skipLine()
                    block.hasErrors = true
                }
                if case .comment(let text) = current.kind {
                    trivia.trailingComment = text
                    advance()
                }
                block.members.append(Member(node, trivia: trivia, span: Span(start: start, end: end)))
            } catch {
                if diagnostics.count == before { _ = expected(LocalizedText(en: "a clause", zh: "条款")) }
                skipLine()
                block.hasErrors = true
            }
            isFirst = false
        }
    }

    /// Parses `{ … }` with one member a line.
    mutating func parseBlock<Node>(_ member: (inout Parser) throws(Failure) -> Node) throws(Failure) -> BlockSyntax<Node> {
        guard case .leftBrace = current.kind else {
            throw expected(LocalizedText(en: "`{`", zh: "`{`"))
        }
        let open = advance().span
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maximumDepth {
            report(.nestingTooDeep, open, en: "blocks are nested more than \(Parser.maximumDepth) deep",
                   zh: "代码块嵌套超过 \(Parser.maximumDepth) 层")
            // Skip everything this brace opens, so the deeper levels do not each report again.
            var braces = 1
            while braces > 0, current.kind != .end {
                if case .leftBrace = current.kind { braces += 1 }
                if case .rightBrace = current.kind { braces -= 1 }
                advance()
            }
            throw Failure()
        }
        if !atClauseEnd, current.kind != .rightBrace {
            report(.trailingText, current.span, en: "a block's clauses start on the line after `{`",
                   zh: "代码块的条款应从 `{` 的下一行开始")
        }
        return parseMembers(topLevel: false, open: open, member)
    }

    // MARK: - Small pieces

    mutating func parseName(_ what: LocalizedText) throws(Failure) -> NameSyntax {
        guard let w = current.word else {
            throw expected(what)
        }
        let t = advance()
        return NameSyntax(w, span: t.span)
    }

    /// A calendar folder path: `贵州`, or `贵州/正安县` for a county's own calendar stacked on
    /// its province's.
    mutating func parseCalendarName() throws(Failure) -> NameSyntax {
        var name = try parseName(LocalizedText(en: "a calendar", zh: "日历"))
        while case .slash = current.kind {
            advance()
            let part = try parseName(LocalizedText(en: "a calendar folder after `/`", zh: "`/` 后的日历文件夹"))
            name = NameSyntax(name.text + "/" + part.text, span: Span(start: name.span.start, end: part.span.end))
        }
        return name
    }

    mutating func parseOptionalLabel() -> StringSyntax? {
        guard case .string(let value, let quote) = current.kind else { return nil }
        let t = advance()
        return StringSyntax(value, quote: quote, span: t.span)
    }

    mutating func parseString(_ what: LocalizedText) throws(Failure) -> StringSyntax {
        guard let s = parseOptionalLabel() else { throw expected(what) }
        return s
    }

    mutating func parseDate() throws(Failure) -> DateSyntax {
        guard case .date(let y, let m, let d) = current.kind else {
            throw expected(LocalizedText(en: "a date (YYYY-MM-DD)", zh: "日期(YYYY-MM-DD)"))
        }
        let t = advance()
        return DateSyntax(year: y, month: m, day: d, span: t.span)
    }

    mutating func parseTime() throws(Failure) -> TimeSyntax {
        guard case .time(let h, let m) = current.kind else {
            throw expected(LocalizedText(en: "a time of day (HH:MM)", zh: "时刻(HH:MM)"))
        }
        let t = advance()
        return TimeSyntax(hour: h, minute: m, span: t.span)
    }

    mutating func parseNumber(_ what: LocalizedText) throws(Failure) -> (Int, Span) {
        guard case .number(let n) = current.kind else { throw expected(what) }
        let t = advance()
        return (n, t.span)
    }

    /// Reads a unit spelling at the current token: English spellings may take two words
    /// (`working days`); a Chinese spelling may be glued to what follows (`个工作日内`), in which
    /// case the rest of the word is returned for the caller to read (`内`).
    mutating func parseUnit() -> (unit: DurationUnit, spelling: String, rest: String?, span: Span)? {
        guard let w = current.word else { return nil }
        for (spelling, unit, isChinese) in DurationUnit.allSpellings {
            if isChinese {
                if w.hasPrefix(spelling) {
                    let t = advance()
                    let rest = String(w.dropFirst(spelling.count))
                    return (unit, spelling, rest.isEmpty ? nil : rest, t.span)
                }
            } else {
                let parts = spelling.split(separator: " ").map(String.init)
                if parts.indices.allSatisfy({ peek($0).word == parts[$0] }) {
                    let first = current.span
                    for _ in parts { advance() }
                    return (unit, spelling, nil, first.union(Span(start: previousEnd, end: previousEnd)))
                }
            }
        }
        return nil
    }

    /// `5 working days`, `5个工作日`; returns any glued Chinese suffix (`内`).
    mutating func parseDuration() throws(Failure) -> (DurationSyntax, rest: String?) {
        let (n, numberSpan) = try parseNumber(LocalizedText(en: "a number", zh: "数字"))
        guard let unit = parseUnit() else {
            let found = current.word.map { "`\($0)`" } ?? current.display.en
            report(.unknownUnit, current.word != nil ? current.span : Span.at(numberSpan.end),
                   en: "expected a unit after `\(n)`, found \(found)", zh: "`\(n)` 之后应为时长单位,实际为\(current.word.map { "`\($0)`" } ?? current.display.zh)",
                   help: LocalizedText(en: "units are days, working days, teaching days, weeks, half months, months, years",
                                       zh: "单位有:日、天、工作日、教学日、周、半月、月、年"))
            throw Failure()
        }
        return (DurationSyntax(count: n, unit: unit.unit, spelling: unit.spelling, span: numberSpan.union(unit.span)), unit.rest)
    }

    mutating func parseAmount() throws(Failure) -> (AmountSyntax, rest: String?) {
        if case .number = current.kind {
            let (d, rest) = try parseDuration()
            return (.duration(d), rest)
        }
        try rejectChineseNumeralDuration()
        guard current.word != nil else {
            throw expected(LocalizedText(en: "a duration or a parameter name", zh: "时长或参数名"))
        }
        return (.parameter(try parseName(LocalizedText(en: "a parameter name", zh: "参数名"))), nil)
    }

    mutating func parseTerm() -> TermSyntax? {
        guard let w = current.word else { return nil }
        for t in UnquantifiedTerm.allCases {
            if w == t.english { return TermSyntax(term: t, language: .english, span: advance().span) }
            if w == t.chinese { return TermSyntax(term: t, language: .chinese, span: advance().span) }
        }
        return nil
    }

    /// `三个工作日内` where a duration belongs: the language reads digits only, so say so and
    /// offer the digit form (rather than let it read as an unknown parameter or event).
    mutating func rejectChineseNumeralDuration() throws(Failure) {
        guard let w = current.word, let fixed = ChineseNumerals.durationInDigits(w) else { return }
        report(.chineseNumeral, current.span, en: "`\(w)` writes its number in Chinese characters; durations are written with digits",
               zh: "`\(w)` 中的数字用了汉字;时长须用阿拉伯数字书写",
               help: LocalizedText(en: "write `\(fixed)`", zh: "写作 `\(fixed)`"))
        throw Failure()
    }

    /// A name glued to a keyword (`当函告`) reads as one unknown word; offer the split, with a
    /// number in Chinese characters written in digits (`第三天` → `第 3 天`).
    func gluedKeywordHelp(_ word: String, candidates: [Keyword]) -> LocalizedText? {
        for k in candidates {
            for spelling in k.chinese where word.hasPrefix(spelling) && word.count > spelling.count {
                var rest = String(word.dropFirst(spelling.count))
                if let (value, after) = ChineseNumerals.leading(Substring(rest)), !after.isEmpty { rest = "\(value) \(after)" }
                let split = "\(spelling) \(rest)"
                return LocalizedText(en: "write a space after the keyword: `\(split)`", zh: "关键字后加空格:`\(split)`")
            }
        }
        return nil
    }

    func keywordSuggestion(_ word: String, candidates: [Keyword]) -> LocalizedText? {
        var spellings: [String] = []
        for k in candidates { spellings += k.english + k.chinese }
        guard let s = Suggestion.closest(to: word, in: spellings) else { return nil }
        return Suggestion.didYouMean(s)
    }
}
