import DulySource
import DulySyntax

/// The canonical printer behind `duly fmt`: one layout for every tree, so a diff between two
/// policy files shows only what changed in the rules.
///
/// The printer keeps everything the tree records (every name, label, comment, keyword language,
/// unit spelling and quote style) and decides everything else:
///
/// - Layout: two spaces of indentation per block level; one clause a line; `{` at the end of
///   the header line and `}` alone on its own line, also for an empty block; exactly one space
///   between tokens; no trailing whitespace; LF line endings; the text ends with exactly one
///   `\n` (an empty file prints as the empty string).
/// - Keywords: each clause prints in the language it was written in, with the first spelling of
///   each keyword in that language (`须`, `内`, `至少`, `每日`), because the tree does not record
///   which synonym was used (`必须`, `以内`, `不少于`, `每天`). Parts that carry their own language
///   (a term, a deadline, a recurrence, a citation after a parameter, a role relation, an
///   attribute's type) print in it; `at least 1 time` is singular, other counts plural.
/// - Chinese glue, as the grammar describes: a Chinese unit joins its number (`5个工作日`, `7天`),
///   and `内` joins a Chinese-spelled duration (`5个工作日内`) but not a parameter (`回复时限 内`)
///   or an English spelling (`5 working days 内`), since glued letters would read as one word;
///   `前` joins a time (`12:00前`), `每` its period (`每半月`), and a fixed date reads `9月30日前`.
/// - Punctuation: Chinese clauses use full-width brackets for a citation's clause reference,
///   glued to the catalog ID and the quote (`依据 GZ-7（二.6）"…"`), and for a fixed date's flags
///   (`（含当日，不顺延）`), and join months with `、` (`于 2月、8月`). Lists of names and catalog
///   IDs take `, ` in both languages, as the policy files write them (`依据 TJ-3, TJ-4`,
///   `管辖 乡镇中心校, 学校`). English clauses use ASCII `(二.6)`. Everything else (`:`, `=`,
///   `..`, `.`, comparison operators, grouping parentheses) is ASCII in both languages; arrows
///   are `->` in English and `→` in Chinese. Times print as `HH:MM`, month-days as `MM-DD`.
/// - Strings keep their quote marks (`"…"`, `“…”`, `「…」`); inside `"…"`, `"` and `\` are escaped
///   and a line break is written `\n`. A value the stored marks cannot hold (an unbalanced `”`
///   inside `“…”`, only possible in a hand-built tree) falls back to `"…"`.
/// - Comments: leading comments stand on their own lines above their member at its indentation;
///   a trailing comment follows its member's last line after two spaces (after `}` for a block),
///   so it stands apart from the clause; dangling comments stand before `}` or at the end of the
///   file. The parser reads a comment on a `{` line as the first member's leading comment, and it
///   prints as one.
/// - Blank lines: at most one, only where the tree says `blankLineBefore`, never right after `{`.
///   The blank line goes above a member's leading comments, except for the first member of a
///   block or file, where the parser only records a blank line between the comments and the
///   member, so that is where it prints. A block's dangling comments get a blank line above them
///   when `closingBlankLine` is set; the file's dangling comments always do when items precede
///   them, because they belong to the file rather than to its last item.
/// - Trees the parser cannot produce (an `and` directly inside an `and`, a comparison of a
///   negation) print with the parentheses needed to read back the same meaning.
public enum Formatter {
    /// The canonical text of `file`.
    public static func format(_ file: FileSyntax) -> String {
        var printer = Printer()
        printer.printFile(file)
        return printer.text
    }

    /// Parses `source` and prints it canonically. The text is nil when the file has a syntax
    /// error: rewriting a file the parser only partly understood would drop what it skipped.
    /// The diagnostics are the parser's, whether or not there is text.
    public static func format(source: SourceFile) -> (text: String?, diagnostics: [Diagnostic]) {
        let (syntax, diagnostics) = Parser.parse(source)
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (format(syntax), diagnostics)
    }

    /// Whether `source` is already in canonical form, as `duly fmt --check` asks; nil when it
    /// has a syntax error, since then there is no canonical form to compare with.
    public static func isFormatted(_ source: SourceFile) -> Bool? {
        guard let text = format(source: source).text else { return nil }
        return text == source.text
    }
}
