import Glibc

/// Distinct name types, so a role is never passed where an event type is expected.
public protocol DomainName: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    var rawValue: String { get }
    init(_ rawValue: String)
}

extension DomainName {
    public var description: String { rawValue }
    public init(stringLiteral value: String) { self.init(value) }
    // Names compare and hash by their UTF-8 bytes: names are identifiers, not prose, and
    // Swift's canonical-equivalence comparison of Chinese text costs a normalisation pass
    // on every unequal comparison, which the evaluator makes millions of times.
    public static func == (a: Self, b: Self) -> Bool {
        let n = a.rawValue.utf8.count
        guard n == b.rawValue.utf8.count else { return false }
        let fast: Bool?? = a.rawValue.utf8.withContiguousStorageIfAvailable { x in
            b.rawValue.utf8.withContiguousStorageIfAvailable { y in
                n == 0 || memcmp(x.baseAddress!, y.baseAddress!, n) == 0
            }
        }
        if let f = fast, let f { return f }
        return a.rawValue.utf8.elementsEqual(b.rawValue.utf8)
    }
    public func hash(into hasher: inout Hasher) {
        let done: Void? = rawValue.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if done == nil { for byte in rawValue.utf8 { hasher.combine(byte) } }
    }
    /// Code-point order (UTF-8 byte order), the same for every run and platform.
    public static func < (a: Self, b: Self) -> Bool {
        let fast: Bool?? = a.rawValue.utf8.withContiguousStorageIfAvailable { x in
            b.rawValue.utf8.withContiguousStorageIfAvailable { y in
                let n = min(x.count, y.count)
                let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
                return c != 0 ? c < 0 : x.count < y.count
            }
        }
        if let f = fast, let f { return f }
        return a.rawValue.utf8.lexicographicallyPrecedes(b.rawValue.utf8)
    }
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
