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
/// 1899-12-30, so that serial 61 is 1900-03-01 despite Lotus's 29 February 1900.
public enum SerialDate {
    /// The serial of a civil date.
    public static func serial(year: Int, month: Int, day: Int) -> Int {
        daysFromCivil(year, month, day) - daysFromCivil(1899, 12, 30)
    }

    /// The civil date of a serial day.
    public static func civil(serial: Int) -> (year: Int, month: Int, day: Int) {
        civilFromDays(serial + daysFromCivil(1899, 12, 30))
    }

    // Howard Hinnant's algorithms, days since 1970-01-01.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
