import DulyTime

/// An organisation's ID in case data: `SCH-001`.
public struct OrganisationID: DomainName { public let rawValue: String; public init(_ rawValue: String) { self.rawValue = rawValue } }
/// A subject's ID in case data: a student (`S0001`) or an organisation.
public struct SubjectID: DomainName { public let rawValue: String; public init(_ rawValue: String) { self.rawValue = rawValue } }
/// An event's ID in case data, unique within a data set.
public struct EventID: DomainName { public let rawValue: String; public init(_ rawValue: String) { self.rawValue = rawValue } }

/// Where a value came from in case data: file and 1-based row (the header is row 1 in CSV).
public struct DataPlace: Hashable, Sendable, Codable, Comparable {
    public var file: String
    public var row: Int
    public init(file: String, row: Int) {
        self.file = file
        self.row = row
    }
    public static func < (a: DataPlace, b: DataPlace) -> Bool { (a.file, a.row) < (b.file, b.row) }
}

/// A school, township central school, county bureau or government, as case data lists it.
public struct Organisation: Hashable, Sendable, Codable {
    public var id: OrganisationID
    public var name: String
    /// The role kind from the vocabulary (学校, 乡镇中心校, 县教育局 …).
    public var kind: RoleName
    /// The organisations that manage this one (a school: its 乡镇中心校 and 乡镇政府).
    public var managers: [OrganisationID]
    /// The policy that governs it (通江县, 贵州省).
    public var jurisdiction: JurisdictionName
    /// The county it belongs to (区县), so "the 县教育局 of 户籍县" resolves.
    public var county: String?
    public init(id: OrganisationID, name: String, kind: RoleName, managers: [OrganisationID], jurisdiction: JurisdictionName, county: String?) {
        self.id = id
        self.name = name
        self.kind = kind
        self.managers = managers
        self.jurisdiction = jurisdiction
        self.county = county
    }
}

/// A typed attribute value of a subject or an event.
public enum AttributeValue: Hashable, Sendable {
    case flag(Bool)
    case number(Int)
    case text(String)
    case date(CivilDate)
    case time(TimeOfDay)
    case duration(Duration)
    case organisation(OrganisationID)
    /// A county named by its name rather than by an organisation (户籍县 = 正安县).
    case county(String)
}

/// One recorded event: an absence, a letter, a reply, an inspection.
public struct CaseEvent: Hashable, Sendable {
    public var id: EventID
    /// A student, or an organisation for events about an organisation (检查学校 of a school).
    public var subject: SubjectID
    public var date: CivilDate
    /// `nil` when the record has a date only.
    public var time: TimeOfDay?
    public var type: EventType
    /// Who did it.
    public var actor: OrganisationID?
    /// To whom (a report's or letter's addressee).
    public var recipient: OrganisationID?
    /// The event this one answers (a reply's letter).
    public var reference: EventID?
    public var attributes: [AttributeName: AttributeValue]
    public var place: DataPlace
    public init(id: EventID, subject: SubjectID, date: CivilDate, time: TimeOfDay?, type: EventType, actor: OrganisationID?,
                recipient: OrganisationID?, reference: EventID?, attributes: [AttributeName: AttributeValue], place: DataPlace) {
        self.id = id
        self.subject = subject
        self.date = date
        self.time = time
        self.type = type
        self.actor = actor
        self.recipient = recipient
        self.reference = reference
        self.attributes = attributes
        self.place = place
    }

    /// Events in time order; a date-only event sorts before timed ones of the same day, ties by ID.
    @inlinable public static func chronological(_ a: CaseEvent, _ b: CaseEvent) -> Bool {
        if a.date != b.date { return a.date < b.date }
        let ta = a.time?.minutes ?? -1, tb = b.time?.minutes ?? -1
        if ta != tb { return ta < tb }
        return a.id < b.id
    }
}

