/// A stable diagnostic code, grouped by phase: D00 files, D01 syntax, D02 names, D03 types and
/// structure, D04 inheritance, D05 lints, D06 time, D07 case data, D08 policy tests. A code is never reused for
/// another meaning; `docs/diagnostics.md` is generated from `DiagnosticCode.all`.
public struct DiagnosticCode: Hashable, Sendable, Codable, CustomStringConvertible {
    public let id: String
    public let defaultSeverity: Severity
    public let summary: LocalizedText

    init(_ id: String, _ severity: Severity, en: String, zh: String) {
        self.id = id
        self.defaultSeverity = severity
        self.summary = LocalizedText(en: en, zh: zh)
    }

    public var description: String { id }

    public static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    public init(from decoder: any Decoder) throws {
        let id = try decoder.singleValueContainer().decode(String.self)
        guard let known = DiagnosticCode.all.first(where: { $0.id == id }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown code \(id)"))
        }
        self = known
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(id)
    }
}

extension DiagnosticCode {
    // MARK: D00 files
    public static let unreadableFile = DiagnosticCode("D0001", .error, en: "file cannot be read", zh: "无法读取文件")
    public static let invalidUTF8 = DiagnosticCode("D0002", .error, en: "file is not valid UTF-8 text", zh: "文件不是有效的 UTF-8 文本")
    public static let emptyFile = DiagnosticCode("D0003", .error, en: "file declares nothing", zh: "文件没有任何声明")
    public static let binaryFile = DiagnosticCode("D0004", .error, en: "file is binary, not a policy", zh: "文件是二进制文件,不是规则文件")
    public static let fileTooLarge = DiagnosticCode("D0005", .error, en: "file is too large", zh: "文件过大")
    public static let noPolicyFiles = DiagnosticCode("D0006", .error, en: "no policy files found", zh: "未找到规则文件")
    public static let linkOutsideTree = DiagnosticCode("D0007", .warning, en: "symbolic link leads outside the policy tree; not read", zh: "符号链接指向规则目录之外,未读取")
    public static let tooManyItems = DiagnosticCode("D0008", .error, en: "too many rules in one file", zh: "一个文件中的规则过多")

    // MARK: D01 syntax
    public static let unexpectedCharacter = DiagnosticCode("D0101", .error, en: "unexpected character", zh: "意外的字符")
    public static let unterminatedString = DiagnosticCode("D0102", .error, en: "unterminated string", zh: "字符串缺少结束引号")
    public static let invalidLiteral = DiagnosticCode("D0103", .error, en: "invalid date, time or number", zh: "无效的日期、时间或数字")
    public static let unexpectedToken = DiagnosticCode("D0104", .error, en: "unexpected text", zh: "意外的内容")
    public static let unclosedBlock = DiagnosticCode("D0105", .error, en: "block is not closed", zh: "代码块缺少右花括号")
    public static let unmatchedBrace = DiagnosticCode("D0106", .error, en: "closing brace without an opening one", zh: "多余的右花括号")
    public static let unknownUnit = DiagnosticCode("D0107", .error, en: "unknown duration unit", zh: "未知的时长单位")
    public static let gluedKeyword = DiagnosticCode("D0108", .error, en: "keyword written together with a name", zh: "关键字与名称连写")
    public static let nestingTooDeep = DiagnosticCode("D0109", .error, en: "nesting too deep", zh: "嵌套过深")
    public static let unknownItem = DiagnosticCode("D0110", .error, en: "unknown declaration", zh: "未知的声明")
    public static let unknownClause = DiagnosticCode("D0111", .error, en: "unknown clause", zh: "未知的条款")
    public static let trailingText = DiagnosticCode("D0112", .error, en: "unexpected text at the end of a clause", zh: "条款末尾有多余内容")
    public static let unknownPeriod = DiagnosticCode("D0113", .error, en: "unknown period", zh: "未知的周期")
    public static let invalidMonthDay = DiagnosticCode("D0114", .error, en: "invalid month or day", zh: "无效的月份或日期")
    public static let fixedDateFlags = DiagnosticCode("D0115", .error, en: "a fixed date must say whether the date counts and whether it rolls", zh: "期日必须写明是否含当日以及是否顺延")
    public static let numberTooLarge = DiagnosticCode("D0116", .error, en: "number too large", zh: "数字过大")
    public static let unclosedClauseRef = DiagnosticCode("D0117", .error, en: "clause reference is not closed", zh: "条款引用缺少右括号")
    public static let missingName = DiagnosticCode("D0118", .error, en: "a name is missing", zh: "缺少名称")
    public static let mixedRecipients = DiagnosticCode("D0131", .error, en: "recipients joined by both `and` and `or`", zh: "接收方之间同时用了 `及` 和 `或`")
    public static let chineseNumeral = DiagnosticCode("D0132", .error, en: "a number written in Chinese characters", zh: "数字用汉字书写")
    public static let cutoffBound = DiagnosticCode("D0130", .error, en: "a cut-off time must say whether the instant itself is on time", zh: "截止时刻必须写明恰在该时刻办理是否算按时")

