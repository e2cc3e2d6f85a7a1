import Foundation
import DulySource
import DulySyntax
import DulyTime
import DulyFormat
import DulyModel

extension LanguageServer {
    // MARK: Completion

    /// LSP completion item kinds.
    enum CompletionKind: Int { case field = 5, `class` = 7, module = 9, keyword = 14, reference = 18, constant = 21, event = 23 }

    /// Names and keywords that may come next: after `cite`/`依据` the catalog IDs, after
    /// `when`/`当` the events, after `extends`/`继承` the jurisdictions, after `学生.` the subject's
    /// attributes; elsewhere the keywords of the file's own language (and both spellings of
    /// `reason`/`原因`, one per language of the reason), roles, events, attributes, parameters,
    /// terms and catalog IDs.
    func completion(_ params: LSPObject) throws -> LSPObject {
        let (path, analysis, source, offset) = try locate(params)
        let chinese = keywordLanguage(of: source) == .chinese
        let lineStart = source.lineStarts[source.lineIndex(of: offset)]
        let before = String(decoding: source.bytes[lineStart..<min(offset, source.bytes.count)], as: UTF8.self)
        let separators: Set<Character> = [" ", "\t", "\u{3000}", ",", "、", "，"]
        let words: [Substring] = before.split(whereSeparator: { separators.contains($0) })
        let typing: Bool = before.last.map { !separators.contains($0) } ?? false
        // The word before the one being typed (or the last word, after a space).
        let previous = (typing ? words.dropLast() : words[...]).last.map(String.init) ?? ""
        let firstWord = words.first.map(String.init) ?? ""
        var items: [LSPObject] = []
        var seen = Set<String>()
        func add(_ label: String, _ kind: CompletionKind, _ detail: String?) {
            guard seen.insert(label).inserted, items.count < Self.maximumResults else { return }
            var item: LSPObject = ["label": label, "kind": kind.rawValue]
            if let detail { item["detail"] = detail }
            items.append(item)
        }
        guard let program = analysis.program else { return ["isIncomplete": false, "items": items] }
        let vocabulary = program.vocabulary
        // Catalog IDs of the file's own lineage come first, nearest jurisdiction first.
        let lineage = analysis.jurisdiction(ofFile: path).map { program.lineage(of: $0.name).map(\.name) } ?? []
        func catalogIDs() {
            let ordered = program.jurisdictions.values.sorted { a, b in
                let ia = lineage.firstIndex(of: a.name) ?? lineage.count, ib = lineage.firstIndex(of: b.name) ?? lineage.count
                return (ia, a.name.rawValue) < (ib, b.name.rawValue)
            }
            for (rank, j) in ordered.enumerated() {
                for doc in j.documents {
                    for (n, id) in doc.covers.enumerated() {
                        add(id.rawValue, .reference, "\(j.name) · \(doc.number ?? doc.title ?? doc.key)")
                        if items.last?["label"] as? String == id.rawValue { items[items.count - 1]["sortText"] = String(format: "%04d%05d", rank, n) }
                    }
                }
            }
        }
        func events() { for e in vocabulary.events.values.sorted(by: { $0.type < $1.type }) { add(e.type.rawValue, .event, e.label) } }
        func roles() { for r in vocabulary.roles.values.sorted(by: { $0.name < $1.name }) { add(r.name.rawValue, .class, r.label) } }
        let cite: [String] = Keyword.cite.english + Keyword.cite.chinese
        let afterComma: Bool = before.hasSuffix(",") || before.hasSuffix(", ") || before.hasSuffix("、")
        let citing: Bool = cite.contains(previous) || (cite.contains(firstWord) && afterComma)
        if citing {
            catalogIDs()
            return ["isIncomplete": false, "items": items]
        }
        if (Keyword.when.english + Keyword.when.chinese).contains(previous) {
            events()
            return ["isIncomplete": false, "items": items]
        }
        if (Keyword.extends.english + Keyword.extends.chinese).contains(previous) {
            for j in program.jurisdictions.values.sorted(by: { $0.name < $1.name }) where j.place.path != path { add(j.name.rawValue, .module, j.label) }
            return ["isIncomplete": false, "items": items]
        }
        if let dot = before.lastIndex(of: "."), !before[before.index(after: dot)...].contains(" ") {
            let owner = before[..<dot].split(whereSeparator: { $0 == " " || $0 == "(" || $0 == "（" }).last.map(String.init) ?? ""
            if let subject = vocabulary.subjects[SubjectKind(owner)] {
                for a in subject.attributes { add(a.name.rawValue, .field, [typeName(a.type), a.label].compactMap { $0 }.joined(separator: " · ")) }
                return ["isIncomplete": false, "items": items]
            }
        }
        roles()
        events()
        for p in Set(program.jurisdictions.values.flatMap { $0.parameters.keys }).sorted() {
            let value = analysis.jurisdiction(ofFile: path).flatMap { program.parameter(p, for: $0.name) }
            add(p.rawValue, .constant, value.map { show($0.value.duration) })
        }
        for s in vocabulary.subjects.values.sorted(by: { $0.kind < $1.kind }) {
            add(s.kind.rawValue, .class, s.label)
            for a in s.attributes { add(a.name.rawValue, .field, "\(s.kind).\(a.name)") }
        }
        for e in vocabulary.events.values.sorted(by: { $0.type < $1.type }) {
            for a in e.attributes { add(a.name.rawValue, .field, "\(e.type).\(a.name)") }
        }
        for t in UnquantifiedTerm.allCases { add(chinese ? t.chinese : t.english, .keyword, text("unquantified term", "未量化用语")) }
        // The two spellings of a reason are not synonyms but its two languages, so both are
        // offered whatever the file's language, each saying which it carries.
        for spelling in Keyword.reason.chinese { add(spelling, .keyword, text("the Chinese reason", "中文原因")) }
        for spelling in Keyword.reason.english { add(spelling, .keyword, text("the English reason", "英文原因")) }
        for k in Keyword.allCases {
            for spelling in chinese ? k.chinese : k.english { add(spelling, .keyword, nil) }
        }
        catalogIDs()
        return ["isIncomplete": false, "items": items]
    }

