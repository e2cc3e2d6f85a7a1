import DulyFuzz
import DulySyntax

/// What went wrong when the formatter's laws were checked on one input; empty when they hold.
struct LawViolations: CustomStringConvertible {
    var messages: [String] = []
    var isEmpty: Bool { messages.isEmpty }
    var description: String { messages.joined(separator: "\n") }
}

/// Checks the formatter's laws (`FormatterLaws`, which the policy fuzz target checks too) on a
/// tree that came from parsing or was generated: the printed text reads back without
/// diagnostics to the same structure, printing that again changes nothing, the text is in
/// canonical shape, and every comment survives.
func checkLaws(_ tree: FileSyntax, commentsIn original: Int? = nil) -> LawViolations {
    LawViolations(messages: FormatterLaws.violations(tree, commentsIn: original))
}

/// How many comments a text holds, counted by the lexer, so markers inside strings don't count.
func commentCount(_ text: String) -> Int { FormatterLaws.commentCount(text) }
