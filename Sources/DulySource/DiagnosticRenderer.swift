/// Turns diagnostics into text. Only the driver calls this; passes never print.
public struct DiagnosticRenderer: Sendable {
    public enum Style: String, Sendable, CaseIterable {
        /// Source line with carets, help and notes; ANSI colour when `color` is set.
        case human
        /// One line per diagnostic: `path:line:col: severity[code]: message`.
        case plain
        /// One JSON object per diagnostic, one per line (JSON Lines).
        case json
    }

    public var style: Style
    public var language: MessageLanguage
    public var color: Bool
    /// Source files by path, to show source lines and convert offsets to line/column.
    public var files: [String: SourceFile]

    public init(style: Style, language: MessageLanguage, color: Bool = false, files: [String: SourceFile]) {
        self.style = style
        self.language = language
        self.color = color
        self.files = files
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    public func location(of d: Diagnostic) -> SourceLocation? {
        guard let span = d.span, let file = files[d.path] else { return nil }
        return file.location(of: span.start)
    }

    public func render(_ d: Diagnostic) -> String {
        switch style {
        case .plain: return header(d, colored: false) + "\n"
        case .human: return human(d)
        case .json: return json(d) + "\n"
        }
    }

    private func severityWord(_ s: Severity) -> String {
        language == .zh ? s.chinese : s.rawValue
    }

    private func paint(_ s: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    private func header(_ d: Diagnostic, colored: Bool) -> String {
        let place = location(of: d).map { "\(d.path):\($0.line):\($0.column)" } ?? d.path
        var sev = "\(severityWord(d.severity))[\(d.code.id)]"
        if colored { sev = paint(sev, d.severity == .error ? "1;31" : d.severity == .warning ? "1;33" : "1;36") }
        return TerminalText.visible("\(place): ") + sev + TerminalText.visible(": \(d.message.text(language))")
    }

    private func human(_ d: Diagnostic) -> String {
        var out = header(d, colored: color) + "\n"
        if let span = d.span, let file = files[d.path] {
            out += snippet(file: file, span: span, message: nil)
        }
        for label in d.labels {
            if let file = files[label.path] {
                let loc = file.location(of: label.span.start)
                out += TerminalText.visible("  --> \(label.path):\(loc.line):\(loc.column): \(label.message.text(language))") + "\n"
                out += snippet(file: file, span: label.span, message: nil)
            }
        }
        for note in d.notes {
            out += TerminalText.visible("      = \(language == .zh ? "注" : "note"): \(note.text(language))") + "\n"
        }
        if let help = d.help {
            out += TerminalText.visible("      = \(language == .zh ? "提示" : "help"): \(help.text(language))") + "\n"
        }
        return out
    }

    private func snippet(file: SourceFile, span: Span, message: String?) -> String {
        let start = file.location(of: span.start)
        // Control characters in the line are shown escaped, and the carets measured the same way.
        let lineText = TerminalText.visible(file.lineText(start.line).replacingTabs())
        let lineIndex = start.line - 1
        let lineStart = file.lineStarts[lineIndex]
        let lineEnd = lineIndex + 1 < file.lineStarts.count ? file.lineStarts[lineIndex + 1] - 1 : file.bytes.count
        let before = TerminalText.visible(file.text(of: Span(start: lineStart, end: span.start)).replacingTabs())
        let covered = TerminalText.visible(file.text(of: Span(start: span.start, end: min(span.end, max(span.start, lineEnd)))).replacingTabs())
        let gutter = String(start.line)
        let pad = String(repeating: " ", count: gutter.count)
        let caretCount = max(1, DisplayWidth.of(covered))
        var out = "  \(gutter) | \(lineText)\n"
        out += "  \(pad) | " + String(repeating: " ", count: DisplayWidth.of(before))
        out += paint(String(repeating: "^", count: caretCount), "1;31")
        if let message { out += " " + message }
        out += "\n"
        return out
    }

    /// One diagnostic as a JSON object (fixed key order), as `--format json` lists them.
    public func json(_ d: Diagnostic) -> String {
        var fields: [(String, String)] = [
            ("code", JSONText.string(d.code.id)),
            ("severity", JSONText.string(d.severity.rawValue)),
            ("message", JSONText.string(d.message.text(language))),
            ("path", JSONText.string(d.path)),
        ]
        if let loc = location(of: d), let span = d.span, let file = files[d.path] {
            let end = file.location(of: span.end)
            fields.append(("line", String(loc.line)))
            fields.append(("column", String(loc.column)))
            fields.append(("endLine", String(end.line)))
            fields.append(("endColumn", String(end.column)))
        }
        if let help = d.help { fields.append(("help", JSONText.string(help.text(language)))) }
        if !d.notes.isEmpty {
            fields.append(("notes", "[" + d.notes.map { JSONText.string($0.text(language)) }.joined(separator: ",") + "]"))
        }
        if !d.labels.isEmpty {
            let labels = d.labels.map { label -> String in
                var f = [("path", JSONText.string(label.path)), ("message", JSONText.string(label.message.text(language)))]
                if let file = files[label.path] {
                    let loc = file.location(of: label.span.start)
                    f.append(("line", String(loc.line)))
                    f.append(("column", String(loc.column)))
                }
                return JSONText.object(f)
            }
            fields.append(("labels", "[" + labels.joined(separator: ",") + "]"))
        }
        return JSONText.object(fields)
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        var s = ""
        for c in self { s.append(c == "\t" ? " " : c) }
        return s
    }
}

/// Minimal JSON text building with fixed key order, so output is byte-stable.
public enum JSONText {
    public static func string(_ s: String) -> String {
        var out = ""
        append(s, to: &out)
        return out
    }

    /// `s` as a JSON string, appended to `out` (escaped by the bytes writer below, the one place
    /// that knows JSON's escapes).
    public static func append(_ s: String, to out: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count + 2)
        append(s, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// `s` as a JSON string, appended to the UTF-8 bytes `out`: the writer of long lists of
    /// objects (due actions, findings) builds bytes, which is several times cheaper per piece
    /// than appending to a `String`. Most strings (IDs, dates, names) need no escape: one pass
    /// over the bytes says so, and they are copied whole.
    public static func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { b in
            var plain = true
            for byte in b where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                plain = false
                break
            }
            out.append(UInt8(ascii: "\""))
            if plain {
                out.append(contentsOf: b)
            } else {
                for byte in b {
                    switch byte {
                    case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
                    case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
                    case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                    case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                    case 0x09: out.append(contentsOf: [0x5C, 0x74])
                    case ..<0x20:
                        let hex = Array("0123456789abcdef".utf8)
                        out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                    default: out.append(byte)
                    }
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    public static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
