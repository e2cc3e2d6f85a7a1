import Foundation
import DulySource

/// A diagnostic as last sent to the editor, with the quick fix its did-you-mean help offers.
struct PublishedDiagnostic {
    var range: TextRange
    var json: LSPObject
    /// The name to put in place of `range`, from "did you mean `X`?".
    var replacement: String?
}

extension LanguageServer {
    /// Whether any document's diagnostics are waiting to be sent.
    var hasPendingDiagnostics: Bool { !pendingDiagnostics.isEmpty }

    /// Sends `textDocument/publishDiagnostics` for every open document whose diagnostics may have
    /// changed. One check of each tree serves all of its open documents.
    func publishPendingDiagnostics() {
        let paths = pendingDiagnostics.sorted()
        pendingDiagnostics.removeAll()
        for path in paths {
            guard let doc = cache.documents[path] else { continue }
            var list: [PublishedDiagnostic] = []
            if doc.text.utf8.count > Self.maximumDocumentSize {
                let d = Diagnostic(.fileTooLarge, path: path, span: nil,
                                   message: LocalizedText(en: "file is \(doc.text.utf8.count) bytes; policy files are limited to \(Self.maximumDocumentSize) bytes",
                                                          zh: "文件大小为 \(doc.text.utf8.count) 字节,规则文件上限为 \(Self.maximumDocumentSize) 字节"))
                list = [publishable(d, source: SourceFile(path: path, text: ""), analysis: nil)]
            } else if doc.path.hasSuffix("." + PolicyLoading.fileExtension) {
                let analysis = cache.analysis(for: path)
                let source = analysis.source(path) ?? doc.source
                list = analysis.report.diagnostics.filter { $0.path == path }.prefix(Self.maximumResults)
                    .map { publishable($0, source: source, analysis: analysis) }
            }
            published[path] = list
            var params: LSPObject = ["uri": doc.uri, "diagnostics": list.map(\.json)]
            params["version"] = doc.version
            send(Self.notification("textDocument/publishDiagnostics", params))
        }
    }

    func publishable(_ d: Diagnostic, source: SourceFile, analysis: TreeAnalysis?) -> PublishedDiagnostic {
        let range = d.span.map { source.range(of: $0, encoding: encoding) } ?? TextRange(start: TextPosition(line: 0, character: 0), end: TextPosition(line: 0, character: 0))
        var message = d.message.text(language)
        for note in d.notes { message += "\n" + text("note: ", "注:") + note.text(language) }
        if let help = d.help { message += "\n" + text("help: ", "提示:") + help.text(language) }
        var json: LSPObject = [
            "range": Self.json(range),
            "severity": d.severity == .error ? 1 : d.severity == .warning ? 2 : 3,
            "code": d.code.id,
            "source": "duly",
            "message": message,
        ]
        var related: [LSPObject] = []
        for label in d.labels {
            guard let analysis, let place = location(label.path, label.span, in: analysis) else { continue }
            related.append(["location": place, "message": label.message.text(language)])
        }
        if !related.isEmpty { json["relatedInformation"] = related }
        var replacement: String?
        // The fix replaces the diagnostic's span, so it is offered only where the span is the
        // misspelt word itself: one word, a few edits away from the suggestion.
        if let name = Suggestion.suggestedName(in: d.help), let span = d.span, span.end > span.start,
           case let written = source.text(of: span), written != name, !written.contains(where: \.isWhitespace),
           Suggestion.distance(Array(written), Array(name)) <= max(1, max(written.count, name.count) / 2) {
            replacement = name
            json["data"] = ["replacement": name] as LSPObject
        }
        return PublishedDiagnostic(range: range, json: json, replacement: replacement)
    }

    /// Quick fixes for the did-you-mean diagnostics the range touches.
    func codeActions(_ params: LSPObject) throws -> [LSPObject] {
        let path = try path(of: Self.textDocumentURI(params))
        guard let r = (params["range"] as? LSPObject).flatMap(Self.range) else { throw ResponseError(.invalidParams, text("range is missing", "缺少 range")) }
        func before(_ a: TextPosition, _ b: TextPosition) -> Bool { (a.line, a.character) < (b.line, b.character) }
        var actions: [LSPObject] = []
        for d in published[path] ?? [] {
            guard let name = d.replacement, !before(r.end, d.range.start), !before(d.range.end, r.start) else { continue }
            let edit: LSPObject = ["range": Self.json(d.range), "newText": name]
            actions.append([
                "title": text("Replace with `\(name)`", "改为 `\(name)`"),
                "kind": "quickfix",
                "isPreferred": true,
                "diagnostics": [d.json],
                "edit": ["changes": [uri(of: path): [edit]]] as LSPObject,
            ])
        }
        return actions
    }
}
