import DulyTime

/// One cell of a worksheet, typed as the workbook stores it.
public enum Cell: Hashable, Sendable {
    /// No value (a missing cell or an empty one).
    case empty
    /// Text: a shared string, an inline string or a formula's string result.
    case text(String)
    /// A number in a cell whose style is not a date or time.
    case number(Double)
    /// A boolean.
    case bool(Bool)
    /// A serial date-time (days since 1899-12-30, the fraction being the time of day) in a cell
    /// whose number format shows a date or a time.
    case dateTime(Double)
    /// An error value such as `#N/A`.
    case error(String)
}

/// A worksheet read from a workbook: its name and its rows, each with its 1-based row number as
/// the spreadsheet shows it (rows with no cell at all are left out).
public struct Sheet: Sendable {
    public var name: String
    public var rows: [(number: Int, cells: [Cell])]

    public init(name: String, rows: [(number: Int, cells: [Cell])]) {
        self.name = name
        self.rows = rows
    }
}

/// Why a workbook cannot be read.
public struct WorkbookError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in English (the caller words it for the user).
    public var reason: String
    public var description: String { reason }
    public init(_ reason: String) { self.reason = reason }
}

/// Column letters as a spreadsheet shows them: 1 → `A`, 27 → `AA`.
public func columnLetters(_ number: Int) -> String {
    var n = number
    var letters: [Character] = []
    while n > 0 {
        let r = (n - 1) % 26
        letters.insert(Character(Unicode.Scalar(UInt8(65 + r))), at: 0)
        n = (n - 1) / 26
    }
    return String(letters)
}

/// The 1-based column number of a cell reference such as `D7`, or nil.
func columnNumber(ofReference reference: String) -> Int? {
    var n = 0
    var sawLetter = false
    for u in reference.utf8 {
        if u >= 65 && u <= 90 { n = n * 26 + Int(u - 64); sawLetter = true }
        else if u >= 97 && u <= 122 { n = n * 26 + Int(u - 96); sawLetter = true }
        else { break }
    }
    return sawLetter && n > 0 && n <= 16384 ? n : nil
}

/// Serial day numbers of the 1900 date system (as every modern workbook uses): day 0 is
/// 1899-12-30, so that serial 61 is 1900-03-01 despite Lotus's 29 February 1900. The civil
/// calendar arithmetic is `CivilDate`'s.
public enum SerialDate {
    static let epoch = CivilDate(1899, 12, 30)
    /// The serials read as dates: 1 (1899-12-31, which Excel shows as 1900-01-00) to 2,958,465
    /// (9999-12-31).
    static let dates: ClosedRange<Int> = 1...epoch.days(to: CivilDate(9999, 12, 31))

    /// The serial of a civil date.
    public static func serial(_ date: CivilDate) -> Int { epoch.days(to: date) }

    /// The civil date of a serial day; nil for a serial no workbook shows as a date (a cell
    /// of a date format can hold any number).
    public static func civil(serial: Int) -> CivilDate? {
        dates.contains(serial) ? epoch.adding(days: serial) : nil
    }
}
