/// The parsed calendar files of one calendars folder, and the stacks their folders name.
///
/// A stack is named by a folder path: `四川` is `national` + `四川`'s holiday layer (if any) +
/// `四川`'s school calendar; `四川/巴中` adds `四川/巴中` on top, and the deepest school calendar
/// wins for the school years it lists (the shallower one keeps the others). `national` (or `全国`) is the national layer alone. File I/O is the caller's (DulyKit):
/// this type takes the files' paths, relative to the calendars folder, and texts.
public struct CalendarLibrary: Sendable {
    /// The folder every stack starts with.
    public static let nationalFolder = "national"

    /// Holiday layers by folder, each file of a folder merged in path order.
    public let holidayLayers: [String: HolidayLayer]
    /// School calendars by folder.
    public let schoolCalendars: [String: SchoolCalendar]

    /// Parses every file; `path` is relative to the calendars folder (`national/2024.cal`).
    public init(files: [(path: String, text: String)]) throws(CalendarError) {
        var layers: [String: HolidayLayer] = [:]
        var schools: [String: SchoolCalendar] = [:]
        for file in files.sorted(by: { $0.path < $1.path }) {
            guard let slash = file.path.lastIndex(of: "/") else {
                throw .invalidCalendarFile(path: file.path, line: 1,
                                           message: "a calendar file belongs in a folder named for its layer (`national/`, `四川/`)")
            }
            let folder = String(file.path[..<slash])
            switch try CalendarFile.parse(file.text, path: file.path, layer: folder) {
            case let .holidays(layer):
                if var merged = layers[folder] {
                    if let year = merged.years.intersection(layer.years).min() {
                        throw .invalidCalendarFile(path: file.path, line: 1,
                                                   message: "year \(year) is already declared by another file in `\(folder)/`")
                    }
                    merged.years.formUnion(layer.years)
                    merged.entries += layer.entries
                    layers[folder] = merged
                } else {
                    layers[folder] = layer
                }
            case let .school(school):
                var entries = schools[folder]?.entries ?? []
                for entry in school.entries {
                    if let clash = entries.first(where: { $0.first <= entry.last && entry.first <= $0.last }) {
                        throw .invalidCalendarFile(path: file.path, line: 1,
                                                   message: "`\(entry.name)` overlaps `\(clash.name)` from another file in `\(folder)/`")
                    }
                    entries.append(entry)
                }
                schools[folder] = SchoolCalendar(name: folder, entries: entries)
            }
        }
        holidayLayers = layers
        schoolCalendars = schools
    }

    /// Every name `calendar(named:)` accepts, `national` first.
    public var calendarNames: [String] {
        let folders = Set(holidayLayers.keys).union(schoolCalendars.keys).subtracting([CalendarLibrary.nationalFolder])
        return [CalendarLibrary.nationalFolder] + folders.sorted()
    }

    /// The stack `name` resolves to (see the type's documentation).
    ///
    /// `四川省` finds `四川` when there is no `四川省` folder, so a jurisdiction's full name works.
    public func calendar(named name: String) throws(CalendarError) -> WorkCalendar {
        guard let national = holidayLayers[CalendarLibrary.nationalFolder] else {
            throw .unknownCalendar(name: CalendarLibrary.nationalFolder, known: calendarNames)
        }
        let trimmed = name.trimmingWhitespace()
        if trimmed.isEmpty || trimmed == CalendarLibrary.nationalFolder || trimmed == "全国" {
            return WorkCalendar(name: CalendarLibrary.nationalFolder, holidayLayers: [national], schoolCalendar: nil)
        }
        let known = Set(calendarNames)
        var resolved = trimmed
        if !known.contains(resolved) {
            for suffix in ["省", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "市"] where resolved.hasSuffix(suffix) {
                let shorter = String(resolved.dropLast(suffix.count))
                if known.contains(shorter) { resolved = shorter; break }
            }
        }
        guard known.contains(resolved) else { throw .unknownCalendar(name: name, known: calendarNames) }

        var stack = [national]
        var school: SchoolCalendar?
        var prefix = ""
        for part in resolved.split(separator: "/") {
            prefix = prefix.isEmpty ? String(part) : prefix + "/" + part
            if let layer = holidayLayers[prefix] { stack.append(layer) }
            // A deeper school calendar overrides the shallower one for the school years it
            // lists; the years it does not list keep the shallower calendar's terms.
            if let calendar = schoolCalendars[prefix] { school = school.map { $0.overridden(by: calendar, name: "\($0.name) + \(calendar.name)") } ?? calendar }
        }
        return WorkCalendar(name: resolved, holidayLayers: stack, schoolCalendar: school)
    }
}

extension WorkCalendar {
    /// `national + 四川 school calendar`: what the stack is made of, for headers and traces.
    public var stackDescription: String {
        var parts = holidayLayers.map(\.name)
        if let schoolCalendar { parts.append("\(schoolCalendar.name) school calendar") }
        return parts.joined(separator: " + ")
    }
}
