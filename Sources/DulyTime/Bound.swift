/// Whether a boundary value itself is inside a range.
///
/// 民法典 第一千二百五十九条: "以上、以下、以内、届满" include the boundary; "不满、超过、以外" exclude it.
/// "前" (as in `9月30日前`) is deliberately absent: the law does not say, so each rule states it.
public enum Bound: String, Hashable, Sendable, Codable, CaseIterable {
    /// The boundary itself is allowed.
    case inclusive
    /// The boundary itself is not allowed.
    case exclusive

    /// The words the law and rule texts use, with the bound each implies.
    ///
    /// The Chinese words are those of 第一千二百五十九条 plus their everyday equivalents; the English
    /// ones are the rule language's keywords.
    public static let words: [(word: String, bound: Bound)] = [
        ("以上", .inclusive), ("以下", .inclusive), ("以内", .inclusive), ("届满", .inclusive),
        ("内", .inclusive), ("不少于", .inclusive), ("不超过", .inclusive), ("不多于", .inclusive),
        ("不满", .exclusive), ("超过", .exclusive), ("以外", .exclusive), ("少于", .exclusive),
        ("多于", .exclusive), ("不足", .exclusive),
        ("at least", .inclusive), ("at most", .inclusive), ("within", .inclusive),
        ("no later than", .inclusive), ("no more than", .inclusive), ("no less than", .inclusive),
        ("on or before", .inclusive), ("on or after", .inclusive),
        ("less than", .exclusive), ("more than", .exclusive), ("fewer than", .exclusive),
        ("beyond", .exclusive), ("over", .exclusive), ("before", .exclusive), ("after", .exclusive),
    ]

    /// The bound a word implies, or `nil` for a word the law leaves open (such as `前`).
    public init?(word: String) {
        guard let hit = Bound.words.first(where: { $0.word == word }) else { return nil }
        self = hit.bound
    }

    /// Whether `value` is within an upper limit `limit` under this bound.
    @inlinable public func admits<T: Comparable>(_ value: T, upTo limit: T) -> Bool {
        self == .inclusive ? value <= limit : value < limit
    }

    /// Whether `value` is within a lower limit `limit` under this bound.
    @inlinable public func admits<T: Comparable>(_ value: T, from limit: T) -> Bool {
        self == .inclusive ? value >= limit : value > limit
    }
}
