import DulyFormat
import DulySource
// Hand-built trees need the node structs' internal memberwise initializers.
@testable import DulySyntax
import Foundation
import Testing

@Suite("formatter")
struct FormatterTests {
    static let none = Span.at(0)

    func format(_ text: String) -> String? {
        DulyFormat.Formatter.format(source: SourceFile(path: "test.duly", text: text)).text
    }

    func ruleFile(_ clauses: [ClauseSyntax]) -> FileSyntax {
        let body = BlockSyntax(members: clauses.map { Member($0, span: Self.none) })
        let rule = RuleSyntax(kind: .rule, language: .english, name: NameSyntax("a", span: Self.none), label: nil, body: body)
        return FileSyntax(items: [Member(.rule(rule), span: Self.none)], danglingComments: [])
    }

    func path(_ name: String) -> ExprSyntax { .path([NameSyntax(name, span: Self.none)]) }

    @Test("a file with a syntax error is not rewritten, and the parser's diagnostics come back")
    func refusesBrokenFiles() {
        let (text, diagnostics) = DulyFormat.Formatter.format(source: SourceFile(path: "bad.duly", text: "rule a {\n  学校 必需 劝返\n}\n"))
        #expect(text == nil)
        #expect(diagnostics.hasErrors)
        #expect(DulyFormat.Formatter.isFormatted(SourceFile(path: "bad.duly", text: "rule {\n")) == nil)
    }

    @Test("a canonical file is reported as formatted and a messy one is not")
    func isFormatted() {
        #expect(DulyFormat.Formatter.isFormatted(SourceFile(path: "a.duly", text: "rule a {\n  cite GZ-7\n}\n")) == true)
        #expect(DulyFormat.Formatter.isFormatted(SourceFile(path: "a.duly", text: "rule a {\n    cite GZ-7\n}\n")) == false)
        #expect(DulyFormat.Formatter.isFormatted(SourceFile(path: "a.duly", text: "rule a {\r\n  cite GZ-7\r\n}\r\n")) == false)
    }

    @Test("every grammar example is already in canonical form", arguments: grammarExamples().map(\.name))
    func grammarExamplesAreCanonical(name: String) throws {
        let example = try #require(grammarExamples().first { $0.name == name })
        #expect(format(example.text) == example.text)
    }

    /// The guide asks for `duly fmt --check policies` to pass before every commit; this is that
    /// check, so a policy change that skips it fails here.
    @Test("every policy file is already in canonical form", arguments: policyFiles())
    func policiesAreCanonical(path: String) throws {
        let text = try String(contentsOfFile: packageRoot + "/" + path, encoding: .utf8)
        #expect(format(text) == text)
    }

    @Test("an empty file prints as nothing, and a file of comments keeps them without blank lines around")
    func emptyAndCommentOnlyFiles() {
        #expect(format("") == "")
        #expect(format("\n\n  \n") == "")
        #expect(format("\n\n# only\n\n\n// comments\n\n") == "# only\n// comments\n")
    }

    @Test("a blank line before the first member prints below its comments, the only place the parser records it")
    func firstMemberBlankLine() {
        #expect(format("rule a {\n\n  # about the citation\n\n  cite GZ-7\n}\n") == "rule a {\n  # about the citation\n\n  cite GZ-7\n}\n")
        #expect(format("rule a {\n\n\n  cite GZ-7\n}\n") == "rule a {\n  cite GZ-7\n}\n")
    }

    @Test("a blank line before a later member prints above its comments")
    func laterMemberBlankLine() {
        #expect(format("rule a {\n  cite GZ-7\n  # about the trigger\n\n  when b\n}\n")
            == "rule a {\n  cite GZ-7\n\n  # about the trigger\n  when b\n}\n")
    }

    @Test("a block's closing comments get a blank line above them when the tree records one")
    func closingBlankLine() throws {
        var file = ruleFile([.citation(CitationSyntax(language: .english, ids: [NameSyntax("GZ-7", span: Self.none)], clause: nil, quote: nil, span: Self.none))])
        guard case .rule(var rule) = file.items[0].node else { Issue.record("no rule"); return }
        rule.body.danglingComments = ["# end"]
        rule.body.closingBlankLine = true
        file.items[0].node = .rule(rule)
        #expect(DulyFormat.Formatter.format(file) == "rule a {\n  cite GZ-7\n\n  # end\n}\n")
    }

    @Test("a condition built without groups prints the parentheses its meaning needs")
    func conditionParentheses() {
        let condition = ExprSyntax.and([.or([path("a"), path("b")], .english), .not(.and([path("c"), path("d")], .chinese), .english)], .english)
        let trigger = TriggerSyntax(language: .english, event: NameSyntax("e", span: Self.none), condition: condition)
        let text = DulyFormat.Formatter.format(ruleFile([.trigger(trigger)]))
        #expect(text == "rule a {\n  when e where (a or b) and not (c 且 d)\n}\n")
        #expect(parse(text).diagnostics.isEmpty)
    }

    @Test("a prerequisite built without groups prints the parentheses its meaning needs")
    func prerequisiteParentheses() {
        let event = { (n: String) in PrerequisiteSyntax.event(NameSyntax(n, span: Self.none), atLeast: nil, .english) }
        let prerequisite = PrerequisiteSyntax.all([.any([event("a"), event("b")], .english), event("c")], .english)
        let requirement = RequirementSyntax(language: .english, action: NameSyntax("x", span: Self.none), prerequisite: prerequisite)
        #expect(DulyFormat.Formatter.format(ruleFile([.requirement(requirement)])) == "rule a {\n  x requires (a or b) and c\n}\n")
    }

    @Test("a string its quote marks cannot hold falls back to escaped straight quotes")
    func quoteFallback() {
        let reason = ClauseSyntax.reason(.chinese, StringSyntax("未配对的”和\"", quote: "“", span: Self.none))
        #expect(DulyFormat.Formatter.format(ruleFile([reason])) == "rule a {\n  原因 \"未配对的”和\\\"\"\n}\n")
    }

    @Test("the formatter never loses or adds a comment marker inside a string")
    func markersInStrings() {
        let text = "rule a {\n  reason \"# not a comment // nor this\"  # but this is\n}\n"
        #expect(format(text) == text)
        #expect(commentCount(text) == 1)
    }
}
