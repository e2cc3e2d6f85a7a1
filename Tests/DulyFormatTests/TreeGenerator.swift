import DulyTestSupport
import DulySource
// The node structs have only internal memberwise initializers; building trees needs @testable.
@testable import DulySyntax
import DulyTime

/// Choices for the tree generator, on the shared seeded generator: a failing tree is reproduced
/// from its seed alone, on any platform (Foundation's generators are not seedable).
extension SplitMix64 {
    /// A number in `range`; the modulo bias is irrelevant at these sizes.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func language() -> KeywordLanguage { chance(50) ? .english : .chinese }
}

/// Random syntax trees of the shapes the parser produces, for the formatter's laws.
///
/// "Shapes the parser produces" matters: the round-trip law compares a generated tree with the
/// tree read back from its printed text, so the generator never builds what parsing cannot
/// give back, such as an `and` directly inside an `and` (the parser would need a group), a
/// blank line before the first member of a block without comments, or a plain prerequisite
/// event in Chinese (the parser records plain events as English). Spans are all zero; the laws
/// ignore them.
struct TreeGenerator {
    var rng: SplitMix64
    /// How deep steps are nested, and how deep the current condition or prerequisite is.
    private var stepDepth = 0
    private var depth = 0

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    static let none = Span.at(0)

    /// Names that are not keywords in any position; a test checks each is one word and no keyword.
    /// `当事人` and `第三方` start like keywords (`当`, `第`) but are single words.
    static let names = [
        "学校", "班主任", "乡镇中心校", "县教育局", "户籍地教育局", "学生", "监护人", "缺课", "函告", "回复",
        "劝返", "报告", "户籍县", "学籍县", "收到日期", "有正当理由", "联合劝返", "法院判决", "领导小组同意",
        "复学期限", "回复时限", "控辍保学", "通江县", "四川", "送返", "检查学校", "审批", "备案", "当事人", "第三方",
        "school", "headTeacher", "county_office", "reply_limit", "absence", "letter", "Report2", "x", "_private", "a-b",
    ]
    static let catalogIDs = ["GZ-7", "TJ-1", "MOE-6", "ST-1", "GZ-10", "甲"]
    static let clauseRefs = ["二.6", "二", "四.一", "三.2", "1", "第二条 第3款", ""]
    static let comments = [
        "# 注释", "// note", "# TODO: 核实原文", "#", "//", "# 含 \"引号\" 与 （括号）", "#no space", "// 两个 // 标记",
    ]
    static let plainStrings = [
        "收到函件5个工作日内", "a \"quoted\" word", "back\\slash", "通江县：“三举措”", "《限期复学通知书》", "", "tab\there",
        "ends with a space ", "# not a comment", "line\nbreak",
    ]
    static let curlyStrings = ["三举措", "建立“1357”报告制度", "", "a「b」"]
    static let cornerStrings = ["不得拒收", "a「b」c", "“x”"]
    static let stepWords = ["天", "日", "次", "个教学日"]

    // MARK: Small pieces

    mutating func name() -> NameSyntax { NameSyntax(rng.pick(Self.names), span: Self.none) }

    mutating func catalogID() -> NameSyntax { NameSyntax(rng.pick(Self.catalogIDs), span: Self.none) }

    mutating func string() -> StringSyntax {
        switch rng.int(0...5) {
        case 0: StringSyntax(rng.pick(Self.curlyStrings), quote: "“", span: Self.none)
        case 1: StringSyntax(rng.pick(Self.cornerStrings), quote: "「", span: Self.none)
        default: StringSyntax(rng.pick(Self.plainStrings), quote: "\"", span: Self.none)
        }
    }

    mutating func label() -> StringSyntax? { rng.chance(40) ? string() : nil }

    mutating func date() -> DateSyntax {
        DateSyntax(year: rng.int(1990...2035), month: rng.int(1...12), day: rng.int(1...28), span: Self.none)
    }

    mutating func time() -> TimeSyntax {
        rng.chance(10) ? TimeSyntax(hour: 24, minute: 0, span: Self.none)
            : TimeSyntax(hour: rng.int(0...23), minute: rng.pick([0, 5, 30, 59]), span: Self.none)
    }

