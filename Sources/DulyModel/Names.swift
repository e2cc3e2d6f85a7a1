/// Distinct name types, so a role is never passed where an event type is expected.
public protocol DomainName: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    var rawValue: String { get }
    init(_ rawValue: String)
}

extension DomainName {
    public var description: String { rawValue }
    public init(stringLiteral value: String) { self.init(value) }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// 班主任, 学校, 户籍地教育局 …
public struct RoleName: DomainName { public let rawValue: String; public init(_ rawValue: String) { self.rawValue = rawValue } }
/// 缺课, 函告, 回复 … (an action a duty demands is an event type too: doing it is recording it)
public struct EventType: DomainName { public let rawValue: String; public init(_ rawValue: String) { self.rawValue = rawValue } }
/// 户籍县, 有正当理由 …
public struct AttributeName: DomainName { public let rawValue: String; public init(_ rawValue: String) { self.rawValue = rawValue } }
/// 学生
public struct SubjectKind: DomainName { public let rawValue: String; public init(_ rawValue: String) { self.rawValue = rawValue } }
/// 通江县, 贵州省, 教育部
public struct JurisdictionName: DomainName { public let rawValue: String; public init(_ rawValue: String) { self.rawValue = rawValue } }
/// A requirement of the seeds catalog: GZ-7, TJ-3.
public struct CatalogID: DomainName { public let rawValue: String; public init(_ rawValue: String) { self.rawValue = rawValue } }
/// A parameter a child jurisdiction may override: 回复时限.
public struct ParameterName: DomainName { public let rawValue: String; public init(_ rawValue: String) { self.rawValue = rawValue } }
/// A rule, unique within its jurisdiction: `通江县/一三五七`.
public struct RuleID: DomainName { public let rawValue: String; public init(_ rawValue: String) { self.rawValue = rawValue } }