    /// The keyword language a file is written in: that of its first declaration, else Chinese
    /// when the text holds CJK characters.
    func keywordLanguage(of source: SourceFile) -> KeywordLanguage {
        let (syntax, _) = Parser.parse(source)
        for item in syntax.items {
            switch item.node {
            case .policy(let p): return p.language
            case .vocabulary(let v): return v.language
            case .parameter(let p): return p.language
            case .override(let o): return o.language
            case .definition(let d): return d.language
            case .rule(let r): return r.language
            }
        }
        return source.text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } ? .chinese : .english
    }

    // MARK: Formatting

    /// The canonical form `duly fmt` prints, as one edit of the whole text; no edit when the text
    /// is already canonical; an error when it has a syntax error (as `fmt` refuses it).
    func formatting(_ params: LSPObject) throws -> [LSPObject] {
        let path = try path(of: Self.textDocumentURI(params))
        guard let source = cache.documents[path]?.source ?? PolicyLoading.read(path: path).0 else {
            throw ResponseError(.requestFailed, text("`\(path)` cannot be read", "无法读取 `\(path)`"))
        }
        guard source.bytes.count <= Self.maximumDocumentSize else {
            throw ResponseError(.requestFailed, text("the file is too large to format", "文件过大,无法格式化"))
        }
        guard let formatted = Formatter.format(source: source).text else {
            throw ResponseError(.requestFailed, text("the file has a syntax error; fix it before formatting", "文件有语法错误,请先修正再格式化"))
        }
        if formatted == source.text { return [] }
        return [["range": Self.json(source.wholeRange(encoding: encoding)), "newText": formatted]]
    }
}