/// The organisations of a data set, with the lookups role resolution needs.
public struct OrganisationDirectory: Sendable {
    public let all: [OrganisationID: Organisation]
    /// Organisations each one manages, sorted by ID.
    public let managed: [OrganisationID: [OrganisationID]]
    /// `(county, kind)` → organisations, sorted by ID.
    let byCountyAndKind: [String: [RoleName: [OrganisationID]]]
    /// `(jurisdiction, kind)` → organisations, sorted by ID.
    let byJurisdictionAndKind: [JurisdictionName: [RoleName: [OrganisationID]]]
    /// Every county name the data mentions.
    public let counties: Set<String>
    /// `nearest(kind, from:)` for every organisation and every kind the data has, worked out
    /// once: every student asks it for the same few roles of the same few thousand schools.
    private(set) var nearestByOrganisation: [OrganisationID: [(kind: RoleName, found: OrganisationID?)]]
    /// Organisation kind → the role it acts as (管理区教育办 → 县教育局).
    public let actingRoles: [RoleName: RoleName]
    /// Every organisation in ID order: an organisation's symbol is its place here, so a
    /// subject's events name actors and addressees by a small integer.
    public let bySymbol: [Organisation]
    private let symbols: [OrganisationID: Int32]

    /// The symbol of an organisation of the data, or nil.
    public func symbol(of id: OrganisationID) -> Int32? { symbols[id] }

    /// Whether an organisation plays the organisation role `kind`: it is of that kind, or its
    /// kind acts as it.
    @inline(__always) public func plays(_ o: Organisation, _ kind: RoleName) -> Bool {
        o.kind == kind || actingRoles[o.kind] == kind
    }

    /// Pairs (kind, start kind) where the vocabulary puts `kind` between a kind that manages both
    /// and the start's kind (县教育局 管辖 乡镇中心校 and 学校, 乡镇中心校 管辖 学校): such a body is one of
    /// several at its level, over some organisations of the start's kind, not all (`mayStandIn`).
    private let intermediate: Set<[RoleName]>

    /// `managedKinds`: the vocabulary's `管辖` (`Vocabulary.managedKinds`), which tells a body over
    /// some of a county's schools from one over all of them; without it every fallback is taken.
    public init(_ organisations: [Organisation], actingRoles: [RoleName: RoleName] = [:], managedKinds: [RoleName: [RoleName]] = [:]) {
        self.actingRoles = actingRoles
        var between = Set<[RoleName]>()
        for (_, kinds) in managedKinds {
            for middle in kinds { for below in managedKinds[middle] ?? [] where kinds.contains(below) { between.insert([middle, below]) } }
        }
        intermediate = between
        var all: [OrganisationID: Organisation] = [:]
        var managed: [OrganisationID: [OrganisationID]] = [:]
        var county: [String: [RoleName: [OrganisationID]]] = [:]
        var juris: [JurisdictionName: [RoleName: [OrganisationID]]] = [:]
        var list: [Organisation] = []
        var symbols: [OrganisationID: Int32] = [:]
        for o in organisations.sorted(by: { $0.id < $1.id }) {
            // A repeated ID (reported by the reader) keeps the last, as `all` does.
            if let s = symbols[o.id] { list[Int(s)] = o } else { symbols[o.id] = Int32(list.count); list.append(o) }
            all[o.id] = o
            for m in o.managers { managed[m, default: []].append(o.id) }
            // An organisation is listed under its own kind and under the role it acts as.
            for kind in [o.kind] + (actingRoles[o.kind].map { [$0] } ?? []) {
                if let c = o.county { county[c, default: [:]][kind, default: []].append(o.id) }
                juris[o.jurisdiction, default: [:]][kind, default: []].append(o.id)
            }
        }
        self.all = all
        bySymbol = list
        self.symbols = symbols
        self.managed = managed
        byCountyAndKind = county
        byJurisdictionAndKind = juris
        counties = Set(county.keys)
        nearestByOrganisation = [:]
        let kinds = Set(organisations.map(\.kind) + organisations.compactMap { actingRoles[$0.kind] }).sorted()
        var memo: [OrganisationID: [(kind: RoleName, found: OrganisationID?)]] = [:]
        for id in all.keys { memo[id] = kinds.map { ($0, searchNearest($0, from: id)) } }
        nearestByOrganisation = memo
    }

