import Foundation
import DulySource

/// Machine-readable renderings of `duly check` results for CI: one JSON document, SARIF 2.1.0
/// for code-scanning tools, and GitHub workflow annotations.
public enum CheckOutput {
    /// `--format json`: `{"files":N,"errors":N,"warnings":N,"diagnostics":[…]}`.
    public static func json(_ report: PolicyCheckReport, diagnostics: [Diagnostic], language: MessageLanguage) -> String {
        let renderer = DiagnosticRenderer(style: .json, language: language, files: report.sources)
        let errors = diagnostics.filter(\.isError).count
        return JSONText.object([
            ("files", String(report.requestedFiles.count)),
            ("errors", String(errors)),
            ("warnings", String(diagnostics.count - errors)),
            ("diagnostics", "[" + diagnostics.map(renderer.json).joined(separator: ",") + "]"),
        ]) + "\n"
    }

    /// `--format github`: `::error file=…,line=…,col=…::message` lines, which GitHub Actions
    /// shows on the pull request's changed lines.
    public static func github(_ report: PolicyCheckReport, diagnostics: [Diagnostic], language: MessageLanguage) -> String {
        func escapeData(_ s: String) -> String {
            s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
        }
        func escapeProperty(_ s: String) -> String {
            escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        var out = ""
        for d in diagnostics {
            let command = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
            var properties = ["file=\(escapeProperty(d.path))"]
            if let span = d.span, let file = report.sources[d.path] {
                let start = file.location(of: span.start), end = file.location(of: span.end)
                properties += ["line=\(start.line)", "col=\(start.column)", "endLine=\(end.line)", "endColumn=\(end.column)"]
            }
            properties.append("title=\(escapeProperty("duly \(d.code.id)"))")
            var message = d.message.text(language)
            if let help = d.help { message += "\n" + (language == .zh ? "提示: " : "help: ") + help.text(language) }
            // A CI log is a terminal too: control characters from the files are shown escaped.
            out += "::\(command) \(properties.joined(separator: ","))::\(escapeData(TerminalText.visibleLines(message)))\n"
        }
        return out
    }

    /// `--format sarif`: a SARIF 2.1.0 log with one run. Columns are Unicode code points
    /// (`columnKind`), which is what Duly counts for CJK text; URIs are relative to the working
    /// directory and percent-encoded.
    public static func sarif(_ report: PolicyCheckReport, diagnostics: [Diagnostic], language: MessageLanguage, toolVersion: String) -> String {
        var ruleIDs: [String] = []
        for d in diagnostics where !ruleIDs.contains(d.code.id) { ruleIDs.append(d.code.id) }
        ruleIDs.sort()
        let rules = ruleIDs.compactMap(DiagnosticCode.named).map { code in
            JSONText.object([
                ("id", JSONText.string(code.id)),
                ("shortDescription", JSONText.object([("text", JSONText.string(code.summary.text(language)))])),
                ("fullDescription", JSONText.object([("text", JSONText.string(code.summary.en + " / " + code.summary.zh))])),
                ("defaultConfiguration", JSONText.object([("level", JSONText.string(level(code.defaultSeverity)))])),
            ])
        }
        func location(_ path: String, _ span: Span?, message: String? = nil, id: Int? = nil) -> String {
            var physical: [(String, String)] = [("artifactLocation", JSONText.object([("uri", JSONText.string(uri(path)))]))]
            if let span, let file = report.sources[path] {
                let start = file.location(of: span.start), end = file.location(of: span.end)
                physical.append(("region", JSONText.object([
                    ("startLine", String(start.line)), ("startColumn", String(start.column)),
                    ("endLine", String(end.line)), ("endColumn", String(end.column)),
                ])))
            }
            var fields: [(String, String)] = []
            if let id { fields.append(("id", String(id))) }
            fields.append(("physicalLocation", JSONText.object(physical)))
            if let message { fields.append(("message", JSONText.object([("text", JSONText.string(message))]))) }
            return JSONText.object(fields)
        }
        let results = diagnostics.map { d -> String in
            var text = d.message.text(language)
            if let help = d.help { text += " (" + help.text(language) + ")" }
            var fields: [(String, String)] = [
                ("ruleId", JSONText.string(d.code.id)),
                ("ruleIndex", String(ruleIDs.firstIndex(of: d.code.id) ?? 0)),
                ("level", JSONText.string(level(d.severity))),
                ("message", JSONText.object([("text", JSONText.string(text))])),
                ("locations", "[" + location(d.path, d.span) + "]"),
            ]
            if !d.labels.isEmpty {
                let related = d.labels.enumerated().map { location($1.path, $1.span, message: $1.message.text(language), id: $0) }
                fields.append(("relatedLocations", "[" + related.joined(separator: ",") + "]"))
            }
            return JSONText.object(fields)
        }
        let driver = JSONText.object([
            ("name", JSONText.string("duly")),
            ("version", JSONText.string(toolVersion)),
            ("rules", "[" + rules.joined(separator: ",") + "]"),
        ])
        let run = JSONText.object([
            ("tool", JSONText.object([("driver", driver)])),
            ("columnKind", JSONText.string("unicodeCodePoints")),
            ("results", "[" + results.joined(separator: ",") + "]"),
        ])
        return JSONText.object([
            ("$schema", JSONText.string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", JSONText.string("2.1.0")),
            ("runs", "[" + run + "]"),
        ]) + "\n"
    }

    static func level(_ s: Severity) -> String { s == .error ? "error" : s == .warning ? "warning" : "note" }

    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
