import DulySource
import DulyTime

extension Parser {
    static let clauseKeywords: [Keyword] = [.cite, .when, .effective, .forEach, .reason, .count, .step, .inOrder, .then, .otherwise]

    mutating func parseRule(_ kind: RuleKind, _ language: KeywordLanguage) throws(Failure) -> RuleSyntax {
        let name = try parseName(LocalizedText(en: "the rule's name", zh: "规则名称"))
        let label = parseOptionalLabel()
        let body = try parseClauseBlock()
        return RuleSyntax(kind: kind, language: language, name: name, label: label, body: body)
    }

    mutating func parseClauseBlock() throws(Failure) -> BlockSyntax<ClauseSyntax> {
        try parseBlock { (p: inout Parser) throws(Failure) -> ClauseSyntax in try p.parseClause() }
    }

    mutating func parseClause() throws(Failure) -> ClauseSyntax {
        if check(.cite) != nil { return .citation(try parseCitation()) }
        if let l = accept(.when) {
            let event = try parseName(LocalizedText(en: "the triggering event", zh: "触发事件"))
            var condition: ExprSyntax?
            if accept(.where) != nil { condition = try parseCondition() }
            return .trigger(TriggerSyntax(language: l, event: event, condition: condition))
        }
        if check(.effective) != nil { return .effective(try parseEffective()) }
        if checkWord("for") {
            advance()
            guard acceptWord("each"), acceptWord("managed") else {
                throw expected(LocalizedText(en: "`each managed`", zh: "`each managed`"))
            }
            return .forEach(ForEachSyntax(language: .english, role: try parseName(LocalizedText(en: "a role", zh: "角色"))))
        }
        if checkWord("对"), checkWord("所辖", at: 1) {
            advance(); advance()
            return .forEach(ForEachSyntax(language: .chinese, role: try parseName(LocalizedText(en: "a role", zh: "角色"))))
        }
        if let l = accept(.reason) { return .reason(l, try parseString(LocalizedText(en: "the reason", zh: "原因"))) }
        if let l = accept(.count) { return .count(try parseCount(l)) }
        if checkWord("step"), checkWord("at", at: 1) {
            let start = advance().span
            advance()
            let (n, _) = try parseNumber(LocalizedText(en: "the count that triggers the step", zh: "触发该步骤的计数"))
            let body = try parseClauseBlock()
            return .step(StepSyntax(language: .english, threshold: n, unitWord: nil, body: body, span: start.union(Span.at(previousEnd))))
        }
        if checkWord("第") {
            let start = advance().span
            let (n, _) = try parseNumber(LocalizedText(en: "the count that triggers the step", zh: "触发该步骤的计数"))
            var unitWord: String?
            if let w = current.word { unitWord = w; advance() }
            let body = try parseClauseBlock()
            return .step(StepSyntax(language: .chinese, threshold: n, unitWord: unitWord, body: body, span: start.union(Span.at(previousEnd))))
        }
        if checkWord("in"), checkWord("order", at: 1) {
            advance(); advance()
            return .order(OrderSyntax(language: .english, events: try parseArrowChain()))
        }
        if acceptWord("依次") { return .order(OrderSyntax(language: .chinese, events: try parseArrowChain())) }
        var sequel: Sequel?
        var sequelLanguage: KeywordLanguage?
        if let l = accept(.then) { sequel = .then; sequelLanguage = l }
        else if let l = accept(.otherwise) { sequel = .otherwise; sequelLanguage = l }
        guard let first = current.word else {
            throw expected(LocalizedText(en: "a clause", zh: "条款"))
        }
        // ROLE must …, ROLE or ROLE … must …, ACTION requires …
        if check(.must, at: 1) != nil || check(.mustNot, at: 1) != nil || startsAlternativeHolders {
            return .obligation(try parseObligation(sequel: sequel, sequelLanguage: sequelLanguage))
        }
        if sequel == nil, check(.requires, at: 1) != nil {
            let action = try parseName(LocalizedText(en: "an event type", zh: "事件类型"))
            let l = accept(.requires)!
            return .requirement(RequirementSyntax(language: l, action: action, prerequisite: try parsePrerequisite()))
        }
        if sequel != nil {
            advance()
            throw expected(LocalizedText(en: "`must` after the role", zh: "角色之后的 `须`"))
        }
        if let help = gluedKeywordHelp(first, candidates: Parser.clauseKeywords) {
            report(.gluedKeyword, current.span, en: "`\(first)` joins a keyword and a name", zh: "`\(first)` 把关键字和名称连在了一起", help: help)
            throw Failure()
        }
        if current.word != nil, peek(1).word != nil, let w = peek(1).word,
           let s = Suggestion.closest(to: w, in: Keyword.must.english + Keyword.must.chinese + Keyword.mustNot.chinese + ["requires", "须先"]) {
            report(.unknownClause, peek(1).span, en: "expected `must` or `requires` after `\(first)`, found `\(w)`",
                   zh: "`\(first)` 之后应为 `须` 或 `须先`,实际为 `\(w)`", help: Suggestion.didYouMean(s))
            throw Failure()
        }
        report(.unknownClause, current.span, en: "`\(first)` does not start a clause", zh: "`\(first)` 不是条款的开头",
               help: keywordSuggestion(first, candidates: Parser.clauseKeywords)
                ?? LocalizedText(en: "a duty reads `ROLE must ACTION …`", zh: "义务的写法是 `角色 须 行为 …`"))
        throw Failure()
    }

