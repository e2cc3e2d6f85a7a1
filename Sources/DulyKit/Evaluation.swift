import DulyData
import DulyEval
import DulyModel
import DulySource
import DulyTime
import Foundation

/// What to evaluate and what to keep.
public struct EvaluationOptions: Sendable {
    public var asOf: CivilDate
    /// Where the data begins; defaults to the earliest event's date.
    public var windowStart: CivilDate?
    public var soonDays: Int
    /// Which due actions to keep (nil: none). Filtering while evaluating keeps memory small.
    public var keepDue: (@Sendable (DueAction) -> Bool)?
    /// Whether obligations already done (on time or late) can be kept at all: a due list says
    /// no, and then they are never built, which is most of the evaluating work.
    public var keepsDoneDueActions: Bool
    /// Which findings to keep (nil: none).
    public var keepFinding: (@Sendable (Finding) -> Bool)?
    /// Evaluate only this subject, with a trace.
    public var traceSubject: String?
    /// The day through which the data is known complete when it says nothing itself: a policy
    /// test's case is the whole world up to its as-of date. Nil: the last recorded event.
    public var completeThrough: CivilDate?
    /// Threads to use (1 or 2).
    public var threads: Int
    /// The program's rules already compiled for these calendars, when the caller evaluates the
    /// same program many times (policy tests); nil compiles them for this run.
    public var compiled: CompiledPolicies?

    public init(asOf: CivilDate, windowStart: CivilDate? = nil, soonDays: Int = 2, keepDue: (@Sendable (DueAction) -> Bool)? = nil,
                keepsDoneDueActions: Bool = true, keepFinding: (@Sendable (Finding) -> Bool)? = nil, traceSubject: String? = nil, threads: Int = 2) {
        self.asOf = asOf
        self.windowStart = windowStart
        self.soonDays = soonDays
        self.keepDue = keepDue
        self.keepsDoneDueActions = keepsDoneDueActions
        self.keepFinding = keepFinding
        self.traceSubject = traceSubject
        self.threads = threads
    }
}

/// The result of evaluating a data set, sorted so the same inputs give the same bytes.
public struct EvaluationReport: Sendable {
    public var asOf: CivilDate
    public var windowStart: CivilDate
    /// In deadline order, held compactly (`DueList`): a due action is built when it is read.
    public var dueActions: DueList
    public var findings: [Finding]
    public var trace: [TraceStep]
    public var problems: [EvaluationProblem]
    public var dataIssues: [DataIssue]
    public var skippedRows: Int
    public var students: Int
    public var organisations: Int
    public var events: Int
    /// The traced subject was found (explain).
    public var subjectFound: Bool
    /// The role kinds organisations have in the data (学校, 县教育局), as opposed to person roles.
    public var organisationKinds: Set<RoleName>
    /// What the data covers (narrowed by `--from`).
    public var coverage: CoverageMap
    /// Periods and deadlines outside the coverage, not judged for want of data.
    public var notJudged: Int
    /// The subject whose rows alone were read (explain), when only they were: `dataIssues` and
    /// `skippedRows` are then of those rows.
    public var focus: String?

    /// Whether the as-of date is after the last day any of the data covers.
    public var asOfAfterCoverage: Bool { asOf > coverage.lastCovered }

    public var hasMissingCalendarData: Bool { problems.contains { $0.kind == .missingCalendarData } }
}