    /// `allowMultiWordEnglish` is false inside conditions, where the parser cannot read
    /// `5 working days` (see `ParserFindingsTests`).
    mutating func duration(allowMultiWordEnglish: Bool = true) -> DurationSyntax {
        let unit = rng.pick(DurationUnit.allCases)
        var spellings = unit.chineseSpellings
        spellings += unit.englishSpellings.filter { allowMultiWordEnglish || !$0.contains(" ") }
        return DurationSyntax(count: rng.int(0...400), unit: unit, spelling: rng.pick(spellings), span: Self.none)
    }

    mutating func amount() -> AmountSyntax {
        rng.chance(70) ? .duration(duration()) : .parameter(name())
    }

    mutating func term() -> TermSyntax {
        TermSyntax(term: rng.pick(UnquantifiedTerm.allCases), language: rng.language(), span: Self.none)
    }

    // MARK: Trivia and blocks

    mutating func trivia(isFirst: Bool) -> Trivia {
        var t = Trivia()
        if rng.chance(30) {
            for _ in 0..<rng.int(1...2) { t.leadingComments.append(rng.pick(Self.comments)) }
        }
        // The parser records a blank line before a first member only below its comments.
        t.blankLineBefore = rng.chance(30) && (!isFirst || !t.leadingComments.isEmpty)
        if rng.chance(20) { t.trailingComment = rng.pick(Self.comments) }
        return t
    }

    mutating func block<Node>(count: ClosedRange<Int>, _ node: (inout TreeGenerator) -> Node) -> BlockSyntax<Node> {
        var block = BlockSyntax<Node>()
        for index in 0..<rng.int(count) {
            let trivia = trivia(isFirst: index == 0)
            block.members.append(Member(node(&self), trivia: trivia, span: Self.none))
        }
        if rng.chance(15) {
            for _ in 0..<rng.int(1...2) { block.danglingComments.append(rng.pick(Self.comments)) }
        }
        return block
    }

    // MARK: Files and items

    mutating func file() -> FileSyntax {
        let body = block(count: 0...6) { g in g.item() }
        return FileSyntax(items: body.members, danglingComments: body.danglingComments)
    }

    mutating func item() -> ItemSyntax {
        switch rng.int(0...8) {
        case 0: .policy(PolicySyntax(language: rng.language(), name: name(), label: label(),
                                     body: block(count: 0...7) { g in g.headerClause() }))
        case 1: .vocabulary(VocabularySyntax(language: rng.language(), name: name(), label: label(),
                                             body: block(count: 0...6) { g in g.vocabularyClause() }))
        case 2: .parameter(ParameterSyntax(language: rng.language(), name: name(), label: label(), value: amount(),
                                           citation: rng.chance(40) ? citation() : nil))
        case 3: .override(OverrideSyntax(language: rng.language(), name: name(), value: amount(),
                                         citation: rng.chance(40) ? citation() : nil,
                                         justification: rng.chance(50) ? string() : nil))
        case 4: .definition(DefinitionSyntax(language: rng.language(), term: term(), value: amount()))
        default: .rule(rule())
        }
    }

    mutating func headerClause() -> HeaderClauseSyntax {
        let l = rng.language()
        switch rng.int(0...6) {
        case 0: return .code(l, string())
        case 1: return .extends(l, name())
        case 2: return .uses(l, name())
        case 3: return .calendar(l, name())
        case 4: return .effective(effective())
        case 5: return .defaultTime(l, time())
        default:
            return .document(DocumentSyntax(language: l, name: name(), body: block(count: 0...5) { g in g.documentClause() }))
        }
    }

    mutating func effective() -> EffectiveSyntax {
        EffectiveSyntax(language: rng.language(), from: date(), until: rng.chance(40) ? date() : nil)
    }

    mutating func documentClause() -> DocumentClauseSyntax {
        let l = rng.language()
        switch rng.int(0...4) {
        case 0: return .number(l, string())
        case 1: return .title(l, string())
        case 2: return .issuer(l, string())
        case 3: return .date(l, date())
        default:
            return .covers(l, (0..<rng.int(1...3)).map { _ in
                CatalogRangeSyntax(first: catalogID(), last: rng.chance(50) ? catalogID() : nil)
            })
        }
    }

