import Foundation
import DulySource
import DulySyntax
import DulyModel

extension LanguageServer {
    /// Where the name under the cursor is declared. A parameter goes to the value in force for
    /// the file's jurisdiction (from an override, to the value it overrides); a rule to the
    /// ancestor's rule of the same name it replaces; a catalog ID to the document that covers it.
    func definition(_ params: LSPObject) throws -> [LSPObject] {
        let (path, analysis, _, offset) = try locate(params)
        guard let occurrence = analysis.index.occurrence(at: offset, in: path) else { return [] }
        return declarations(of: occurrence, from: path, in: analysis).compactMap { location($0.path, $0.span, in: analysis) }
    }

    func declarations(of occurrence: SymbolOccurrence, from path: String, in analysis: TreeAnalysis) -> [(path: String, span: Span)] {
        let index = analysis.index
        let program = analysis.program
        let lineage = analysis.jurisdiction(ofFile: path).map { j in program?.lineage(of: j.name) ?? [] } ?? []
        let lineagePaths = lineage.map(\.place.path)
        let declared = index.occurrences(of: occurrence.kind, named: occurrence.name).filter(\.isDeclaration)
        func places(_ list: [SymbolOccurrence]) -> [(path: String, span: Span)] { list.map { ($0.path, $0.span) } }
        switch occurrence.kind {
        case .attribute:
            let owned = declared.filter { $0.owner == occurrence.owner }
            return places(owned.isEmpty ? declared : owned)
        case .parameter, .term, .rule:
            // Declarations along the file's lineage, nearest first; from a declaration, the next one up.
            let chain = lineagePaths.flatMap { p in declared.filter { $0.path == p } }
            guard !chain.isEmpty else { return places(declared) }
            if occurrence.isDeclaration {
                guard let i = chain.firstIndex(where: { $0.path == occurrence.path && $0.span == occurrence.span }) else { return places([chain[0]]) }
                return places(i + 1 < chain.count ? [chain[i + 1]] : [chain[i]])
            }
            return places([chain[0]])
        case .catalogID:
            if let program {
                var found: [(path: String, span: Span)] = []
                for j in program.jurisdictions.values.sorted(by: { $0.name < $1.name }) {
                    for doc in j.documents where doc.covers.contains(CatalogID(occurrence.name)) {
                        let literal = declared.filter { $0.path == j.place.path }
                        if !literal.isEmpty { found += places(literal); continue }
                        found += places(index.occurrences(of: .document, named: doc.key).filter { $0.isDeclaration && $0.path == j.place.path })
                    }
                }
                if !found.isEmpty { return found }
            }
            return places(declared)
        default:
            return places(declared)
        }
    }

    /// Every place the name under the cursor is written, across the tree.
    func references(_ params: LSPObject) throws -> [LSPObject] {
        let (path, analysis, _, offset) = try locate(params)
        guard let occurrence = analysis.index.occurrence(at: offset, in: path) else { return [] }
        let includeDeclaration = ((params["context"] as? LSPObject)?["includeDeclaration"] as? Bool) ?? true
        var found: [LSPObject] = []
        for o in analysis.index.occurrences(of: occurrence.kind, named: occurrence.name) where found.count < Self.maximumResults {
            if !includeDeclaration && o.isDeclaration { continue }
            if occurrence.kind == .attribute, let a = occurrence.owner, let b = o.owner, a != b { continue }
            if let l = location(o.path, o.span, in: analysis) { found.append(l) }
        }
        return found
    }

    /// The same name's places in this file (1 text, 2 read, 3 write: declarations are "write").
    func highlights(_ params: LSPObject) throws -> [LSPObject] {
        let (path, analysis, source, offset) = try locate(params)
        guard let occurrence = analysis.index.occurrence(at: offset, in: path) else { return [] }
        var found: [LSPObject] = []
        for o in analysis.index.occurrences(of: occurrence.kind, named: occurrence.name) where o.path == path && found.count < Self.maximumResults {
            let kind: Int = o.isDeclaration ? 3 : 2
            found.append(["range": Self.json(source.range(of: o.span, encoding: encoding)), "kind": kind])
        }
        return found
    }

    // MARK: Outline

