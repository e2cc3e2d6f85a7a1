import DulySource
import DulyModel

/// Every cited requirement must be in some document's catalog (`covers`), and every
/// requirement a jurisdiction's document covers must be encoded by one of its rules, checkable
/// or not: the policy mirrors its document.
func lintCatalog(_ context: LintContext) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    var catalog = Set<CatalogID>()
    for j in context.jurisdictions { for d in j.documents { catalog.formUnion(d.covers) } }
    guard !catalog.isEmpty else { return [] }
    for j in context.jurisdictions {
        var cited = Set<CatalogID>()
        for rule in j.rules {
            var citations = rule.citations
            if case .escalation(_, let steps) = rule.body { citations += steps.flatMap(\.citations) }
            for citation in citations {
                for id in citation.ids {
                    cited.insert(id)
                    if !catalog.contains(id) {
                        // A suggestion only for a misspelt series (GX-7 for GZ-7): another number is another requirement.
                        let number = id.rawValue.split(separator: "-").last.map(String.init)
                        let help = Suggestion.closest(to: id.rawValue, in: catalog.map(\.rawValue).filter { $0.split(separator: "-").last.map(String.init) == number })
                            .map(Suggestion.didYouMean)
                            ?? LocalizedText(en: "add it to the document's `covers` list", zh: "把它加入文件的 `涵盖` 列表")
                        diagnostics.append(Diagnostic(.uncoveredCatalogID, path: citation.place.path, span: citation.place.span,
                                                      message: LocalizedText(en: "`\(id)` is in no document's catalog", zh: "`\(id)` 不在任何文件的目录中"),
                                                      help: help))
                    }
                }
            }
        }
        // An override cites the clause of the jurisdiction's own document that sets its value.
        let own = Set(j.documents.flatMap(\.covers))
        for parameter in j.parameters.values.sorted(by: { $0.name < $1.name }) where parameter.isOverride {
            guard let citation = parameter.citation else { continue }
            for id in citation.ids {
                cited.insert(id)
                if !own.contains(id) {
                    diagnostics.append(Diagnostic(.uncoveredCatalogID, path: citation.place.path, span: citation.place.span,
                                                  message: LocalizedText(en: "`\(id)` is in no document of `\(j.name)`; an override cites the jurisdiction's own document",
                                                                         zh: "`\(id)` 不在 `\(j.name)` 的任何文件中;覆盖须引用本辖区自己的文件"),
                                                  help: LocalizedText(en: "add it to the `covers` list of `\(j.name)`'s document", zh: "把它加入 `\(j.name)` 文件的 `涵盖` 列表")))
                }
            }
        }
        for document in j.documents {
            let missing = document.covers.filter { !cited.contains($0) }
            guard !missing.isEmpty else { continue }
            let list = missing.map(\.rawValue).joined(separator: ", ")
            diagnostics.append(Diagnostic(.uncitedCatalogID, path: j.place.path, span: j.place.span,
                                          message: LocalizedText(en: "no rule of `\(j.name)` encodes \(list) of document `\(document.key)`",
                                                                 zh: "`\(j.name)` 没有规则对应文件 `\(document.key)` 的 \(list)"),
                                          help: LocalizedText(en: "encode each as a rule, or as `uncheckable` with its reason",
                                                              zh: "为每项写一条规则,或写为 `不可检查` 并说明原因")))
        }
    }
    return diagnostics
}
