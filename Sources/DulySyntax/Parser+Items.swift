import DulySource

extension Parser {
    static let itemKeywords: [Keyword] = [.policy, .vocabulary, .parameter, .override, .define, .rule, .escalation, .uncheckable]

    mutating func parseFile() -> FileSyntax {
        let block = parseMembers(topLevel: true, open: nil) { (p: inout Parser) throws(Failure) -> ItemSyntax in
            try p.parseItem()
        }
        return FileSyntax(items: block.members, danglingComments: block.danglingComments, hasErrors: block.hasErrors)
    }

    mutating func parseItem() throws(Failure) -> ItemSyntax {
        if let l = accept(.policy) { return .policy(try parsePolicy(l)) }
        if let l = accept(.vocabulary) { return .vocabulary(try parseVocabulary(l)) }
        if let l = accept(.parameter) { return .parameter(try parseParameter(l)) }
        if let l = accept(.override) { return .override(try parseOverride(l)) }
        if let l = accept(.define) { return .definition(try parseDefinition(l)) }
        if let l = accept(.rule) { return .rule(try parseRule(.rule, l)) }
        if let l = accept(.escalation) { return .rule(try parseRule(.escalation, l)) }
        if let l = accept(.uncheckable) { return .rule(try parseRule(.uncheckable, l)) }
        let what = LocalizedText(en: "a declaration (policy, vocabulary, rule, escalation, parameter …)",
                                 zh: "声明(政策、词汇、规则、升级、参数……)")
        if let w = current.word {
            let help = gluedKeywordHelp(w, candidates: Parser.itemKeywords) ?? keywordSuggestion(w, candidates: Parser.itemKeywords)
            let code: DiagnosticCode = gluedKeywordHelp(w, candidates: Parser.itemKeywords) != nil ? .gluedKeyword : .unknownItem
            report(code, current.span, en: "`\(w)` does not start a declaration", zh: "`\(w)` 不是声明的开头", help: help)
            throw Failure()
        }
        report(.unknownItem, current.span, en: "expected \(what.en), found \(current.display.en)", zh: "此处应为\(what.zh),实际为\(current.display.zh)")
        throw Failure()
    }

    // MARK: Policy header

    mutating func parsePolicy(_ language: KeywordLanguage) throws(Failure) -> PolicySyntax {
        let name = try parseName(LocalizedText(en: "the jurisdiction's name", zh: "辖区名称"))
        let label = parseOptionalLabel()
        let body = try parseBlock { (p: inout Parser) throws(Failure) -> HeaderClauseSyntax in try p.parseHeaderClause() }
        return PolicySyntax(language: language, name: name, label: label, body: body)
    }

    static let headerKeywords: [Keyword] = [.code, .extends, .uses, .calendar, .effective, .defaultTime, .document]

    mutating func parseHeaderClause() throws(Failure) -> HeaderClauseSyntax {
        if let l = accept(.code) { return .code(l, try parseString(LocalizedText(en: "the code as a string", zh: "代码字符串"))) }
        if let l = accept(.extends) { return .extends(l, try parseName(LocalizedText(en: "the parent policy", zh: "上级规则"))) }
        if let l = accept(.uses) { return .uses(l, try parseName(LocalizedText(en: "a vocabulary", zh: "词汇表"))) }
        if let l = accept(.calendar) { return .calendar(l, try parseCalendarName()) }
        if check(.effective) != nil { return .effective(try parseEffective()) }
        if checkWord("default"), checkWord("time", at: 1) {
            advance(); advance()
            return .defaultTime(.english, try parseTime())
        }
        if acceptWord("默认时间") { return .defaultTime(.chinese, try parseTime()) }
        if checkWord("organisations") || checkWord("组织") {
            let language: KeywordLanguage = checkWord("组织") ? .chinese : .english
            advance()
            var kinds = [try parseName(LocalizedText(en: "an organisation kind", zh: "组织类别"))]
            while acceptComma() { kinds.append(try parseName(LocalizedText(en: "an organisation kind", zh: "组织类别"))) }
            return .organisations(language, kinds)
        }
        if let l = accept(.document) {
            let name = try parseName(LocalizedText(en: "the document's short name", zh: "文件简称"))
            let body = try parseBlock { (p: inout Parser) throws(Failure) -> DocumentClauseSyntax in try p.parseDocumentClause() }
            return .document(DocumentSyntax(language: l, name: name, body: body))
        }
        throw unknownClause(in: LocalizedText(en: "a policy header", zh: "政策声明"), candidates: Parser.headerKeywords)
    }

    mutating func unknownClause(in place: LocalizedText, candidates: [Keyword]) -> Failure {
        if let w = current.word {
            if let help = gluedKeywordHelp(w, candidates: candidates) {
                report(.gluedKeyword, current.span, en: "`\(w)` joins a keyword and a name", zh: "`\(w)` 把关键字和名称连在了一起", help: help)
            } else {
                report(.unknownClause, current.span, en: "`\(w)` is not a clause of \(place.en)", zh: "`\(w)` 不是\(place.zh)中的条款",
                       help: keywordSuggestion(w, candidates: candidates))
            }
            return Failure()
        }
        return expected(LocalizedText(en: "a clause of \(place.en)", zh: "\(place.zh)中的条款"))
    }

