import DulySource
import DulyModel

/// A duty in force in a jurisdiction whose holder is an organisation role that none of the
/// jurisdiction's organisation kinds plays (a 管理区 has a 管理区教育办, not a 县教育局): unless a kind
/// acts as it (`充当`), the duty would bind nobody there. Only jurisdictions whose header states
/// their organisation kinds (`organisations …` / `组织 …`, inherited) are checked, and only roles of
/// the administrative hierarchy (those that manage or are managed); roles found through a
/// student's attribute (户籍地教育局) may lie in another jurisdiction and are not checked.
func lintUnboundHolders(_ context: LintContext) -> [Diagnostic] {
    let vocabulary = context.program.vocabulary
    var hierarchy = Set<RoleName>()
    for role in vocabulary.roles.values {
        if case .organisation(let managed) = role.resolution, !managed.isEmpty {
            hierarchy.insert(role.name)
            hierarchy.formUnion(managed)
        }
    }
    func organisationRole(_ name: RoleName) -> RoleName? {
        guard let role = vocabulary.roles[name] else { return nil }
        switch role.resolution {
        case .organisation: return name
        case .person(let at): return organisationRole(at)
        case .via: return nil
        }
    }
    var diagnostics: [Diagnostic] = []
    for j in context.jurisdictions {
        guard let stating = context.program.lineage(of: j.name).first(where: { $0.organisationKinds != nil }),
              let kinds = stating.organisationKinds, let place = stating.organisationKindsPlace else { continue }
        let played = Set(kinds + kinds.compactMap { vocabulary.roles[$0]?.actsAs })
        var unbound: [RoleName: [RuleID]] = [:]
        for rule in context.program.effectiveRules(for: j.name) {
            var duties: [Duty] = []
            switch rule.body {
            case .duties(_, _, let d): duties = d
            case .escalation(_, let steps): duties = steps.flatMap(\.duties)
            default: break
            }
            for duty in duties where !duty.isProhibition {
                // Bound when any of the roles that may discharge it is played here.
                let holders = duty.holders.compactMap(organisationRole)
                guard !holders.isEmpty, holders.allSatisfy({ hierarchy.contains($0) }), !holders.contains(where: played.contains) else { continue }
                for h in holders where !(unbound[h]?.contains(rule.id) ?? false) { unbound[h, default: []].append(rule.id) }
            }
        }
        for (kind, rules) in unbound.sorted(by: { $0.key < $1.key }) {
            let list = rules.prefix(3).map { "`\($0)`" }.joined(separator: ", ") + (rules.count > 3 ? " …" : "")
            let where_ = stating.name == j.name ? "" : " (as `\(stating.name)` states)"
            diagnostics.append(Diagnostic(.unboundHolder, path: place.path, span: place.span,
                message: LocalizedText(en: "no organisation of `\(j.name)`\(where_) is a `\(kind)` or acts as one, so \(list) bind\(rules.count == 1 ? "s" : "") nobody there",
                                       zh: "`\(j.name)` 没有 `\(kind)`,也没有充当它的组织\(stating.name == j.name ? "" : "(依 `\(stating.name)` 的声明)"),\(list) 在那里约束不到任何组织"),
                help: LocalizedText(en: "name the kind that holds these duties here, or declare in the vocabulary which kind acts as `\(kind)` (`充当`)",
                                    zh: "写明在此承担这些义务的组织类别,或在词汇表中声明哪类组织充当 `\(kind)`(`充当`)")))
        }
    }
    return diagnostics
}
