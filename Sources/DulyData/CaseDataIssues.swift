import DulyModel
import DulySource

/// What is wrong with a row (or a header) of case data. Codes are stable; `docs/case-data.md`
/// lists them.
public enum DataIssueCode: String, Hashable, Sendable, CaseIterable, Codable {
    case unreadableFile = "unreadable-file"
    /// A file that yields no row at all, or whose every row was skipped (file level, row 0).
    case noRows = "no-rows"
    case missingFile = "missing-file"
    case missingColumn = "missing-column"
    case duplicateColumn = "duplicate-column"
    case unknownColumn = "unknown-column"
    case fieldCount = "field-count"
    case unterminatedQuote = "unterminated-quote"
    case badEncoding = "bad-encoding"
    case badJSON = "bad-json"
    case emptyValue = "empty-value"
    case badDate = "bad-date"
    case badTime = "bad-time"
    case badFlag = "bad-flag"
    case badNumber = "bad-number"
    case badDuration = "bad-duration"
    case unknownEventType = "unknown-event-type"
    case unknownSubject = "unknown-subject"
    case unknownOrganisation = "unknown-organisation"
    case unknownKind = "unknown-kind"
    case unknownJurisdiction = "unknown-jurisdiction"
    case notASchool = "not-a-school"
    case duplicateID = "duplicate-id"
    case foreignAttribute = "foreign-attribute"
    case missingReference = "missing-reference"
    case unknownReference = "unknown-reference"
    case wrongReference = "wrong-reference"
    case valueTooLong = "value-too-long"
    case reversedDates = "reversed-dates"
}

/// One problem in case data, with where it is: file, row (1-based, the header is row 1 in
/// CSV; the line in JSON Lines) and column.
public struct DataIssue: Error, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var row: Int
    public var column: String?
    public var code: DataIssueCode
    /// What is wrong, in both languages.
    public var text: LocalizedText
    /// Whether the row was skipped (a header problem may only drop a column).
    public var skipsRow: Bool

    public init(file: String, row: Int, column: String?, code: DataIssueCode, text: LocalizedText, skipsRow: Bool = true) {
        self.file = file
        self.row = row
        self.column = column
        self.code = code
        self.text = text
        self.skipsRow = skipsRow
    }

    public init(file: String, row: Int, column: String?, code: DataIssueCode, en: String, zh: String, skipsRow: Bool = true) {
        self.init(file: file, row: row, column: column, code: code, text: LocalizedText(en: en, zh: zh), skipsRow: skipsRow)
    }

    /// The English wording.
    public var message: String { text.en }

    /// What is wrong, in `language`.
    public func message(in language: MessageLanguage) -> String { text.text(language) }

    /// The issue with its place: `events.csv:7: column date: bad-date: invalid date `2024-02-30``,
    /// or `events.csv 第 7 行,列 date,bad-date:日期 `2024-02-30` 无效`. An issue with the whole file
    /// (row 0) names no row in Chinese: `events.csv,no-rows:…`.
    public func text(in language: MessageLanguage) -> String {
        guard language == .zh else { return "\(file):\(row):\(column.map { " column \($0):" } ?? "") \(code.rawValue): \(text.en)" }
        return "\(file)\(row > 0 ? " 第 \(row) 行" : ""),\(column.map { "列 \($0)," } ?? "")\(code.rawValue):\(text.zh)"
    }

    public var description: String { text(in: .en) }

    public static func < (a: DataIssue, b: DataIssue) -> Bool {
        (a.file, a.row, a.column ?? "", a.code.rawValue, a.text.en) < (b.file, b.row, b.column ?? "", b.code.rawValue, b.text.en)
    }
}
