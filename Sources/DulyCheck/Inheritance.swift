import DulySource
import DulySyntax
import DulyModel
import DulyTime

extension Checker {
    /// Builds each jurisdiction's header, resolves `extends`, and rejects cycles.
    mutating func resolveInheritance() {
        for name in policyItems.keys.sorted() {
            let (file, _, policy) = policyItems[name]!
            let path = file.source.path
            var j = Jurisdiction(name: name, label: policy.label?.value, code: nil, parent: nil, calendar: nil, validity: nil,
                                 defaultTime: nil, documents: [], parameters: [:], definitions: [:], rules: [],
                                 place: place(path, policy.name.span))
            var seen: [String: Span] = [:]
            for m in policy.body.members {
                let key: String
                switch m.node {
                case .code(_, let s):
                    key = "code"
                    j.code = s.value
                case .extends(_, let parent):
                    key = "extends"
                    j.parent = JurisdictionName(parent.text)
                case .uses(_, let v):
                    key = "uses"
                    usesVocabulary[name] = v
                case .calendar(_, let c):
                    key = "calendar"
                    j.calendar = c.text
                case .organisations(_, let kinds):
                    key = "organisations"
                    for k in kinds { requireRole(k, path) }
                    j.organisationKinds = kinds.map { RoleName($0.text) }
                    j.organisationKindsPlace = place(path, m.span)
                case .effective(let e):
                    key = "effective"
                    j.validity = validity(e, path)
                case .defaultTime(_, let t):
                    key = "default time"
                    j.defaultTime = Checker.clock(t)
                case .document(let d):
                    key = "document " + d.name.text
                    j.documents.append(document(d, path))
                }
                if let first = seen[key] {
                    report(.duplicateClause, path, m.span, en: "`\(key)` is given twice in the policy header", zh: "政策声明中 `\(key)` 重复",
                           labels: [DiagnosticLabel(path: path, span: first, message: LocalizedText(en: "first given here", zh: "首次出现于此"))])
                }
                seen[key] = m.span
            }
            jurisdictions[name] = j
        }
        // Parents, vocabulary use, cycles.
        for name in jurisdictions.keys.sorted() {
            let (file, _, policy) = policyItems[name]!
            let path = file.source.path
            var parentUnknown = false
            if let parent = jurisdictions[name]!.parent, jurisdictions[parent] == nil {
                parentUnknown = true
                let span = policy.body.members.compactMap { m -> Span? in
                    if case .extends(_, let p) = m.node { return p.span }
                    return nil
                }.first
                let help = Suggestion.closest(to: parent.rawValue, in: jurisdictions.keys.map(\.rawValue))
                    .map(Suggestion.didYouMean)
                report(.unknownParent, path, span, en: "no policy declares the jurisdiction `\(parent)`",
                       zh: "没有规则文件声明辖区 `\(parent)`",
                       help: help ?? LocalizedText(en: "check the name, or include the parent's file in the paths checked",
                                                   zh: "检查名称,或把上级规则文件一并纳入检查"))
                jurisdictions[name]!.parent = nil
            }
            if let v = usesVocabulary[name], hasVocabulary, v.text != vocabulary.name {
                report(.unknownVocabulary, path, v.span, en: "unknown vocabulary `\(v.text)`", zh: "未知词汇表 `\(v.text)`",
                       help: LocalizedText(en: "the vocabulary is `\(vocabulary.name)`", zh: "词汇表名为 `\(vocabulary.name)`"))
            }
            if jurisdictions[name]!.parent == nil, !hasVocabulary, !parentUnknown {
                report(.missingVocabulary, path, policy.name.span, en: "no vocabulary declares the roles and events `\(name)` uses",
                       zh: "没有词汇表声明 `\(name)` 使用的角色和事件",
                       help: LocalizedText(en: "include the vocabulary file in the paths checked", zh: "把词汇表文件一并纳入检查"))
            }
        }
        // Cycles: each jurisdiction is walked through once (on the walk, or finished), so the
        // check is linear in the number of jurisdictions however long the chains.
        var finished = Set<JurisdictionName>()
        for start in jurisdictions.keys.sorted() where !finished.contains(start) {
            var path: [JurisdictionName] = []
            var position: [JurisdictionName: Int] = [:]
            var current: JurisdictionName? = start
            while let c = current, !finished.contains(c), position[c] == nil {
                position[c] = path.count
                path.append(c)
                current = jurisdictions[c]?.parent
            }
            finished.formUnion(path)
            guard let again = current, let at = position[again] else { continue }
            let cycle = Array(path[at...])
            let first = cycle.min()!
            let (file, _, policy) = policyItems[first]!
            let span = policy.body.members.compactMap { m -> Span? in
                if case .extends(_, let p) = m.node { return p.span }
                return nil
            }.first
            let chain = (cycle.drop { $0 != first } + cycle.prefix { $0 != first } + [first]).map(\.rawValue).joined(separator: " → ")
            report(.extendsCycle, file.source.path, span, en: "policies extend each other in a cycle: \(chain)",
                   zh: "规则继承形成循环:\(chain)", help: LocalizedText(en: "one of them must not extend the others", zh: "其中一个不应继承其他规则"))
            for c in cycle { jurisdictions[c]!.parent = nil }
        }
        limitChainLength()
    }

