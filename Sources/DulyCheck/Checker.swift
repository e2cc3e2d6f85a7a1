import DulySource
import DulySyntax
import DulyModel
import DulyTime

/// A parsed source file, the checker's input.
public struct ParsedFile: Sendable {
    public var source: SourceFile
    public var syntax: FileSyntax
    public init(source: SourceFile, syntax: FileSyntax) {
        self.source = source
        self.syntax = syntax
    }
}

/// The checker's result: the program when the tree holds together well enough to build one
/// (it may still carry error diagnostics), and every diagnostic found.
public struct CheckResult: Sendable {
    public var program: Program?
    public var diagnostics: [Diagnostic]
}

/// Checks a policy tree and lowers it into a `Program`.
///
/// Passes, in order: collect declarations per file; build the vocabulary; resolve `extends`
/// (unknown parents, cycles); declare parameters, overrides and definitions; lower and check
/// each rule (names, types, structure). Every pass records diagnostics and keeps going.
public func checkProgram(_ files: [ParsedFile]) -> CheckResult {
    var checker = Checker(files: files)
    checker.run()
    return CheckResult(program: checker.program, diagnostics: checker.diagnostics)
}

struct Checker {
    /// Rules, parameters, overrides and definitions one policy file may declare (the shipped
    /// files declare at most a few dozen).
    static let maximumItemsPerFile = 1000
    /// Levels of `extends` below the root: the hierarchy national → province → prefecture →
    /// county → township needs five.
    static let maximumChainLength = 16

    let files: [ParsedFile]
    var diagnostics: [Diagnostic] = []
    var vocabulary = Vocabulary(name: "")
    var hasVocabulary = false
    var jurisdictions: [JurisdictionName: Jurisdiction] = [:]
    /// Per jurisdiction, the file and the items it declares.
    var policyItems: [JurisdictionName: (file: ParsedFile, items: [Member<ItemSyntax>], policy: PolicySyntax)] = [:]
    var usesVocabulary: [JurisdictionName: NameSyntax] = [:]
    var program: Program?

    init(files: [ParsedFile]) {
        self.files = files.sorted { $0.source.path < $1.source.path }
    }

    mutating func report(_ code: DiagnosticCode, _ path: String, _ span: Span?, en: String, zh: String,
                         help: LocalizedText? = nil, labels: [DiagnosticLabel] = [], notes: [LocalizedText] = []) {
        diagnostics.append(Diagnostic(code, path: path, span: span, message: LocalizedText(en: en, zh: zh),
                                      labels: labels, notes: notes, help: help))
    }

    mutating func run() {
        collect()
        resolveInheritance()
        declareParameters()
        lowerRules()
        checkTerms()
        program = Program(vocabulary: vocabulary, jurisdictions: jurisdictions)
    }

    // MARK: Collect

