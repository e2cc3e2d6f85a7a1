import DulySyntax

extension Printer {
    mutating func item(_ item: ItemSyntax) {
        switch item {
        case .policy(let p):
            block(Printer.words(Printer.word(.policy, p.language), p.name.text, Printer.label(p.label)), p.body) { pr, c in
                pr.headerClause(c)
            }
        case .vocabulary(let v):
            block(Printer.words(Printer.word(.vocabulary, v.language), v.name.text, Printer.label(v.label)), v.body) { pr, c in
                pr.vocabularyClause(c)
            }
        case .parameter(let p):
            emit(Printer.words(Printer.word(.parameter, p.language), p.name.text, Printer.label(p.label), "=",
                               Printer.amount(p.value), p.citation.map(Printer.citation)))
        case .override(let o):
            let because = o.justification.map { Printer.word(.because, o.language) + " " + Printer.string($0) }
            emit(Printer.words(Printer.word(.override, o.language), o.name.text, "=", Printer.amount(o.value),
                               o.citation.map(Printer.citation), because))
        case .definition(let d):
            emit(Printer.words(Printer.word(.define, d.language), Printer.term(d.term), "=", Printer.amount(d.value)))
        case .rule(let r):
            let keyword: Keyword = switch r.kind {
            case .rule: .rule
            case .escalation: .escalation
            case .uncheckable: .uncheckable
            }
            block(Printer.words(Printer.word(keyword, r.language), r.name.text, Printer.label(r.label)), r.body) { pr, c in
                pr.clause(c)
            }
        }
    }

    // MARK: Policy header

    mutating func headerClause(_ clause: HeaderClauseSyntax) {
        switch clause {
        case .code(let l, let s): emit(Printer.words(Printer.word(.code, l), Printer.string(s)))
        case .extends(let l, let n): emit(Printer.words(Printer.word(.extends, l), n.text))
        case .uses(let l, let n): emit(Printer.words(Printer.word(.uses, l), n.text))
        case .calendar(let l, let n): emit(Printer.words(Printer.word(.calendar, l), n.text))
        case .effective(let e): emit(Printer.effective(e))
        case .defaultTime(let l, let t):
            emit(Printer.words(l == .english ? "default time" : "默认时间", Printer.time(t)))
        case .organisations(let l, let kinds):
            emit((l == .english ? "organisations " : "组织 ") + kinds.map(\.text).joined(separator: l == .english ? ", " : "、"))
        case .document(let d):
            block(Printer.words(Printer.word(.document, d.language), d.name.text), d.body) { pr, c in
                pr.emit(Printer.documentClause(c))
            }
        }
    }

    static func effective(_ e: EffectiveSyntax) -> String {
        switch e.language {
        case .english: words("effective from", e.from.iso, e.until.map { "until " + $0.iso })
        case .chinese: words("生效", e.from.iso, e.until.map { "至 " + $0.iso })
        }
    }

    static func documentClause(_ clause: DocumentClauseSyntax) -> String {
        switch clause {
        case .number(let l, let s): words(word(.number, l), string(s))
        case .title(let l, let s): words(word(.title, l), string(s))
        case .issuer(let l, let s): words(word(.issuer, l), string(s))
        case .date(let l, let d): words(word(.date, l), d.iso)
        case .covers(let l, let ranges):
            words(word(.covers, l), ranges.map { r in r.first.text + (r.last.map { ".." + $0.text } ?? "") }
                .joined(separator: listSeparator))
        }
    }

    // MARK: Vocabulary

    mutating func vocabularyClause(_ clause: VocabularyClauseSyntax) {
        switch clause {
        case .role(let r):
            emit(Printer.words(Printer.word(.role, r.language), r.name.text, Printer.label(r.label), r.relation.map(Printer.relation),
                               r.actsAs.map { ($0.language == .english ? "acts as " : "充当 ") + $0.role.text }))
        case .subject(let s):
            block(Printer.words(Printer.word(.subject, s.language), s.name.text, Printer.label(s.label)), s.attributes) { pr, a in
                pr.emit(Printer.attribute(a))
            }
        case .event(let e):
            let header = Printer.words(Printer.word(.event, e.language), e.name.text, Printer.label(e.label),
                                       e.answers.map { Printer.word(.answers, e.language) + " " + $0.text })
            if let attributes = e.attributes {
                block(header, attributes) { pr, a in pr.emit(Printer.attribute(a)) }
            } else {
                emit(header)
            }
        }
    }

    static func relation(_ r: RoleRelationSyntax) -> String {
        switch r {
        case .at(let l, let n): words(word(.at, l), n.text)
        case .manages(let l, let names): words(word(.manages, l), names.map(\.text).joined(separator: listSeparator))
        case .isOf(.english, let role, let attribute): words("is", role.text, "of", attribute.text)
        case .isOf(.chinese, let role, let attribute): words("为", attribute.text, "的", role.text)
        }
    }

    static func attribute(_ a: AttributeDeclSyntax) -> String {
        words(a.name.text, label(a.label)) + ": " + type(a.type)
    }

    static func type(_ t: TypeSyntax) -> String {
        switch (t.type, t.language) {
        case (.date, .english): "date"
        case (.date, .chinese): "日期"
        case (.time, .english): "time"
        case (.time, .chinese): "时间"
        case (.number, .english): "number"
        case (.number, .chinese): "数量"
        case (.text, .english): "text"
        case (.text, .chinese): "文本"
        case (.flag, .english): "flag"
        case (.flag, .chinese): "是否"
        case (.organisation, .english): "organisation"
        case (.organisation, .chinese): "组织"
        case (.duration, .english): "duration"
        case (.duration, .chinese): "时长"
        }
    }
}
