import DulyModel
import DulySource
import DulyTime

/// The words of an explanation, of a due action's note and of an evaluation problem, in each
/// language. The evaluator records these as data (`TraceEvent`, `DueNote`,
/// `EvaluationProblem.Reason`); this is the only place they become sentences.
enum TraceWords {
    // MARK: - Shared pieces

    /// `2024-10-10`, `2024-10-10 12:00`, `2024-10-10 before 12:00` (`12:00 之前`).
    static func moment(_ d: DueMoment, _ zh: Bool) -> String {
        if d.time == .endOfDay { return d.date.description }
        if d.exclusive { return zh ? "\(d.date) \(d.time) 之前" : "\(d.date) before \(d.time)" }
        return "\(d.date) \(d.time)"
    }

    static func at(_ date: CivilDate, _ time: TimeOfDay?) -> String { "\(date)\(time.map { " \($0)" } ?? "")" }

    static func or(_ names: [some DomainName], _ zh: Bool) -> String { names.map(\.rawValue).joined(separator: zh ? " 或 " : " or ") }

    static func actions(_ a: [EventType], _ zh: Bool) -> String { a.map(\.rawValue).joined(separator: zh ? "或" : " or ") }

    /// How late an act is: calendar days from the due date, and for an act on the due date
    /// itself, that it came after the time-of-day cut-off.
    static func lateness(days: Int, _ due: DueMoment, _ zh: Bool) -> String {
        if zh {
            return days == 0 && due.time != .endOfDay ? "在截止时刻 \(due.time)\(due.exclusive ? " 或之后" : " 之后")" : "逾期 \(days) 天"
        }
        return days == 0 ? "0 days late, \(due.exclusive ? "at or after" : "after") \(due.time)" : "\(days) day\(days == 1 ? "" : "s") late"
    }

    static func holder(_ h: Holder, _ zh: Bool) -> String {
        guard let o = h.organisation else { return h.role.rawValue }
        return zh ? "\(h.role)(\(h.organisationName ?? o.rawValue))" : "\(h.role) (\(h.organisationName ?? o.rawValue))"
    }

    static func prerequisite(_ p: Prerequisite) -> String {
        switch p {
        case .event(let type, let n): return n == 1 ? type.rawValue : "at least \(n) \(type)"
        case .eventBy(let type, let n, let role): return (n == 1 ? type.rawValue : "at least \(n) \(type)") + " by \(role)"
        case .all(let ps): return ps.map { "(\(prerequisite($0)))" }.joined(separator: " and ")
        case .any(let ps): return ps.map { "(\(prerequisite($0)))" }.joined(separator: " or ")
        }
    }

    // MARK: - Trace