    mutating func vocabularyClause() -> VocabularyClauseSyntax {
        switch rng.int(0...2) {
        case 0:
            var relation: RoleRelationSyntax?
            switch rng.int(0...3) {
            case 0: relation = .at(rng.language(), name())
            case 1: relation = .manages(rng.language(), (0..<rng.int(1...3)).map { _ in name() })
            case 2: relation = .isOf(rng.language(), role: name(), attribute: name())
            default: relation = nil
            }
            return .role(RoleDeclSyntax(language: rng.language(), name: name(), label: label(), relation: relation))
        case 1:
            return .subject(SubjectDeclSyntax(language: rng.language(), name: name(), label: label(),
                                              attributes: block(count: 0...4) { g in g.attribute() }))
        default:
            return .event(EventDeclSyntax(language: rng.language(), name: name(), label: label(),
                                          answers: rng.chance(30) ? name() : nil,
                                          attributes: rng.chance(50) ? block(count: 0...3) { g in g.attribute() } : nil))
        }
    }

    mutating func attribute() -> AttributeDeclSyntax {
        AttributeDeclSyntax(name: name(), label: label(),
                            type: TypeSyntax(type: rng.pick(AttributeType.allCases), language: rng.language(), span: Self.none))
    }

    // MARK: Rules and clauses

    mutating func rule() -> RuleSyntax {
        RuleSyntax(kind: rng.pick([RuleKind.rule, .escalation, .uncheckable]), language: rng.language(), name: name(),
                   label: label(), body: block(count: 0...6) { g in g.clause() })
    }

    mutating func clause() -> ClauseSyntax {
        let l = rng.language()
        switch rng.int(0...13) {
        case 0: return .citation(citation())
        case 1: return .trigger(TriggerSyntax(language: l, event: name(), condition: rng.chance(60) ? condition() : nil))
        case 2: return .effective(effective())
        case 3: return .forEach(ForEachSyntax(language: l, role: name()))
        case 4: return .requirement(RequirementSyntax(language: l, action: name(), prerequisite: prerequisite()))
        case 5: return .order(OrderSyntax(language: l, events: (0..<rng.int(2...4)).map { _ in name() }))
        case 6: return .reason(l, string())
        case 7:
            let unit = duration()
            return .count(CountSyntax(language: l, unit: unit.unit, unitSpelling: unit.spelling, event: name(),
                                      condition: rng.chance(60) ? condition() : nil))
        case 8 where stepDepth < 2:
            stepDepth += 1
            defer { stepDepth -= 1 }
            return .step(StepSyntax(language: l, threshold: rng.int(0...60),
                                    unitWord: l == .chinese && rng.chance(70) ? rng.pick(Self.stepWords) : nil,
                                    body: block(count: 0...4) { g in g.clause() }, span: Self.none))
        default: return .obligation(obligation())
        }
    }

    mutating func citation() -> CitationSyntax {
        CitationSyntax(language: rng.language(), ids: (0..<rng.int(1...3)).map { _ in catalogID() },
                       clause: rng.chance(60) ? rng.pick(Self.clauseRefs) : nil,
                       quote: rng.chance(60) ? string() : nil, span: Self.none)
    }

    mutating func obligation() -> ObligationSyntax {
        var o = ObligationSyntax(language: rng.language(), sequel: rng.pick([nil, Sequel.then, .otherwise]), role: name(),
                                 isProhibition: rng.chance(25), term: rng.chance(40) ? term() : nil,
                                 recipient: rng.chance(35) ? name() : nil, action: name(), deadline: nil, recurrence: nil)
        switch rng.int(0...2) {
        case 0: o.deadline = deadline()
        case 1: o.recurrence = recurrence()
        default: break
        }
        return o
    }

    mutating func deadline() -> DeadlineSyntax {
        if rng.chance(10) { return .withinTerm(rng.language(), rng.chance(50) ? .autumn : .spring, year: rng.int(2000...2030), span: Self.none) }
        return rng.chance(70) ? .within(rng.language(), amount(), from: rng.chance(50) ? name() : nil)
            : .byTime(rng.language(), CutoffSyntax(time: time(), inclusive: rng.chance(50)))
    }

    mutating func recurrence() -> RecurrenceSyntax {
        let period = period()
        var teachingOnly = false
        if case .every = period { teachingOnly = rng.chance(30) }
        return RecurrenceSyntax(language: rng.language(), period: period, atLeast: rng.chance(40) ? rng.int(1...9) : nil, span: Self.none,
                                teachingPeriodsOnly: teachingOnly)
    }

