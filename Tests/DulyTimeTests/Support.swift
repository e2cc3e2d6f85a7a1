import DulyTime
import Foundation

/// The project's own calendar files, found from this file's path (never `../shared`).
enum Fixtures {
    static let calendarsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
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

/// A deterministic generator so property tests are reproducible (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