/// The evaluation pipeline: policy, calendars and case data in; a report out.
public enum Evaluation {
    /// Evaluates every subject and organisation of `data`; `progress` (done, total) is called
    /// now and then from the evaluating threads.
    public static func run(program: Program, calendars: [String: WorkCalendar], data: CaseDataSet, options: EvaluationOptions,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) -> EvaluationReport {
        let asOf = options.asOf
        // Grouping the data finds its first event date, which opens the window when no start is
        // given: group first, or past periods of recurring duties would never be judged.
        let compiled = options.compiled ?? CompiledPolicies(program: program, calendars: calendars)
        data.group(recurring: compiled.recurringActions)
        // What the data covers; `--from` narrows it. Recurring periods are listed from the
        // earliest covered day, and judged only inside their organisation's coverage.
        let coverage = {
            var c = data.coverage(requestedFrom: options.windowStart, asOf: asOf)
            if let through = options.completeThrough, data.coverageTable?.whole == nil { c.whole.through = through }
            return c
        }()
        let firstCovered = min(coverage.firstCovered, asOf)
        let start = options.windowStart.map { max($0, firstCovered) } ?? firstCovered
        var interest: Evaluator.Interest = []
        if options.traceSubject != nil { interest = .all }
        if options.keepDue != nil { interest.insert(.openDueActions); if options.keepsDoneDueActions { interest.insert(.closedDueActions) } }
        if options.keepFinding != nil { interest.insert(.findings) }
        var evaluator = Evaluator(program: program, organisations: data.directory, calendars: calendars, asOf: asOf,
                                  windowStart: start, soonDays: options.soonDays, interest: interest, compiled: compiled)
        evaluator.coverage = coverage
        // Organisations with their own 校历 count teaching days and terms on it.
        let ownCalendars = data.schoolCalendarTable?.calendars(directory: data.directory) { o in
            program.calendar(for: o.jurisdiction).flatMap { calendars[$0] }
        } ?? [:]
        evaluator.organisationCalendars = ownCalendars

        let students = data.studentCount
        let total = data.subjectCount
        var found = options.traceSubject == nil
        var indices: [Int]? = nil
        if let id = options.traceSubject {
            if let i = data.studentIDs.firstIndex(of: id) { indices = [i]; found = true }
            else if let o = data.organisations.firstIndex(where: { $0.id.rawValue == id }) { indices = [students + o]; found = true }
            else { indices = [] }
        }
        let tracing = options.traceSubject != nil
        let relevant = compiled.relevantEventTypes
        let answersByType = compiled.answers
        let chosen = indices
        let threads = chosen == nil ? max(1, min(options.threads, 2)) : 1
        let parts = (0..<threads).map { _ in PartResult() }
        let shared = evaluator
        let attributesUsed = (subject: compiled.subjectAttributesUsed, event: compiled.eventAttributesUsed)
        // Per thread: its evaluator, reader and each organisation's plan (a student is judged
        // by its school's jurisdiction), set up once.
        let workers = (0..<threads).map { _ in Box<Worker?>(nil) }
        DispatchQueue.concurrentPerform(iterations: threads) { k in
            var evaluator = shared
            evaluator.keepPeriods()
            var reader = data.reader()
            // Tracing shows every event and attribute; otherwise only what the rules can use is built.
            let own = evaluator
            reader.configure(types: compiled.eventTypes, answers: answersByType, relevant: tracing ? nil : relevant, attributes: tracing ? nil : attributesUsed, symbols: compiled.attributeSymbols,
                             sharedType: { own.eventType($0) })
            workers[k].value = Worker(evaluator: evaluator, reader: reader, plans: data.organisations.map { evaluator.plan(for: $0.jurisdiction) })
        }
        // The subjects in ranges: all at once, or one partition of a spilled data set at a time.
        let bounds = data.spill?.bounds ?? [0, total]
        for p in 0..<(bounds.count - 1) {
            let lo = bounds[p], hi = bounds[p + 1]
            if let chosen, !chosen.contains(where: { (lo..<hi).contains($0) }) { continue }
            do {
                try data.load(partition: p)
            } catch {
                parts[0].problems.insert(EvaluationProblem(.unreadableData(en: error.text.en, zh: error.text.zh)))
                continue
            }
            DispatchQueue.concurrentPerform(iterations: threads) { k in
                let part = parts[k]
                let worker = workers[k].value!
                // Locals, not the worker's properties: a class property is checked for exclusive
                // access on every use.
                var reader = worker.reader
                reader.attach()
                let evaluator = worker.evaluator, plans = worker.plans
                var done = worker.done
                defer { worker.done = done }
                // Interleaved in blocks, so both threads get students and organisations alike.
                let range: [Int]
                if let chosen { range = chosen.filter { (lo..<hi).contains($0) } }
                else { range = stride(from: lo + k * 256, to: hi, by: threads * 256).flatMap { $0..<min($0 + 256, hi) } }
                // One list for every subject of the range: its storage is reused.
                var events = SubjectEvents(details: nil)
                var acts = OrganisationActs(details: nil)
                for i in range {
                    var outcome: Outcome
                    reader.events(ofSubject: i, into: &events, issues: &part.issues)
                    if i < students {
                        guard let plan = plans[reader.school(ofStudent: i)] else { continue }
                        // A student with nothing a rule acts on (no absence, no letter) yields
                        // nothing: passed over before its attributes are built.
                        if !tracing && !evaluator.canAct(plan, on: events) {
                            outcome = Outcome()
                        } else {
                            outcome = evaluator.evaluate(student: reader.studentID(i), name: reader.studentName(i), school: reader.studentSchool(i),
                                                         attributes: reader.studentAttributes(i), plan: plan, events: &events, tracing: tracing)
                        }
                    } else {
                        let org = data.organisations[i - students]
                        outcome = events.isEmpty && !tracing ? Outcome() : evaluator.evaluate(organisation: org, events: &events, tracing: tracing)
                        reader.acts(ofActor: i - students, into: &acts)
                        let recurring = evaluator.evaluateRecurring(organisation: org, acts: acts, tracing: tracing)
                        outcome.append(recurring)
                    }
                    part.add(outcome, options)
                    if k == 0, let progress {
                        done += 1
                        if done % 4096 == 0 { progress(min(total, done * threads), total) }
                    }
                }
            }
            data.unloadPartition()
        }
        var trace: [TraceStep] = []
        var problems = Set<EvaluationProblem>()
        var issues = data.issues
        var skipped = data.skippedRows
        var notJudged = 0
        for p in parts {
            notJudged += p.notJudged
            trace += p.trace
            problems.formUnion(p.problems)
            skipped += p.issues.count
            issues += p.issues
        }
        // A recurring duty nobody in a jurisdiction can hold is said, not dropped.
        if options.traceSubject == nil { problems.formUnion(shared.unboundRecurringDuties(data.organisations)) }
        // The threads' lists sorted together: due actions as compact records, findings each
        // copied once (`SortKey.sorted`).
        let due = DueList.Builder.sorted(parts.map { $0.takeDue() })
        let findings = SortKey.sorted(parts.map(\.findings), by: Finding.byDate) { SortKey(day: $0.date.dayNumber, minute: 0, subject: $0.subject) }
        return EvaluationReport(asOf: asOf, windowStart: start, dueActions: due, findings: findings, trace: trace,
                                problems: problems.inReportOrder(), dataIssues: issues.sorted(), skippedRows: skipped,
                                students: students, organisations: data.organisations.count, events: data.eventCount,
                                subjectFound: found, organisationKinds: Set(data.organisations.map(\.kind)),
                                coverage: coverage, notJudged: notJudged, focus: data.focus)
    }
}

