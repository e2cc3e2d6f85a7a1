import DulySyntax

extension Printer {
    mutating func clause(_ clause: ClauseSyntax) {
        switch clause {
        case .citation(let c): emit(Printer.citation(c))
        case .trigger(let t):
            emit(Printer.words(Printer.word(.when, t.language), t.event.text,
                               t.condition.map { Printer.word(.where, t.language) + " " + Printer.condition($0) }))
        case .effective(let e): emit(Printer.effective(e))
        case .forEach(let f):
            emit(Printer.words(f.language == .english ? "for each managed" : "对 所辖", f.role.text))
        case .obligation(let o): emit(Printer.obligation(o))
        case .requirement(let r):
            emit(Printer.words(r.action.text, Printer.word(.requires, r.language), Printer.prerequisite(r.prerequisite)))
        case .order(let o):
            let arrow = o.language == .english ? " -> " : " → "
            emit(Printer.words(o.language == .english ? "in order" : "依次", o.events.map(\.text).joined(separator: arrow)))
        case .reason(let l, let s): emit(Printer.words(Printer.word(.reason, l), Printer.string(s)))
        case .count(let c):
            let condition = c.condition.map { Printer.word(.where, c.language) + " " + Printer.condition($0) }
            switch c.language {
            case .english: emit(Printer.words("count consecutive", c.unitSpelling, "of", c.event.text, condition))
            case .chinese: emit(Printer.words("计数 连续", c.unitSpelling, c.event.text, condition))
            }
        case .step(let s):
            // The English form has no word after the number; a hand-built English step with one
            // drops it rather than print a form the parser rejects.
            let header = switch s.language {
            case .english: "step at \(s.threshold)"
            case .chinese: Printer.words("第", "\(s.threshold)", s.unitWord)
            }
            block(header, s.body) { pr, c in pr.clause(c) }
        }
    }

    /// `cite GZ-7 (二.6) "…"`; in Chinese the full-width brackets need no spaces:
    /// `依据 GZ-7（二.6）"…"`.
    static func citation(_ c: CitationSyntax) -> String {
        let ids = c.ids.map(\.text).joined(separator: listSeparator)
        let quote = c.quote.map(string)
        switch c.language {
        case .english:
            return words(word(.cite, .english), ids, c.clause.map { "(\($0))" }, quote)
        case .chinese:
            guard let clause = c.clause else { return words(word(.cite, .chinese), ids, quote) }
            return word(.cite, .chinese) + " " + ids + "（\(clause)）" + (quote ?? "")
        }
    }

    // MARK: Obligations

    /// English puts the recipient after the action (`must 通报 to 县教育局`), Chinese before it
    /// (`须 向 乡镇政府 报告`); the term stands right after `must` / `须` in both.
    static func obligation(_ o: ObligationSyntax) -> String {
        var parts: [String] = []
        if let sequel = o.sequel { parts.append(word(sequel == .then ? .then : .otherwise, o.language)) }
        parts.append(o.role.text)
        for a in o.alternatives { parts += [word(.or, o.language), a.text] }
        switch o.language {
        case .english: parts.append(o.isProhibition ? "must not" : "must")
        case .chinese: parts.append(o.isProhibition ? word(.mustNot, .chinese) : o.mustSpelling ?? word(.must, .chinese))
        }
        if let t = o.term { parts.append(term(t)) }
        // Several recipients: `向 A 及 B`, `to A and B`; any one of them: `向 A 或 B`, `to A or B`.
        func recipients(_ r: NameSyntax) -> [String] {
            [word(.to, o.language), r.text] + o.moreRecipients.flatMap { [o.language == .chinese ? "及" : word(.and, .english), $0.text] }
                + o.recipientAlternatives.flatMap { [word(.or, o.language), $0.text] }
        }
        if o.language == .chinese, let r = o.recipient { parts += recipients(r) }
        parts.append(o.action.text)
        for a in o.actionAlternatives { parts += [word(.or, o.language), a.text] }
        if o.language == .english, let r = o.recipient { parts += recipients(r) }
        if let c = o.actCondition { parts += [word(.where, o.language), condition(c)] }
        if let d = o.deadline { parts.append(deadline(d)) }
        if let r = o.recurrence { parts.append(recurrence(r)) }
        return parts.joined(separator: " ")
    }