    mutating func period() -> PeriodSyntax {
        switch rng.int(0...5) {
        case 0: return .yearlyBy(month: rng.int(1...12), day: rng.int(1...28), inclusive: rng.chance(50), rolls: rng.chance(50))
        case 1: return .months((0..<rng.int(1...3)).map { _ in rng.int(1...12) })
        case 2:
            let days = DurationSyntax(count: rng.int(1...60), unit: .calendarDay,
                                      spelling: rng.pick(DurationUnit.calendarDay.chineseSpellings + DurationUnit.calendarDay.englishSpellings), span: Self.none)
            let window: TermWindowSyntax = switch rng.int(0...2) {
            case 0: .around(days)
            case 1: .before(days)
            default: .vacation
            }
            return .termStart(rng.pick(TermSeason.allCases), window)
        default: return .every(rng.pick(PeriodUnit.allCases), cutoff: rng.chance(40) ? CutoffSyntax(time: time(), inclusive: rng.chance(50)) : nil)
        }
    }

    // MARK: Prerequisites and conditions, in the shapes the precedence climb produces

    mutating func prerequisite() -> PrerequisiteSyntax {
        depth += 1
        defer { depth -= 1 }
        guard depth < 4, rng.chance(50) else { return prerequisiteTerm() }
        return .any((0..<rng.int(2...3)).map { _ in prerequisiteTerm() }, rng.language())
    }

    mutating func prerequisiteTerm() -> PrerequisiteSyntax {
        guard depth < 4, rng.chance(40) else { return prerequisiteAtom() }
        return .all((0..<rng.int(2...3)).map { _ in prerequisiteAtom() }, rng.language())
    }

    mutating func prerequisiteAtom() -> PrerequisiteSyntax {
        if depth < 4, rng.chance(15) { return .group(prerequisite()) }
        let event: PrerequisiteSyntax = rng.chance(40) ? .event(name(), atLeast: rng.int(1...9), rng.language()) : .event(name(), atLeast: nil, .english)
        return rng.chance(25) ? .recordedBy(event, role: name(), rng.language()) : event
    }

    mutating func condition() -> ExprSyntax {
        depth += 1
        defer { depth -= 1 }
        guard depth < 5, rng.chance(30) else { return conjunction() }
        return .or((0..<rng.int(2...3)).map { _ in conjunction() }, rng.language())
    }

    mutating func conjunction() -> ExprSyntax {
        guard depth < 5, rng.chance(30) else { return negation() }
        return .and((0..<rng.int(2...3)).map { _ in negation() }, rng.language())
    }

    mutating func negation() -> ExprSyntax {
        if depth < 5, rng.chance(20) { return .not(negation(), rng.language()) }
        if rng.chance(50) {
            return .compare(operand(), rng.pick(ComparisonOperator.allCases), operand())
        }
        if rng.chance(15) { return .age(age()) }
        return operand()
    }

    mutating func age() -> AgeSyntax {
        let path = ExprSyntax.path((0..<rng.int(1...2)).map { _ in name() })
        if rng.language() == .english {
            let atLeast = rng.chance(50)
            return AgeSyntax(language: .english, birthDate: path, years: rng.int(1...30), isAtLeast: atLeast,
                             word: atLeast ? "at least" : "under", span: Self.none)
        }
        let (word, atLeast) = rng.pick(AgeSyntax.chineseWords.map { ($0.word, $0.isAtLeast) } + [("以上", true)])
        return AgeSyntax(language: .chinese, birthDate: path, years: rng.int(1...30), isAtLeast: atLeast, word: word, span: Self.none)
    }

    mutating func operand() -> ExprSyntax {
        switch rng.int(0...7) {
        case 0: return .number(rng.int(0...1_000_000_000), Self.none)
        case 1: return .string(string())
        case 2: return .date(date())
        case 3: return .duration(duration(allowMultiWordEnglish: false))
        case 4: return .boolean(rng.chance(50), rng.language(), Self.none)
        case 5 where depth < 5: return .group(condition())
        default: return .path((0..<rng.int(1...3)).map { _ in name() })
        }
    }
}