    mutating func parseCitation() throws(Failure) -> CitationSyntax {
        let start = current.span
        guard let l = accept(.cite) else { throw expected(LocalizedText(en: "`cite`", zh: "`依据`")) }
        var ids = [try parseName(LocalizedText(en: "a catalog ID such as GZ-7", zh: "目录编号,如 GZ-7"))]
        while acceptComma() { ids.append(try parseName(LocalizedText(en: "a catalog ID", zh: "目录编号"))) }
        var clause: String?
        if case .leftParen = current.kind {
            let open = advance()
            let textStart = open.span.end
            var nested = 0
            while true {
                switch current.kind {
                case .leftParen:
                    nested += 1
                    advance()
                    continue
                case .rightParen where nested > 0:
                    nested -= 1
                    advance()
                    continue
                case .rightParen:
                    clause = file.text(of: Span(start: textStart, end: current.span.start)).trimmingSpaces()
                    advance()
                case .newline, .end, .comment, .leftBrace, .rightBrace:
                    report(.unclosedClauseRef, open.span, en: "clause reference is not closed", zh: "条款引用缺少右括号",
                           help: LocalizedText(en: "add `)` after the clause number", zh: "在条款号后补上 `)`"))
                    throw Failure()
                default:
                    advance()
                    continue
                }
                break
            }
        }
        let quote = parseOptionalLabel()
        return CitationSyntax(language: l, ids: ids, clause: clause, quote: quote, span: start.union(Span.at(previousEnd)))
    }

    mutating func parseArrowChain() throws(Failure) -> [NameSyntax] {
        var names = [try parseName(LocalizedText(en: "an event type", zh: "事件类型"))]
        while case .arrow = current.kind {
            advance()
            names.append(try parseName(LocalizedText(en: "an event type", zh: "事件类型")))
        }
        if names.count < 2 { throw expected(LocalizedText(en: "`→` and the next event", zh: "`→` 和下一个事件")) }
        return names
    }

    mutating func parseCount(_ l: KeywordLanguage) throws(Failure) -> CountSyntax {
        guard accept(.consecutive) != nil else { throw expected(LocalizedText(en: "`consecutive`", zh: "`连续`")) }
        guard let unit = parseUnit() else {
            throw expected(LocalizedText(en: "a unit such as `teaching days`", zh: "单位,如 `教学日`"))
        }
        try rejectRest(unit.rest)
        if l == .english, !acceptWord("of") { throw expected(LocalizedText(en: "`of`", zh: "`of`")) }
        let event = try parseName(LocalizedText(en: "the counted event", zh: "计数的事件"))
        var condition: ExprSyntax?
        if accept(.where) != nil { condition = try parseCondition() }
        return CountSyntax(language: l, unit: unit.unit, unitSpelling: unit.spelling, event: event, condition: condition)
    }

    // MARK: Obligations