    /// Rejects a jurisdiction more than `maximumChainLength` levels below its root (and cuts its
    /// `extends`, so later passes never walk a longer chain). Depths are found once each.
    mutating func limitChainLength() {
        var depth: [JurisdictionName: Int] = [:]
        for start in jurisdictions.keys.sorted() where depth[start] == nil {
            var path: [JurisdictionName] = []
            var current: JurisdictionName? = start
            while let c = current, depth[c] == nil {
                path.append(c)
                current = jurisdictions[c]?.parent
            }
            var d = current.flatMap { depth[$0] } ?? 0
            for c in path.reversed() {
                d += 1
                depth[c] = d
                guard d == Checker.maximumChainLength + 1, let (file, _, policy) = policyItems[c] else { continue }
                let span = policy.body.members.compactMap { m -> Span? in
                    if case .extends(_, let p) = m.node { return p.span }
                    return nil
                }.first
                report(.chainTooLong, file.source.path, span,
                       en: "`\(c)` is \(d) levels below its root; chains of `extends` are limited to \(Checker.maximumChainLength) levels",
                       zh: "`\(c)` 位于根规则之下第 \(d) 级;`继承` 链最多 \(Checker.maximumChainLength) 级",
                       help: LocalizedText(en: "the hierarchy national → province → prefecture → county → township needs five",
                                           zh: "国家 → 省 → 市(州) → 县 → 乡镇 只需五级"))
                jurisdictions[c]!.parent = nil
                d = 1
                depth[c] = 1
            }
        }
    }

    mutating func document(_ d: DocumentSyntax, _ path: String) -> SourceDocument {
        var doc = SourceDocument(key: d.name.text, number: nil, title: nil, issuer: nil, date: nil, covers: [])
        for m in d.body.members {
            switch m.node {
            case .number(_, let s): doc.number = s.value
            case .title(_, let s): doc.title = s.value
            case .issuer(_, let s): doc.issuer = s.value
            case .date(_, let date): doc.date = Checker.day(date)
            case .covers(_, let ranges):
                for r in ranges { doc.covers += expand(r, path) }
            }
        }
        return doc
    }

    /// `TJ-1..TJ-6` → TJ-1, TJ-2, … TJ-6.
    mutating func expand(_ r: CatalogRangeSyntax, _ path: String) -> [CatalogID] {
        guard let first = catalogParts(r.first, path) else { return [] }
        guard let lastName = r.last else { return [CatalogID(r.first.text)] }
        guard let last = catalogParts(lastName, path) else { return [] }
        guard first.prefix == last.prefix, first.number <= last.number, last.number - first.number < 1000 else {
            report(.unknownCatalogID, path, r.first.span.union(lastName.span),
                   en: "`\(r.first.text)..\(lastName.text)` is not a range of one series", zh: "`\(r.first.text)..\(lastName.text)` 不是同一序列的范围")
            return []
        }
        return (first.number...last.number).map { CatalogID("\(first.prefix)-\($0)") }
    }

    /// A catalog ID is letters, a hyphen and a number: GZ-7, MOE-6.
    mutating func catalogParts(_ name: NameSyntax, _ path: String) -> (prefix: String, number: Int)? {
        let parts = name.text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }), let n = Int(parts[1]), n > 0 {
            return (String(parts[0]), n)
        }
        report(.unknownCatalogID, path, name.span, en: "`\(name.text)` is not a catalog ID", zh: "`\(name.text)` 不是目录编号",
               help: LocalizedText(en: "catalog IDs look like `GZ-7`: capital letters, a hyphen, a number",
                                   zh: "目录编号形如 `GZ-7`:大写字母、连字符、数字"))
        return nil
    }
}
