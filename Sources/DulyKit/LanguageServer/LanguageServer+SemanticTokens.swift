import DulySource
import DulySyntax

extension LanguageServer {
    /// The token types this server reports, in legend order (the protocol's standard names, so
    /// every theme colours them): editors without a TextMate grammar (Neovim) highlight from these.
    static let semanticTokenTypes = [
        "keyword", "class", "event", "property", "variable", "function", "namespace", "enumMember", "type",
        "string", "number", "comment", "operator", "macro",
    ]
    static let semanticTokenModifiers = ["declaration", "readonly"]

    /// `textDocument/semanticTokens/full`: keywords, names by what they name (a role, an event,
    /// a parameter …), strings, numbers, durations and comments, as the protocol's relative
    /// encoding (line and start deltas and lengths in the negotiated position units).
    func semanticTokens(_ params: LSPObject) throws -> LSPObject {
        let path = try path(of: Self.textDocumentURI(params))
        let analysis = try analysis(for: path)
        guard let source = analysis.source(path) ?? cache.documents[path]?.source else { return ["data": [Int]()] }
        func type(_ name: String) -> Int { Self.semanticTokenTypes.firstIndex(of: name)! }
        // Start offset → (end, type, modifiers); names found by the index win over the lexer's view.
        var tokens: [Int: (end: Int, type: Int, modifiers: Int)] = [:]
        var covered: [Span] = []
        for o in analysis.index.occurrences where o.path == path {
            let t: String = switch o.kind {
            case .role: "class"
            case .event: "event"
            case .attribute: "property"
            case .parameter: "variable"
            case .rule: "function"
            case .jurisdiction, .vocabulary, .document: "namespace"
            case .catalogID: "enumMember"
            case .subject: "type"
            case .term: "macro"
            }
            tokens[o.span.start] = (o.span.end, type(t), (o.isDeclaration ? 1 : 0) | (o.kind == .parameter ? 2 : 0))
            covered.append(o.span)
        }
        for d in analysis.index.durations where d.path == path {
            tokens[d.duration.span.start] = (d.duration.span.end, type("number"), 0)
            covered.append(d.duration.span)
        }
        let (lexed, _) = Lexer.tokenize(source)
        for token in lexed where !covered.contains(where: { $0.start <= token.span.start && token.span.end <= $0.end }) {
            let t: String?
            switch token.kind {
            case .word(let w): t = Keyword.allSpellings.contains(w) ? "keyword" : nil
            case .number, .date, .monthDay, .time: t = "number"
            case .string: t = "string"
            case .comment: t = "comment"
            case .compare, .arrow, .dotDot, .equals: t = "operator"
            default: t = nil
            }
            if let t { tokens[token.span.start] = (token.span.end, type(t), 0) }
        }
        var data: [Int] = []
        var previous = TextPosition(line: 0, character: 0)
        for start in tokens.keys.sorted() where data.count / 5 < 20 * Self.maximumResults {
            let token = tokens[start]!
            let a = source.position(of: start, encoding: encoding), b = source.position(of: token.end, encoding: encoding)
            guard a.line == b.line, b.character > a.character else { continue } // tokens never span lines
            data += [a.line - previous.line, a.line == previous.line ? a.character - previous.character : a.character,
                     b.character - a.character, token.type, token.modifiers]
            previous = a
        }
        return ["data": data]
    }
}