    mutating func parseObligation(sequel: Sequel?, sequelLanguage: KeywordLanguage?) throws(Failure) -> ObligationSyntax {
        let role = try parseName(LocalizedText(en: "a role", zh: "角色"))
        // `户籍地政府 或 户籍地教育局 须 …`: any one of several roles may do the act.
        var alternatives: [NameSyntax] = []
        while check(.or) != nil, peek(1).word != nil, !isMustKeyword(at: 1) {
            advance()
            alternatives.append(try parseName(LocalizedText(en: "another role", zh: "另一角色")))
        }
        var language: KeywordLanguage
        var prohibition = false
        let spelling = current.word
        if let l = accept(.mustNot) {
            language = l
            prohibition = true
        } else if let l = accept(.must) {
            language = l
            if l == .english, acceptWord("not") { prohibition = true }
        } else {
            throw expected(LocalizedText(en: "`must`", zh: "`须`"))
        }
        var term: TermSyntax?
        var recipient: NameSyntax?
        var moreRecipients: [NameSyntax] = []
        var recipientAlternatives: [NameSyntax] = []
        var actionAlternatives: [NameSyntax] = []
        var actCondition: ExprSyntax?
        var action: NameSyntax?
        func duplicate(_ p: inout Parser, _ what: String, _ zh: String) -> Failure {
            p.report(.duplicateClause, p.current.span, en: "\(what) is given twice", zh: "\(zh)重复")
            return Failure()
        }
        // Terms and the recipient may stand before or after the action, as each language puts them.
        while true {
            if let t = parseTerm() {
                if term != nil { throw duplicate(&self, "the term", "用语") }
                term = t
                continue
            }
            if check(.to) != nil, peek(1).word != nil, action != nil || language == .chinese {
                advance()
                if recipient != nil { throw duplicate(&self, "the recipient", "对象") }
                recipient = try parseName(LocalizedText(en: "the recipient role", zh: "接收方角色"))
                // `向 A 及 B`, `to A and B`: each recipient is owed the act.
                // `向 A 或 B`, `to A or B`: the act is owed to any one of them.
                while check(.and) != nil || checkWord("及") || checkWord("和") || isComma || check(.or) != nil, peek(1).word != nil {
                    let either = check(.or) != nil
                    if either ? !moreRecipients.isEmpty : !recipientAlternatives.isEmpty {
                        report(.mixedRecipients, current.span,
                               en: "`and` and `or` between recipients: say whether the act is owed to each of them or to any one",
                               zh: "接收方之间同时用了 `及` 和 `或`:应说明是向每一方都须作出,还是向其中任一方即可")
                        throw Failure()
                    }
                    advance()
                    let name = try parseName(LocalizedText(en: "another recipient role", zh: "另一接收方角色"))
                    if either { recipientAlternatives.append(name) } else { moreRecipients.append(name) }
                }
                continue
            }
            // `送达复学通知书 若 文书名称 == "限期复学通知书"`: which acts count.
            if action != nil, actCondition == nil, accept(.where) != nil {
                actCondition = try parseCondition()
                continue
            }
            // `返校 或 缓学`: another event type that does the duty as well.
            if action != nil, check(.or) != nil, let next = peek(1).word, !Keyword.allSpellings.contains(next) {
                advance()
                actionAlternatives.append(try parseName(LocalizedText(en: "another action", zh: "另一行为")))
                continue
            }
            try rejectChineseNumeralDuration()
            // `向乡镇中心校 报告`: the recipient keyword glued to its role, with the action after it.
            if action == nil, let w = current.word, w.count > 1, let to = Keyword.to.chinese.first(where: { w.hasPrefix($0) }),
               let next = peek(1).word, !Keyword.allSpellings.contains(next), !next.hasPrefix("每"),
               !UnquantifiedTerm.allCases.contains(where: { $0.chinese == next || $0.english == next }) {
                let split = "\(to) \(w.dropFirst(to.count))"
                report(.gluedKeyword, current.span, en: "`\(w)` joins a keyword and a name", zh: "`\(w)` 把关键字和名称连在了一起",
                       help: LocalizedText(en: "write a space after the keyword: `\(split)`", zh: "关键字后加空格:`\(split)`"))
                throw Failure()
            }
            if action == nil, let w = current.word, !isDeadlineStart, !isRecurrenceStart {
                _ = w
                action = try parseName(LocalizedText(en: "the action", zh: "行为"))
                continue
            }
            break
        }
        guard let action else { throw expected(LocalizedText(en: "the action (an event type)", zh: "行为(事件类型)")) }
        var deadline: DeadlineSyntax?
        var recurrence: RecurrenceSyntax?
        if isRecurrenceStart {
            recurrence = try parseRecurrence()
        } else if isDeadlineStart {
            deadline = try parseDeadline()
            if term == nil, let t = parseTerm() { term = t }
        }
        _ = sequelLanguage
        return ObligationSyntax(language: language, sequel: sequel, role: role, alternatives: alternatives, moreRecipients: moreRecipients,
                                recipientAlternatives: recipientAlternatives, actionAlternatives: actionAlternatives, actCondition: actCondition, isProhibition: prohibition, term: term,
                                recipient: recipient, action: action, deadline: deadline, recurrence: recurrence,
                                mustSpelling: language == .chinese && !prohibition && spelling != Keyword.must.chinese[0] ? spelling : nil)
    }

    /// `A or B [or C] must`: a role, then `or` and roles, then `must` / `must not`.
    var startsAlternativeHolders: Bool {
        var k = 1
        while check(.or, at: k) != nil, peek(k + 1).word != nil { k += 2 }
        return k > 1 && (check(.must, at: k) != nil || check(.mustNot, at: k) != nil)
    }

    var isComma: Bool {
        if case .comma = current.kind { return true }
        return false
    }

    /// Whether the token at `offset` is `must` / `must not` / `须` …
    func isMustKeyword(at offset: Int) -> Bool {
        check(.must, at: offset) != nil || check(.mustNot, at: offset) != nil
    }

    var isDeadlineStart: Bool {
        if checkWord("within") || checkWord("by") || checkWord("自") { return true }
        if case .number = current.kind { return true }
        if case .time = current.kind { return true }
        // `回复时限 内`: a parameter then 内
        if current.word != nil, let next = peek(1).word, Keyword.inside.chinese.contains(next) { return true }
        return false
    }

    var isRecurrenceStart: Bool {
        if checkWord("every") || (checkWord("at") && checkWord("least", at: 1)) || (checkWord("in") && checkWord("months", at: 1)) { return true }
        if checkWord("于") { return true }
        if let w = current.word, w.hasPrefix("每") { return true }
        return false
    }

    mutating func parseDeadline() throws(Failure) -> DeadlineSyntax {
        // within the autumn semester of 2020
        if checkWord("within"), checkWord("the", at: 1), checkWord("semester", at: 3), checkWord("of", at: 4),
           let l = check(.autumnTerm, at: 2) ?? check(.springTerm, at: 2), l == .english, case .number(let year) = peek(5).kind {
            let span = current.span.union(peek(5).span)
            let season: TermSeason = checkWord("autumn", at: 2) ? .autumn : .spring
            for _ in 0..<6 { advance() }
            return .withinTerm(.english, season, year: year, span: span)
        }
        // 2020年秋季学期内
        if case .number(let year) = current.kind, let w = peek(1).word, w.hasPrefix("年"),
           let season = [(Keyword.autumnTerm, TermSeason.autumn), (.springTerm, .spring)].first(where: { k, _ in
               k.chinese.contains { w == "年\($0)内" || w == "年\($0)以内" } })?.1 {
            let span = current.span.union(peek(1).span)
            advance(); advance()
            return .withinTerm(.chinese, season, year: year, span: span)
        }
        if acceptWord("within") {
            let (amount, rest) = try parseAmount()
            try rejectRest(rest)
            var from: NameSyntax?
            if acceptWord("after") { from = try parseName(LocalizedText(en: "an event or date attribute", zh: "事件或日期属性")) }
            return .within(.english, amount, from: from)
        }
        if acceptWord("by") { return .byTime(.english, try parseCutoff(.english)) }
        if isClockStart { return .byTime(.chinese, try parseCutoff(.chinese)) }
        var from: NameSyntax?
        if acceptWord("自") {
            from = try parseName(LocalizedText(en: "an event or date attribute", zh: "事件或日期属性"))
            guard acceptWord("起") else { throw expected(LocalizedText(en: "`起`", zh: "`起`")) }
        }
        let (amount, rest) = try parseAmount()
        try expectSuffix(Keyword.inside.chinese, after: rest, what: LocalizedText(en: "`内`", zh: "`内`"))
        return .within(.chinese, amount, from: from)
    }

