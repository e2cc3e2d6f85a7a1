import DulySource
import DulyTime

/// Which keyword spelling a clause was written with. The formatter prints each clause in the
/// language it was written in, so a Chinese-only file stays Chinese.
public enum KeywordLanguage: String, Hashable, Sendable {
    case english, chinese
}

/// A name as written, with where it was written.
public struct NameSyntax: Hashable, Sendable {
    public var text: String
    public var span: Span
    public init(_ text: String, span: Span) {
        self.text = text
        self.span = span
    }
}

/// A string literal's decoded value; `quote` records the quote marks used (`"`, `“`, `「`).
public struct StringSyntax: Hashable, Sendable {
    public var value: String
    public var quote: Character
    public var span: Span
    public init(_ value: String, quote: Character = "\"", span: Span) {
        self.value = value
        self.quote = quote
        self.span = span
    }
}

/// A calendar date as written (`2024-09-27`); the lexer has checked that the day exists.
public struct DateSyntax: Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var span: Span

    public var iso: String {
        func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

public struct TimeSyntax: Hashable, Sendable {
    public var hour: Int
    public var minute: Int
    public var span: Span
}

/// A time of day a duty must be done by, with whether the instant itself is still on time:
/// `by 12:00 (inclusive)` / `12:00前（含12:00）`. The rule must say; nothing is assumed.
public struct CutoffSyntax: Hashable, Sendable {
    public var time: TimeSyntax
    /// `(inclusive)` / `（含12:00）`: an act at 12:00 itself is on time.
    public var inclusive: Bool
}

/// `5 working days`, `5个工作日`, `7天`. The unit's spelling is kept as written.
public struct DurationSyntax: Hashable, Sendable {
    public var count: Int
    public var unit: DurationUnit
    public var spelling: String
    public var span: Span
}

/// Comments and blank lines around a clause, kept so `fmt` never drops what an author wrote.
public struct Trivia: Hashable, Sendable {
    /// Whole-line comments directly above, each with its marker (`# …`, `// …`).
    public var leadingComments: [String] = []
    /// Whether at least one blank line separated this from what came before.
    public var blankLineBefore = false
    /// A comment after the clause on its last line.
    public var trailingComment: String?
    public init() {}
}

/// A clause or item with its trivia and its span.
public struct Member<Node: Hashable & Sendable>: Hashable, Sendable {
    public var node: Node
    public var trivia: Trivia
    public var span: Span
    public init(_ node: Node, trivia: Trivia = Trivia(), span: Span) {
        self.node = node
        self.trivia = trivia
        self.span = span
    }
}

/// A block's members and the comments left before its closing brace.
public struct BlockSyntax<Node: Hashable & Sendable>: Hashable, Sendable {
    public var members: [Member<Node>]
    public var danglingComments: [String]
    public var closingBlankLine: Bool
    /// Whether a member could not be parsed and was skipped. The checker does not then report
    /// what the skipped line may have held (a missing `when`, a missing citation), so one
    /// mistake gives one diagnostic.
    public var hasErrors: Bool
    public init(members: [Member<Node>] = [], danglingComments: [String] = [], closingBlankLine: Bool = false, hasErrors: Bool = false) {
        self.members = members
        self.danglingComments = danglingComments
        self.closingBlankLine = closingBlankLine
        self.hasErrors = hasErrors
    }
}

/// One parsed file.
public struct FileSyntax: Hashable, Sendable {
    public var items: [Member<ItemSyntax>]
    public var danglingComments: [String]
    /// Whether a declaration could not be parsed and was skipped, so names it declared are
    /// missing for a reason already reported.
    public var hasErrors: Bool
    public init(items: [Member<ItemSyntax>], danglingComments: [String], hasErrors: Bool = false) {
        self.items = items
        self.danglingComments = danglingComments
        self.hasErrors = hasErrors
    }
}

public enum ItemSyntax: Hashable, Sendable {
    case policy(PolicySyntax)
    case vocabulary(VocabularySyntax)
    case parameter(ParameterSyntax)
    case override(OverrideSyntax)
    case definition(DefinitionSyntax)
    case rule(RuleSyntax)
}

// MARK: - Policy header

public struct PolicySyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var name: NameSyntax
    public var label: StringSyntax?
    public var body: BlockSyntax<HeaderClauseSyntax>
}

