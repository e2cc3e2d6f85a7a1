import DulySource
import DulyTime

/// Where something was declared, for diagnostics that point back into a policy file.
public struct SourcePlace: Hashable, Sendable, Codable {
    public var path: String
    public var span: Span
    public init(path: String, span: Span) {
        self.path = path
        self.span = span
    }
}

/// The type of an attribute of a subject or an event.
public enum ValueType: String, Hashable, Sendable, Codable, CaseIterable {
    case date, time, number, text, flag, organisation, duration

    public var chinese: String {
        switch self {
        case .date: "日期"
        case .time: "时间"
        case .number: "数量"
        case .text: "文本"
        case .flag: "是否"
        case .organisation: "组织"
        case .duration: "时长"
        }
    }
}

public struct Attribute: Hashable, Sendable, Codable {
    public var name: AttributeName
    public var label: String?
    public var type: ValueType
    public var place: SourcePlace
    public init(name: AttributeName, label: String?, type: ValueType, place: SourcePlace) {
        self.name = name
        self.label = label
        self.type = type
        self.place = place
    }
}

/// How the organisation playing a role for a subject is found in case data.
public enum RoleResolution: Hashable, Sendable, Codable {
    /// An organisation of this role kind linked to the subject directly (the student's school).
    case organisation(manages: [RoleName])
    /// A person at an organisation role (班主任 at 学校): the duty shows in that organisation's list.
    case person(at: RoleName)
    /// The organisation of `role` kind found through a subject attribute (户籍地教育局 is the
    /// 县教育局 of 户籍县).
    case via(role: RoleName, attribute: AttributeName)
}

public struct Role: Hashable, Sendable, Codable {
    public var name: RoleName
    public var label: String?
    public var resolution: RoleResolution
    public var place: SourcePlace
    /// The organisation role this kind of organisation acts as (管理区教育办 acts as 县教育局 for
    /// its zone): it holds that role's duties and is found where that role is looked for.
    public var actsAs: RoleName?
    public init(name: RoleName, label: String?, resolution: RoleResolution, place: SourcePlace) {
        self.name = name
        self.label = label
        self.resolution = resolution
        self.place = place
    }
}

public struct SubjectSchema: Hashable, Sendable, Codable {
    public var kind: SubjectKind
    public var label: String?
    public var attributes: [Attribute]
    public var place: SourcePlace
    public init(kind: SubjectKind, label: String?, attributes: [Attribute], place: SourcePlace) {
        self.kind = kind
        self.label = label
        self.attributes = attributes
        self.place = place
    }

    public func attribute(_ name: AttributeName) -> Attribute? { attributes.first { $0.name == name } }
}

public struct EventSchema: Hashable, Sendable, Codable {
    public var type: EventType
    public var label: String?
    /// The event this one answers (a reply answers a letter); case data links them by reference.
    public var answers: EventType?
    public var attributes: [Attribute]
    public var place: SourcePlace
    public init(type: EventType, label: String?, answers: EventType?, attributes: [Attribute], place: SourcePlace) {
        self.type = type
        self.label = label
        self.answers = answers
        self.attributes = attributes
        self.place = place
    }

    public func attribute(_ name: AttributeName) -> Attribute? { attributes.first { $0.name == name } }
}

/// The shared vocabulary every jurisdiction uses, so case data is portable between them.
public struct Vocabulary: Hashable, Sendable, Codable {
    public var name: String
    public var roles: [RoleName: Role]
    public var subjects: [SubjectKind: SubjectSchema]
    public var events: [EventType: EventSchema]
    public init(name: String, roles: [RoleName: Role] = [:], subjects: [SubjectKind: SubjectSchema] = [:], events: [EventType: EventSchema] = [:]) {
        self.name = name
        self.roles = roles
        self.subjects = subjects
        self.events = events
    }

    /// Organisation kind → the role it acts as (`acts as` / `充当`).
    public var actingRoles: [RoleName: RoleName] {
        var map: [RoleName: RoleName] = [:]
        for (name, role) in roles { if let a = role.actsAs { map[name] = a } }
        return map
    }

    /// Organisation kind → the kinds it manages (`管辖`), as the vocabulary declares them.
    public var managedKinds: [RoleName: [RoleName]] {
        var map: [RoleName: [RoleName]] = [:]
        for (name, role) in roles { if case .organisation(let manages) = role.resolution, !manages.isEmpty { map[name] = manages } }
        return map
    }

    /// Whether an organisation of `kind` plays the organisation role `role`: it is of that
    /// kind, or its kind acts as it.
    public func kind(_ kind: RoleName, plays role: RoleName) -> Bool {
        kind == role || roles[kind]?.actsAs == role
    }
}
