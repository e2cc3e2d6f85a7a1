// duly-bench: throughput of the library's hot paths. Not a test: it prints figures.
//
//   swift run -c release duly-bench time [--calendars DIR]
//   swift run -c release duly-bench generate --students N --out DIR
//   swift run -c release duly-bench eval DIR [--policy policies] [--as-of 2025-01-10] [--threads 2]
import DulyKit
import DulyTime

/// A small deterministic generator, so runs are comparable (SplitMix64).
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

/// Runs `body` over all inputs `rounds` times and prints operations per second.
func measure(_ label: String, count: Int, rounds: Int, _ body: (Int) throws -> Int32) rethrows {
    var checksum: Int64 = 0
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
        for _ in 0..<rounds {
            for i in 0..<count { checksum &+= Int64(try body(i)) }
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let perSecond = Double(count * rounds) / seconds
    let millions = (perSecond / 1e6 * 100).rounded() / 100
    print("\(label): \(millions) M/s  (\(count * rounds) ops in \((seconds * 1000).rounded() / 1000) s, checksum \(checksum))")
}

func runTime(directory: String) throws {
    let library = try CalendarLoading.loadLibrary(from: directory)
    let national = try library.calendar(named: "national")
    let sichuan = try library.calendar(named: "四川")

    let count = 1_000_000
    var rng = SplitMix64(state: 42)
    // Starts across 2019–2026, stopping where a 20-working-day count would need 2027's notice.
    let first = CivilDate(2019, 1, 1), last = CivilDate(2026, 11, 20)
    let starts = (0..<count).map { _ in first.adding(days: Int.random(in: 0...first.days(to: last), using: &rng)) }
    let counts = (0..<count).map { _ in Int.random(in: 1...20, using: &rng) }
    // Teaching days need a school year on file: 2019-2020 through 2026-2027, minus the tail.
    let termFirst = CivilDate(2019, 9, 1), termLast = CivilDate(2026, 5, 31)
    let termStarts = (0..<count).map { _ in termFirst.adding(days: Int.random(in: 0...termFirst.days(to: termLast), using: &rng)) }

    // Months: N in 1…12 from starts that keep the result inside the data.
    let monthLast = CivilDate(2025, 12, 20)
    let monthStarts = (0..<count).map { _ in first.adding(days: Int.random(in: 0...first.days(to: monthLast), using: &rng)) }

    print("duly-bench time: \(count) random starts 2019–2026, N in 1…20")
    try measure("+ N working days (dueDate)", count: count, rounds: 5) {
        try national.dueDate(from: starts[$0], adding: Duration(counts[$0], .workingDay)).dayNumber
    }
    try measure("+ N working days (addingWorkingDays)", count: count, rounds: 5) {
        try national.addingWorkingDays(counts[$0], to: starts[$0]).dayNumber
    }
    try measure("+ N calendar days (with roll)", count: count, rounds: 5) {
        try national.dueDate(from: starts[$0], adding: Duration(counts[$0], .calendarDay)).dayNumber
    }
    try measure("+ N teaching days (四川)", count: count, rounds: 5) {
        try sichuan.dueDate(from: termStarts[$0], adding: Duration(counts[$0], .teachingDay)).dayNumber
    }
    try measure("+ N months (with roll)", count: count, rounds: 5) {
        try national.dueDate(from: monthStarts[$0], adding: Duration(counts[$0] % 12 + 1, .month)).dayNumber
    }
    try measure("deadline with trace, N working days", count: count / 10, rounds: 1) {
        try national.deadline(from: starts[$0], adding: Duration(counts[$0], .workingDay)).date.dayNumber
    }
    let texts = starts.prefix(count).map(\.description)
    try measure("ISO 8601 date parse", count: count, rounds: 2) {
        guard let d = CivilDate(texts[$0]) else { throw CalendarError.invalidDate(text: texts[$0]) }
        return d.dayNumber
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
var directory = CalendarLoading.defaultDirectory
if let i = arguments.firstIndex(of: "--calendars"), i + 1 < arguments.count { directory = arguments[i + 1] }
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
switch arguments.first {
case "time":
    do {
        try runTime(directory: directory)
    } catch {
        print("error: \(error)")
    }
case "generate":
    do {
        try runGenerate(students: Int(option("--students") ?? "") ?? 10_000, out: option("--out") ?? "bench-data", directory: directory)
    } catch {
        print("error: \(error)")
    }
case "eval":
    do {
        try runEval(data: arguments.dropFirst().first { !$0.hasPrefix("--") } ?? "bench-data", policy: option("--policy") ?? "policies",
                    asOf: option("--as-of") ?? "2025-01-10", threads: Int(option("--threads") ?? "") ?? 2)
    } catch {
        print("error: \(error)")
    }
default:
    print("usage: duly-bench time [--calendars DIR] | generate --students N --out DIR | eval DIR [--policy P] [--as-of DATE] [--threads N]")
}