public enum HeaderClauseSyntax: Hashable, Sendable {
    case code(KeywordLanguage, StringSyntax)
    case extends(KeywordLanguage, NameSyntax)
    case uses(KeywordLanguage, NameSyntax)
    case calendar(KeywordLanguage, NameSyntax)
    case effective(EffectiveSyntax)
    case defaultTime(KeywordLanguage, TimeSyntax)
    case document(DocumentSyntax)
    /// `organisations 学校, 管理区教育办` / `组织 学校、管理区教育办`: the kinds of organisation the
    /// jurisdiction has, so `check` can tell a duty that would bind nobody there.
    case organisations(KeywordLanguage, [NameSyntax])
}

public struct EffectiveSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var from: DateSyntax
    public var until: DateSyntax?
}

public struct DocumentSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var name: NameSyntax
    public var body: BlockSyntax<DocumentClauseSyntax>
}

public enum DocumentClauseSyntax: Hashable, Sendable {
    case number(KeywordLanguage, StringSyntax)
    case title(KeywordLanguage, StringSyntax)
    case issuer(KeywordLanguage, StringSyntax)
    case date(KeywordLanguage, DateSyntax)
    case covers(KeywordLanguage, [CatalogRangeSyntax])
}

public struct CatalogRangeSyntax: Hashable, Sendable {
    public var first: NameSyntax
    public var last: NameSyntax?
}

// MARK: - Vocabulary

public struct VocabularySyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var name: NameSyntax
    public var label: StringSyntax?
    public var body: BlockSyntax<VocabularyClauseSyntax>
}

public enum VocabularyClauseSyntax: Hashable, Sendable {
    case role(RoleDeclSyntax)
    case subject(SubjectDeclSyntax)
    case event(EventDeclSyntax)
}

public struct RoleDeclSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var name: NameSyntax
    public var label: StringSyntax?
    public var relation: RoleRelationSyntax?
    /// `acts as 县教育局` / `充当 县教育局`: an organisation of this kind holds that role's duties
    /// and is found where that role is looked for (a zone's education office for its schools).
    public var actsAs: (language: KeywordLanguage, role: NameSyntax)?

    public init(language: KeywordLanguage, name: NameSyntax, label: StringSyntax?, relation: RoleRelationSyntax?,
                actsAs: (language: KeywordLanguage, role: NameSyntax)? = nil) {
        self.language = language
        self.name = name
        self.label = label
        self.relation = relation
        self.actsAs = actsAs
    }

    public static func == (a: RoleDeclSyntax, b: RoleDeclSyntax) -> Bool {
        a.language == b.language && a.name == b.name && a.label == b.label && a.relation == b.relation
            && a.actsAs?.language == b.actsAs?.language && a.actsAs?.role == b.actsAs?.role
    }

    public func hash(into h: inout Hasher) {
        h.combine(language); h.combine(name); h.combine(label); h.combine(relation)
        h.combine(actsAs?.language); h.combine(actsAs?.role)
    }
}

public enum RoleRelationSyntax: Hashable, Sendable {
    /// A person role at an organisation role: `班主任 at 学校`.
    case at(KeywordLanguage, NameSyntax)
    /// An organisation role that manages other roles: `乡镇中心校 manages 学校`.
    case manages(KeywordLanguage, [NameSyntax])
    /// The organisation of `role` kind found through a subject attribute:
    /// `户籍地教育局 is 县教育局 of 户籍县`.
    case isOf(KeywordLanguage, role: NameSyntax, attribute: NameSyntax)
}

public struct SubjectDeclSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var name: NameSyntax
    public var label: StringSyntax?
    public var attributes: BlockSyntax<AttributeDeclSyntax>
}

public struct EventDeclSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var name: NameSyntax
    public var label: StringSyntax?
    public var answers: NameSyntax?
    public var attributes: BlockSyntax<AttributeDeclSyntax>?
}

public struct AttributeDeclSyntax: Hashable, Sendable {
    public var name: NameSyntax
    public var label: StringSyntax?
    public var type: TypeSyntax
}

public enum AttributeType: String, Hashable, Sendable, CaseIterable {
    case date, time, number, text, flag, organisation, duration
}

public struct TypeSyntax: Hashable, Sendable {
    public var type: AttributeType
    public var language: KeywordLanguage
    public var span: Span
}

// MARK: - Parameters and terms

public struct ParameterSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var name: NameSyntax
    public var label: StringSyntax?
    public var value: AmountSyntax
    public var citation: CitationSyntax?
}

public struct OverrideSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var name: NameSyntax
    public var value: AmountSyntax
    /// The clause of the jurisdiction's own document that sets the new value.
    public var citation: CitationSyntax?
    public var justification: StringSyntax?
}

public struct DefinitionSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var term: TermSyntax
    public var value: AmountSyntax
}

