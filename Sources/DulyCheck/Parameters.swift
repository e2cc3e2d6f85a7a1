import DulySource
import DulySyntax
import DulyModel
import DulyTime

extension Checker {
    /// Jurisdictions ordered so that every parent comes before its children.
    var rootFirst: [JurisdictionName] {
        func depth(_ n: JurisdictionName) -> Int {
            var d = 0
            var c = jurisdictions[n]?.parent
            while let p = c, d <= jurisdictions.count {
                d += 1
                c = jurisdictions[p]?.parent
            }
            return d
        }
        return jurisdictions.keys.sorted { (depth($0), $0) < (depth($1), $1) }
    }

    /// The nearest declaration of a parameter, from the jurisdiction itself up.
    func lookupParameter(_ name: String, from j: JurisdictionName) -> Parameter? {
        var c: JurisdictionName? = j
        var steps = 0
        while let n = c, steps <= jurisdictions.count {
            if let p = jurisdictions[n]?.parameters[ParameterName(name)] { return p }
            c = jurisdictions[n]?.parent
            steps += 1
        }
        return nil
    }

    func lineageHasSyntaxErrors(_ j: JurisdictionName) -> Bool {
        var c: JurisdictionName? = j
        var steps = 0
        while let n = c, steps <= jurisdictions.count {
            if policyItems[n]?.file.syntax.hasErrors == true { return true }
            c = jurisdictions[n]?.parent
            steps += 1
        }
        return false
    }

    func visibleParameters(from j: JurisdictionName) -> [String] {
        var names: [String] = []
        var c: JurisdictionName? = j
        var steps = 0
        while let n = c, steps <= jurisdictions.count {
            names += jurisdictions[n]?.parameters.keys.map(\.rawValue) ?? []
            c = jurisdictions[n]?.parent
            steps += 1
        }
        return names
    }

    mutating func amount(_ a: AmountSyntax, in j: JurisdictionName, _ path: String) -> Amount? {
        switch a {
        case .duration(let d):
            guard d.count >= 1 else {
                report(.nonPositive, path, d.span, en: "a period of \(d.count) \(d.spelling) is never open", zh: "\(d.count)\(d.spelling) 的期限没有意义",
                       help: LocalizedText(en: "use at least 1", zh: "至少为 1"))
                return nil
            }
            let duration = Duration(d.count, d.unit)
            // A number too large to write is reported by the lexer already.
            guard duration.isCountable || d.count > Lexer.largestNumber else {
                report(.uncountableDuration, path, d.span, en: "`\(duration)` cannot be counted: it reaches past 9999-12-31 from any date",
                       zh: "`\(d.count)\(d.spelling)` 无法计算:从任何日期起算都会超过 9999-12-31",
                       help: LocalizedText(en: "write the period the document states", zh: "按文件规定的期限书写"))
                return nil
            }
            return Amount(duration: duration)
        case .parameter(let n):
            guard let p = lookupParameter(n.text, from: j) else {
                // A declaration lost to a syntax error in this lineage may be the one meant.
                if lineageHasSyntaxErrors(j) { return nil }
                let help = Suggestion.closest(to: n.text, in: visibleParameters(from: j))
                    .map(Suggestion.didYouMean)
                report(.unknownParameter, path, n.span, en: "unknown parameter `\(n.text)`", zh: "未知参数 `\(n.text)`",
                       help: help ?? LocalizedText(en: "declare it with `parameter \(n.text) = …`", zh: "用 `参数 \(n.text) = …` 声明它"))
                return nil
            }
            return Amount(duration: p.value.duration, parameter: ParameterName(n.text))
        }
    }

    /// Declares parameters, overrides and term definitions, parents first so that an override
    /// finds what it overrides.
    mutating func declareParameters() {
        for name in rootFirst {
            let (file, items, _) = policyItems[name]!
            let path = file.source.path
            for item in items {
                switch item.node {
                case .parameter(let p):
                    checkNotKeyword(p.name, path)
                    if let own = jurisdictions[name]!.parameters[ParameterName(p.name.text)] {
                        report(.duplicateName, path, p.name.span, en: "parameter `\(p.name.text)` is declared twice", zh: "参数 `\(p.name.text)` 重复声明",
                               labels: [DiagnosticLabel(path: own.place.path, span: own.place.span, message: LocalizedText(en: "first declared here", zh: "首次声明于此"))])
                        continue
                    }
                    if let inherited = lookupParameter(p.name.text, from: name) {
                        report(.duplicateName, path, p.name.span, en: "parameter `\(p.name.text)` is already declared by `\(inherited.declaredIn)`",
                               zh: "参数 `\(p.name.text)` 已由 `\(inherited.declaredIn)` 声明",
                               help: LocalizedText(en: "write `override \(p.name.text) = …` to change it", zh: "用 `覆盖 \(p.name.text) = …` 修改它"),
                               labels: [DiagnosticLabel(path: inherited.place.path, span: inherited.place.span, message: LocalizedText(en: "declared here", zh: "声明于此"))])
                        continue
                    }
                    guard let value = amount(p.value, in: name, path) else { continue }
                    jurisdictions[name]!.parameters[ParameterName(p.name.text)] = Parameter(
                        name: ParameterName(p.name.text), label: p.label?.value, value: value, declaredIn: name,
                        justification: nil, citation: p.citation.map { citation($0, path) }, place: place(path, p.name.span))
                case .override(let o):
                    guard let parent = jurisdictions[name]!.parent, let inherited = lookupParameter(o.name.text, from: parent) else {
                        let help = jurisdictions[name]!.parent.flatMap { Suggestion.closest(to: o.name.text, in: visibleParameters(from: $0)) }
                            .map(Suggestion.didYouMean)
                        report(.overrideWithoutParameter, path, o.name.span, en: "no parent policy declares a parameter `\(o.name.text)` to override",
                               zh: "上级规则中没有可覆盖的参数 `\(o.name.text)`",
                               help: help ?? LocalizedText(en: "declare a new one with `parameter`", zh: "用 `参数` 声明新参数"))
                        continue
                    }
                    if jurisdictions[name]!.parameters[ParameterName(o.name.text)] != nil {
                        report(.duplicateName, path, o.name.span, en: "parameter `\(o.name.text)` is overridden twice", zh: "参数 `\(o.name.text)` 重复覆盖")
                        continue
                    }
                    guard let value = amount(o.value, in: name, path) else { continue }
                    jurisdictions[name]!.parameters[ParameterName(o.name.text)] = Parameter(
                        name: ParameterName(o.name.text), label: inherited.label, value: value, declaredIn: name,
                        justification: o.justification?.value, citation: o.citation.map { citation($0, path) },
                        isOverride: true, place: place(path, o.name.span))
                case .definition(let d):
                    let term = d.term.term
                    if jurisdictions[name]!.definitions[term] != nil {
                        report(.duplicateName, path, d.term.span, en: "`\(term.chinese)` is defined twice", zh: "`\(term.chinese)` 重复定义")
                        continue
                    }
                    guard let value = amount(d.value, in: name, path) else { continue }
                    jurisdictions[name]!.definitions[term] = value
                default:
                    break
                }
            }
        }
    }

    mutating func citation(_ c: CitationSyntax, _ path: String) -> Citation {
        var ids: [CatalogID] = []
        for id in c.ids where catalogParts(id, path) != nil { ids.append(CatalogID(id.text)) }
        return Citation(ids: ids, clause: c.clause, quote: c.quote?.value, place: place(path, c.span))
    }
}
