import DulyFormat
import DulySyntax
import Foundation
import Testing

@Suite("formatter laws on generated trees")
struct GeneratedTreeTests {
    /// Seeds are fixed so a failure names the tree that broke a law; `DULY_SEED=n` starts the
    /// run elsewhere to explore new trees.
    static let firstSeed: UInt64 = ProcessInfo.processInfo.environment["DULY_SEED"].flatMap { UInt64($0) } ?? 1
    static let treeCount: UInt64 = 600

    static func trees() -> [(seed: UInt64, tree: FileSyntax)] {
        (firstSeed..<(firstSeed + treeCount)).map { seed in
            var generator = TreeGenerator(seed: seed)
            return (seed, generator.file())
        }
    }

    @Test("printing a generated tree reads back to the same tree, and printing again changes nothing")
    func lawsHold() {
        var failures = 0
        for (seed, tree) in Self.trees() {
            let violations = checkLaws(tree)
            if !violations.isEmpty {
                failures += 1
                // One report is enough to debug from; the rest would only repeat it.
                if failures <= 3 { Issue.record("seed \(seed):\n\(violations)") }
            }
        }
        #expect(failures == 0, "\(failures) of \(Self.treeCount) trees broke a law")
    }

    @Test("the generated trees cover every kind of node in both languages")
    func coverage() {
        let dumps = Self.trees().map { SyntaxDump.dump($0.tree) }.joined()
        let missing = Self.nodeKinds.filter { !dumps.contains($0) }
        #expect(missing == [])
    }

    @Test("the generator is deterministic")
    func deterministic() {
        var a = TreeGenerator(seed: 42), b = TreeGenerator(seed: 42)
        #expect(SyntaxDump.dump(a.file()) == SyntaxDump.dump(b.file()))
    }

    /// Step words (`第 1 天`) may be keywords: the parser takes whatever word follows the number.
    @Test("every generated name is one word and no keyword")
    func namesAreNames() {
        for name in TreeGenerator.names + TreeGenerator.catalogIDs + TreeGenerator.stepWords {
            let isStepWord = TreeGenerator.stepWords.contains(name)
            #expect(isStepWord || !Keyword.allSpellings.contains(name), "\(name)")
            let tokens = Lexer.tokenize(.init(path: "name.duly", text: name)).tokens
            #expect(tokens.count == 2 && tokens[0].word == name, "\(name)")
        }
    }

    /// Every case of every syntax enum, and both keyword languages, as `SyntaxDump` writes them.
    static let nodeKinds: [String] = [
        "ItemSyntax.policy", "ItemSyntax.vocabulary", "ItemSyntax.parameter", "ItemSyntax.override",
        "ItemSyntax.definition", "ItemSyntax.rule",
        "RuleKind.rule", "RuleKind.escalation", "RuleKind.uncheckable",
        "HeaderClauseSyntax.code", "HeaderClauseSyntax.extends", "HeaderClauseSyntax.uses", "HeaderClauseSyntax.calendar",
        "HeaderClauseSyntax.effective", "HeaderClauseSyntax.defaultTime", "HeaderClauseSyntax.document",
        "DocumentClauseSyntax.number", "DocumentClauseSyntax.title", "DocumentClauseSyntax.issuer",
        "DocumentClauseSyntax.date", "DocumentClauseSyntax.covers",
        "VocabularyClauseSyntax.role", "VocabularyClauseSyntax.subject", "VocabularyClauseSyntax.event",
        "RoleRelationSyntax.at", "RoleRelationSyntax.manages", "RoleRelationSyntax.isOf",
        "AttributeType.date", "AttributeType.time", "AttributeType.number", "AttributeType.text", "AttributeType.flag",
        "AttributeType.organisation", "AttributeType.duration",
        "AmountSyntax.duration", "AmountSyntax.parameter",
        "ClauseSyntax.citation", "ClauseSyntax.trigger", "ClauseSyntax.effective", "ClauseSyntax.forEach",
        "ClauseSyntax.obligation", "ClauseSyntax.requirement", "ClauseSyntax.order", "ClauseSyntax.reason",
        "ClauseSyntax.count", "ClauseSyntax.step",
        "Sequel.then", "Sequel.otherwise", "DeadlineSyntax.within", "DeadlineSyntax.byTime", "DeadlineSyntax.withinTerm",
        "PeriodSyntax.every", "PeriodSyntax.yearlyBy", "PeriodSyntax.months", "PeriodSyntax.termStart",
        "TermWindowSyntax.around", "TermWindowSyntax.before", "TermWindowSyntax.vacation",
        "TermSeason.any", "TermSeason.autumn", "TermSeason.spring", "teachingPeriodsOnly: true",
        "PeriodUnit.day", "PeriodUnit.teachingDay", "PeriodUnit.week", "PeriodUnit.halfMonth", "PeriodUnit.month",
        "PeriodUnit.quarter", "PeriodUnit.halfYear", "PeriodUnit.semester", "PeriodUnit.schoolYear", "PeriodUnit.year",
        "PrerequisiteSyntax.event", "PrerequisiteSyntax.all", "PrerequisiteSyntax.any", "PrerequisiteSyntax.group", "PrerequisiteSyntax.recordedBy",
        "ExprSyntax.path", "ExprSyntax.number", "ExprSyntax.string", "ExprSyntax.date", "ExprSyntax.duration",
        "ExprSyntax.boolean", "ExprSyntax.not", "ExprSyntax.and", "ExprSyntax.or", "ExprSyntax.compare", "ExprSyntax.group", "ExprSyntax.age",
        "ComparisonOperator.equal", "ComparisonOperator.notEqual", "ComparisonOperator.less",
        "ComparisonOperator.lessOrEqual", "ComparisonOperator.greater", "ComparisonOperator.greaterOrEqual",
        "UnquantifiedTerm.promptly", "UnquantifiedTerm.immediately", "UnquantifiedTerm.forthwith", "UnquantifiedTerm.soon",
        "DurationUnit.calendarDay", "DurationUnit.workingDay", "DurationUnit.teachingDay", "DurationUnit.week",
        "DurationUnit.halfMonth", "DurationUnit.month", "DurationUnit.year",
        "KeywordLanguage.english", "KeywordLanguage.chinese",
        "quote: \"“\"", "quote: \"「\"", "quote: \"\\\"\"",
        "leadingComments: [\"", "blankLineBefore: true", "trailingComment: \"", "danglingComments: [\"",
    ]
}