    // MARK: D02 names
    public static let unknownRole = DiagnosticCode("D0201", .error, en: "unknown role", zh: "未知角色")
    public static let unknownEvent = DiagnosticCode("D0202", .error, en: "unknown event type", zh: "未知事件类型")
    public static let unknownAttribute = DiagnosticCode("D0203", .error, en: "unknown attribute", zh: "未知属性")
    public static let unknownParameter = DiagnosticCode("D0204", .error, en: "unknown parameter", zh: "未知参数")
    public static let unknownParent = DiagnosticCode("D0205", .error, en: "unknown parent policy", zh: "未知的上级规则")
    public static let duplicateName = DiagnosticCode("D0206", .error, en: "name declared twice", zh: "名称重复声明")
    public static let unknownVocabulary = DiagnosticCode("D0207", .error, en: "unknown vocabulary", zh: "未知词汇表")
    public static let unknownSubject = DiagnosticCode("D0208", .error, en: "unknown subject kind", zh: "未知对象类型")
    public static let overrideWithoutParameter = DiagnosticCode("D0209", .error, en: "override of a parameter no parent declares", zh: "覆盖的参数未在上级规则中声明")
    public static let nameIsKeyword = DiagnosticCode("D0210", .error, en: "a keyword cannot be used as a name", zh: "关键字不能用作名称")
    public static let duplicatePolicy = DiagnosticCode("D0211", .error, en: "jurisdiction declared twice", zh: "同一辖区重复声明")
    public static let missingVocabulary = DiagnosticCode("D0212", .error, en: "policy has no vocabulary", zh: "规则没有词汇表")
    public static let unknownCatalogID = DiagnosticCode("D0213", .error, en: "malformed catalog ID", zh: "目录编号格式错误")

    // MARK: D03 types and structure
    public static let typeMismatch = DiagnosticCode("D0301", .error, en: "types do not match", zh: "类型不匹配")
    public static let notADuration = DiagnosticCode("D0302", .error, en: "expected a duration", zh: "应为时长")
    public static let notAFlag = DiagnosticCode("D0303", .error, en: "condition is not yes or no", zh: "条件不是是否值")
    public static let badCountingStart = DiagnosticCode("D0304", .error, en: "a deadline counts from an event or a date", zh: "期限须从事件或日期起算")
    public static let nonPositive = DiagnosticCode("D0305", .error, en: "count must be at least 1", zh: "数量至少为 1")
    public static let misplacedClause = DiagnosticCode("D0310", .error, en: "clause not allowed here", zh: "此处不允许该条款")
    public static let missingCitation = DiagnosticCode("D0311", .error, en: "rule cites no requirement", zh: "规则未引用任何要求")
    public static let ruleWithoutDuty = DiagnosticCode("D0312", .error, en: "rule states no duty", zh: "规则未规定任何义务")
    public static let sequelWithoutDuty = DiagnosticCode("D0313", .error, en: "then/otherwise with no duty before it", zh: "然后/否则之前没有义务")
    public static let duplicateClause = DiagnosticCode("D0314", .error, en: "clause given twice", zh: "条款重复")
    public static let missingReason = DiagnosticCode("D0315", .error, en: "uncheckable rule gives no reason", zh: "不可检查的规则未说明原因")
    public static let missingPolicy = DiagnosticCode("D0316", .error, en: "rules without a policy header", zh: "规则文件缺少政策声明")
    public static let twoPolicies = DiagnosticCode("D0317", .error, en: "more than one policy in a file", zh: "一个文件中有多个政策声明")
    public static let triggerAndRecurrence = DiagnosticCode("D0318", .error, en: "a duty is either triggered by an event or recurring, not both", zh: "义务不能同时由事件触发又定期重复")
    public static let missingTrigger = DiagnosticCode("D0319", .error, en: "a deadline needs a trigger event", zh: "期限需要触发事件")
    public static let missingCount = DiagnosticCode("D0320", .error, en: "escalation has no count", zh: "升级机制缺少计数")
    public static let noDeadline = DiagnosticCode("D0321", .error, en: "duty has no deadline", zh: "义务没有期限")
    public static let forEachWithoutManages = DiagnosticCode("D0322", .error, en: "role does not manage that kind of organisation", zh: "该角色不管辖此类组织")
    public static let countUnit = DiagnosticCode("D0323", .error, en: "a count runs over days", zh: "计数须按日计")
    public static let termWindowUnit = DiagnosticCode("D0324", .error, en: "a window tied to a term start counts calendar days", zh: "开学时间窗须按日历天计")
    public static let teachingPeriodsUnit = DiagnosticCode("D0325", .error, en: "only weeks, half months, months, quarters and half years can skip periods without teaching days", zh: "只有周、半月、月、季度、半年可以只含教学日的周期")
    public static let alternativesOnRecurrence = DiagnosticCode("D0328", .error, en: "a recurring duty has one holder", zh: "定期义务只能有一个义务主体")
    public static let recipientsWithSequel = DiagnosticCode("D0329", .error, en: "then/otherwise after a duty owed to several recipients", zh: "向多个对象的义务之后不能接然后/否则")
    public static let badActsAs = DiagnosticCode("D0330", .error, en: "a role cannot act as that role", zh: "该角色不能充当那个角色")