    /// One step of an explanation, without its indentation.
    static func step(_ s: TraceStep, _ language: MessageLanguage) -> String {
        let zh = language == .zh
        let rule = s.rule?.rawValue ?? ""
        let colon = zh ? ":" : ": "
        switch s.event {
        case let .judgedBy(name, id, jurisdiction, calendar, events, asOf):
            return zh ? "\(name)(\(id))按 \(jurisdiction) 的政策及其继承的规则评判;日历 \(calendar ?? "无");截至 \(asOf) 共 \(events) 条事件"
                : "\(name) (\(id)) is judged by \(jurisdiction)'s policy and the rules it inherits; calendar \(calendar ?? "none"); \(events) event\(events == 1 ? "" : "s") on or before \(asOf)"
        case let .dataCovers(from, through, asOf):
            if zh { return "数据覆盖 \(from) 至 \(through)" + (through < asOf ? ";\(through) 之后的不予评判" : "") }
            return "the data covers \(from) to \(through)\(through < asOf ? "; nothing after \(through) is judged" : "")"
        case let .ownSchoolCalendar(calendar, terms):
            return zh ? "教学日和学期:按案例数据中本校自己的校历(以 \(calendar) 为底,提供了 \(terms) 个学期)"
                : "teaching days and terms: its own 校历 from the case data over \(calendar) (\(terms) supplied term\(terms == 1 ? "" : "s"))"
        case let .conditionNotMet(e):
            return zh ? "\(rule):\(e.type) \(e.id) 不满足规则的条件" : "\(rule): \(e.type) \(e.id) does not meet the rule's condition"
        case let .conditionUndecided(e, subject, missing):
            return rule + colon + conditionUndecided(e, subject, missing, zh)
        case let .fires(e, step):
            if zh { return "\(rule)\(step.map { "(计数达到 \($0))" } ?? "") 因 \(e.date) 的 \(e.type) \(e.id) 触发" }
            return "\(rule)\(step.map { " step at \($0)" } ?? "") fires on \(e.type) \(e.id) of \(e.date)"
        case let .uncheckable(reason):
            // The rule file's own words: `原因` for Chinese, `reason` for English, or the one given.
            return zh ? "\(rule) 不可机器判定:\(reason.zh)" : "\(rule) is not machine-checkable: \(reason.en)"
        case let .afterTerm(role, action, term, e, ended):
            return zh ? "\(role) 须在\(term)内\(action):未产生,\(e.date) 的 \(e.type) \(e.id) 在学期结束(\(ended))之后"
                : "\(role) must \(action) within \(term): not created, \(e.type) \(e.id) on \(e.date) came after the term ended on \(ended)"
        case let .sequelNotTriggered(sequel, role, action):
            switch (sequel, zh) {
            case (.then, true): return "随后 \(role) 须\(action):尚未触发(前一项义务尚未办理)"
            case (.then, false): return "then \(role) must \(action): not triggered yet (the previous duty is not done)"
            case (.otherwise, true): return "否则 \(role) 须\(action):未触发(前一项义务没有逾期)"
            case (.otherwise, false): return "otherwise \(role) must \(action): not triggered (the previous duty was not missed)"
            }
        case let .countedUnder(jurisdiction, holder):
            return zh ? "期限按 \(jurisdiction) 的政策计算:承担该义务的 \(holder) 属于 \(jurisdiction)"
                : "the deadline is counted under \(jurisdiction)'s policy, the jurisdiction of \(holder), which holds the duty"
        case let .deadline(d, assumed):
            if zh { return "期限:\(DeadlineWords.explanation(d)) → 截止 \(d.date)\(assumed ? "(基于假定的校历)" : "")" }
            return "deadline: \(d.explanation) → due \(d.date)\(assumed ? " (on an assumed school calendar)" : "")"
        case let .termDeadline(term, first, last):
            return zh ? "期限:\(term)内(\(first)..\(last))→ 截止 \(last)" : "deadline: within \(term) (\(first)..\(last)) → due \(last)"
        case let .obligation(holders, actions, recipients, due, status, done, asOf, note):
            let who = holders.map { holder($0, zh) }.joined(separator: zh ? " 或 " : " or ")
            let judged = obligationStatus(status, action: actions[0], done: done, due: due, asOf: asOf, note: note, zh)
            if zh {
                let to = recipients.isEmpty ? "" : "向 \(or(recipients, true)) "
                return "\(who) 须\(to)\(self.actions(actions, true)),\(due.map { "截止 " + moment($0, true) } ?? "无可检查期限"):\(judged)"
            }
            let to = recipients.isEmpty ? "" : " to " + or(recipients, false)
            return "\(who) must \(self.actions(actions, false))\(to), due \(due.map { moment($0, false) } ?? "no checkable deadline"): \(judged)"
        case let .notCountingDay(e, teaching):
            return zh ? "\(e.date) 不是\(teaching ? "教学日" : "工作日"):\(e.type) \(e.id) 不计入"
                : "\(e.type) \(e.id) on \(e.date) is not a \(teaching ? "teaching" : "working") day: not counted"
        case let .consecutiveCount(e, count):
            return zh ? "\(rule):\(e.date) 的 \(e.type) \(e.id),连续计数 \(count)" : "\(rule): \(e.type) \(e.id) on \(e.date), consecutive count \(count)"
        case let .noActor(e, holders):
            return rule + colon + noActor(e, holders, zh)
        case let .notBound(e, by, holders):
            return zh ? "\(rule):\(e.date) 的 \(e.type) \(e.id) 由 \(by) 所为,它不是 \(or(holders, true)):不违反本禁止性规定"
                : "\(rule): \(e.type) \(e.id) on \(e.date) was done by \(by), which is not a \(or(holders, false)): not this prohibition's breach"
        case let .forbidden(role, action, e):
            return zh ? "\(rule):\(role) 不得\(action),而 \(e.date) 的 \(e.id) 正是此举" : "\(rule): \(role) must not \(action), but \(e.id) on \(e.date) is one"
        case let .prerequisiteMet(e, p):
            return zh ? "\(rule):\(e.type) \(e.id) 之前已有前提 \(ReportWords.prerequisite(p))"
                : "\(rule): \(e.type) \(e.id) has its prerequisite \(prerequisite(p))"
        case let .finding(reason):
            return rule + colon + ReportWords.message(reason, language)
        case let .period(p):
            return rule + colon + period(p, zh)
        case let .periodActLate(a):
            let e = a.act
            let next = point(a.next, zh)
            if zh {
                let source = a.spareFrom.map { "按期不需要它的 \($0)(窗口内另有 \(a.otherActs) 次)" } ?? "它不在任何周期的按期窗口内"
                return "\(e.date) 的 \(e.type) \(e.id)(\(at(e.date, e.time)))计为 \(a.period) 的逾期办理(第 \(a.ordinal) 次,共需 \(a.needed) 次):在截止 \(moment(a.due, true)) 之后、下一判定点 \(next) 之前;\(source);\(lateness(days: a.daysLate, a.due, true))"
            }
            let source = a.spareFrom.map { "not needed on time by \($0), which has \(a.otherActs) other act\(a.otherActs == 1 ? "" : "s") in its window" }
                ?? "in no period's window on time"
            return "\(e.type) \(e.id) on \(at(e.date, e.time)) counted late for \(a.period) (\(a.ordinal) of \(a.needed)): after its cut-off \(moment(a.due, false)), by its next judgement point \(next), \(source); \(lateness(days: a.daysLate, a.due, false))"
        case let .periodMissed(next, asOf, final):
            if zh {
                if final, let next { return "到下一判定点 \(point(next, true)) 仍无办理:未办" }
                return "截至 \(asOf) 未办;在下一判定点 \(next.map { point($0, true) } ?? "(下一周期的截止时刻,在 \(asOf) 之后)") 前办理仍计为逾期办理"
            }
            if final, let next { return "no further act by its next judgement point \(point(next, false)): missed" }
            return "missed as of \(asOf); an act by its next judgement point \(next.map { point($0, false) } ?? "(the cut-off of its following period, after \(asOf))") would still count late"
        }
    }