    /// Reads a Chinese suffix keyword, glued (`rest`) or as the next word.
    mutating func expectSuffix(_ spellings: [String], after rest: String?, what: LocalizedText) throws(Failure) {
        if let rest {
            if spellings.contains(rest) { return }
            report(.trailingText, tokens[pos - 1].span, en: "unexpected `\(rest)`", zh: "多余的 `\(rest)`")
            throw Failure()
        }
        if let w = current.word, spellings.contains(w) {
            advance()
            return
        }
        throw expected(what)
    }

    // MARK: Recurrences

    mutating func parseRecurrence() throws(Failure) -> RecurrenceSyntax {
        let start = current.span
        if checkWord("at"), checkWord("least", at: 1) {
            advance(); advance()
            let (n, _) = try parseNumber(LocalizedText(en: "how many times", zh: "次数"))
            guard accept(.times) == .english else { throw expected(LocalizedText(en: "`times`", zh: "`times`")) }
            let period = try parsePeriod()
            let teachingOnly = try parseTeachingPeriodsOnly(period, .english)
            return RecurrenceSyntax(language: .english, period: period, atLeast: n, span: start.union(Span.at(previousEnd)),
                                    teachingPeriodsOnly: teachingOnly)
        }
        let language: KeywordLanguage = checkWord("every") || checkWord("in") ? .english : .chinese
        let period = try parsePeriod()
        let teachingOnly = try parseTeachingPeriodsOnly(period, language)
        var atLeast: Int?
        if language == .chinese, accept(.atLeast) != nil {
            let (n, _) = try parseNumber(LocalizedText(en: "how many times", zh: "次数"))
            guard accept(.times) == .chinese else { throw expected(LocalizedText(en: "`次`", zh: "`次`")) }
            atLeast = n
        }
        return RecurrenceSyntax(language: language, period: period, atLeast: atLeast, span: start.union(Span.at(previousEnd)),
                                teachingPeriodsOnly: teachingOnly)
    }

    /// `(teaching periods only)` / `（仅含教学日的周期）` after an `every` period.
    mutating func parseTeachingPeriodsOnly(_ period: PeriodSyntax, _ language: KeywordLanguage) throws(Failure) -> Bool {
        guard case .leftParen = current.kind else { return false }
        let isEnglish = peek(1).word == "teaching" && peek(2).word == "periods" && peek(3).word == "only"
        let isChinese = peek(1).word.map(Keyword.teachingPeriodsOnly.chinese.contains) ?? false
        guard isEnglish || isChinese, case .rightParen = peek(isEnglish ? 4 : 2).kind else { return false }
        let span = current.span
        for _ in 0..<(isEnglish ? 5 : 3) { advance() }
        guard case .every = period else {
            report(.misplacedClause, span.union(Span.at(previousEnd)),
                   en: "only a period such as `every half month` can skip periods without teaching days",
                   zh: "只有 `每半月` 这样的周期才能只含教学日的周期")
            throw Failure()
        }
        _ = language
        return true
    }

