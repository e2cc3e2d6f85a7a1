import DulySource
import DulyModel

/// Duties that can never be triggered or never be discharged:
/// - a `then` after a prohibition (a prohibition is never "done"), or an `otherwise` after a
///   duty with no checkable deadline in a jurisdiction that judges it (it is never "missed");
/// - an action whose event type answers another (a reply answers a letter), demanded where the
///   triggering event is not what it answers, so no recorded event can reference it.
func lintReachability(_ context: LintContext) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let vocabulary = context.program.vocabulary
    for j in context.jurisdictions {
        for rule in j.rules {
            var chains: [(trigger: EventType?, duties: [Duty])] = []
            switch rule.body {
            case .duties(let trigger, _, let duties): chains.append((trigger?.event, duties))
            case .escalation(let counter, let steps): chains += steps.map { (counter.event, $0.duties) }
            default: continue
            }
            for (trigger, duties) in chains {
                for (i, duty) in duties.enumerated() {
                    // What triggers this duty: the rule's event, or the previous duty's action.
                    let previous = i > 0 && duty.sequel != nil ? duties[i - 1] : nil
                    if let previous, duty.sequel == .then, previous.isProhibition {
                        diagnostics.append(Diagnostic(.unreachableDuty, path: duty.place.path, span: duty.place.span,
                                                      message: LocalizedText(en: "`then` follows a prohibition, which is never done, so this duty never arises",
                                                                             zh: "`然后` 跟在禁止性规定之后,而禁止性规定不存在“完成”,此义务永远不会产生"),
                                                      labels: [context.label(previous.place, en: "the prohibition is here", zh: "禁止性规定在此")]))
                    }
                    if let previous, duty.sequel == .otherwise, neverMissed(previous, in: j.name, context) {
                        diagnostics.append(Diagnostic(.unreachableDuty, path: duty.place.path, span: duty.place.span,
                                                      message: LocalizedText(en: "`otherwise` follows a duty with no checkable deadline, which is never missed, so this duty never arises",
                                                                             zh: "`否则` 跟在没有可检查期限的义务之后,该义务不会逾期,此义务永远不会产生"),
                                                      labels: [context.label(previous.place, en: "the duty without a deadline is here", zh: "没有期限的义务在此")],
                                                      help: LocalizedText(en: "give the previous duty a deadline, or define its term for the jurisdiction",
                                                                          zh: "为前一项义务规定期限,或为本辖区定义其用语")))
                    }
                    let cause = previous?.action ?? trigger
                    if let answered = vocabulary.events[duty.action]?.answers, let cause, cause != answered, !duty.isProhibition {
                        diagnostics.append(Diagnostic(.undischargeableDuty, path: duty.place.path, span: duty.place.span,
                                                      message: LocalizedText(en: "`\(duty.action)` answers a `\(answered)`, but this duty arises from `\(cause)`, so no `\(duty.action)` can refer to it",
                                                                             zh: "`\(duty.action)` 是对 `\(answered)` 的回应,而此义务由 `\(cause)` 引起,没有 `\(duty.action)` 能与之对应"),
                                                      help: LocalizedText(en: "trigger the duty with `when \(answered)`, or demand another action",
                                                                          zh: "用 `当 \(answered)` 触发此义务,或改为其他行为")))
                    }
                }
            }
        }
    }
    return diagnostics
}

/// A duty that can never be missed: no deadline, or an unquantified term that no jurisdiction
/// judged by the rule defines.
private func neverMissed(_ duty: Duty, in jurisdiction: JurisdictionName, _ context: LintContext) -> Bool {
    switch duty.timing {
    case .never: return true
    case .deadline(.term(let term, _)):
        // Any jurisdiction under this one that defines the term can judge it.
        let below = context.jurisdictions.filter { context.program.lineage(of: $0.name).contains { $0.name == jurisdiction } }
        return !below.contains { context.program.definition(of: term, for: $0.name) != nil }
    default: return false
    }
}