    static func point(_ p: JudgementPoint, _ zh: Bool) -> String {
        switch p {
        case let .cutoff(m, period): zh ? "\(moment(m, true))(\(period) 的截止时刻)" : "\(moment(m, false)) (the cut-off of \(period))"
        case let .asOf(d): zh ? "\(d)(评判日)" : "\(d) (the as-of date)"
        }
    }

    static func period(_ p: PeriodJudgement, _ zh: Bool) -> String {
        let ids = p.counted.map(\.rawValue)
        if zh {
            let shown = (p.notJudged.map { "不予评判:无数据(数据覆盖 \($0.from) 至 \($0.through))" } ?? ReportWords.status(p.status, .zh))
                + (p.assumedSchoolCalendar ? "(基于假定的校历)" : "")
            let target = p.target.map { "就 \($0) " } ?? ""
            let times = p.needed > 1 ? "至少 \(p.needed) 次" : ""
            return "\(holder(p.holder, true)) 须在 \(p.period) 内\(target)\(actions(p.actions, true))\(times),截止 \(moment(p.due, true)):相应事件 \(ids.count) 条\(ids.isEmpty ? "" : "(\(ids.joined(separator: "、")))") → \(shown)"
        }
        let shown = (p.notJudged.map { "not judged: no data (the data covers \($0.from) to \($0.through))" } ?? p.status.rawValue)
            + (p.assumedSchoolCalendar ? " (on an assumed school calendar)" : "")
        return "\(holder(p.holder, false)) must \(actions(p.actions, false))\(p.target.map { " for \($0)" } ?? "") \(p.needed > 1 ? "at least \(p.needed) times " : "")in \(p.period), due \(moment(p.due, false)): \(ids.count) matching event\(ids.count == 1 ? "" : "s")\(ids.isEmpty ? "" : " (\(ids.joined(separator: ", ")))") → \(shown)"
    }