    mutating func parsePeriod() throws(Failure) -> PeriodSyntax {
        if acceptWord("every") {
            var season: TermSeason?
            if checkWord("semester", at: 1), let l = check(.autumnTerm) ?? check(.springTerm), l == .english {
                season = checkWord("autumn") ? .autumn : .spring
                advance()
            }
            var matched: PeriodUnit?
            for kind in PeriodUnit.allCases.sorted(by: { $0.english.count > $1.english.count }) {
                let parts = kind.english.split(separator: " ").map(String.init)
                if parts.indices.allSatisfy({ peek($0).word == parts[$0] }) {
                    for _ in parts { advance() }
                    matched = kind
                    break
                }
            }
            guard let kind = matched else { throw unknownPeriod() }
            if kind == .semester, let window = try parseEnglishTermWindow() { return .termStart(season ?? .any, window) }
            if season != nil { throw expected(LocalizedText(en: "`within N days around its start` or `before its start`", zh: "`within N days around its start` 或 `before its start`")) }
            if kind == .year, checkWord("by"), case .monthDay(let m, let d) = peek(1).kind {
                advance(); advance()
                let (inclusive, rolls) = try parseFixedDateFlags()
                return .yearlyBy(month: m, day: d, inclusive: inclusive, rolls: rolls)
            }
            var cutoff: CutoffSyntax?
            if acceptWord("by") { cutoff = try parseCutoff(.english) }
            return .every(kind, cutoff: cutoff)
        }
        if checkWord("in"), checkWord("months", at: 1) {
            advance(); advance()
            var months: [Int] = []
            repeat {
                let (m, span) = try parseNumber(LocalizedText(en: "a month number", zh: "月份"))
                guard (1...12).contains(m) else {
                    report(.invalidMonthDay, span, en: "there is no month \(m)", zh: "没有 \(m) 月")
                    throw Failure()
                }
                months.append(m)
            } while acceptComma() || acceptWord("and")
            return .months(months)
        }
        if acceptWord("于") {
            var months: [Int] = []
            repeat {
                let (m, span) = try parseNumber(LocalizedText(en: "a month number", zh: "月份"))
                guard (1...12).contains(m) else {
                    report(.invalidMonthDay, span, en: "there is no month \(m)", zh: "没有 \(m) 月")
                    throw Failure()
                }
                guard acceptWord("月") else { throw expected(LocalizedText(en: "`月`", zh: "`月`")) }
                months.append(m)
            } while acceptComma() || acceptWord("和")
            return .months(months)
        }
        // 每半月, 每 半月, 每年 9月30日前（含当日，不顺延）, 每教学日 12:00前
        guard let w = current.word, w.hasPrefix("每") else { throw unknownPeriod() }
        let wordSpan = advance().span
        var rest = String(w.dropFirst())
        if rest.isEmpty, let next = current.word { rest = next; advance() }
        guard let kind = PeriodUnit.allCases.first(where: { $0.chinese.contains(rest) }) else {
            // 每学期开学前后: a period glued to the window that follows it.
            let windowWords = [Keyword.aroundStart, .beforeStart, .autumnTerm, .springTerm].flatMap(\.chinese)
            for unit in PeriodUnit.allCases.flatMap(\.chinese) where rest.hasPrefix(unit) {
                let tail = String(rest.dropFirst(unit.count))
                guard windowWords.contains(where: { tail.hasPrefix($0) }) else { continue }
                report(.unknownPeriod, wordSpan, en: "`\(w)` is not a period", zh: "`\(w)` 不是周期",
                       help: LocalizedText(en: "write a space after the period: `每\(unit) \(tail)`", zh: "周期后加空格:`每\(unit) \(tail)`"))
                throw Failure()
            }
            report(.unknownPeriod, wordSpan, en: "`\(w)` is not a period", zh: "`\(w)` 不是周期",
                   help: LocalizedText(en: "periods are 每日 每教学日 每周 每半月 每月 每季度 每半年 每学期 每学年 每年",
                                       zh: "周期有:每日、每教学日、每周、每半月、每月、每季度、每半年、每学期、每学年、每年"))
            throw Failure()
        }
        if kind == .semester, let window = try parseChineseTermWindow() { return .termStart(.any, window) }
        if kind == .year, let l = check(.autumnTerm) ?? check(.springTerm), l == .chinese {
            let season: TermSeason = check(.autumnTerm) != nil ? .autumn : .spring
            advance()
            guard let window = try parseChineseTermWindow() else { throw expected(LocalizedText(en: "`开学前后` or `开学前`", zh: "`开学前后` 或 `开学前`")) }
            return .termStart(season, window)
        }
        if kind == .year, case .number(let m) = current.kind {
            let monthSpan = advance().span
            guard acceptWord("月") else { throw expected(LocalizedText(en: "`月`", zh: "`月`")) }
            let (d, _) = try parseNumber(LocalizedText(en: "a day of the month", zh: "日"))
            if acceptWord("日前") {
            } else if acceptWord("日") {
                guard acceptWord("前") else { throw expected(LocalizedText(en: "`前`", zh: "`前`")) }
            } else {
                throw expected(LocalizedText(en: "`日前`", zh: "`日前`"))
            }
            guard Lexer.isValid(year: 2024, month: m, day: d) else {
                report(.invalidMonthDay, monthSpan.union(Span.at(previousEnd)), en: "\(m)月\(d)日 is not a date", zh: "\(m)月\(d)日 不是有效日期")
                throw Failure()
            }
            let (inclusive, rolls) = try parseFixedDateFlags()
            return .yearlyBy(month: m, day: d, inclusive: inclusive, rolls: rolls)
        }
        var cutoff: CutoffSyntax?
        if isClockStart { cutoff = try parseCutoff(.chinese) }
        return .every(kind, cutoff: cutoff)
    }

    // MARK: Cut-offs

    /// `12:00` or `12点` (a whole hour, as Chinese texts write it).
    var isClockStart: Bool {
        if case .time = current.kind { return true }
        if case .number = current.kind, let w = peek(1).word, w.hasPrefix("点") { return true }
        return false
    }

    /// `12:00` / `12点` (the `点` may carry a glued `前`, returned as the rest).
    mutating func parseClock() throws(Failure) -> (TimeSyntax, rest: String?) {
        if case .number(let h) = current.kind, let w = peek(1).word, w.hasPrefix("点") {
            let start = advance().span
            let end = advance().span
            guard (0...24).contains(h) else {
                report(.invalidLiteral, start.union(end), en: "`\(h)点` is not a time of day", zh: "`\(h)点` 不是有效的时刻")
                throw Failure()
            }
            let rest = String(w.dropFirst())
            return (TimeSyntax(hour: h, minute: 0, span: start.union(end)), rest.isEmpty ? nil : rest)
        }
        return (try parseTime(), nil)
    }

