/// Words of the rule language about time that the parser, the checker and the evaluator share:
/// one type each, from the text to the results.

/// An unquantified term of the rule text (及时, 立即, 第一时间, 尽快): a time limit the text leaves
/// to be set. The checker reports it until a jurisdiction defines it; until then a duty with it
/// has no checkable deadline.
public enum UnquantifiedTerm: String, Hashable, Sendable, Codable, CaseIterable {
    case promptly, immediately, forthwith, soon

    public var english: String { rawValue }
    public var chinese: String {
        switch self {
        case .promptly: "及时"
        case .immediately: "立即"
        case .forthwith: "第一时间"
        case .soon: "尽快"
        }
    }
}

/// When a duty that follows another arises.
public enum Sequel: String, Hashable, Sendable, Codable {
    /// When the previous duty is done (`then` / `然后`), counted from the act that did it.
    case then
    /// When the previous duty was missed (`otherwise` / `否则`), counted from its due date.
    case otherwise
}
