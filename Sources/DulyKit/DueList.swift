import DulyModel
import DulyTime

/// An evaluation's due actions, held compactly and in deadline order (`DueAction.byDeadline`).
///
/// A `DueAction` is a value of some 380 bytes: a dozen strings, optionals and arrays. Each is
/// kept here as a record of small integers (80 bytes) and its trigger's ID (16 bytes, the ID
/// itself when it is short): every other string it names is stored once in a pool and referred
/// to by its place there, and the fields most due actions leave empty (alternatives, the acts
/// that discharged it, a note) sit in a side list where equal ones are kept once. A list of
/// millions of obligations (a rule that opens a duty per absence) then costs a quarter of the
/// memory, and a `DueAction` is built only when one is read, one at a time, for a renderer.
///
/// Read it as a collection of `DueAction`s.
public struct DueList: RandomAccessCollection, Sendable, Equatable {
    /// One due action. Strings are places in `pool` (-1: nil); dates are day numbers
    /// (`Int32.min`: nil); `extra` is a place in `extras` (-1: none). The trigger is in
    /// `triggers`, at the record's own place: nearly every obligation has its own, so a pool
    /// would only add an entry per ID.
    struct Record: Sendable {
        var subject: Int32, subjectName: Int32, action: Int32, role: Int32
        var organisation: Int32, organisationName: Int32, recipient: Int32, rule: Int32
        var citation: Int32, period: Int32, countedUnder: Int32
        var start: Int32, due: Int32, doneOn: Int32, daysLeft: Int32
        var dutyIndex: Int32, extra: Int32
        /// Minutes after midnight, -1: nil.
        var dueTime: Int16
        /// -1: nil.
        var step: Int16
        var status: UInt8
    }

    /// What few due actions have: kept whole, beside the records, each different one once.
    struct Extra: Hashable, Sendable {
        var recipientAlternatives: [RoleName]
        var actionAlternatives: [EventType]
        var doneBy: [EventID]
        var note: DueNote?
        var alternatives: [Holder]
        var basis: CalendarBasis
        /// Numbers too large for the record's fields (never made by the evaluator; kept so that
        /// a list gives back exactly what was put in).
        var daysLeft: Int?
        var dutyIndex: Int?
        var step: Int?
    }

    private(set) var records: [Record] = []
    private(set) var triggers: [EventID?] = []
    private(set) var extras: [Extra] = []
    private(set) var pool: [String] = []

    public init() {}

