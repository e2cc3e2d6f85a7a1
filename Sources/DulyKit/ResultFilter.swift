import DulyModel
import DulySource

/// What `due` and `findings` keep when a clerk narrows the list: by rule (its name, its full ID
/// or a catalog ID it cites), kind and severity of a finding, status of an obligation, and the
/// responsible organisation or role. Each value is checked against the policy and the data
/// first, so a misspelt filter is an error with a suggestion, never an empty list that reads as
/// "nothing to do".
public struct ResultFilter: Sendable {
    public var rules: [String] = []
    public var kinds: [String] = []
    public var severities: [String] = []
    public var statuses: [String] = []
    public var organisations: [String] = []
    public var roles: [String] = []

    public init(rules: [String] = [], kinds: [String] = [], severities: [String] = [], statuses: [String] = [],
                organisations: [String] = [], roles: [String] = []) {
        self.rules = rules
        self.kinds = kinds
        self.severities = severities
        self.statuses = statuses
        self.organisations = organisations
        self.roles = roles
    }

    public var isEmpty: Bool {
        rules.isEmpty && kinds.isEmpty && severities.isEmpty && statuses.isEmpty && organisations.isEmpty && roles.isEmpty
    }

    /// A filter value that names nothing the policy or the data has.
    public struct UnknownValue: Error, Sendable, CustomStringConvertible {
        public var option: String
        public var value: String
        public var suggestion: String?
        public var known: [String]
        public var message: LocalizedText {
            let hintEN = suggestion.map { "; did you mean `\($0)`?" } ?? (known.isEmpty ? "" : "; one of: \(known.prefix(12).joined(separator: ", "))")
            let hintZH = suggestion.map { ";是否应为 `\($0)`?" } ?? (known.isEmpty ? "" : ";可选:\(known.prefix(12).joined(separator: "、"))")
            return LocalizedText(en: "--\(option) `\(value)` matches nothing\(hintEN)", zh: "--\(option) `\(value)` 没有匹配项\(hintZH)")
        }
        public var description: String { message.en }
    }

    /// The filter resolved against a program and a data set: the exact rule IDs, kinds and
    /// organisations to keep.
    public struct Resolved: Sendable {
        var ruleIDs: Set<RuleID>?
        var kinds: Set<FindingKind>?
        var severities: Set<DulyModel.Severity>?
        var statuses: Set<ObligationStatus>?
        var organisations: Set<OrganisationID>?
        var roles: Set<RoleName>?

        public func keeps(_ a: DueAction) -> Bool {
            if let statuses, !statuses.contains(a.status) { return false }
            return keeps(rule: a.rule, role: a.role, organisation: a.organisation, alternatives: a.alternatives)
        }

        public func keeps(_ f: Finding) -> Bool {
            if let kinds, !kinds.contains(f.kind) { return false }
            if let severities, !severities.contains(f.severity) { return false }
            return keeps(rule: f.rule, role: f.role, organisation: f.organisation, alternatives: f.alternatives)
        }

        /// The rule, and the holder or any alternative holder (a duty any of several may do is
        /// each one's).
        func keeps(rule: RuleID, role: RoleName, organisation: OrganisationID?, alternatives: [Holder]) -> Bool {
            if let ruleIDs, !ruleIDs.contains(rule) { return false }
            if let roles, !roles.contains(role) && !alternatives.contains(where: { roles.contains($0.role) }) { return false }
            if let organisations {
                let holders = [organisation] + alternatives.map(\.organisation)
                if !holders.contains(where: { $0.map(organisations.contains) == true }) { return false }
            }
            return true
        }
    }

    /// Resolves every value, or throws for the first that names nothing.
    public func resolve(program: Program, organisations known: [Organisation]) throws(UnknownValue) -> Resolved {
        var resolved = Resolved()
        if !rules.isEmpty {
            let all = program.jurisdictions.values.flatMap(\.rules)
            var ids = Set<RuleID>()
            for value in rules {
                let matching = all.filter { r in
                    r.id.rawValue == value || r.name == value || "\(r.jurisdiction.rawValue)/\(r.name)" == value
                        || r.catalogIDs.contains { $0.rawValue == value }
                }
                if matching.isEmpty {
                    let names = Set(all.map(\.name)).union(all.flatMap { $0.catalogIDs.map(\.rawValue) })
                    throw UnknownValue(option: "rule", value: value, suggestion: Suggestion.closest(to: value, in: names.sorted()), known: [])
                }
                ids.formUnion(matching.map(\.id))
            }
            resolved.ruleIDs = ids
        }
        if !kinds.isEmpty {
            resolved.kinds = Set(try kinds.map { v throws(UnknownValue) in
                guard let k = FindingKind(rawValue: v) else {
                    throw UnknownValue(option: "kind", value: v, suggestion: nil, known: FindingKind.allCases.map(\.rawValue))
                }
                return k
            })
        }
        if !severities.isEmpty {
            resolved.severities = Set(try severities.map { v throws(UnknownValue) in
                guard let s = DulyModel.Severity(rawValue: v) else { throw UnknownValue(option: "severity", value: v, suggestion: nil, known: ["error", "warning"]) }
                return s
            })
        }
        if !statuses.isEmpty {
            let open: [ObligationStatus] = ObligationStatus.allCases.filter(\.isOpen)
            resolved.statuses = Set(try statuses.map { v throws(UnknownValue) in
                guard let s = ObligationStatus(rawValue: v), s.isOpen else {
                    throw UnknownValue(option: "status", value: v, suggestion: nil, known: open.map(\.rawValue))
                }
                return s
            })
        }
        if !roles.isEmpty {
            let names = program.vocabulary.roles.keys.map(\.rawValue)
            resolved.roles = Set(try roles.map { v throws(UnknownValue) in
                guard program.vocabulary.roles[RoleName(v)] != nil else {
                    throw UnknownValue(option: "role", value: v, suggestion: Suggestion.closest(to: v, in: names.sorted()), known: [])
                }
                return RoleName(v)
            })
        }
        if !organisations.isEmpty {
            var ids = Set<OrganisationID>()
            for v in organisations {
                // An ID, or a name (several organisations may share one).
                let matching = known.filter { $0.id.rawValue == v || $0.name == v }
                if matching.isEmpty {
                    let names = known.flatMap { [$0.id.rawValue, $0.name] }
                    throw UnknownValue(option: "org", value: v, suggestion: Suggestion.closest(to: v, in: names), known: [])
                }
                ids.formUnion(matching.map(\.id))
            }
            resolved.organisations = ids
        }
        return resolved
    }
}