/// The leading fields of the order of due actions (`DueAction.byDeadline`) and of findings
/// (`Finding.byDate`): a day, a minute, the subject.
struct SortKey {
    let day: Int32
    let minute: Int16
    let subject: SubjectID

    /// The values of `lists` in one list, in the order `precedes` gives, which `key` must agree
    /// with (the key's fields are its leading ones). Indices are sorted and each value is copied
    /// once, into the result: a due action or a finding is a large value, and every copy or move
    /// of one retains and releases each string it holds. Only ties of the key compare whole
    /// values.
    static func sorted<T>(_ lists: [[T]], by precedes: (T, T) -> Bool, key: (T) -> SortKey) -> [T] {
        var places: [(list: Int32, index: Int32)] = []
        var keys: [SortKey] = []
        for (l, list) in lists.enumerated() {
            for i in list.indices {
                places.append((Int32(l), Int32(i)))
                keys.append(key(list[i]))
            }
        }
        func value(_ k: Int) -> T { lists[Int(places[k].list)][Int(places[k].index)] }
        return keys.withUnsafeBufferPointer { keys in
            keys.indices.sorted { a, b in keys[a].decides(keys[b]) ?? precedes(value(a), value(b)) }.map(value)
        }
    }

    /// Whether `self` comes first, when the key decides it; nil on a tie.
    @inline(__always) func decides(_ o: SortKey) -> Bool? {
        if day != o.day { return day < o.day }
        if minute != o.minute { return minute < o.minute }
        if subject != o.subject { return subject < o.subject }
        return nil
    }
}