    /// The list of `actions`, in the order given.
    public init(_ actions: some Sequence<DueAction>) {
        var builder = Builder()
        for a in actions { builder.append(a) }
        self = builder.list
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { records.count }

    public subscript(position: Int) -> DueAction { action(records[position], trigger: triggers[position]) }

    public static func == (a: DueList, b: DueList) -> Bool { a.elementsEqual(b) }

    private func string(_ i: Int32) -> String? { i >= 0 ? pool[Int(i)] : nil }

    private func action(_ r: Record, trigger: EventID?) -> DueAction {
        let extra = r.extra >= 0 ? extras[Int(r.extra)] : nil
        func date(_ d: Int32) -> CivilDate? { d == Int32.min ? nil : CivilDate(dayNumber: d) }
        var a = DueAction(subject: SubjectID(pool[Int(r.subject)]), subjectName: pool[Int(r.subjectName)], action: EventType(pool[Int(r.action)]),
                          role: RoleName(pool[Int(r.role)]), organisation: string(r.organisation).map(OrganisationID.init),
                          organisationName: string(r.organisationName), recipient: string(r.recipient).map(RoleName.init),
                          recipientAlternatives: extra?.recipientAlternatives ?? [], rule: RuleID(pool[Int(r.rule)]), citation: pool[Int(r.citation)],
                          trigger: trigger, start: date(r.start), period: string(r.period), due: date(r.due),
                          dueTime: r.dueTime >= 0 ? TimeOfDay(minutesSinceMidnight: Int(r.dueTime)) : nil,
                          daysLeft: extra?.daysLeft ?? (r.daysLeft == Int32.min ? nil : Int(r.daysLeft)),
                          status: ObligationStatus.allCases[Int(r.status)], doneBy: extra?.doneBy ?? [], doneOn: date(r.doneOn), note: extra?.note,
                          dutyIndex: extra?.dutyIndex ?? Int(r.dutyIndex), step: extra?.step ?? (r.step >= 0 ? Int(r.step) : nil),
                          alternatives: extra?.alternatives ?? [], countedUnder: string(r.countedUnder).map(JurisdictionName.init))
        a.actionAlternatives = extra?.actionAlternatives ?? []
        a.basis = extra?.basis ?? .calendar
        return a
    }

    /// Collects due actions as they are judged (one per evaluating thread); `list` gives them
    /// in the order appended, `sorted(_:)` the lists of several builders in deadline order.
    public struct Builder: Sendable {
        private(set) var list = DueList()
        /// Keyed by names, which compare by UTF-8 bytes: two spellings of one character stay two.
        private var places: [SubjectID: Int32] = [:]
        /// The last string put in the pool for each field: a subject's due actions name the same
        /// subject, rule and organisation one after another, so most strings are found without
        /// hashing.
        private var recent = [Int32](repeating: -1, count: 11)
        private var extraPlaces: [Extra: Int32] = [:]
        private var recentExtra: Int32 = -1

        public init() {}

        public var count: Int { list.records.count }

        private mutating func place(_ s: String, field: Int) -> Int32 {
            let last = recent[field]
            let key = SubjectID(s)
            if last >= 0 && SubjectID(list.pool[Int(last)]) == key { return last }
            let p: Int32
            if let known = places[key] {
                p = known
            } else {
                p = Int32(list.pool.count)
                list.pool.append(s)
                places[key] = p
            }
            recent[field] = p
            return p
        }

        private mutating func place(_ s: String?, field: Int) -> Int32 { s.map { place($0, field: field) } ?? -1 }

        public mutating func append(_ a: DueAction) {
            func day(_ d: CivilDate?) -> Int32 { d?.dayNumber ?? Int32.min }
            let daysFit = a.daysLeft.map { $0 > Int(Int32.min) && $0 <= Int(Int32.max) } ?? true
            let indexFits = a.dutyIndex >= 0 && a.dutyIndex <= Int(Int32.max)
            let stepFits = a.step.map { (0...Int(Int16.max)).contains($0) } ?? true
            var extra: Int32 = -1
            if !a.recipientAlternatives.isEmpty || !a.actionAlternatives.isEmpty || !a.doneBy.isEmpty || a.note != nil || !a.alternatives.isEmpty
                || a.basis != .calendar || !daysFit || !indexFits || !stepFits {
                let e = Extra(recipientAlternatives: a.recipientAlternatives, actionAlternatives: a.actionAlternatives, doneBy: a.doneBy,
                              note: a.note, alternatives: a.alternatives, basis: a.basis, daysLeft: daysFit ? nil : a.daysLeft,
                              dutyIndex: indexFits ? nil : a.dutyIndex, step: stepFits ? nil : a.step)
                // A rule's undated duties share one note: most extras repeat the one before.
                if recentExtra >= 0 && list.extras[Int(recentExtra)] == e {
                    extra = recentExtra
                } else if let known = extraPlaces[e] {
                    extra = known
                } else {
                    extra = Int32(list.extras.count)
                    list.extras.append(e)
                    extraPlaces[e] = extra
                }
                recentExtra = extra
            }
            let record = Record(subject: place(a.subject.rawValue, field: 0), subjectName: place(a.subjectName, field: 1),
                                action: place(a.action.rawValue, field: 2), role: place(a.role.rawValue, field: 3),
                                organisation: place(a.organisation?.rawValue, field: 4), organisationName: place(a.organisationName, field: 5),
                                recipient: place(a.recipient?.rawValue, field: 6), rule: place(a.rule.rawValue, field: 7),
                                citation: place(a.citation, field: 8), period: place(a.period, field: 9),
                                countedUnder: place(a.countedUnder?.rawValue, field: 10),
                                start: day(a.start), due: day(a.due), doneOn: day(a.doneOn),
                                daysLeft: daysFit ? a.daysLeft.map { Int32($0) } ?? Int32.min : Int32.min,
                                dutyIndex: indexFits ? Int32(a.dutyIndex) : 0, extra: extra, dueTime: a.dueTime.map { Int16($0.minutes) } ?? -1,
                                step: stepFits ? a.step.map { Int16($0) } ?? -1 : -1,
                                status: UInt8(ObligationStatus.allCases.firstIndex(of: a.status)!))
            list.records.append(record)
            list.triggers.append(a.trigger)
        }

        /// The due actions of `builders` in one list, in deadline order (`DueAction.byDeadline`,
        /// ties in the order the builders and their appends give). The order is worked out on
        /// the records: each pooled string a key compares is ranked once, so a comparison is of
        /// integers. Each builder is let go once it is merged, so the lists are not held twice.
        public static func sorted(_ builders: consuming [Builder]) -> DueList {
            // One list (a small evaluation, or one thread's): its pool is the merged one.
            if builders.count(where: { $0.count > 0 }) <= 1 {
                var only = builders.first(where: { $0.count > 0 })?.list ?? DueList()
                builders = []
                only.sortByDeadline()
                return only
            }
            var all = DueList()
            var places: [SubjectID: Int32] = [:]
            all.records.reserveCapacity(builders.reduce(0) { $0 + $1.count })
            all.triggers.reserveCapacity(all.records.capacity)
            for n in builders.indices {
                let b = builders[n]
                builders[n] = Builder()
                // The builder's pool places, renumbered into the merged pool.
                let renumber = b.list.pool.map { s -> Int32 in
                    if let p = places[SubjectID(s)] { return p }
                    let p = Int32(all.pool.count)
                    all.pool.append(s)
                    places[SubjectID(s)] = p
                    return p
                }
                let extraBase = Int32(all.extras.count)
                all.extras += b.list.extras
                all.triggers += b.list.triggers
                for var r in b.list.records {
                    func re(_ i: Int32) -> Int32 { i >= 0 ? renumber[Int(i)] : -1 }
                    r.subject = re(r.subject); r.subjectName = re(r.subjectName); r.action = re(r.action); r.role = re(r.role)
                    r.organisation = re(r.organisation); r.organisationName = re(r.organisationName); r.recipient = re(r.recipient)
                    r.rule = re(r.rule); r.citation = re(r.citation); r.period = re(r.period)
                    r.countedUnder = re(r.countedUnder)
                    if r.extra >= 0 { r.extra += extraBase }
                    all.records.append(r)
                }
            }
            all.sortByDeadline()
            return all
        }
    }

    /// Orders the records as `DueAction.byDeadline` orders due actions. Subjects and rules compare
    /// as names (UTF-8 bytes), triggers, organisations and periods as strings (a nil one as
    /// ""), as there. The records are then moved into that order in place.
    private mutating func sortByDeadline() {
        guard records.count > 1 else { return }
        var order = deadlineOrder()
        permute(by: &order)
    }

    /// The places of the records in deadline order. Read in place: a copy of the records held
    /// here would make the permutation that follows copy them all.
    ///
    /// Two places of the pool are two different byte strings, so unequal places decide a
    /// comparison. A long list ranks the pool's strings once in each order first, and then
    /// compares integers; a short one compares the strings.
    private func deadlineOrder() -> [Int32] {
        let ranked = records.count >= 1024
        func ranks(_ precedes: (String, String) -> Bool) -> [Int32] {
            guard ranked else { return [] }
            let order = pool.indices.sorted { precedes(pool[$0], pool[$1]) }
            var rank = [Int32](repeating: 0, count: pool.count)
            var r: Int32 = 0
            for (n, i) in order.enumerated() {
                if n > 0 && precedes(pool[order[n - 1]], pool[i]) { r += 1 }
                rank[i] = r
            }
            return rank
        }
        let byName = ranks { SubjectID($0) < SubjectID($1) }, byString = ranks { $0 < $1 }
        // Rank -1 for nil, which compares as "" (whose rank may be above it only if "" is in the pool).
        let emptyRank: Int32 = pool.firstIndex(where: \.isEmpty).map { ranked ? byString[$0] : 0 } ?? -1
        func nameFirst(_ i: Int32, _ j: Int32) -> Bool {
            ranked ? byName[Int(i)] < byName[Int(j)] : SubjectID(pool[Int(i)]) < SubjectID(pool[Int(j)])
        }
        func textFirst(_ i: Int32, _ j: Int32) -> Bool {
            if ranked {
                let x = i >= 0 ? byString[Int(i)] : emptyRank, y = j >= 0 ? byString[Int(j)] : emptyRank
                return x < y
            }
            return (i >= 0 ? pool[Int(i)] : "") < (j >= 0 ? pool[Int(j)] : "")
        }
        func step(_ r: Record) -> Int { r.extra >= 0 ? extras[Int(r.extra)].step ?? Swift.max(0, Int(r.step)) : Swift.max(0, Int(r.step)) }
        func dutyIndex(_ r: Record) -> Int { r.extra >= 0 ? extras[Int(r.extra)].dutyIndex ?? Int(r.dutyIndex) : Int(r.dutyIndex) }
        return (0..<Int32(records.count)).sorted { x, y in
            let a = records[Int(x)], b = records[Int(y)]
            let da = a.due == Int32.min ? Int32.max : a.due, db = b.due == Int32.min ? Int32.max : b.due
            if da != db { return da < db }
            let ta = a.dueTime >= 0 ? a.dueTime : 1440, tb = b.dueTime >= 0 ? b.dueTime : 1440
            if ta != tb { return ta < tb }
            if a.subject != b.subject { return nameFirst(a.subject, b.subject) }
            if a.rule != b.rule { return nameFirst(a.rule, b.rule) }
            let sa = step(a), sb = step(b)
            if sa != sb { return sa < sb }
            let ia = dutyIndex(a), ib = dutyIndex(b)
            if ia != ib { return ia < ib }
            let ga = triggers[Int(x)], gb = triggers[Int(y)]
            if ga != gb { return (ga?.rawValue ?? "") < (gb?.rawValue ?? "") }
            if a.organisation != b.organisation { return textFirst(a.organisation, b.organisation) }
            return textFirst(a.period, b.period)
        }
    }

    /// Puts the record at `order[i]` (and its trigger) at place `i`, for every `i`, following
    /// each cycle of the permutation: no second copy of the list. `order` is used up.
    private mutating func permute(by order: inout [Int32]) {
        for start in order.indices where order[start] >= 0 {
            let record = records[start], trigger = triggers[start]
            var i = start
            while true {
                let from = Int(order[i])
                order[i] = -1
                if from == start {
                    records[i] = record
                    triggers[i] = trigger
                    break
                }
                records[i] = records[from]
                triggers[i] = triggers[from]
                i = from
            }
        }
    }
}