    mutating func parseEffective() throws(Failure) -> EffectiveSyntax {
        guard let l = accept(.effective) else { throw expected(LocalizedText(en: "`effective`", zh: "`生效`")) }
        if l == .english {
            guard acceptWord("from") else { throw expected(LocalizedText(en: "`from`", zh: "`from`")) }
        }
        let from = try parseDate()
        var until: DateSyntax?
        if (l == .english && acceptWord("until")) || (l == .chinese && acceptWord("至")) {
            until = try parseDate()
        }
        return EffectiveSyntax(language: l, from: from, until: until)
    }

    mutating func parseDocumentClause() throws(Failure) -> DocumentClauseSyntax {
        if let l = accept(.number) { return .number(l, try parseString(LocalizedText(en: "the document number", zh: "文号"))) }
        if let l = accept(.title) { return .title(l, try parseString(LocalizedText(en: "the title", zh: "标题"))) }
        if let l = accept(.issuer) { return .issuer(l, try parseString(LocalizedText(en: "the issuing body", zh: "发文机关"))) }
        if let l = accept(.date) { return .date(l, try parseDate()) }
        if let l = accept(.covers) {
            var ranges: [CatalogRangeSyntax] = []
            repeat {
                let first = try parseName(LocalizedText(en: "a catalog ID", zh: "目录编号"))
                var last: NameSyntax?
                if case .dotDot = current.kind {
                    advance()
                    last = try parseName(LocalizedText(en: "a catalog ID", zh: "目录编号"))
                }
                ranges.append(CatalogRangeSyntax(first: first, last: last))
            } while acceptComma()
            return .covers(l, ranges)
        }
        throw unknownClause(in: LocalizedText(en: "a document", zh: "文件"), candidates: [.number, .title, .issuer, .date, .covers])
    }

    mutating func acceptComma() -> Bool {
        guard case .comma = current.kind else { return false }
        advance()
        return true
    }

    // MARK: Vocabulary

    mutating func parseVocabulary(_ language: KeywordLanguage) throws(Failure) -> VocabularySyntax {
        let name = try parseName(LocalizedText(en: "the vocabulary's name", zh: "词汇表名称"))
        let label = parseOptionalLabel()
        let body = try parseBlock { (p: inout Parser) throws(Failure) -> VocabularyClauseSyntax in try p.parseVocabularyClause() }
        return VocabularySyntax(language: language, name: name, label: label, body: body)
    }

    mutating func parseVocabularyClause() throws(Failure) -> VocabularyClauseSyntax {
        if let l = accept(.role) {
            let name = try parseName(LocalizedText(en: "the role's name", zh: "角色名称"))
            let label = parseOptionalLabel()
            var relation: RoleRelationSyntax?
            if let rl = accept(.at) {
                relation = .at(rl, try parseName(LocalizedText(en: "an organisation role", zh: "组织角色")))
            } else if let rl = accept(.manages) {
                var names = [try parseName(LocalizedText(en: "a role", zh: "角色"))]
                while acceptComma() { names.append(try parseName(LocalizedText(en: "a role", zh: "角色"))) }
                relation = .manages(rl, names)
            } else if acceptWord("is") {
                let role = try parseName(LocalizedText(en: "a role", zh: "角色"))
                guard acceptWord("of") else { throw expected(LocalizedText(en: "`of`", zh: "`of`")) }
                relation = .isOf(.english, role: role, attribute: try parseName(LocalizedText(en: "an attribute", zh: "属性")))
            } else if acceptWord("为") {
                let attribute = try parseName(LocalizedText(en: "an attribute", zh: "属性"))
                guard acceptWord("的") else { throw expected(LocalizedText(en: "`的`", zh: "`的`")) }
                relation = .isOf(.chinese, role: try parseName(LocalizedText(en: "a role", zh: "角色")), attribute: attribute)
            }
            var actsAs: (language: KeywordLanguage, role: NameSyntax)?
            if checkWord("acts"), checkWord("as", at: 1) {
                advance(); advance()
                actsAs = (.english, try parseName(LocalizedText(en: "the role it acts as", zh: "所充当的角色")))
            } else if acceptWord("充当") {
                actsAs = (.chinese, try parseName(LocalizedText(en: "the role it acts as", zh: "所充当的角色")))
            }
            return .role(RoleDeclSyntax(language: l, name: name, label: label, relation: relation, actsAs: actsAs))
        }
        if let l = accept(.subject) {
            let name = try parseName(LocalizedText(en: "the subject's name", zh: "对象名称"))
            let label = parseOptionalLabel()
            let attributes = try parseBlock { (p: inout Parser) throws(Failure) -> AttributeDeclSyntax in try p.parseAttribute() }
            return .subject(SubjectDeclSyntax(language: l, name: name, label: label, attributes: attributes))
        }
        if let l = accept(.event) {
            let name = try parseName(LocalizedText(en: "the event's name", zh: "事件名称"))
            let label = parseOptionalLabel()
            var answers: NameSyntax?
            if accept(.answers) != nil { answers = try parseName(LocalizedText(en: "the event it answers", zh: "所回应的事件")) }
            var attributes: BlockSyntax<AttributeDeclSyntax>?
            if case .leftBrace = current.kind {
                attributes = try parseBlock { (p: inout Parser) throws(Failure) -> AttributeDeclSyntax in try p.parseAttribute() }
            }
            return .event(EventDeclSyntax(language: l, name: name, label: label, answers: answers, attributes: attributes))
        }
        throw unknownClause(in: LocalizedText(en: "a vocabulary", zh: "词汇表"), candidates: [.role, .subject, .event])
    }

