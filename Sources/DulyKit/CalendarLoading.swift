import DulySource
import DulyTime
import Foundation

/// Why a calendars folder could not be read (the file contents' own errors are `CalendarError`).
public enum CalendarLoadingError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadableDirectory(path: String)
    case unreadableFile(path: String)

    public var description: String {
        switch self {
        case let .unreadableDirectory(path):
            "cannot read the calendars folder `\(path)` (run from the project root or pass --calendars DIR)"
        case let .unreadableFile(path):
            "cannot read `\(path)` as UTF-8 text"
        }
    }
}

/// Reads `policies/calendars` (or another folder) into DulyTime values: the only place the time
/// layer touches the file system.
public enum CalendarLoading {
    /// The calendars folder of the shipped tree (`policies`, whose root holds `calendars`), relative
    /// to the current directory: what `duly calendar` reads when not given `--calendars`.
    public static let defaultDirectory = "policies/calendars"

    /// What a failure to load or count on calendars says, in both languages.
    public static func text(of error: any Error) -> LocalizedText {
        switch error {
        case let error as CalendarError:
            return LocalizedText(en: TraceWords.calendar(error, .en), zh: TraceWords.calendar(error, .zh))
        case let error as CalendarLoadingError:
            switch error {
            case let .unreadableDirectory(path):
                return LocalizedText(en: error.description, zh: "无法读取日历文件夹 `\(path)`(请在项目根目录运行,或用 --calendars 指定文件夹)")
            case let .unreadableFile(path):
                return LocalizedText(en: error.description, zh: "无法按 UTF-8 文本读取 `\(path)`")
            }
        default:
            return LocalizedText(en: "\(error)", zh: "\(error)")
        }
    }

    /// Every `*.cal` file under `directory`, at any depth, parsed; paths are relative to it.
    ///
    /// Throws `CalendarLoadingError` for I/O and `CalendarError` for file contents.
    public static func loadLibrary(from directory: String) throws -> CalendarLibrary {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue,
              let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw CalendarLoadingError.unreadableDirectory(path: directory)
        }
        var files: [(path: String, text: String)] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".cal") else { continue }
            let full = root + "/" + relative
            guard let data = FileManager.default.contents(atPath: full),
                  let text = String(data: data, encoding: .utf8) else {
                throw CalendarLoadingError.unreadableFile(path: full)
            }
            files.append((relative, text))
        }
        return try CalendarLibrary(files: files)
    }

    /// The stack `name` from the files under `directory`.
    public static func loadCalendar(named name: String, from directory: String) throws -> WorkCalendar {
        try loadLibrary(from: directory).calendar(named: name)
    }
}

/// A `duly calendar` failure: what kind of failure (the command maps each kind to the exit
/// status it documents) and what went wrong in both languages.
public struct CalendarToolError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The user's input (a date, a duration, a calendar name) is wrong.
        case badInput
        /// The calendar data is missing or unreadable (no notice for a year, no school calendar,
        /// a broken `.cal` file, no calendars folder).
        case missingData
    }

    public var kind: Kind
    public var text: LocalizedText

    public var message: String { text.en }
    public var description: String { text.en }

    init(_ error: any Error) {
        text = CalendarLoading.text(of: error)
        switch error as? CalendarError {
        case .invalidDate?, .invalidDuration?, .unknownCalendar?, .missingTimeOfDay?, .beyondRepresentableDates?:
            kind = .badInput
        case .missingHolidayData?, .missingSchoolCalendar?, .invalidCalendarFile?:
            kind = .missingData
        case nil:
            kind = error is CalendarLoadingError ? .missingData : .badInput
        }
    }

    init(badInput text: LocalizedText) {
        kind = .badInput
        self.text = text
    }
}

/// What `duly calendar add` and `duly calendar show` print, so the command stays a recipe and
/// tests can call the same code.
public enum CalendarTool {
    /// The calendar name from `--calendar` and `--province`, which are synonyms; `national`
    /// when neither is given.
    public static func calendarName(calendar: String?, province: String?) throws(CalendarToolError) -> String {
        switch (calendar, province) {
        case let (c?, p?) where c != p:
            throw CalendarToolError(badInput: LocalizedText(en: "--calendar `\(c)` and --province `\(p)` disagree; give one",
                                                            zh: "--calendar `\(c)` 与 --province `\(p)` 不一致;只给出其中一个"))
        case let (c?, _): return c
        case let (nil, p?): return p
        case (nil, nil): return CalendarLibrary.nationalFolder
        }
    }

    /// `2024-10-10  (5 working days after 2024-09-27: 09-29 make-up working day, …)`.
    public static func add(date dateText: String, duration durationText: String,
                           calendar name: String, directory: String, language: MessageLanguage = .en) throws(CalendarToolError) -> String {
        do {
            guard let start = CivilDate(dateText.trimmingCharacters(in: .whitespaces)) else {
                throw CalendarError.invalidDate(text: dateText)
            }
            let duration = try Duration.parse(durationText)
            let calendar = try CalendarLoading.loadCalendar(named: name, from: directory)
            return DeadlineWords.summary(try calendar.deadline(from: start, adding: duration), language)
        } catch {
            throw CalendarToolError(error)
        }
    }

    /// The month grid for `YYYY-MM`.
    public static func show(month monthText: String, calendar name: String,
                            directory: String, language: MessageLanguage = .en) throws(CalendarToolError) -> String {
        let parts = monthText.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1...9999).contains(year), (1...12).contains(month) else {
            throw CalendarToolError(badInput: LocalizedText(en: "invalid month `\(monthText)`: expected YYYY-MM",
                                                            zh: "无效的月份 `\(monthText)`:应为 YYYY-MM 格式"))
        }
        do {
            return try CalendarLoading.loadCalendar(named: name, from: directory).monthSheet(year: year, month: month, language: language)
        } catch {
            throw CalendarToolError(error)
        }
    }
}