    public subscript(id: OrganisationID) -> Organisation? { all[id] }

    /// The nearest organisation of `kind` at or above `start` through the "managed by" relation
    /// (breadth first, managers in ID order), else the only one of that kind in the same county,
    /// else in the same jurisdiction when it reaches the start's county (`reaches`), unless it is a
    /// body beside the start rather than over it (`mayStandIn`).
    public func nearest(_ kind: RoleName, from start: OrganisationID) -> OrganisationID? {
        if let known = nearestByOrganisation[start] {
            for entry in known where entry.kind == kind { return entry.found }
            return nil  // no organisation of that kind in the data
        }
        return searchNearest(kind, from: start)
    }

    /// The nearest organisation playing `kind` at or above `start` through "managed by" only
    /// (breadth first, managers in ID order), or nil.
    public func above(_ kind: RoleName, from start: OrganisationID) -> OrganisationID? {
        var queue = [start]
        var seen: Set<OrganisationID> = [start]
        var i = 0
        while i < queue.count {
            let id = queue[i]
            i += 1
            guard let o = all[id] else { continue }
            if plays(o, kind) { return id }
            for m in o.managers.sorted() where seen.insert(m).inserted { queue.append(m) }
        }
        return nil
    }

    private func searchNearest(_ kind: RoleName, from start: OrganisationID) -> OrganisationID? {
        if let found = above(kind, from: start) { return found }
        guard let o = all[start] else { return nil }
        if let c = o.county, let list = byCountyAndKind[c]?[kind], list.count == 1, mayStandIn(list[0], over: o) { return list[0] }
        if let list = byJurisdictionAndKind[o.jurisdiction]?[kind], list.count == 1, mayStandIn(list[0], over: o),
           reaches(list[0], countyOf: o) { return list[0] }
        return nil
    }

    /// Whether `candidate`, the only organisation of a kind in `o`'s county (or jurisdiction),
    /// may be taken as `o`'s although no "managed by" link leads to it. Not when the vocabulary
    /// puts its kind between `o`'s kind and a kind above both (`intermediate`), and the data
    /// hangs it under one of `o`'s own managers: then it is a body beside `o`, over other
    /// organisations of `o`'s kind (a 乡镇中心校 under the county bureau that manages this school
    /// directly; 临夏县's bureau under the prefecture bureau that manages the prefecture's own
    /// school), and a finding against it would name the wrong party. A body over all of a
    /// county's schools (县教育局, a 管理区教育办 acting as one, 县政府) is taken whatever the
    /// school's links, and so is anything for an `o` the data links to no manager.
    private func mayStandIn(_ candidate: OrganisationID, over o: Organisation) -> Bool {
        guard !o.managers.isEmpty, let c = all[candidate], intermediate.contains([c.kind, o.kind]) else { return true }
        var chain: Set<OrganisationID> = []
        var queue = o.managers
        while let m = queue.popLast() {
            guard chain.insert(m).inserted else { continue }
            queue += all[m]?.managers ?? []
        }
        return !c.managers.contains { chain.contains($0) }
    }

    /// Whether `candidate` may stand for `o` across counties: only when it is in `o`'s county,
    /// either has none, or it manages (through "managed by") something in `o`'s county. A
    /// prefecture bureau seated in 临夏市 manages 临夏县's bureau and so is 临夏县's too; 临夏县's
    /// government is not a 临夏市 school's because the prefecture's data has only one.
    private func reaches(_ candidate: OrganisationID, countyOf o: Organisation) -> Bool {
        guard let county = o.county, let c = all[candidate], let own = c.county, own != county else { return true }
        var seen: Set<OrganisationID> = []
        var queue = managed[candidate] ?? []
        while let m = queue.popLast() {
            guard seen.insert(m).inserted else { continue }
            if all[m]?.county == county { return true }
            queue += managed[m] ?? []
        }
        return false
    }

