import DulyTestSupport
import DulyTime
import Foundation

/// The project's own calendar files, found from this file's path (never `../shared`).
enum Fixtures {
    static let calendarsDirectory = TestSupport.packageRoot
        .appendingPathComponent("policies/calendars")

    static let library: CalendarLibrary = {
        let root = calendarsDirectory.standardizedFileURL.path
        var files: [(path: String, text: String)] = []
        let enumerator = FileManager.default.enumerator(atPath: root)!
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".cal") else { continue }
            files.append((relative, try! String(contentsOfFile: root + "/" + relative, encoding: .utf8)))
        }
        return try! CalendarLibrary(files: files)
    }()

    static let national = try! library.calendar(named: "national")
    static let sichuan = try! library.calendar(named: "四川")
}

/// `"2024-09-27"` → a date; traps on a bad literal, which is a bug in the test.
func date(_ text: String) -> CivilDate {
    guard let d = CivilDate(text) else { fatalError("bad date literal \(text)") }
    return d
}

