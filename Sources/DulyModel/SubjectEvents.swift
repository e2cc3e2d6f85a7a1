import DulyTime

/// Small integer names for a program's event types, in name order. An event's type and a
/// rule's are compared as one integer; a data set's own type numbers are translated once.
public struct EventTypeTable: Sendable {
    private let symbols: Symbols<EventType>
    /// The names, by symbol.
    public var names: [EventType] { symbols.names }

    public init(_ types: some Sequence<EventType>) { symbols = Symbols(types) }

    /// The symbol of `type`, or nil when the program has no such type.
    public func symbol(of type: EventType) -> Int32? {
        let s = symbols.symbol(of: type)
        return s >= 0 ? s : nil
    }

    /// The symbol a rule's type is compared by: a type the program lacks gets one no event has.
    public func ruleSymbol(of type: EventType) -> Int32 { symbol(of: type) ?? EventTypeTable.none }

    /// The symbol of no type: an event whose type the program lacks, or a rule's unknown type.
    /// Two different values, so the two never match.
    public static let none: Int32 = -2
    public static let unknown: Int32 = -1
}

/// A set of event-type symbols as bits: which types a subject's events have, which a rule can
/// act on. Symbols past 255 are kept as "any": the set then meets every other set.
public struct EventTypeSet: Sendable, Equatable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var any = false

    public init() {}
    public init(_ symbols: some Sequence<Int32>) {
        for s in symbols { insert(s) }
    }

    public mutating func insert(_ s: Int32) {
        guard s >= 0 else { return }
        guard s < 256 else { any = true; return }
        let bit = UInt64(1) << UInt64(s & 63)
        switch s >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    public mutating func formUnion(_ o: EventTypeSet) {
        words = (words.0 | o.words.0, words.1 | o.words.1, words.2 | o.words.2, words.3 | o.words.3)
        any = any || o.any
    }

    /// Whether the two sets share a symbol (or either holds one past 255).
    @inline(__always) public func meets(_ o: EventTypeSet) -> Bool {
        any || o.any || (words.0 & o.words.0) | (words.1 & o.words.1) | (words.2 & o.words.2) | (words.3 & o.words.3) != 0
    }

    public static func == (a: EventTypeSet, b: EventTypeSet) -> Bool {
        a.any == b.any && a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }
}

/// An event's or a student's attributes as the few pairs they are (有正当理由 = 否). Each pair
/// also carries its name's symbol (`AttributeSymbols`; -1 when no rule reads the name): a
/// compiled condition finds a value by comparing one integer, a trace or a note by the name.
public struct AttributeList: Sendable {
    public private(set) var pairs: [(name: AttributeName, value: AttributeValue, symbol: Int32)] = []

    public init() {}

    public var isEmpty: Bool { pairs.isEmpty }

    /// Read in place: copying each pair out of the list retained and released its strings.
    public subscript(name: AttributeName) -> AttributeValue? {
        pairs.withUnsafeBufferPointer { pairs in
            for i in pairs.indices where pairs[i].name == name { return pairs[i].value }
            return nil
        }
    }

    /// The value of the attribute whose name has symbol `symbol`; nil for -1, the symbol of
    /// every name no rule reads.
    @inline(__always) public subscript(symbol symbol: Int32) -> AttributeValue? {
        guard symbol >= 0 else { return nil }
        return pairs.withUnsafeBufferPointer { pairs in
            for i in pairs.indices where pairs[i].symbol == symbol { return pairs[i].value }
            return nil
        }
    }

    /// Sets a value (a name given twice keeps the last, as a dictionary would). `symbol` is the
    /// name's in the program's `AttributeSymbols`, which compiled conditions look values up by:
    /// given wrongly (or -1 for a name a rule reads), a condition reads the value as missing.
    public mutating func set(_ name: AttributeName, _ value: AttributeValue, symbol: Int32) {
        if let i = pairs.firstIndex(where: { $0.name == name }) { pairs[i].value = value } else { pairs.append((name, value, symbol)) }
    }

    /// The pairs as a dictionary, for a whole `CaseEvent`.
    public var dictionary: [AttributeName: AttributeValue] {
        Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }
}

/// Small integer names for a kind of name the program declares, in name order: the attribute
/// names data rows carry with their values, the roles duties are held by. Compiled rules compare
/// them; the name stays available for what is said about them.
public struct Symbols<Name: DomainName>: Sendable {
    public let names: [Name]
    private let index: [Name: Int32]

    public init(_ names: some Sequence<Name>) {
        self.names = Array(Set(names)).sorted()
        var index: [Name: Int32] = [:]
        for (i, n) in self.names.enumerated() { index[n] = Int32(i) }
        self.index = index
    }

    /// The symbol of `name`; -1 when the program does not declare it.
    public func symbol(of name: Name) -> Int32 { index[name] ?? -1 }

    /// The name of symbol `s` (never -1).
    public func name(_ s: Int32) -> Name { names[Int(s)] }
}

/// The vocabulary's attribute names: a condition finds a value by its name's symbol.
public typealias AttributeSymbols = Symbols<AttributeName>
/// The vocabulary's roles (and the organisation kinds among them): a duty's holders and
/// addressees are bound by symbol, once per subject.
public typealias RoleSymbols = Symbols<RoleName>

