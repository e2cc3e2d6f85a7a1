import DulySource
import DulySyntax

/// An inline suppression: `# duly: allow D0502 "本县另有规定"` (or `允许`), on its own line above a
/// declaration or clause, or at the end of a line. The reason is required: a silenced check is a
/// decision someone must be able to read.
public struct Suppression: Hashable, Sendable {
    public var path: String
    public var codes: [String]
    public var reason: String
    /// The lines (1-based, inclusive) whose diagnostics it silences.
    public var lines: ClosedRange<Int>
    public var commentLine: Int
}

public enum Suppressions {
    /// Finds the suppressions in a file, and diagnostics for malformed ones.
    public static func collect(in file: SourceFile, syntax: FileSyntax) -> ([Suppression], [Diagnostic]) {
        var suppressions: [Suppression] = []
        var diagnostics: [Diagnostic] = []
        let extents = memberExtents(file, syntax)
        let lineCount = file.lineStarts.count
        for line in 1...max(1, lineCount) {
            let text = file.lineText(line)
            guard let marker = commentStart(text) else { continue }
            let comment = String(text[marker...])
            guard let directive = directive(comment) else { continue }
            let column = text[..<marker].count + 1
            let offset = file.lineStarts[line - 1] + text[..<marker].utf8.count
            let span = Span(start: offset, end: offset + comment.utf8.count)
            guard let parsed = parse(directive) else {
                diagnostics.append(Diagnostic(.badSuppression, path: file.path, span: span,
                                              message: LocalizedText(en: "a suppression reads `# duly: allow CODE \"reason\"`",
                                                                     zh: "抑制注释的写法是 `# duly: 允许 代码 \"理由\"`"),
                                              help: LocalizedText(en: "name the code(s) and give the reason in quotes", zh: "写明代码,并在引号中写明理由")))
                _ = column
                continue
            }
            if parsed.reason.trimmingCharacters(in: " ").isEmpty {
                diagnostics.append(Diagnostic(.badSuppression, path: file.path, span: span,
                                              message: LocalizedText(en: "suppressing \(parsed.codes.joined(separator: ", ")) needs a reason",
                                                                     zh: "抑制 \(parsed.codes.joined(separator: "、")) 需要写明理由")))
                continue
            }
            if let unknown = parsed.codes.first(where: { DiagnosticCode.named($0) == nil }) {
                diagnostics.append(Diagnostic(.badSuppression, path: file.path, span: span,
                                              message: LocalizedText(en: "`\(unknown)` is not a diagnostic code", zh: "`\(unknown)` 不是诊断代码")))
                continue
            }
            if let laxer = parsed.codes.first(where: { DiagnosticCode.named($0) == .laxerThanParent }) {
                diagnostics.append(Diagnostic(.badSuppression, path: file.path, span: span,
                                              message: LocalizedText(en: "`\(laxer)` cannot be suppressed: a child jurisdiction may be stricter than its parent, never laxer",
                                                                     zh: "`\(laxer)` 不能被抑制:下级只能比上级严格,不能更宽松"),
                                              help: LocalizedText(en: "remove the comment and keep the parent's requirement, or a stricter one",
                                                                  zh: "删除该注释,并保持上级的要求或更严格的要求")))
                continue
            }
            if let error = parsed.codes.first(where: { !DiagnosticCode.named($0)!.isLint }) {
                diagnostics.append(Diagnostic(.badSuppression, path: file.path, span: span,
                                              message: LocalizedText(en: "`\(error)` cannot be suppressed: only consistency lints (D05xx) can",
                                                                     zh: "`\(error)` 不能被抑制:只有一致性检查(D05xx)可以")))
                continue
            }
            let ownLine = text[..<marker].allSatisfy { $0 == " " || $0 == "\t" }
            var lines = line...line
            if ownLine {
                // The declaration or clause that starts on the next line holding code.
                var next = line + 1
                while next <= lineCount, commentStart(file.lineText(next)).map({ file.lineText(next)[..<$0].allSatisfy { $0 == " " || $0 == "\t" } }) ?? file.lineText(next).allSatisfy({ $0 == " " || $0 == "\t" }) {
                    next += 1
                }
                let end = extents.filter { $0.lowerBound == next }.map(\.upperBound).max() ?? next
                lines = next...max(next, end)
            }
            suppressions.append(Suppression(path: file.path, codes: parsed.codes, reason: parsed.reason, lines: lines, commentLine: line))
        }
        return (suppressions, diagnostics)
    }

