import DulySource
import DulyModel

/// Escalation steps must climb: 1 → 3 → 5. A step listed below an earlier one is out of order; a
/// step at the same count as an earlier one never fires on its own.
func lintEscalationSteps(_ context: LintContext) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for j in context.jurisdictions {
        for rule in j.rules {
            guard case .escalation(_, let steps) = rule.body else { continue }
            for (i, step) in steps.enumerated() {
                guard let previous = steps[..<i].last(where: { $0.threshold >= step.threshold }) else { continue }
                let label = context.label(previous.place, en: "the step at \(previous.threshold) is here", zh: "第 \(previous.threshold) 步在此")
                if previous.threshold == step.threshold {
                    diagnostics.append(Diagnostic(.unreachableStep, path: step.place.path, span: step.place.span,
                                                  message: LocalizedText(en: "a second step at \(step.threshold) in `\(rule.name)` never fires on its own",
                                                                         zh: "`\(rule.name)` 中第二个第 \(step.threshold) 步永远不会单独触发"),
                                                  labels: [label], help: LocalizedText(en: "merge the two steps", zh: "合并这两个步骤")))
                } else {
                    diagnostics.append(Diagnostic(.stepsOutOfOrder, path: step.place.path, span: step.place.span,
                                                  message: LocalizedText(en: "the step at \(step.threshold) comes after the step at \(previous.threshold) in `\(rule.name)`",
                                                                         zh: "`\(rule.name)` 中第 \(step.threshold) 步排在第 \(previous.threshold) 步之后"),
                                                  labels: [label], help: LocalizedText(en: "list the steps from the lowest count up", zh: "按计数从小到大排列步骤")))
                }
            }
        }
    }
    return diagnostics
}