    static func obligationStatus(_ status: ObligationStatus, action: EventType, done: EventMention?, due: DueMoment?, asOf: CivilDate,
                                 note: DueNote?, _ zh: Bool) -> String {
        if zh {
            let by = done.map { "以 \(at($0.date, $0.time)) 的 \($0.type) \($0.id) 办理" } ?? ""
            switch status {
            case .doneOnTime: return due == nil ? "已办理,\(by)(无可检查期限,无所谓逾期)" : "按期办理,\(by)"
            case .doneLate: return "逾期办理,\(by)"
            case .overdue: return "已逾期:截至 \(asOf) 没有相应的\(action)(逾期 \(-asOf.days(to: due!.date)) 天)"
            case .dueSoon, .open: return "未办,还剩 \(asOf.days(to: due!.date)) 天"
            case .noDeadline: return "未办:\(note.map { self.note($0, .zh) } ?? "无可检查期限")"
            case .undetermined: return "无法判断:\(note.map { self.note($0, .zh) } ?? "见问题列表")"
            }
        }
        let by = done.map { "by \($0.type) \($0.id) on \(at($0.date, $0.time))" } ?? ""
        switch status {
        case .doneOnTime: return due == nil ? "done \(by) (no checkable deadline to be late against)" : "done on time \(by)"
        case .doneLate: return "done late \(by)"
        case .overdue: return "overdue: no matching \(action) by \(asOf) (\(-asOf.days(to: due!.date)) days late)"
        case .dueSoon, .open: return "open, \(asOf.days(to: due!.date)) days left"
        case .noDeadline: return "open: \(note.map { self.note($0, .en) } ?? "no checkable deadline")"
        case .undetermined: return "cannot be judged: \(note.map { self.note($0, .en) } ?? "see problems")"
        }
    }

    static func conditionUndecided(_ e: EventMention, _ subject: SubjectID, _ missing: [AttributeName], _ zh: Bool) -> String {
        zh ? "\(e.date) 的 \(e.type) \(e.id) 的条件无法判断:\(subject) 没有\(missing.map(\.rawValue).joined(separator: "、"))"
            : "the condition on \(e.type) \(e.id) of \(e.date) cannot be judged: \(subject) has no \(missing.map(\.rawValue).joined(separator: ", "))"
    }

    static func noActor(_ e: EventMention, _ holders: [RoleName], _ zh: Bool) -> String {
        zh ? "\(e.date) 的 \(e.type) \(e.id) 没有记录办理者,无法判断是否为 \(or(holders, true)) 所为"
            : "\(e.type) \(e.id) on \(e.date) records no actor, so it cannot be told whether \(or(holders, false)) did it"
    }

    // MARK: - Notes and problems

    /// Why an obligation has no due date or cannot be judged.
    static func note(_ n: DueNote, _ language: MessageLanguage) -> String {
        let zh = language == .zh
        switch n {
        case let .undefinedTerm(term, jurisdiction):
            return zh ? "\(jurisdiction) 没有定义“\(term.chinese)”:无可检查期限" : "\(term.chinese) (\(term.rawValue)) is not defined for \(jurisdiction): no checkable deadline"
        case let .noCountingStart(type, trigger):
            return zh ? "\(trigger.type) \(trigger.id) 当日及之前没有可起算的\(type)" : "no \(type) on or before \(trigger.type) \(trigger.id) to count from"
        case let .noCountingDate(trigger, attribute):
            return zh ? "\(trigger.type) \(trigger.id) 没有可起算的\(attribute)" : "\(trigger.type) \(trigger.id) has no \(attribute) to count from"
        case let .calendar(error):
            return calendar(error, language)
        case let .noTimeOfDay(e, jurisdiction):
            return zh ? "\(e.type) \(e.id) 没有记录时刻,\(jurisdiction) 也没有声明默认时刻" : "\(e.type) \(e.id) has no time of day and \(jurisdiction) declares no default time"
        case let .noDataAfter(through, due):
            return zh ? "\(through) 之后没有数据:无法得知是否在 \(due) 前办理" : "no data after \(through): whether it was done by \(due) is not known"
        }
    }