    /// The time after `by` (English) or before `前` (Chinese), then whether the instant itself
    /// is on time: `(inclusive)` / `(exclusive)`, `（含12:00）` / `（不含12:00）`. Required: the law
    /// says nothing of `前`, so the rule must (D0130).
    mutating func parseCutoff(_ language: KeywordLanguage) throws(Failure) -> CutoffSyntax {
        let (time, rest) = try parseClock()
        if language == .chinese {
            try expectSuffix(Keyword.before.chinese, after: rest, what: LocalizedText(en: "`前`", zh: "`前`"))
        } else if let rest {
            report(.trailingText, tokens[pos - 1].span, en: "unexpected `\(rest)`", zh: "多余的 `\(rest)`")
            throw Failure()
        }
        let shown = Parser.clockText(time)
        let help = language == .english
            ? LocalizedText(en: "write `by \(shown) (inclusive)` if an act at \(shown) is on time, `by \(shown) (exclusive)` if not",
                            zh: "若 \(shown) 整办理算按时,写 `by \(shown) (inclusive)`,否则写 `by \(shown) (exclusive)`")
            : LocalizedText(en: "write `\(shown)前（含\(shown)）` if an act at \(shown) is on time, `\(shown)前（不含\(shown)）` if not",
                            zh: "若 \(shown) 整办理算按时,写 `\(shown)前（含\(shown)）`,否则写 `\(shown)前（不含\(shown)）`")
        func missing(_ p: inout Parser) -> Failure {
            let at = p.current.kind == .newline || p.current.kind == .end ? Span.at(p.previousEnd) : p.current.span
            p.report(.cutoffBound, at, en: "say whether an act at \(shown) itself is on time", zh: "须写明恰在 \(shown) 办理是否算按时", help: help)
            return Failure()
        }
        guard case .leftParen = current.kind else { throw missing(&self) }
        let open = advance().span
        var inclusive: Bool
        if checkWord("含") { inclusive = true } else if checkWord("不含") { inclusive = false }
        else if checkWord("inclusive") { inclusive = true } else if checkWord("exclusive") { inclusive = false }
        else { throw missing(&self) }
        let word = advance()
        if word.word == "含" || word.word == "不含" {
            // The instant is named again, so a reader sees which one: （含12:00）.
            let (again, rest) = try parseClock()
            if let rest {
                report(.trailingText, tokens[pos - 1].span, en: "unexpected `\(rest)`", zh: "多余的 `\(rest)`")
                throw Failure()
            }
            if again.hour != time.hour || again.minute != time.minute {
                report(.cutoffBound, again.span, en: "the cut-off is \(shown), but the parentheses name \(Parser.clockText(again))",
                       zh: "截止时刻是 \(shown),括号中却写 \(Parser.clockText(again))", help: help)
                throw Failure()
            }
        }
        guard case .rightParen = current.kind else {
            report(.cutoffBound, open.union(current.span), en: "say whether an act at \(shown) itself is on time", zh: "须写明恰在 \(shown) 办理是否算按时", help: help)
            throw Failure()
        }
        advance()
        return CutoffSyntax(time: time, inclusive: inclusive)
    }

    static func clockText(_ t: TimeSyntax) -> String {
        (t.hour < 10 ? "0" : "") + "\(t.hour):" + (t.minute < 10 ? "0" : "") + "\(t.minute)"
    }

    /// `within N days around its start`, `within N days before its start`, `before its start`.
    mutating func parseEnglishTermWindow() throws(Failure) -> TermWindowSyntax? {
        if checkWord("before"), checkWord("its", at: 1), checkWord("start", at: 2) {
            advance(); advance(); advance()
            return .vacation
        }
        guard checkWord("within"), case .number = peek(1).kind else { return nil }
        advance()
        let (d, rest) = try parseDuration()
        try rejectRest(rest)
        let isAround: Bool
        if accept(.aroundStart) == .english { isAround = true }
        else if acceptWord("before") { isAround = false }
        else { throw expected(LocalizedText(en: "`around its start` or `before its start`", zh: "`around its start` 或 `before its start`")) }
        guard acceptWord("its"), acceptWord("start") else { throw expected(LocalizedText(en: "`its start`", zh: "`its start`")) }
        return isAround ? .around(d) : .before(d)
    }

    /// `开学前后 N天内`, `开学前 N天内`, `开学前`.
    mutating func parseChineseTermWindow() throws(Failure) -> TermWindowSyntax? {
        if accept(.aroundStart) == .chinese {
            let (d, rest) = try parseDuration()
            try expectSuffix(Keyword.inside.chinese, after: rest, what: LocalizedText(en: "`内`", zh: "`内`"))
            return .around(d)
        }
        guard accept(.beforeStart) == .chinese else { return nil }
        guard case .number = current.kind else { return .vacation }
        let (d, rest) = try parseDuration()
        try expectSuffix(Keyword.inside.chinese, after: rest, what: LocalizedText(en: "`内`", zh: "`内`"))
        return .before(d)
    }

    mutating func unknownPeriod() -> Failure {
        report(.unknownPeriod, current.kind == .newline ? Span.at(current.span.start) : current.span,
               en: "expected a period, found \(current.display.en)", zh: "此处应为周期,实际为\(current.display.zh)",
               help: LocalizedText(en: "periods are day, teaching day, week, half month, month, quarter, half year, semester, school year, year",
                                   zh: "周期有:日、教学日、周、半月、月、季度、半年、学期、学年、年"))
        return Failure()
    }

