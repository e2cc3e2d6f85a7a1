/// The language messages are rendered in (`--lang zh|en`).
public enum MessageLanguage: String, Sendable, CaseIterable, Codable {
    case en, zh

    /// Chinese when the locale names Chinese (`zh_CN.UTF-8`, `zh_TW`), else English.
    public static func fromLocale(_ value: String?) -> MessageLanguage {
        guard let value, value.lowercased().hasPrefix("zh") else { return .en }
        return .zh
    }
}

/// A message in both languages. Every message a user can see is written in both, so Chinese-only
/// readers never meet an English sentence; codes are shared between the two.
public struct LocalizedText: Hashable, Sendable, Codable {
    public var en: String
    public var zh: String

    public init(en: String, zh: String) {
        self.en = en
        self.zh = zh
    }

    public func text(_ language: MessageLanguage) -> String { language == .zh ? zh : en }
}

public enum Severity: String, Sendable, Codable, Comparable {
    case error, warning, note

    private var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    public var chinese: String { self == .error ? "错误" : self == .warning ? "警告" : "注" }
}

/// A secondary place a diagnostic points at ("the parent rule is here").
public struct DiagnosticLabel: Hashable, Sendable, Codable {
    public var path: String
    public var span: Span
    public var message: LocalizedText

    public init(path: String, span: Span, message: LocalizedText) {
        self.path = path
        self.span = span
        self.message = message
    }
}

/// One problem found in a user's input, as data: passes return these and keep going; only the
/// driver renders them.
public struct Diagnostic: Hashable, Sendable, Codable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: LocalizedText
    public var path: String
    /// Nil for problems with the file as a whole (unreadable, not UTF-8).
    public var span: Span?
    public var labels: [DiagnosticLabel]
    public var notes: [LocalizedText]
    public var help: LocalizedText?

    public init(
        _ code: DiagnosticCode, _ severity: Severity? = nil, path: String, span: Span?,
        message: LocalizedText, labels: [DiagnosticLabel] = [], notes: [LocalizedText] = [],
        help: LocalizedText? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.path = path
        self.span = span
        self.labels = labels
        self.notes = notes
        self.help = help
    }

    public var isError: Bool { severity == .error }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.isError } }

    /// Sorted by file, then position, then code: the order every renderer prints in, so output
    /// does not depend on the order passes ran.
    public func sortedForDisplay() -> [Diagnostic] {
        sorted {
            if $0.path != $1.path { return $0.path < $1.path }
            let a = $0.span?.start ?? -1, b = $1.span?.start ?? -1
            if a != b { return a < b }
            return $0.code.id < $1.code.id
        }
    }
}