/// One evaluating thread's own evaluator (its own copy of the program), reader and plans.
final class Worker: @unchecked Sendable {
    let evaluator: Evaluator
    var reader: SubjectReader
    let plans: [JurisdictionPlan?]
    /// Subjects done so far (counted by the first thread, for progress).
    var done = 0
    init(evaluator: Evaluator, reader: SubjectReader, plans: [JurisdictionPlan?]) {
        self.evaluator = evaluator
        self.reader = reader
        self.plans = plans
    }
}

final class PartResult: @unchecked Sendable {
    var due = DueList.Builder()
    var findings: [Finding] = []
    var trace: [TraceStep] = []
    var problems = Set<EvaluationProblem>()
    var issues: [DataIssue] = []
    var notJudged = 0

    /// The due actions collected, handed over and no longer held here.
    func takeDue() -> DueList.Builder {
        defer { due = DueList.Builder() }
        return due
    }

    func add(_ outcome: Outcome, _ options: EvaluationOptions) {
        notJudged += outcome.notJudged
        if options.traceSubject != nil {
            for d in outcome.dueActions { due.append(d) }
            findings += options.keepFinding.map { outcome.findings.filter($0) } ?? outcome.findings
            trace += outcome.trace
        } else {
            // Appended one by one: a filtered copy first would copy each kept value twice, and
            // each copy retains every string it holds.
            if let keep = options.keepDue { for d in outcome.dueActions where keep(d) { due.append(d) } }
            if let keep = options.keepFinding { for f in outcome.findings where keep(f) { findings.append(f) } }
        }
        problems.formUnion(outcome.problems)
    }
}

/// Why an evaluation could not start. Each case maps to one exit status in the CLI.
public enum EvaluationSetupError: Error, Sendable {
    /// No policy at the path given (bad usage).
    case noPolicy(String)
    /// The policy tree has errors; they are in the report.
    case policyErrors(PolicyCheckReport)
    /// A calendar the policies name cannot be loaded.
    case calendars(LocalizedText)
    /// The case data cannot be read (a missing folder or file); why, in both languages.
    case data(LocalizedText)
    /// The tool could not do its work (the temporary directory cannot be written); why, in both
    /// languages.
    case toolFailure(LocalizedText)
    /// A file of the data set is unreadable or yields no usable row: nothing can be judged.
    case unusableData([DataIssue])
}

/// A checked policy tree, its calendars and a data set: everything an evaluation needs.
public struct EvaluationInput: Sendable {
    public var program: Program
    public var calendars: [String: WorkCalendar]
    public var data: CaseDataSet
    public var policyReport: PolicyCheckReport
}

extension Evaluation {
    /// Loads what `duly due`, `findings`, `explain` and `diff` evaluate: opens the policy tree
    /// with its calendars (`Workspace`: from `calendars`, else the tree's own folder) and reads the
    /// case data against it. With `focus` (explain), only that subject's rows are read when the
    /// data allows it (`CaseDataReader.load(_:program:focus:)`).
    public static func prepare(policy: String, calendars: String?, data: String, focus: String? = nil) throws(EvaluationSetupError) -> EvaluationInput {
        let workspace = try Workspace.open(policy: policy, calendars: calendars)
        let program = workspace.program!
        let set: CaseDataSet
        do {
            if let focus { set = try CaseDataReader.load(data, program: program, focus: focus) } else { set = try CaseDataReader.load(data, program: program) }
        } catch {
            throw error.isToolFailure ? .toolFailure(error.text) : .data(error.text)
        }
        let unusable = set.unusableFileIssues
        guard unusable.isEmpty else { throw .unusableData(unusable) }
        return EvaluationInput(program: program, calendars: workspace.calendars, data: set, policyReport: workspace.check)
    }
}

extension EvaluationOptions {
    /// Keeps the findings dated within `from`…`to` (either end open).
    public static func findings(from lo: CivilDate?, to hi: CivilDate?) -> @Sendable (Finding) -> Bool {
        { f in
            if let lo, f.date < lo { return false }
            if let hi, f.date > hi { return false }
            return true
        }
    }
}