/// What a subject's events need only when a result names them: the ID and the type's name. A
/// data set answers from its records, so no string is built for an event nobody names.
public protocol EventDetails: AnyObject, Sendable {
    func id(ofRecord record: UInt32) -> EventID
    func type(ofRecord record: UInt32) -> EventType
}

/// A subject's events in time order (date, then time with date-only first, then ID bytes: the
/// order of `CaseEvent.chronological`), as columns of small integers the evaluator reads in
/// place. Types are `EventTypeTable` symbols, organisations `OrganisationDirectory` symbols
/// (-1: none), a reference the index of the event it names in this list.
public struct SubjectEvents: Sendable {
    public private(set) var types: [Int32] = []
    public private(set) var dates: [CivilDate] = []
    /// Minutes after midnight; -1 when the record has a date only.
    public private(set) var minutes: [Int16] = []
    public private(set) var actors: [Int32] = []
    public private(set) var recipients: [Int32] = []
    /// The index of the event this one answers; -1: it names none.
    public private(set) var references: [Int32] = []
    /// The attributes the rules can read (shared storage: most events carry the same few).
    public private(set) var attributes: [AttributeList] = []
    /// Each event's record, for `details`.
    public private(set) var records: [UInt32] = []
    public private(set) var details: (any EventDetails)?
    /// The events seen: the first `count` of the columns (`keep(through:)` lowers it without
    /// touching the columns, so a list is trimmed to the as-of date without a copy).
    public private(set) var count = 0

    public init(details: (any EventDetails)?) {
        self.details = details
    }

    public var isEmpty: Bool { count == 0 }

    /// Empties the list for the next subject, keeping its storage: a reading thread fills one
    /// list subject after subject instead of allocating eight arrays for each.
    public mutating func reset(details: (any EventDetails)?) {
        self.details = details
        types.removeAll(keepingCapacity: true)
        dates.removeAll(keepingCapacity: true)
        minutes.removeAll(keepingCapacity: true)
        actors.removeAll(keepingCapacity: true)
        recipients.removeAll(keepingCapacity: true)
        references.removeAll(keepingCapacity: true)
        attributes.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        count = 0
    }

    /// Adds the next event in time order.
    public mutating func append(type: Int32, date: CivilDate, minutes m: Int16, actor: Int32, recipient: Int32, reference: Int32,
                                attributes a: AttributeList, record: UInt32) {
        types.append(type)
        dates.append(date)
        minutes.append(m)
        actors.append(actor)
        recipients.append(recipient)
        references.append(reference)
        attributes.append(a)
        records.append(record)
        count += 1
    }

    /// Keeps the events on or before `day`: the list is in time order, so they are a prefix.
    /// A reference to an event past it names an index of `count` or more, which no seen event has.
    public mutating func keep(through day: CivilDate) {
        while count > 0 && dates[count - 1] > day { count -= 1 }
    }

    /// The types of the seen events on or before `day`.
    public func typeSet(through day: CivilDate) -> EventTypeSet {
        var set = EventTypeSet()
        for k in 0..<count where dates[k] <= day { set.insert(types[k]) }
        return set
    }

    @inline(__always) public func time(_ k: Int) -> TimeOfDay? {
        let m = minutes[k]
        return m >= 0 ? TimeOfDay(minutesSinceMidnight: Int(m)) : nil
    }

    /// Event `k`'s value of attribute `name`, read in place (no copy of its list).
    @inline(__always) public func attribute(_ k: Int, _ name: AttributeName) -> AttributeValue? {
        attributes.withUnsafeBufferPointer { $0[k][name] }
    }

    /// Event `k`'s value of the attribute whose name has symbol `symbol`, read in place.
    @inline(__always) public func attribute(_ k: Int, symbol: Int32) -> AttributeValue? {
        attributes.withUnsafeBufferPointer { $0[k][symbol: symbol] }
    }

    public func id(_ k: Int) -> EventID { details?.id(ofRecord: records[k]) ?? EventID("") }
    public func typeName(_ k: Int) -> EventType { details?.type(ofRecord: records[k]) ?? EventType("") }
}

/// The acts an organisation did of the types its recurring duties count (meetings held, ledgers
/// updated, reports made), in time order (`CaseEvent.chronological`): a recurring duty judges
/// them as the triggered rules judge a subject's events, and builds an ID or a type name only for
/// an act a result names.
///
/// They are a `SubjectEvents` list (the organisation is every act's actor) with one column more:
/// the subject each act is about (the school a county inspected), an `OrganisationDirectory`
/// symbol, -1 for a student.
public struct OrganisationActs: Sendable {
    public private(set) var events: SubjectEvents
    public private(set) var subjects: [Int32] = []

    public init(details: (any EventDetails)?) {
        events = SubjectEvents(details: details)
    }

    public var count: Int { events.count }

    /// Empties the list for the next organisation, keeping its storage.
    public mutating func reset(details: (any EventDetails)?) {
        events.reset(details: details)
        subjects.removeAll(keepingCapacity: true)
    }

    /// Adds the next act in time order.
    public mutating func append(type: Int32, date: CivilDate, minutes: Int16, recipient: Int32, subject: Int32, record: UInt32) {
        events.append(type: type, date: date, minutes: minutes, actor: -1, recipient: recipient, reference: -1, attributes: AttributeList(), record: record)
        subjects.append(subject)
    }

    /// Keeps the acts on or before `day` (a prefix: they are in time order).
    public mutating func keep(through day: CivilDate) { events.keep(through: day) }
}
