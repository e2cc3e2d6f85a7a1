import DulySource
import DulySyntax
import DulyModel

extension Checker {
    static func valueType(_ t: AttributeType) -> ValueType {
        switch t {
        case .date: .date
        case .time: .time
        case .number: .number
        case .text: .text
        case .flag: .flag
        case .organisation: .organisation
        case .duration: .duration
        }
    }

    mutating func attributes(_ block: BlockSyntax<AttributeDeclSyntax>?, _ path: String, owner: String) -> [Attribute] {
        var result: [Attribute] = []
        var seen: [String: Span] = [:]
        for m in block?.members ?? [] {
            let a = m.node
            checkNotKeyword(a.name, path)
            if let first = seen[a.name.text] {
                report(.duplicateName, path, a.name.span, en: "attribute `\(a.name.text)` of `\(owner)` is declared twice",
                       zh: "`\(owner)` 的属性 `\(a.name.text)` 重复声明",
                       labels: [DiagnosticLabel(path: path, span: first, message: LocalizedText(en: "first declared here", zh: "首次声明于此"))])
                continue
            }
            seen[a.name.text] = a.name.span
            result.append(Attribute(name: AttributeName(a.name.text), label: a.label?.value, type: Checker.valueType(a.type.type),
                                    place: place(path, a.name.span)))
        }
        return result
    }

    mutating func buildVocabulary(_ v: VocabularySyntax, _ path: String) {
        hasVocabulary = true
        vocabulary.name = v.name.text
        var declared: [String: Span] = [:]
        func duplicate(_ c: inout Checker, _ name: NameSyntax, _ kind: String, _ zhKind: String) -> Bool {
            if let first = declared[name.text] {
                c.report(.duplicateName, path, name.span, en: "\(kind) `\(name.text)` is declared twice", zh: "\(zhKind) `\(name.text)` 重复声明",
                         labels: [DiagnosticLabel(path: path, span: first, message: LocalizedText(en: "first declared here", zh: "首次声明于此"))])
                return true
            }
            declared[name.text] = name.span
            return false
        }
        var relations: [(RoleDeclSyntax, RoleRelationSyntax)] = []
        var acting: [RoleDeclSyntax] = []
        for m in v.body.members {
            switch m.node {
            case .role(let r):
                checkNotKeyword(r.name, path)
                if duplicate(&self, r.name, "role", "角色") { continue }
                var resolution = RoleResolution.organisation(manages: [])
                switch r.relation {
                case .at(_, let org): resolution = .person(at: RoleName(org.text))
                case .manages(_, let names): resolution = .organisation(manages: names.map { RoleName($0.text) })
                case .isOf(_, let role, let attribute): resolution = .via(role: RoleName(role.text), attribute: AttributeName(attribute.text))
                case nil: break
                }
                if let rel = r.relation { relations.append((r, rel)) }
                var role = Role(name: RoleName(r.name.text), label: r.label?.value, resolution: resolution, place: place(path, r.name.span))
                role.actsAs = r.actsAs.map { RoleName($0.role.text) }
                if r.actsAs != nil { acting.append(r) }
                vocabulary.roles[RoleName(r.name.text)] = role
            case .subject(let s):
                checkNotKeyword(s.name, path)
                if duplicate(&self, s.name, "subject", "对象") { continue }
                vocabulary.subjects[SubjectKind(s.name.text)] = SubjectSchema(
                    kind: SubjectKind(s.name.text), label: s.label?.value,
                    attributes: attributes(s.attributes, path, owner: s.name.text), place: place(path, s.name.span))
            case .event(let e):
                checkNotKeyword(e.name, path)
                if duplicate(&self, e.name, "event type", "事件类型") { continue }
                vocabulary.events[EventType(e.name.text)] = EventSchema(
                    type: EventType(e.name.text), label: e.label?.value, answers: e.answers.map { EventType($0.text) },
                    attributes: attributes(e.attributes, path, owner: e.name.text), place: place(path, e.name.span))
            }
        }
        // Relations may name roles declared later in the file, so they are resolved afterwards.
        for (r, rel) in relations {
            switch rel {
            case .at(_, let org): requireRole(org, path)
            case .manages(_, let names): names.forEach { requireRole($0, path) }
            case .isOf(_, let role, let attribute):
                requireRole(role, path)
                let organisationAttributes = vocabulary.subjects.values.flatMap(\.attributes).filter { $0.type == .organisation }
                if !organisationAttributes.contains(where: { $0.name.rawValue == attribute.text }) {
                    let help = Suggestion.closest(to: attribute.text, in: organisationAttributes.map(\.name.rawValue))
                        .map(Suggestion.didYouMean)
                    report(.unknownAttribute, path, attribute.span,
                           en: "`\(attribute.text)` is not an organisation attribute of any subject", zh: "`\(attribute.text)` 不是任何对象的组织属性", help: help)
                }
                _ = r
            }
        }
        // `acts as`: between organisation roles, one step (an acting kind is not itself acted as).
        for r in acting {
            guard let (_, target) = r.actsAs else { continue }
            requireRole(target, path)
            guard let own = vocabulary.roles[RoleName(r.name.text)], let other = vocabulary.roles[RoleName(target.text)] else { continue }
            let bothOrganisations: Bool
            if case .organisation = own.resolution, case .organisation = other.resolution { bothOrganisations = true } else { bothOrganisations = false }
            if !bothOrganisations || other.actsAs != nil || target.text == r.name.text {
                report(.badActsAs, path, target.span,
                       en: "`\(r.name.text)` can act as `\(target.text)` only if both are organisation roles and `\(target.text)` acts as nothing itself",
                       zh: "只有两者都是组织角色、且 `\(target.text)` 本身不充当其他角色时,`\(r.name.text)` 才能充当 `\(target.text)`")
            }
        }
        for (_, event) in vocabulary.events {
            if let answered = event.answers, vocabulary.events[answered] == nil {
                let syntax = v.body.members.compactMap { m -> EventDeclSyntax? in
                    if case .event(let e) = m.node, e.name.text == event.type.rawValue { return e }
                    return nil
                }.first
                if let span = syntax?.answers?.span { unknownEvent(answered.rawValue, path, span) }
            }
        }
    }

    mutating func requireRole(_ name: NameSyntax, _ path: String) {
        guard vocabulary.roles[RoleName(name.text)] == nil else { return }
        let help = Suggestion.closest(to: name.text, in: vocabulary.roles.keys.map(\.rawValue))
            .map(Suggestion.didYouMean)
        report(.unknownRole, path, name.span, en: "unknown role `\(name.text)`", zh: "未知角色 `\(name.text)`",
               help: help ?? LocalizedText(en: "declare it in the vocabulary with `role`", zh: "在词汇表中用 `角色` 声明它"))
    }

    mutating func unknownEvent(_ name: String, _ path: String, _ span: Span) {
        let help = Suggestion.closest(to: name, in: vocabulary.events.keys.map(\.rawValue))
            .map(Suggestion.didYouMean)
        report(.unknownEvent, path, span, en: "unknown event type `\(name)`", zh: "未知事件类型 `\(name)`",
               help: help ?? LocalizedText(en: "declare it in the vocabulary with `event`", zh: "在词汇表中用 `事件` 声明它"))
    }
}
