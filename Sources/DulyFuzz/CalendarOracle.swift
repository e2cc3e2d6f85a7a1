import DulyTime
import Foundation

extension Fuzz {
    /// Calendar files and durations.
    ///
    /// - The text parsed as a calendar file never traps; when it parses it joins the shipped
    ///   national holidays as a layer of its own, in a stack of its own that durations are
    ///   counted in (below).
    /// - Each line, and each comment after a `#`, parsed as a duration never traps; a duration
    ///   that parses is added to a spread
    ///   of start days in the national calendar, the `贵州` stack and the fuzzed one. The sum
    ///   either is refused with an error or is a day no earlier than the start, and the quick due
    ///   date agrees with the traced deadline.
    public static func calendar(_ bytes: [UInt8]) -> [String] {
        let text = text(bytes)
        var broken: [String] = []
        var stacks = CalendarContext.shared.stacks
        if (try? CalendarFile.parse(text, path: "fuzz/fuzz.cal", layer: "fuzz")) != nil,
           let library = try? CalendarLibrary(files: CalendarContext.shared.national + [(path: "fuzz/fuzz.cal", text: text)]),
           let stack = try? library.calendar(named: "fuzz") {
            stacks.append(stack)
        }
        var durations: [Duration] = []
        // A line, or the comment after a `#` (so a calendar file can carry durations too).
        for line in text.split(separator: "\n") where durations.count < 6 {
            var candidates = [line]
            if let hash = line.firstIndex(of: "#") { candidates.append(line[line.index(after: hash)...]) }
            for candidate in candidates {
                if let d = try? Duration.parse(String(candidate)) { durations.append(d) }
            }
        }
        // One more start anywhere in the years 1...9999, picked by the input.
        let (first, last) = (CivilDate(1, 1, 1).dayNumber, CivilDate(9999, 12, 31).dayNumber)
        let picked = CivilDate(dayNumber: first + Int32(checksum(bytes) % UInt64(last - first + 1)))
        let starts = CalendarContext.shared.starts + [picked]
        for calendar in stacks {
            for duration in durations {
                for start in starts {
                    let quick = try? calendar.dueDate(from: start, adding: duration)
                    let traced = try? calendar.deadline(from: start, adding: duration)
                    if let quick, quick < start {
                        broken.append("\(duration) from \(start) in \(calendar.name) ends before it starts: \(quick)")
                    }
                    if let quick, let traced, quick != traced.date {
                        broken.append("\(duration) from \(start) in \(calendar.name): due date \(quick), deadline \(traced.date)")
                    }
                }
            }
        }
        return broken
    }
}

/// The national holiday files and a few calendar stacks and start days, loaded once.
final class CalendarContext: Sendable {
    static let shared = CalendarContext()

    let national: [(path: String, text: String)]
    let stacks: [WorkCalendar]
    let starts: [CivilDate]

    init() {
        let root = Fuzz.packageRoot + "/policies/calendars"
        var files: [(path: String, text: String)] = []
        let walker = FileManager.default.enumerator(atPath: root)
        while let path = walker?.nextObject() as? String {
            guard path.hasSuffix(".cal"), let text = try? String(contentsOfFile: root + "/" + path, encoding: .utf8) else { continue }
            files.append((path, text))
        }
        national = files.filter { $0.path.hasPrefix(CalendarLibrary.nationalFolder + "/") }
        guard let library = try? CalendarLibrary(files: files),
              let nationalStack = try? library.calendar(named: "national"), let guizhou = try? library.calendar(named: "贵州") else {
            fatalError("the shipped calendars do not load")
        }
        stacks = [nationalStack, guizhou]
        starts = [CivilDate(1, 1, 1), CivilDate(1899, 12, 31), CivilDate(2019, 12, 31), CivilDate(2024, 2, 29),
                  CivilDate(2024, 9, 30), CivilDate(2026, 12, 31), CivilDate(9999, 12, 31)]
    }
}
