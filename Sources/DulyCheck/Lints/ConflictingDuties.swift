import DulySource
import DulyModel

/// Two rules in force for one jurisdiction that demand the same action of the same role for the
/// same trigger, by different deadlines: a reader cannot tell which one binds.
func lintConflictingDuties(_ context: LintContext) -> [Diagnostic] {
    struct Key: Hashable {
        var event: EventType
        var role: RoleName
        var action: EventType
    }
    var diagnostics: [Diagnostic] = []
    var reported = Set<[RuleID]>()
    for j in context.jurisdictions {
        var seen: [Key: [(Rule, Duty, Condition?)]] = [:]
        // The deadlines seen per key: a duty whose deadline is the only one seen cannot clash,
        // so a file of many rules with one deadline is checked in linear time.
        var deadlines: [Key: Set<DulyModel.Deadline>] = [:]
        for rule in context.program.effectiveRules(for: j.name) {
            guard case .duties(let trigger?, _, let duties) = rule.body else { continue }
            for duty in duties where duty.sequel == nil {
                guard case .deadline(let deadline) = duty.timing else { continue }
                let key = Key(event: trigger.event, role: duty.role, action: duty.action)
                // Two conditions overlap for certain when they are the same, or when one is absent.
                let others = deadlines[key, default: []]
                defer { deadlines[key, default: []].insert(deadline) }
                let clash = others.isEmpty || others == [deadline] ? nil : seen[key, default: []].first { other in
                    guard other.0.id != rule.id, case .deadline(let otherDeadline) = other.1.timing, otherDeadline != deadline else { return false }
                    // Versions in force at different times do not conflict.
                    if let a = other.0.validity, let b = rule.validity, !Checker.overlap(a, b) { return false }
                    return other.2 == trigger.condition || other.2 == nil || trigger.condition == nil
                }
                if let (otherRule, otherDuty, _) = clash {
                    let pair = [otherRule.id, rule.id].sorted()
                    guard reported.insert(pair).inserted else { continue }
                    diagnostics.append(Diagnostic(.conflictingDuties, path: duty.place.path, span: duty.place.span,
                                                  message: LocalizedText(en: "rules `\(otherRule.name)` and `\(rule.name)` both demand that `\(duty.role)` `\(duty.action)` on `\(trigger.event)`, by different deadlines",
                                                                         zh: "规则 `\(otherRule.name)` 与 `\(rule.name)` 都要求 `\(duty.role)` 在 `\(trigger.event)` 后 `\(duty.action)`,但期限不同"),
                                                  labels: [context.label(otherDuty.place, en: "the other deadline is here", zh: "另一期限在此")],
                                                  help: LocalizedText(en: "keep one rule, or give the child's rule the parent's name so it replaces it",
                                                                      zh: "只保留一条规则,或让下级规则与上级同名以替换它")))
                }
                seen[key, default: []].append((rule, duty, trigger.condition))
            }
        }
    }
    return diagnostics
}
