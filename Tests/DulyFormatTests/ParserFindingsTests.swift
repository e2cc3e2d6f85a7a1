import DulySource
import DulySyntax
import Testing

/// Parser behaviours found while writing the formatter, each pinned so it stays fixed: what the
/// grammar or the tree's documentation promises.
@Suite("parser findings")
struct ParserFindingsTests {
    /// The grammar allows any duration as an operand, but `parseOperand` only reads a number as
    /// a duration when the next word is a whole unit spelling, so `working` is left over. The
    /// tree generator keeps two-word English units out of conditions because of this.
    @Test("a condition reads a duration with a two-word English unit")
    func twoWordUnitInCondition() throws {
        let text = "rule a {\n  when b where 时长 > 5 working days\n}\n"
        let (tree, diagnostics) = parse(text)
        #expect(plain(diagnostics, in: text) == [])
        guard case .rule(let rule) = try #require(tree.items.first).node,
              case .trigger(let trigger) = try #require(rule.body.members.first).node,
              case .compare(_, .greater, .duration(let d)) = try #require(trigger.condition) else {
            Issue.record("no comparison with a duration")
            return
        }
        #expect(d.count == 5 && d.spelling == "working days")
    }

    /// The grammar says a clause reference runs to the *matching* `)`; `parseCitation` stops at
    /// the first one.
    @Test("a clause reference keeps nested parentheses")
    func nestedClauseReference() throws {
        let text = "rule a {\n  cite GZ-7 (二.(6))\n}\n"
        let (tree, diagnostics) = parse(text)
        #expect(plain(diagnostics, in: text) == [])
        guard case .rule(let rule) = try #require(tree.items.first).node,
              case .citation(let citation) = try #require(rule.body.members.first).node else {
            Issue.record("no citation")
            return
        }
        #expect(citation.clause == "二.(6)")
    }

    /// `BlockSyntax.closingBlankLine` exists for this, but `parseMembers` never sets it, so
    /// `fmt` cannot keep a blank line above a block's closing comments.
    @Test("a blank line before a block's closing comments is recorded")
    func closingBlankLine() throws {
        let text = "rule a {\n  cite GZ-7\n\n  # the end of the rule\n}\n"
        let (tree, diagnostics) = parse(text)
        #expect(plain(diagnostics, in: text) == [])
        guard case .rule(let rule) = try #require(tree.items.first).node else {
            Issue.record("no rule")
            return
        }
        #expect(rule.body.danglingComments == ["# the end of the rule"])
        #expect(rule.body.closingBlankLine)
    }

    /// `SyntaxDump` promises a dump without positions, but skips only fields labelled `span`;
    /// the spans in `ExprSyntax.number(Int, Span)` and `.boolean(Bool, KeywordLanguage, Span)`
    /// are unlabelled tuple elements and reach the dump. The formatter's laws strip them
    /// (`structure(_:)` in Laws.swift).
    @Test("the structural dump leaves out the positions of number and boolean literals")
    func dumpWithoutLiteralSpans() {
        let near = parse("rule a {\n  when b where c == 5 and d == yes\n}\n").syntax
        let far = parse("\n\nrule a {\n  when b where c == 5 and d == yes\n}\n").syntax
        #expect(SyntaxDump.dump(near) == SyntaxDump.dump(far))
    }
}