    /// The organisation of `kind` that an organisation-valued attribute points at: the
    /// organisation itself when it is of that kind, else the one of that kind in its county.
    public func organisation(_ kind: RoleName, of value: AttributeValue) -> OrganisationID? {
        switch value {
        case .organisation(let id):
            guard let o = all[id] else { return nil }
            if plays(o, kind) { return id }
            if let c = o.county, let list = byCountyAndKind[c]?[kind], list.count == 1 { return list[0] }
            return nearest(kind, from: id)
        case .county(let c):
            if let list = byCountyAndKind[c]?[kind], list.count == 1 { return list[0] }
            return nil
        default:
            return nil
        }
    }

    /// The county an organisation-valued attribute denotes, for comparing 户籍县 with 学籍县.
    public func county(of value: AttributeValue) -> String? {
        switch value {
        case .organisation(let id): all[id]?.county
        case .county(let c): c
        default: nil
        }
    }
}

/// The days a data set speaks for: from its first covered day through its last. A duty judged
/// outside them is not judged at all, since nobody can tell from the data whether it was done.
public struct DataCoverage: Hashable, Sendable, Codable, CustomStringConvertible {
    public var from: CivilDate
    public var through: CivilDate

    public init(from: CivilDate, through: CivilDate) {
        self.from = from
        self.through = through
    }

    /// A period is judged when it lies inside: its first day on or after `from` and its
    /// judgement point on or before `through`.
    public func covers(first: CivilDate, judgedOn due: CivilDate) -> Bool { first >= from && due <= through }

    public var description: String { "\(from)…\(through)" }
}

/// What a data set covers: the whole set's days, and the days of the organisations a coverage
/// row names (with everything they manage and those schools' students).
public struct CoverageMap: Hashable, Sendable {
    /// The whole data set: its own row, else its first through its last recorded event.
    public var whole: DataCoverage
    /// Per organisation, the coverage of the nearest row at or above it through "managed by";
    /// organisations no row reaches use `whole`.
    public var byOrganisation: [OrganisationID: DataCoverage]
    /// Where the user asked judging to begin (`--from`): it narrows every coverage's start.
    public var requestedFrom: CivilDate?

    public init(whole: DataCoverage, byOrganisation: [OrganisationID: DataCoverage] = [:], requestedFrom: CivilDate? = nil) {
        self.whole = whole
        self.byOrganisation = byOrganisation
        self.requestedFrom = requestedFrom
    }

    /// The coverage that applies to duties about `organisation` (a student's school, an
    /// organisation holding a recurring duty), narrowed by `requestedFrom`.
    public func coverage(of organisation: OrganisationID?) -> DataCoverage {
        var c = organisation.flatMap { byOrganisation[$0] } ?? whole
        if let requestedFrom, requestedFrom > c.from { c.from = requestedFrom }
        return c
    }

    /// The latest day any coverage reaches.
    public var lastCovered: CivilDate { byOrganisation.values.map(\.through).reduce(whole.through, max) }
    /// The earliest day any coverage starts.
    public var firstCovered: CivilDate { byOrganisation.values.map(\.from).reduce(whole.from, min) }

    /// Resolves rows naming organisations to every organisation they reach: an organisation
    /// takes the row of the nearest organisation at or above it (itself first, then its managers
    /// breadth first in ID order).
    public static func resolve(whole: DataCoverage, rows: [OrganisationID: DataCoverage], directory: OrganisationDirectory) -> [OrganisationID: DataCoverage] {
        guard !rows.isEmpty else { return [:] }
        var result: [OrganisationID: DataCoverage] = [:]
        for id in directory.all.keys {
            var queue = [id], seen: Set<OrganisationID> = [id], i = 0
            while i < queue.count {
                let o = queue[i]
                i += 1
                if let c = rows[o] { result[id] = c; break }
                for m in (directory[o]?.managers ?? []).sorted() where seen.insert(m).inserted { queue.append(m) }
            }
        }
        return result
    }
}
