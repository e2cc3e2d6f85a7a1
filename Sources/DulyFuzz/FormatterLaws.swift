import DulyFormat
import DulySource
import DulySyntax
import Foundation

/// The formatter's laws, checked on a tree that came from parsing or was generated.
public enum FormatterLaws {
    /// A structural dump with every position removed.
    ///
    /// `SyntaxDump` skips fields labelled `span`, but the spans inside expression literals
    /// (`ExprSyntax.number(Int, Span)`, `.boolean(Bool, KeywordLanguage, Span)`) are unlabelled
    /// tuple elements and reach the dump, so they are stripped here: the laws compare
    /// structure, not offsets.
    public static func structure(_ tree: FileSyntax) -> String {
        let dump = SyntaxDump.dump(tree)
        return dump.replacingOccurrences(of: #"\{start: \d+, end: \d+\}"#, with: "_", options: .regularExpression)
    }

    /// `line:col: code: message` lines for diagnostics about `text`.
    public static func plain(_ diagnostics: [Diagnostic], in text: String) -> [String] {
        let file = SourceFile(path: "test.duly", text: text)
        return diagnostics.sortedForDisplay().map { d in
            let loc = d.span.map { file.location(of: $0.start) }
            return "\(loc.map { "\($0.line):\($0.column)" } ?? "-"): \(d.code.id): \(d.message.en)"
        }
    }

    /// The printed text reads back without diagnostics to the same structure (round trip),
    /// printing that again changes nothing (idempotence), the text is in canonical shape, and,
    /// when `original` gives the comment count before printing, every comment survives.
    public static func violations(_ tree: FileSyntax, commentsIn original: Int? = nil) -> [String] {
        var v: [String] = []
        let printed = DulyFormat.Formatter.format(tree)
        let (reparsed, diagnostics) = Parser.parse(SourceFile(path: "test.duly", text: printed))
        if !diagnostics.isEmpty {
            v.append("the printed text does not parse:\n" + plain(diagnostics, in: printed).joined(separator: "\n") + "\n--- printed ---\n" + printed)
            return v
        }
        if structure(reparsed) != structure(tree) {
            v.append("round trip changed the tree\n--- printed ---\n\(printed)\n--- before ---\n\(structure(tree))\n--- after ---\n\(structure(reparsed))")
        }
        let again = DulyFormat.Formatter.format(reparsed)
        if again != printed {
            v.append("formatting is not idempotent\n--- first ---\n\(printed)\n--- second ---\n\(again)")
        }
        v += shapeProblems(printed)
        if let original, commentCount(printed) != original {
            v.append("comments were lost: \(original) before, \(commentCount(printed)) after\n\(printed)")
        }
        return v
    }

    /// Breaks of the canonical shape that hold for any printed text.
    public static func shapeProblems(_ text: String) -> [String] {
        var problems: [String] = []
        if text.contains("\r") { problems.append("the text has a carriage return") }
        if !text.isEmpty, !text.hasSuffix("\n") || text.hasSuffix("\n\n") { problems.append("the text does not end with exactly one line break") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        for (i, line) in lines.enumerated() {
            if line.last == " " || line.last == "\t" { problems.append("line \(i + 1) has trailing whitespace") }
            if line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") { problems.append("line \(i + 1) is indented with a tab") }
            let indent = line.prefix { $0 == " " }.count
            if indent % 2 != 0 { problems.append("line \(i + 1) is indented by \(indent) spaces") }
            if line.isEmpty, i > 0, lines[lines.index(lines.startIndex, offsetBy: i - 1)].isEmpty { problems.append("line \(i + 1) is a second blank line") }
            if line.isEmpty, i > 0, isBlockOpener(lines[lines.index(lines.startIndex, offsetBy: i - 1)]) {
                problems.append("line \(i + 1) is a blank line after `{`")
            }
        }
        return problems
    }

    static func isBlockOpener(_ line: Substring) -> Bool {
        let code = line.drop { $0 == " " }
        return code.hasSuffix(" {") && !code.hasPrefix("#") && !code.hasPrefix("//")
    }

    /// How many comments a text holds, counted by the lexer, so markers inside strings don't count.
    public static func commentCount(_ text: String) -> Int {
        Lexer.tokenize(SourceFile(path: "count.duly", text: text)).tokens.filter {
            if case .comment = $0.kind { return true }
            return false
        }.count
    }
}