    // MARK: D04 inheritance
    public static let extendsCycle = DiagnosticCode("D0401", .error, en: "policies extend each other in a cycle", zh: "规则继承形成循环")
    public static let chainTooLong = DiagnosticCode("D0402", .error, en: "chain of extends too long", zh: "继承链过长")

    // MARK: D05 lints
    public static let unquantifiedTerm = DiagnosticCode("D0501", .warning, en: "unquantified term has no definition", zh: "未量化的用语没有定义")
    public static let laxerThanParent = DiagnosticCode("D0502", .error, en: "a child jurisdiction is laxer than its parent", zh: "下级规则比上级宽松")
    public static let incomparableWithParent = DiagnosticCode("D0503", .warning, en: "a child's deadline cannot be compared with its parent's", zh: "下级期限无法与上级比较")
    public static let stepsOutOfOrder = DiagnosticCode("D0504", .error, en: "escalation steps out of order", zh: "升级步骤顺序错误")
    public static let unreachableStep = DiagnosticCode("D0505", .error, en: "escalation step can never fire", zh: "升级步骤永远不会触发")
    public static let conflictingDuties = DiagnosticCode("D0506", .error, en: "two rules demand the same duty by different deadlines", zh: "两条规则对同一义务规定了不同期限")
    public static let overlappingVersions = DiagnosticCode("D0507", .error, en: "versions of a rule are in force at the same time", zh: "同一规则的不同版本生效期重叠")
    public static let outsideCalendarData = DiagnosticCode("D0508", .warning, en: "in force on dates with no calendar data", zh: "生效期间缺少日历数据")
    public static let noSchoolCalendar = DiagnosticCode("D0509", .error, en: "teaching days without a school calendar", zh: "按教学日计算但没有校历")
    public static let uncoveredCatalogID = DiagnosticCode("D0510", .error, en: "cited requirement is in no document's catalog", zh: "引用的要求不在任何文件的目录中")
    public static let uncitedCatalogID = DiagnosticCode("D0511", .error, en: "a requirement of the document is encoded by no rule", zh: "文件中的要求没有规则对应")
    public static let badSuppression = DiagnosticCode("D0512", .error, en: "suppression without a code or a reason", zh: "抑制注释缺少代码或理由")
    public static let unusedSuppression = DiagnosticCode("D0513", .warning, en: "suppression matches no diagnostic", zh: "抑制注释没有对应的诊断")
    public static let unreachableDuty = DiagnosticCode("D0514", .error, en: "a duty's trigger can never happen", zh: "义务的触发条件永远不会出现")
    public static let undischargeableDuty = DiagnosticCode("D0515", .error, en: "no event can discharge the duty", zh: "没有事件能履行该义务")
    public static let unboundHolder = DiagnosticCode("D0528", .warning, en: "a duty binds no organisation of the jurisdiction", zh: "义务约束不到本辖区的任何组织")

