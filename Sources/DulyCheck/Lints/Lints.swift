import DulySource
import DulyModel
import DulyTime

/// Consistency checks across the policy hierarchy: mistakes that parse and type-check but are
/// wrong, such as a county quietly giving itself longer than its province allows.
///
/// Each lint is a function of the checked program (and, where units differ, of the calendar the
/// jurisdiction counts in); each returns diagnostics that name both places involved.
public struct LintContext: Sendable {
    public var program: Program
    /// The calendar a jurisdiction counts in, when its data could be loaded.
    public var calendar: @Sendable (JurisdictionName) -> WorkCalendar?

    public init(program: Program, calendar: @escaping @Sendable (JurisdictionName) -> WorkCalendar?) {
        self.program = program
        self.calendar = calendar
    }

    /// Jurisdictions in name order, so output is stable.
    var jurisdictions: [Jurisdiction] { program.jurisdictions.values.sorted { $0.name < $1.name } }

    func label(_ place: SourcePlace, en: String, zh: String) -> DiagnosticLabel {
        DiagnosticLabel(path: place.path, span: place.span, message: LocalizedText(en: en, zh: zh))
    }
}

/// Runs every lint.
public func lintProgram(_ context: LintContext) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    diagnostics += lintLaxerThanParent(context)
    diagnostics += lintEscalationSteps(context)
    diagnostics += lintConflictingDuties(context)
    diagnostics += lintUnboundHolders(context)
    diagnostics += lintCalendarCoverage(context)
    diagnostics += lintCatalog(context)
    diagnostics += lintReachability(context)
    return diagnostics
}