    /// `(inclusive, not rolling)` / `（含当日，不顺延）`: both are required, never assumed.
    mutating func parseFixedDateFlags() throws(Failure) -> (inclusive: Bool, rolls: Bool) {
        let help = LocalizedText(en: "write `(inclusive, not rolling)` or `(exclusive, rolling)` …",
                                 zh: "写明如 `（含当日，不顺延）` 或 `（不含当日，顺延）`")
        guard case .leftParen = current.kind else {
            report(.fixedDateFlags, current.kind == .newline || current.kind == .end ? Span.at(previousEnd) : current.span,
                   en: "say whether the date itself counts and whether it moves off a rest day",
                   zh: "须写明是否含当日以及遇休息日是否顺延", help: help)
            throw Failure()
        }
        advance()
        var inclusive: Bool?
        var rolls: Bool?
        while true {
            if accept(.inclusive) != nil { inclusive = true }
            else if accept(.exclusive) != nil { inclusive = false }
            else if accept(.rolling) != nil { rolls = true }
            else if accept(.notRolling) != nil { rolls = false }
            else if checkWord("not"), checkWord("rolling", at: 1) { advance(); advance(); rolls = false }
            else { break }
            if !acceptComma() { break }
        }
        guard case .rightParen = current.kind, let inclusive, let rolls else {
            report(.fixedDateFlags, current.span, en: "say whether the date itself counts and whether it moves off a rest day",
                   zh: "须写明是否含当日以及遇休息日是否顺延", help: help)
            throw Failure()
        }
        advance()
        return (inclusive, rolls)
    }

    // MARK: Prerequisites

    /// `part (keyword part)*`, e.g. `a 或 b 或 c`: the parts, and the spelling language of the
    /// keyword (English when there is none), which the formatter prints back.
    mutating func parseSeparated<T>(by keyword: Keyword,
                                    _ part: (inout Parser) throws(Failure) -> T) throws(Failure) -> (parts: [T], language: KeywordLanguage) {
        var parts = [try part(&self)]
        var language: KeywordLanguage = .english
        while let l = accept(keyword) {
            language = l
            parts.append(try part(&self))
        }
        return (parts, language)
    }

    mutating func parsePrerequisite() throws(Failure) -> PrerequisiteSyntax {
        try nest()
        defer { depth -= 1 }
        let (terms, language) = try parseSeparated(by: .or) { (p: inout Parser) throws(Failure) in try p.parsePrerequisiteTerm() }
        return terms.count == 1 ? terms[0] : .any(terms, language)
    }

    mutating func parsePrerequisiteTerm() throws(Failure) -> PrerequisiteSyntax {
        let (atoms, language) = try parseSeparated(by: .and) { (p: inout Parser) throws(Failure) in try p.parsePrerequisiteAtom() }
        return atoms.count == 1 ? atoms[0] : .all(atoms, language)
    }

    mutating func parsePrerequisiteAtom() throws(Failure) -> PrerequisiteSyntax {
        if case .leftParen = current.kind {
            advance()
            let inner = try parsePrerequisite()
            guard case .rightParen = current.kind else { throw expected(LocalizedText(en: "`)`", zh: "`)`")) }
            advance()
            return .group(inner)
        }
        let event: PrerequisiteSyntax
        if checkWord("at"), checkWord("least", at: 1) {
            advance(); advance()
            let (n, _) = try parseNumber(LocalizedText(en: "how many", zh: "次数"))
            event = .event(try parseName(LocalizedText(en: "an event type", zh: "事件类型")), atLeast: n, .english)
        } else if accept(.atLeast) == .chinese {
            let (n, _) = try parseNumber(LocalizedText(en: "how many", zh: "次数"))
            guard accept(.times) == .chinese else { throw expected(LocalizedText(en: "`次`", zh: "`次`")) }
            event = .event(try parseName(LocalizedText(en: "an event type", zh: "事件类型")), atLeast: n, .chinese)
        } else {
            event = .event(try parseName(LocalizedText(en: "an event type", zh: "事件类型")), atLeast: nil, .english)
        }
        // 领导小组同意 by 县脱贫攻坚领导小组 · 领导小组同意（由 县脱贫攻坚领导小组）
        if acceptWord("by") {
            return .recordedBy(event, role: try parseName(LocalizedText(en: "the role that records it", zh: "记录该事件的角色")), .english)
        }
        if case .leftParen = current.kind, peek(1).word == "由" {
            advance(); advance()
            let role = try parseName(LocalizedText(en: "the role that records it", zh: "记录该事件的角色"))
            guard case .rightParen = current.kind else { throw expected(LocalizedText(en: "`)`", zh: "`）`")) }
            advance()
            return .recordedBy(event, role: role, .chinese)
        }
        return event
    }

    mutating func nest() throws(Failure) {
        depth += 1
        if depth > Parser.maximumDepth {
            report(.nestingTooDeep, current.span, en: "expression is nested more than \(Parser.maximumDepth) deep",
                   zh: "表达式嵌套超过 \(Parser.maximumDepth) 层")
            depth -= 1
            throw Failure()
        }
    }

    // MARK: Conditions