    // MARK: D06 time
    public static let unknownCalendar = DiagnosticCode("D0601", .error, en: "unknown calendar", zh: "未知日历")
    public static let reversedDates = DiagnosticCode("D0602", .error, en: "end date before start date", zh: "结束日期早于开始日期")
    public static let uncountableDuration = DiagnosticCode("D0610", .error, en: "duration too long to count within the years 1–9999", zh: "时长过长,超出 1–9999 年的可计算范围")
    public static let dateOutOfRange = DiagnosticCode("D0611", .error, en: "date too close to the limits of the calendar", zh: "日期太接近日历的界限")

    // MARK: D08 policy tests
    public static let malformedTestFile = DiagnosticCode("D0801", .error, en: "malformed policy test file", zh: "规则测试文件格式错误")
    public static let badTestTable = DiagnosticCode("D0802", .error, en: "malformed table in a policy test", zh: "规则测试中的表格格式错误")
    public static let unknownTestColumn = DiagnosticCode("D0803", .error, en: "unknown column in an expectation", zh: "期望表中有未知列")
    public static let unknownTestPolicy = DiagnosticCode("D0804", .error, en: "policy test names no known jurisdiction", zh: "规则测试指向的辖区不存在")
    public static let badTestData = DiagnosticCode("D0805", .error, en: "a policy test's case data is invalid", zh: "规则测试的案例数据无效")

    /// Every code, in order; the generated `docs/diagnostics.md` lists exactly these.
    public static let all: [DiagnosticCode] = [
        unreadableFile, invalidUTF8, emptyFile, binaryFile, fileTooLarge, noPolicyFiles, linkOutsideTree, tooManyItems,
        unexpectedCharacter, unterminatedString, invalidLiteral, unexpectedToken, unclosedBlock,
        unmatchedBrace, unknownUnit, gluedKeyword, nestingTooDeep, unknownItem, unknownClause,
        trailingText, unknownPeriod, invalidMonthDay, fixedDateFlags, numberTooLarge,
        unclosedClauseRef, missingName, cutoffBound, mixedRecipients, chineseNumeral,
        unknownRole, unknownEvent, unknownAttribute, unknownParameter, unknownParent, duplicateName,
        unknownVocabulary, unknownSubject, overrideWithoutParameter, nameIsKeyword, duplicatePolicy,
        missingVocabulary, unknownCatalogID,
        typeMismatch, notADuration, notAFlag, badCountingStart, nonPositive, misplacedClause,
        missingCitation, ruleWithoutDuty, sequelWithoutDuty, duplicateClause, missingReason,
        missingPolicy, twoPolicies, triggerAndRecurrence, missingTrigger, missingCount, noDeadline,
        forEachWithoutManages, countUnit, termWindowUnit, teachingPeriodsUnit, alternativesOnRecurrence, recipientsWithSequel, badActsAs,
        extendsCycle, chainTooLong,
        unquantifiedTerm, laxerThanParent, incomparableWithParent, stepsOutOfOrder, unreachableStep,
        conflictingDuties, overlappingVersions, outsideCalendarData, noSchoolCalendar, uncoveredCatalogID,
        uncitedCatalogID, badSuppression, unusedSuppression, unreachableDuty, undischargeableDuty, unboundHolder,
        unknownCalendar, reversedDates, uncountableDuration, dateOutOfRange,
        malformedTestFile, badTestTable, unknownTestColumn, unknownTestPolicy, badTestData,
    ]
}

extension DiagnosticCode {
    /// Consistency lints (D05xx) may be disabled or suppressed with a reason; errors of the
    /// language itself (syntax, names, types) may not, since the rules would not mean anything.
    public var isLint: Bool { id.hasPrefix("D05") }

    /// Whether `--disable` or a `# duly: allow` comment may silence the code: every lint except
    /// D0502, since a child jurisdiction may be stricter than its parent, never laxer, whatever
    /// the reason given.
    public var isSilenceable: Bool { isLint && self != .laxerThanParent }

    public static func named(_ id: String) -> DiagnosticCode? { all.first { $0.id == id } }
}