    /// The file's declarations as an outline: the policy header and its documents, the
    /// vocabulary's roles, subjects and events, parameters, overrides, definitions and rules.
    func documentSymbols(_ params: LSPObject) throws -> [LSPObject] {
        let path = try path(of: Self.textDocumentURI(params))
        guard let source = cache.documents[path]?.source ?? PolicyLoading.read(path: path).0 else { return [] }
        let (syntax, _) = Parser.parse(source)
        func symbol(_ name: String, _ detail: String?, _ kind: Int, _ span: Span, _ selection: Span, _ children: [LSPObject] = []) -> LSPObject {
            var s: LSPObject = [
                "name": name.isEmpty ? "?" : name, "kind": kind,
                "range": Self.json(source.range(of: span.union(selection), encoding: encoding)),
                "selectionRange": Self.json(source.range(of: selection, encoding: encoding)),
            ]
            if let detail { s["detail"] = detail }
            if !children.isEmpty { s["children"] = children }
            return s
        }
        var symbols: [LSPObject] = []
        for item in syntax.items.prefix(Self.maximumResults) {
            switch item.node {
            case .policy(let p):
                var children: [LSPObject] = []
                for m in p.body.members {
                    if case .document(let d) = m.node { children.append(symbol(d.name.text, text("document", "文件"), 1, m.span, d.name.span)) }
                }
                symbols.append(symbol(p.name.text, p.label?.value ?? text("policy", "政策"), 3, item.span, p.name.span, children))
            case .vocabulary(let v):
                var children: [LSPObject] = []
                for m in v.body.members {
                    switch m.node {
                    case .role(let r): children.append(symbol(r.name.text, r.label?.value ?? text("role", "角色"), 5, m.span, r.name.span))
                    case .subject(let s):
                        let attributes = s.attributes.members.map { symbol($0.node.name.text, $0.node.label?.value, 8, $0.span, $0.node.name.span) }
                        children.append(symbol(s.name.text, s.label?.value ?? text("subject", "对象"), 23, m.span, s.name.span, attributes))
                    case .event(let e):
                        let attributes = (e.attributes?.members ?? []).map { symbol($0.node.name.text, $0.node.label?.value, 8, $0.span, $0.node.name.span) }
                        children.append(symbol(e.name.text, e.label?.value ?? text("event", "事件"), 24, m.span, e.name.span, attributes))
                    }
                }
                symbols.append(symbol(v.name.text, v.label?.value ?? text("vocabulary", "词汇"), 2, item.span, v.name.span, children))
            case .parameter(let p):
                symbols.append(symbol(p.name.text, p.label?.value ?? text("parameter", "参数"), 14, item.span, p.name.span))
            case .override(let o):
                symbols.append(symbol(o.name.text, text("override", "覆盖"), 14, item.span, o.name.span))
            case .definition(let d):
                let name = d.term.language == .chinese ? d.term.term.chinese : d.term.term.english
                symbols.append(symbol(name, text("definition", "定义"), 14, item.span, d.term.span))
            case .rule(let r):
                let kind = switch r.kind {
                case .rule: text("rule", "规则")
                case .escalation: text("escalation", "升级")
                case .uncheckable: text("uncheckable", "不可检查")
                }
                var children: [LSPObject] = []
                for m in r.body.members {
                    if case .step(let s) = m.node {
                        children.append(symbol(text("step \(s.threshold)", "第 \(s.threshold) \(s.unitWord ?? "")"), nil, 12, s.span, s.span))
                    }
                }
                symbols.append(symbol(r.name.text, [kind, r.label?.value].compactMap { $0 }.joined(separator: " · "), 12, item.span, r.name.span, children))
            }
        }
        return symbols
    }
}

extension LanguageServer {
    /// `workspace/symbol`: the declarations of the trees of the open documents whose name holds
    /// the query (rules, roles, events, parameters, jurisdictions, subjects), for "go to symbol".
    func workspaceSymbols(_ params: LSPObject) throws -> [LSPObject] {
        let query = (params["query"] as? String ?? "").lowercased()
        var seenTrees = Set<String>()
        var found: [LSPObject] = []
        for path in cache.documents.keys.sorted() {
            let analysis = try analysis(for: path)
            guard seenTrees.insert(analysis.root ?? path).inserted else { continue }
            for o in analysis.index.occurrences where o.isDeclaration && found.count < Self.maximumResults {
                let kind: Int
                switch o.kind {
                case .rule: kind = 12
                case .role: kind = 5
                case .event: kind = 24
                case .parameter: kind = 14
                case .jurisdiction: kind = 3
                case .subject: kind = 23
                default: continue
                }
                guard query.isEmpty || o.name.lowercased().contains(query), let place = location(o.path, o.span, in: analysis) else { continue }
                var symbol: LSPObject = ["name": o.name, "kind": kind, "location": place]
                if let j = analysis.jurisdiction(ofFile: o.path) { symbol["containerName"] = j.name.rawValue }
                found.append(symbol)
            }
        }
        return found
    }
}