    mutating func parseCondition() throws(Failure) -> ExprSyntax {
        try nest()
        defer { depth -= 1 }
        let (parts, language) = try parseSeparated(by: .or) { (p: inout Parser) throws(Failure) in try p.parseConjunction() }
        return parts.count == 1 ? parts[0] : .or(parts, language)
    }

    mutating func parseConjunction() throws(Failure) -> ExprSyntax {
        let (parts, language) = try parseSeparated(by: .and) { (p: inout Parser) throws(Failure) in try p.parseNegation() }
        return parts.count == 1 ? parts[0] : .and(parts, language)
    }

    mutating func parseNegation() throws(Failure) -> ExprSyntax {
        if let l = accept(.not) {
            try nest()
            defer { depth -= 1 }
            return .not(try parseNegation(), l)
        }
        // `first since 确认辍学` · `确认辍学 之后首次`
        if checkWord("first"), checkWord("since", at: 1), peek(2).word != nil {
            let start = advance().span
            advance()
            let name = try parseName(LocalizedText(en: "an event type", zh: "事件类型"))
            return .firstSince(name, .english, start.union(name.span))
        }
        if current.word != nil, checkWord("之后首次", at: 1) {
            let name = try parseName(LocalizedText(en: "an event type", zh: "事件类型"))
            let end = advance().span
            return .firstSince(name, .chinese, name.span.union(end))
        }
        if checkWord("age"), checkWord("of", at: 1) {
            let start = advance().span
            advance()
            let birthDate = try parseOperand()
            let isAtLeast: Bool
            if acceptWord("under") { isAtLeast = false }
            else if checkWord("at"), checkWord("least", at: 1) { advance(); advance(); isAtLeast = true }
            else { throw expected(LocalizedText(en: "`under` or `at least`", zh: "`under` 或 `at least`")) }
            let (n, end) = try parseNumber(LocalizedText(en: "an age in full years", zh: "周岁数"))
            return .age(AgeSyntax(language: .english, birthDate: birthDate, years: n, isAtLeast: isAtLeast,
                                  word: isAtLeast ? "at least" : "under", span: start.union(end)))
        }
        let left = try parseOperand()
        if case .compare(let op) = current.kind {
            advance()
            return .compare(left, op, try parseOperand())
        }
        // 出生日期 不满 16 周岁 · 出生日期 满 16 周岁 · 出生日期 16 周岁以上
        if let w = current.word, let hit = AgeSyntax.chineseWords.first(where: { $0.word == w }), case .number = peek(1).kind {
            let start = advance().span
            let (n, _) = try parseNumber(LocalizedText(en: "an age in full years", zh: "周岁数"))
            guard acceptWord("周岁") else { throw expected(LocalizedText(en: "`周岁`", zh: "`周岁`")) }
            return .age(AgeSyntax(language: .chinese, birthDate: left, years: n, isAtLeast: hit.isAtLeast, word: hit.word,
                                  span: start.union(Span.at(previousEnd))))
        }
        if case .number(let n) = current.kind, let w = peek(1).word, w.hasPrefix("周岁") {
            let start = advance().span
            advance()
            if w == "周岁" {
                guard acceptWord("以上") else { throw expected(LocalizedText(en: "`以上`", zh: "`以上`")) }
            } else if w != "周岁以上" {
                report(.trailingText, tokens[pos - 1].span, en: "expected `周岁以上`, found `\(w)`", zh: "此处应为 `周岁以上`,实际为 `\(w)`",
                       help: LocalizedText(en: "write `满 \(n) 周岁` or `\(n) 周岁以上` (N or older), `不满 \(n) 周岁` (younger)",
                                           zh: "写作 `满 \(n) 周岁` 或 `\(n) 周岁以上`(含本数),`不满 \(n) 周岁`(不含本数)"))
                throw Failure()
            }
            return .age(AgeSyntax(language: .chinese, birthDate: left, years: n, isAtLeast: true, word: "以上",
                                  span: start.union(Span.at(previousEnd))))
        }
        return left
    }

    mutating func parseOperand() throws(Failure) -> ExprSyntax {
        switch current.kind {
        case .leftParen:
            advance()
            let inner = try parseCondition()
            guard case .rightParen = current.kind else { throw expected(LocalizedText(en: "`)`", zh: "`)`")) }
            advance()
            return .group(inner)
        case .number(let n):
            if let next = peek(1).word, DurationUnit.allSpellings.contains(where: {
                $0.isChinese ? next.hasPrefix($0.spelling) : ($0.spelling == next || $0.spelling.hasPrefix(next + " "))
            }) {
                let (d, rest) = try parseDuration()
                try rejectRest(rest)
                return .duration(d)
            }
            return .number(n, advance().span)
        case .string(let value, let quote):
            return .string(StringSyntax(value, quote: quote, span: advance().span))
        case .date:
            return .date(try parseDate())
        case .word(let w):
            if let l = check(.yes) { return .boolean(true, l, advance().span) }
            if let l = check(.no) { return .boolean(false, l, advance().span) }
            _ = w
            var path = [try parseName(LocalizedText(en: "a name", zh: "名称"))]
            while case .dot = current.kind {
                advance()
                path.append(try parseName(LocalizedText(en: "an attribute", zh: "属性")))
            }
            return .path(path)
        default:
            throw expected(LocalizedText(en: "a condition", zh: "条件"))
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