public struct TermSyntax: Hashable, Sendable {
    public var term: UnquantifiedTerm
    public var language: KeywordLanguage
    public var span: Span
}

public enum AmountSyntax: Hashable, Sendable {
    case duration(DurationSyntax)
    case parameter(NameSyntax)

    public var span: Span {
        switch self {
        case .duration(let d): d.span
        case .parameter(let n): n.span
        }
    }
}

// MARK: - Rules

public enum RuleKind: String, Hashable, Sendable {
    /// `rule` / `规则`: obligations, prohibitions, preconditions, orderings, recurring duties.
    case rule
    /// `escalation` / `升级`: steps keyed by a running count.
    case escalation
    /// `uncheckable` / `不可检查`: a requirement kept for completeness, with the reason it cannot be
    /// checked from case data.
    case uncheckable
}

public struct RuleSyntax: Hashable, Sendable {
    public var kind: RuleKind
    public var language: KeywordLanguage
    public var name: NameSyntax
    public var label: StringSyntax?
    public var body: BlockSyntax<ClauseSyntax>
}

public indirect enum ClauseSyntax: Hashable, Sendable {
    case citation(CitationSyntax)
    case trigger(TriggerSyntax)
    case effective(EffectiveSyntax)
    case forEach(ForEachSyntax)
    case obligation(ObligationSyntax)
    case requirement(RequirementSyntax)
    case order(OrderSyntax)
    case reason(KeywordLanguage, StringSyntax)
    case count(CountSyntax)
    case step(StepSyntax)
}

public struct CitationSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var ids: [NameSyntax]
    /// The clause reference as written between the parentheses, e.g. `二.6`.
    public var clause: String?
    public var quote: StringSyntax?
    public var span: Span
}

public struct TriggerSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var event: NameSyntax
    public var condition: ExprSyntax?
}

public struct ForEachSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var role: NameSyntax
}

/// `ROLE must ACTION …` / `ROLE 须 ACTION …`, or with `must not` / `不得` a prohibition.
public struct ObligationSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var sequel: Sequel?
    public var role: NameSyntax
    /// `A or B must …` / `A 或 B 须 …`: the other roles any one of which may do the act.
    public var alternatives: [NameSyntax] = []
    /// `to A and B` / `向 A 及 B`: the recipients after the first, each owed the act.
    public var moreRecipients: [NameSyntax] = []
    /// `to A or B` / `向 A 或 B`: the other recipients any one of which may be owed the act.
    public var recipientAlternatives: [NameSyntax] = []
    /// `must 返校 or 缓学` / `须 返校 或 缓学`: other event types any one of which does the duty.
    public var actionAlternatives: [NameSyntax] = []
    /// `must 送达复学通知书 where 文书名称 == "…"` / `须 送达复学通知书 若 文书名称 == "…"`: only an
    /// act whose attributes meet the condition does the duty.
    public var actCondition: ExprSyntax?
    public var isProhibition: Bool
    public var term: TermSyntax?
    public var recipient: NameSyntax?
    public var action: NameSyntax
    public var deadline: DeadlineSyntax?
    public var recurrence: RecurrenceSyntax?
    /// The spelling of `must` as written (`须`, `必须`, `应当`): in legal drafting they differ in
    /// strength, so `fmt` keeps the author's word. Nil prints the first spelling.
    public var mustSpelling: String? = nil
}

public enum DeadlineSyntax: Hashable, Sendable {
    /// `within AMOUNT [after FROM]` / `[自 FROM 起] AMOUNT 内`.
    case within(KeywordLanguage, AmountSyntax, from: NameSyntax?)
    /// `by 12:00 (inclusive)` / `12:00前（含12:00）`: the same day as the trigger.
    case byTime(KeywordLanguage, CutoffSyntax)
    /// `within the autumn semester of 2020` / `2020年秋季学期内`: by the last day of that term.
    case withinTerm(KeywordLanguage, TermSeason, year: Int, span: Span)
}

/// How the rule language spells each recurring period unit.
extension PeriodUnit {
    public var english: String {
        switch self {
        case .day: "day"
        case .teachingDay: "teaching day"
        case .week: "week"
        case .halfMonth: "half month"
        case .month: "month"
        case .quarter: "quarter"
        case .halfYear: "half year"
        case .semester: "semester"
        case .schoolYear: "school year"
        case .year: "year"
        }
    }

    public var chinese: [String] {
        switch self {
        case .day: ["日", "天"]
        case .teachingDay: ["教学日"]
        case .week: ["周"]
        case .halfMonth: ["半月"]
        case .month: ["月"]
        case .quarter: ["季度"]
        case .halfYear: ["半年"]
        case .semester: ["学期"]
        case .schoolYear: ["学年"]
        case .year: ["年"]
        }
    }
}