    /// A problem of the evaluation, one line.
    static func problem(_ p: EvaluationProblem, _ language: MessageLanguage) -> String {
        let zh = language == .zh
        switch p.reason {
        case let .calendar(error):
            return calendar(error, language)
        case let .noCalendar(jurisdiction):
            return zh ? "\(jurisdiction) 指定的日历没有加载" : "\(jurisdiction) names no calendar that is loaded"
        case let .conditionUndecided(rule, e, subject, missing):
            return "\(rule)\(zh ? ":" : ": ")" + conditionUndecided(e, subject, missing, zh)
        case let .noTimeOfDay(rule, e, organisation, jurisdiction, cutoff):
            return zh ? "\(e.date) \(organisation) 的 \(e.type) \(e.id) 没有记录时刻,\(jurisdiction) 也没有声明默认时刻,无法对照 \(cutoff) 判断(\(rule))"
                : "\(e.type) \(e.id) of \(organisation) on \(e.date) has no time of day and \(jurisdiction) declares no default time, so it cannot be judged against \(cutoff) (\(rule))"
        case let .noActor(rule, e, holders):
            return "\(rule)\(zh ? ":" : ": ")" + noActor(e, holders, zh)
        case let .unboundRecurringDuty(rule, jurisdiction, kind, role, action):
            return zh ? "\(rule):数据中 \(jurisdiction) 没有\(kind),也没有代行其职的组织,因此“\(role) 须\(action)”在那里无人承担"
                : "\(rule): no organisation of \(jurisdiction) in the data is a \(kind) or acts as one, so `\(role) must \(action)` binds nobody there"
        case let .unreadableData(english, chinese):
            return zh ? chinese : english
        }
    }

    /// A calendar that cannot count a date, in `language` (the English is the time layer's own).
    static func calendar(_ error: CalendarError, _ language: MessageLanguage) -> String {
        guard language == .zh else { return error.description }
        switch error {
        case let .missingHolidayData(year, date):
            if date.year != year {
                return "缺少 \(year) 年的节假日数据:\(date) 可能受《国务院办公厅关于\(year)年部分节假日安排的通知》调整;请添加 policies/calendars/national/\(year).cal"
            }
            return "缺少 \(year) 年的节假日数据(计算 \(date) 时需要);请按国务院通知添加 policies/calendars/national/\(year).cal"
        case let .missingSchoolCalendar(calendar, schoolYear, date):
            return "日历“\(calendar)”没有 \(schoolYear)-\(schoolYear + 1)学年的校历(计算 \(date) 时需要)"
        case let .invalidCalendarFile(path, line, message):
            return "\(path):\(line):\(message)"
        case let .unknownCalendar(name, known):
            return "未知的日历“\(name)”(已有:\(known.isEmpty ? "无" : known.joined(separator: "、")))"
        case let .invalidDuration(text, reason):
            return "无效的期限“\(text)”:\(reason)"
        case let .invalidDate(text):
            return "无效的日期“\(text)”:应为 YYYY-MM-DD 格式的真实日期"
        case let .missingTimeOfDay(date):
            return "\(date) 的事件没有记录时刻,规则也没有声明默认时刻"
        case let .beyondRepresentableDates(what):
            return "\(what) 超出了可计算的年份范围(1–9999 年)"
        }
    }
}

extension Sequence<EvaluationProblem> {
    /// The problems in the order every output lists them: by kind, then by their English
    /// wording, so the same inputs give the same bytes in either language.
    func inReportOrder() -> [EvaluationProblem] {
        map { ($0, $0.kind.rawValue, TraceWords.problem($0, .en)) }
            .sorted { ($0.1, $0.2) < ($1.1, $1.2) }
            .map(\.0)
    }
}

// The wording of the evaluator's typed results, for callers of the library.
extension Finding {
    /// One line saying why the finding was raised.
    public func message(in language: MessageLanguage) -> String { ReportWords.message(reason, language) }
}

extension EvaluationProblem {
    public func message(in language: MessageLanguage) -> String { TraceWords.problem(self, language) }
}

extension TraceStep {
    /// The step as one line, without its indentation.
    public func text(in language: MessageLanguage) -> String { TraceWords.step(self, language) }
}

extension DueNote {
    public func text(in language: MessageLanguage) -> String { TraceWords.note(self, language) }
}