    public static let typeSpellings: [(String, AttributeType, KeywordLanguage)] = [
        ("date", .date, .english), ("日期", .date, .chinese), ("time", .time, .english), ("时间", .time, .chinese),
        ("number", .number, .english), ("数量", .number, .chinese), ("text", .text, .english), ("文本", .text, .chinese),
        ("flag", .flag, .english), ("是否", .flag, .chinese), ("organisation", .organisation, .english),
        ("organization", .organisation, .english), ("组织", .organisation, .chinese),
        ("duration", .duration, .english), ("时长", .duration, .chinese),
    ]

    mutating func parseAttribute() throws(Failure) -> AttributeDeclSyntax {
        let name = try parseName(LocalizedText(en: "an attribute name", zh: "属性名称"))
        let label = parseOptionalLabel()
        guard case .colon = current.kind else { throw expected(LocalizedText(en: "`:` and a type", zh: "`:` 和类型")) }
        advance()
        guard let w = current.word else { throw expected(LocalizedText(en: "a type", zh: "类型")) }
        guard let (_, type, l) = Parser.typeSpellings.first(where: { $0.0 == w }) else {
            let names = Parser.typeSpellings.map(\.0)
            let help = Suggestion.closest(to: w, in: names).map(Suggestion.didYouMean)
                ?? LocalizedText(en: "types are date, time, number, text, flag, organisation, duration",
                                 zh: "类型有:日期、时间、数量、文本、是否、组织、时长")
            report(.unexpectedToken, current.span, en: "`\(w)` is not a type", zh: "`\(w)` 不是类型", help: help)
            throw Failure()
        }
        let t = advance()
        return AttributeDeclSyntax(name: name, label: label, type: TypeSyntax(type: type, language: l, span: t.span))
    }

    // MARK: Parameters and definitions

    mutating func parseParameter(_ language: KeywordLanguage) throws(Failure) -> ParameterSyntax {
        let name = try parseName(LocalizedText(en: "the parameter's name", zh: "参数名称"))
        let label = parseOptionalLabel()
        try expectEquals()
        let (value, rest) = try parseAmount()
        try rejectRest(rest)
        var citation: CitationSyntax?
        if check(.cite) != nil { citation = try parseCitation() }
        return ParameterSyntax(language: language, name: name, label: label, value: value, citation: citation)
    }

    mutating func parseOverride(_ language: KeywordLanguage) throws(Failure) -> OverrideSyntax {
        let name = try parseName(LocalizedText(en: "the parameter's name", zh: "参数名称"))
        try expectEquals()
        let (value, rest) = try parseAmount()
        try rejectRest(rest)
        var citation: CitationSyntax?
        if check(.cite) != nil { citation = try parseCitation() }
        var justification: StringSyntax?
        if accept(.because) != nil { justification = try parseString(LocalizedText(en: "the justification", zh: "理由")) }
        return OverrideSyntax(language: language, name: name, value: value, citation: citation, justification: justification)
    }

    mutating func parseDefinition(_ language: KeywordLanguage) throws(Failure) -> DefinitionSyntax {
        guard let term = parseTerm() else {
            throw expected(LocalizedText(en: "an unquantified term (promptly, immediately, forthwith, soon)", zh: "未量化用语(及时、立即、第一时间、尽快)"))
        }
        try expectEquals()
        let (value, rest) = try parseAmount()
        try rejectRest(rest)
        return DefinitionSyntax(language: language, term: term, value: value)
    }

    mutating func expectEquals() throws(Failure) {
        guard case .equals = current.kind else { throw expected(LocalizedText(en: "`=`", zh: "`=`")) }
        advance()
    }

    /// A glued Chinese suffix where none belongs (`5个工作日内` after `=`).
    mutating func rejectRest(_ rest: String?) throws(Failure) {
        guard let rest else { return }
        report(.trailingText, tokens[pos - 1].span, en: "unexpected `\(rest)` after the duration", zh: "时长之后有多余的 `\(rest)`")
        throw Failure()
    }
}