public struct RecurrenceSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var period: PeriodSyntax
    /// `at least N times` / `至少 N 次`.
    public var atLeast: Int?
    public var span: Span
    /// `(teaching periods only)` / `（仅含教学日的周期）`: periods without a teaching day are skipped.
    public var teachingPeriodsOnly: Bool = false
}

/// The window of a term-anchored recurrence, as written.
public enum TermWindowSyntax: Hashable, Sendable {
    /// `within 15 days around its start` / `开学前后 15天内`.
    case around(DurationSyntax)
    /// `within 30 days before its start` / `开学前 30天内`.
    case before(DurationSyntax)
    /// `before its start` / `开学前`: the vacation before the term.
    case vacation
}

public enum PeriodSyntax: Hashable, Sendable {
    /// `every half month`, `每教学日 12:00前（含12:00）`.
    case every(PeriodUnit, cutoff: CutoffSyntax?)
    /// `every year by 09-30 (inclusive, not rolling)` / `每年 9月30日前（含当日，不顺延）`.
    case yearlyBy(month: Int, day: Int, inclusive: Bool, rolls: Bool)
    /// `in months 2, 8` / `于 2月、8月`.
    case months([Int])
    /// `every semester within 15 days around its start` / `每学期 开学前后 15天内`,
    /// `every autumn semester before its start` / `每年 秋季学期 开学前`.
    case termStart(TermSeason, TermWindowSyntax)
}

public struct RequirementSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var action: NameSyntax
    public var prerequisite: PrerequisiteSyntax
}

public indirect enum PrerequisiteSyntax: Hashable, Sendable {
    case event(NameSyntax, atLeast: Int?, KeywordLanguage)
    case all([PrerequisiteSyntax], KeywordLanguage)
    case any([PrerequisiteSyntax], KeywordLanguage)
    case group(PrerequisiteSyntax)
    /// `领导小组同意（由 县脱贫攻坚领导小组）` / `领导小组同意 by 县脱贫攻坚领导小组`: an event (the
    /// first, an `event` case) that counts only when recorded by an organisation of the role's kind.
    case recordedBy(PrerequisiteSyntax, role: NameSyntax, KeywordLanguage)
}

public struct OrderSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var events: [NameSyntax]
}

public struct CountSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var unit: DurationUnit
    public var unitSpelling: String
    public var event: NameSyntax
    public var condition: ExprSyntax?
}

public struct StepSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    public var threshold: Int
    /// The word after the number in `第 3 天`, kept as written.
    public var unitWord: String?
    public var body: BlockSyntax<ClauseSyntax>
    public var span: Span
}

// MARK: - Conditions

public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

public indirect enum ExprSyntax: Hashable, Sendable {
    case path([NameSyntax])
    case number(Int, Span)
    case string(StringSyntax)
    case date(DateSyntax)
    case duration(DurationSyntax)
    case boolean(Bool, KeywordLanguage, Span)
    case not(ExprSyntax, KeywordLanguage)
    case and([ExprSyntax], KeywordLanguage)
    case or([ExprSyntax], KeywordLanguage)
    case compare(ExprSyntax, ComparisonOperator, ExprSyntax)
    case group(ExprSyntax)
    /// `学生.出生日期 不满 16 周岁` / `age of 学生.出生日期 under 16`.
    case age(AgeSyntax)
    /// `first since 确认辍学` / `确认辍学 之后首次`: the triggering event is the first of its type
    /// since the subject's latest event of the named type. The span covers the whole test.
    case firstSince(NameSyntax, KeywordLanguage, Span)
}

/// An age test in 周岁 on a birth date, taken on the triggering event's date.
public struct AgeSyntax: Hashable, Sendable {
    public var language: KeywordLanguage
    /// The birth date: a path to a date attribute.
    public var birthDate: ExprSyntax
    public var years: Int
    /// `满`, `已满`, `以上`, `at least`: N 周岁 or older. Otherwise `不满`, `未满`, `under`: younger.
    public var isAtLeast: Bool
    /// The Chinese word as written (`不满`, `未满`, `满`, `已满`, `以上`), kept by `fmt`.
    public var word: String
    public var span: Span

    /// The Chinese words, with whether each reads "N 周岁 or older".
    public static let chineseWords: [(word: String, isAtLeast: Bool)] = [("不满", false), ("未满", false), ("满", true), ("已满", true)]
}