    mutating func collect() {
        var vocabularies: [(ParsedFile, VocabularySyntax)] = []
        for file in files {
            var policies: [PolicySyntax] = []
            var others: [Member<ItemSyntax>] = []
            for item in file.syntax.items {
                switch item.node {
                case .policy(let p): policies.append(p)
                case .vocabulary(let v): vocabularies.append((file, v))
                default: others.append(item)
                }
            }
            for extra in policies.dropFirst() {
                report(.twoPolicies, file.source.path, extra.name.span,
                       en: "a second policy `\(extra.name.text)` in one file", zh: "同一文件中的第二个政策 `\(extra.name.text)`",
                       help: LocalizedText(en: "put each jurisdiction in its own file", zh: "每个辖区单独一个文件"))
            }
            guard let policy = policies.first else {
                if let first = others.first {
                    report(.missingPolicy, file.source.path, first.span,
                           en: "rules must follow a policy header that names their jurisdiction",
                           zh: "规则之前须有指明辖区的政策声明",
                           help: LocalizedText(en: "start the file with `policy NAME { … }`", zh: "在文件开头写 `政策 名称 { … }`"))
                }
                continue
            }
            let name = JurisdictionName(policy.name.text)
            if let existing = policyItems[name] {
                report(.duplicatePolicy, file.source.path, policy.name.span,
                       en: "jurisdiction `\(name)` is declared twice", zh: "辖区 `\(name)` 重复声明",
                       labels: [DiagnosticLabel(path: existing.file.source.path, span: existing.policy.name.span,
                                                message: LocalizedText(en: "first declared here", zh: "首次声明于此"))])
                continue
            }
            checkNotKeyword(policy.name, file.source.path)
            // A file past the limit keeps its first rules; the rest are reported once and not
            // checked, so an untrusted file cannot make the check as slow as it likes.
            if others.count > Checker.maximumItemsPerFile {
                let extra = others[Checker.maximumItemsPerFile]
                report(.tooManyItems, file.source.path, extra.span,
                       en: "the file declares \(others.count) rules and other items; a policy file holds at most \(Checker.maximumItemsPerFile)",
                       zh: "文件声明了 \(others.count) 条规则等条目;一个规则文件最多 \(Checker.maximumItemsPerFile) 条",
                       help: LocalizedText(en: "split the rules by document or by jurisdiction", zh: "按文件或辖区拆分规则"))
                others = Array(others.prefix(Checker.maximumItemsPerFile))
            }
            policyItems[name] = (file, others, policy)
        }
        for (i, (file, v)) in vocabularies.enumerated() {
            if i > 0 {
                report(.duplicateName, file.source.path, v.name.span,
                       en: "a second vocabulary `\(v.name.text)`: every jurisdiction shares one", zh: "第二个词汇表 `\(v.name.text)`:所有辖区共用一个词汇表")
                continue
            }
            buildVocabulary(v, file.source.path)
        }
    }

    mutating func checkNotKeyword(_ name: NameSyntax, _ path: String) {
        if Keyword.allSpellings.contains(name.text) {
            report(.nameIsKeyword, path, name.span, en: "`\(name.text)` is a keyword and cannot be a name",
                   zh: "`\(name.text)` 是关键字,不能用作名称", help: LocalizedText(en: "choose another name", zh: "请换一个名称"))
        }
    }

    static func day(_ d: DateSyntax) -> CivilDate { CivilDate(d.year, d.month, d.day) }
    static func clock(_ t: TimeSyntax) -> TimeOfDay { TimeOfDay(hour: t.hour, minute: t.minute)! }
    static func cutoff(_ c: CutoffSyntax) -> ClockCutoff { ClockCutoff(time: clock(c.time), bound: c.inclusive ? .inclusive : .exclusive) }

    func place(_ path: String, _ span: Span) -> SourcePlace { SourcePlace(path: path, span: span) }

    mutating func validity(_ e: EffectiveSyntax, _ path: String) -> Validity {
        let v = Validity(from: Checker.day(e.from), until: e.until.map(Checker.day))
        // Periods around an effective date (its school year, its calendar year, a deadline after
        // it) must be writable: years 2–9998 leave a year of room at both ends.
        for (date, syntax) in [(v.from, e.from)] + (v.until.map { [($0, e.until!)] } ?? []) where date.year < 2 || date.year > 9998 {
            report(.dateOutOfRange, path, syntax.span, en: "`\(date)` is too close to the limits of the calendar (years 1–9999) for its periods and deadlines to be counted",
                   zh: "`\(date)` 太接近日历的界限(1–9999 年),其周期和期限无法计算",
                   help: LocalizedText(en: "effective dates lie in the years 2–9998", zh: "生效日期须在 2–9998 年之间"))
        }
        if let until = v.until, until < v.from {
            report(.reversedDates, path, e.until!.span, en: "`\(until)` is before `\(v.from)`",
                   zh: "`\(until)` 早于 `\(v.from)`", help: LocalizedText(en: "swap the two dates", zh: "交换两个日期"))
        }
        return v
    }
}