    static func deadline(_ d: DeadlineSyntax) -> String {
        switch d {
        case .within(.english, let amount, let from):
            words("within", Printer.amount(amount), from.map { "after " + $0.text })
        case .within(.chinese, let amount, let from):
            words(from.map { "自 \($0.text) 起" }, Printer.amount(amount, suffix: word(.inside, .chinese)))
        case .byTime(.english, let c):
            englishCutoff(c)
        case .byTime(.chinese, let c):
            chineseCutoff(c)
        case .withinTerm(.english, let season, let year, _):
            "within the \(word(season == .spring ? .springTerm : .autumnTerm, .english)) semester of \(year)"
        case .withinTerm(.chinese, let season, let year, _):
            "\(year)年\(word(season == .spring ? .springTerm : .autumnTerm, .chinese))\(word(.inside, .chinese))"
        }
    }

    // MARK: Recurrences

    static func recurrence(_ r: RecurrenceSyntax) -> String {
        switch r.language {
        case .english:
            let atLeast = r.atLeast.map { "at least \($0) \($0 == 1 ? "time" : "times")" }
            return words(atLeast, englishPeriod(r.period), r.teachingPeriodsOnly ? "(teaching periods only)" : nil)
        case .chinese:
            let only = r.teachingPeriodsOnly ? "（\(word(.teachingPeriodsOnly, .chinese))）" : ""
            return words(chinesePeriod(r.period) + only, r.atLeast.map { "\(word(.atLeast, .chinese)) \($0) \(word(.times, .chinese))" })
        }
    }

    /// `by 12:00 (inclusive)`.
    static func englishCutoff(_ c: CutoffSyntax) -> String {
        "by \(time(c.time)) (\(c.inclusive ? "inclusive" : "exclusive"))"
    }

    /// `12:00前（含12:00）`: a time written `12点` is printed `12:00`.
    static func chineseCutoff(_ c: CutoffSyntax) -> String {
        time(c.time) + word(.before, .chinese) + "（\(c.inclusive ? "含" : "不含")\(time(c.time))）"
    }

    static func englishPeriod(_ p: PeriodSyntax) -> String {
        switch p {
        case .every(let kind, let cutoff):
            words("every", kind.english, cutoff.map(englishCutoff))
        case .yearlyBy(let month, let day, let inclusive, let rolls):
            "every year by \(twoDigits(month))-\(twoDigits(day)) (\(inclusive ? "inclusive" : "exclusive"), \(rolls ? "rolling" : "not rolling"))"
        case .months(let months):
            "in months " + months.map(String.init).joined(separator: ", ")
        case .termStart(let season, let window):
            words("every", season == .any ? nil : season == .autumn ? "autumn" : "spring", "semester", englishTermWindow(window))
        }
    }

    static func chinesePeriod(_ p: PeriodSyntax) -> String {
        switch p {
        case .every(let kind, let cutoff):
            words("每" + (kind.chinese.first ?? kind.english), cutoff.map(chineseCutoff))
        case .yearlyBy(let month, let day, let inclusive, let rolls):
            "每年 \(month)月\(day)日前（\(inclusive ? "含当日" : "不含当日")，\(rolls ? "顺延" : "不顺延")）"
        case .months(let months):
            "于 " + months.map { "\($0)月" }.joined(separator: "、")
        case .termStart(let season, let window):
            words(season == .any ? "每学期" : "每年", season == .any ? nil : word(season == .autumn ? .autumnTerm : .springTerm, .chinese),
                  chineseTermWindow(window))
        }
    }

    static func englishTermWindow(_ w: TermWindowSyntax) -> String {
        switch w {
        case .around(let d): "within \(duration(d)) around its start"
        case .before(let d): "within \(duration(d)) before its start"
        case .vacation: "before its start"
        }
    }

    static func chineseTermWindow(_ w: TermWindowSyntax) -> String {
        switch w {
        case .around(let d): words(word(.aroundStart, .chinese), amount(.duration(d), suffix: word(.inside, .chinese)))
        case .before(let d): words(word(.beforeStart, .chinese), amount(.duration(d), suffix: word(.inside, .chinese)))
        case .vacation: word(.beforeStart, .chinese)
        }
    }
}