    /// Removes suppressed diagnostics and reports suppressions that silenced nothing. With
    /// `reportUnused` false (the lints did not run because the tree has errors), an unmatched
    /// suppression is not reported: the lint it answers was never asked.
    public static func apply(_ suppressions: [Suppression], to diagnostics: [Diagnostic], files: [String: SourceFile],
                             reportUnused: Bool = true) -> [Diagnostic] {
        var used = Set<Suppression>()
        var kept: [Diagnostic] = []
        for d in diagnostics {
            guard let span = d.span, let file = files[d.path] else { kept.append(d); continue }
            let line = file.location(of: span.start).line
            if let s = suppressions.first(where: { $0.path == d.path && $0.codes.contains(d.code.id) && $0.lines.contains(line) }), d.code != .badSuppression {
                used.insert(s)
            } else {
                kept.append(d)
            }
        }
        for s in suppressions where reportUnused && !used.contains(s) {
            guard let file = files[s.path] else { continue }
            let start = file.lineStarts[s.commentLine - 1]
            kept.append(Diagnostic(.unusedSuppression, path: s.path, span: Span(start: start, end: start + file.lineText(s.commentLine).utf8.count),
                                   message: LocalizedText(en: "nothing here raises \(s.codes.joined(separator: ", ")); remove the suppression",
                                                          zh: "此处没有 \(s.codes.joined(separator: "、")) 诊断,请删除该抑制注释")))
        }
        return kept
    }

    /// The start of a comment on the line, outside strings.
    static func commentStart(_ text: String) -> String.Index? {
        var inString: Character?
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if let q = inString {
                if (q == "\"" && c == "\"") || (q == "“" && c == "”") || (q == "「" && c == "」") { inString = nil }
            } else if c == "\"" || c == "“" || c == "「" {
                inString = c
            } else if c == "#" {
                return i
            } else if c == "/", text.index(after: i) < text.endIndex, text[text.index(after: i)] == "/" {
                return i
            }
            i = text.index(after: i)
        }
        return nil
    }

    /// The text after `duly:` in a comment, if it is a directive.
    static func directive(_ comment: String) -> Substring? {
        var body = Substring(comment)
        body = body.hasPrefix("//") ? body.dropFirst(2) : body.dropFirst(1)
        body = body.drop { $0 == " " }
        guard body.hasPrefix("duly:") else { return nil }
        return body.dropFirst(5).drop { $0 == " " }
    }

    /// `allow D0502, D0503 "reason"` / `允许 D0502 "理由"`.
    static func parse(_ directive: Substring) -> (codes: [String], reason: String)? {
        var rest = directive
        if rest.hasPrefix("allow") { rest = rest.dropFirst(5) } else if rest.hasPrefix("允许") { rest = rest.dropFirst(2) } else { return nil }
        guard let quote = rest.firstIndex(where: { $0 == "\"" || $0 == "“" }) else { return nil }
        let codes = rest[..<quote].split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" || $0 == "、" }).map(String.init)
        guard !codes.isEmpty else { return nil }
        let close: Character = rest[quote] == "“" ? "”" : "\""
        let afterQuote = rest.index(after: quote)
        guard let end = rest[afterQuote...].firstIndex(of: close) else { return nil }
        return (codes, String(rest[afterQuote..<end]))
    }

    /// Line ranges of every declaration and clause, so a suppression above one covers it whole.
    static func memberExtents(_ file: SourceFile, _ syntax: FileSyntax) -> [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        func add(_ span: Span) {
            let a = file.location(of: span.start).line
            let b = file.location(of: max(span.start, span.end - 1)).line
            ranges.append(a...max(a, b))
        }
        for item in syntax.items {
            add(item.span)
            switch item.node {
            case .rule(let r):
                for m in r.body.members {
                    add(m.span)
                    if case .step(let s) = m.node { s.body.members.forEach { add($0.span) } }
                }
            case .policy(let p): p.body.members.forEach { add($0.span) }
            case .vocabulary(let v): v.body.members.forEach { add($0.span) }
            default: break
            }
        }
        return ranges
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
